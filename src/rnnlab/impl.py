"""Load an implementation module (yours in ``exercises/``, or a reference in ``solutions/``).

For demos and plots, which run the code in this process; grading never uses this (it runs
learner code in a separate process, see [rnnlab.grader.sandbox.supervisor][]).
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from rnnlab.modules import import_file


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
    return import_file(
        path, f"rnnlab_impl_{path.parent.name}_{name}", search=[path.parent], private_siblings=True
    )
