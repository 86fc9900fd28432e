"""Experiments by name: each is a module with the protocol below, imported only when run.

Protocol of an experiment module::

    NAME = "embeddings"; TITLE = "..."
    @dataclass class Result: ...      # plain numbers, lists and dicts: JSON via asdict
    def run(*, quick=False, impl="solutions", seed=0, progress=None) -> Result
    def summary_rows(result) -> list[dict[str, object]]
    def figures(result) -> dict[str, matplotlib.figure.Figure]

``progress(description, done, total)`` is called while training.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
from types import ModuleType

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


def load_experiment(name: str) -> ModuleType:
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
    return importlib.import_module(REGISTRY[name])
