"""Load an implementation module (yours in ``exercises/``, or a reference in ``solutions/``).

For demos and plots, which run the code in this process; grading never uses this (it runs
learner code in a separate process, see [rnnlab.grader.sandbox][]).
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

T = TypeVar("T")

_SIBLING = re.compile(r"e\d\d_\w+$")  # an exercise module imported by name, e.g. e02_simple_rnn


def load_impl(name: str, folder: str | Path = "exercises") -> ModuleType:
    """Import ``<folder>/<name>.py`` as a module.

    Parameters
    ----------
    name : str
        Exercise module name, e.g. ``"e03_lstm"``.
    folder : str or pathlib.Path
        ``"exercises"`` (default), ``"solutions"`` or any folder of ``eNN_*.py`` files.

    Returns
    -------
    types.ModuleType

    Raises
    ------
    ValueError
        If the file does not exist.
    """
    path = Path(folder) / f"{name}.py"
    if not path.is_file():
        raise ValueError(
            f"Received an invalid value for argument `name`: expected a module in {folder}/. "
            f"Received: {name!r} ({path} does not exist)."
        )
    spec = importlib.util.spec_from_file_location(f"rnnlab_impl_{path.parent.name}_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Its own imports of sibling exercises (e07 imports e02) must come from the same folder,
    # not from a module of that name that another folder's load left in sys.modules.
    others = {name: sys.modules.pop(name) for name in list(sys.modules) if _SIBLING.match(name)}
    sys.path.insert(0, str(path.parent.resolve()))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.pop(0)
        for name in [name for name in sys.modules if _SIBLING.match(name)]:
            del sys.modules[name]  # siblings loaded for this folder stay private to it
        sys.modules.update(others)
    return module


def trace_for_docs(
    trace: Callable[[ModuleType, Any, Any], T], name: str, layer: Any, inputs: Any
) -> tuple[T, str]:
    """Trace the answer the docs are built with, falling back to the reference if it fails.

    The docs trace `solutions/` by default; `RNNLAB_IMPL=exercises nox -s docs` (or any folder)
    draws every traced figure from that answer instead. An unfinished or wrong exercise must not
    break the learner's build of the other pages, so a failure falls back to the reference
    solution, and the returned sentence says so (pages print it under the figure).

    Parameters
    ----------
    trace : callable
        `rnnlab.trace.lstm_gates` or `rnnlab.trace.gru_gates`.
    name : str
        The exercise module, e.g. `"e03_lstm"`.
    layer, inputs
        Passed on to `trace`.

    Returns
    -------
    tuple
        The trace, and one sentence saying whose code it shows.
    """
    folder = os.environ.get("RNNLAB_IMPL", "solutions")
    if folder == "solutions":
        return trace(load_impl(name, "solutions"), layer, inputs), "Drawn from solutions/."
    try:
        return trace(load_impl(name, folder), layer, inputs), f"Drawn from your {folder}/{name}.py."
    except Exception as error:  # any failure of the learner's code: show the reference instead
        reason = f"{type(error).__name__}: {error}".splitlines()[0]
        return trace(load_impl(name, "solutions"), layer, inputs), (
            f"Your {folder}/{name}.py could not be traced ({reason}); drawn from solutions/."
        )
