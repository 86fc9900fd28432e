"""Experiments that show the study note's claims on real and synthetic data.

Run one with `rnnlab experiment NAME [--quick]`; see `rnnlab.experiments.protocol` for the
protocol every experiment module follows.
"""

from rnnlab.experiments.registry import REGISTRY, available, load_experiment
from rnnlab.experiments.runner import run_experiment, save_figures

__all__ = ["REGISTRY", "available", "load_experiment", "run_experiment", "save_figures"]
