"""Experiments that show the study note's claims: each returns data, and plots it apart."""
