"""Experiments by name, each a module imported only when run.

What such a module holds is typed once, in `rnnlab.experiments.protocol.Experiment`.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
from typing import cast

from rnnlab.experiments.protocol import Experiment
from rnnlab.i18n import text

REGISTRY = {
    "vanishing-gradients": "rnnlab.experiments.vanishing_gradients",
    "long-range-memory": "rnnlab.experiments.long_range_memory",
    "embeddings": "rnnlab.experiments.embeddings",
    "classify-and-generate": "rnnlab.experiments.classify_and_generate",
}


def available() -> list[str]:
    """Names of the registered experiments whose module is present, in course order."""
    return [name for name, module in REGISTRY.items() if importlib.util.find_spec(module)]


def load_experiment(name: str) -> Experiment:
    """The experiment module registered as ``name``.

    Raises
    ------
    ValueError
        If no present experiment has that name; the message lists them and the closest one.
    """
    names = available()
    if name not in names:
        close = difflib.get_close_matches(name, names, n=1)
        suggestion = text("cli.experiment_did_you_mean", name=repr(close[0])) if close else ""
        raise ValueError(
            text(
                "cli.no_experiment",
                names=", ".join(names),
                name=repr(name),
                suggestion=suggestion,
            )
        )
    return cast(Experiment, importlib.import_module(REGISTRY[name]))
