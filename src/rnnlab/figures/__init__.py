"""Figures for the docs and for learners' own runs: traces, diagrams and plots.

`trace` recovers every gate of any implementation's step function, `plots` draws them with
matplotlib, `diagrams` draws cell diagrams as plain SVG. Nothing here grades.
"""
