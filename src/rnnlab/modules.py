"""Exercise modules: the ``eNN_topic`` naming rule, and the one way rnnlab imports a file.

Standard library only: the grading worker imports this before it runs a learner's file, and a
worker imports nothing heavier (see ARCHITECTURE.md).

>>> is_exercise_name("e02_simple_rnn"), is_exercise_name("E02_simple_rnn")
(True, False)
>>> is_exercise_name("e02_simple_rnn", prefix=True), is_exercise_name("e2_rnn", prefix=True)
(True, False)
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

# An exercise module's name: "e", two digits, "_", then its topic ("e02_simple_rnn").
EXERCISE_PATTERN = r"e\d\d_\w+"
EXERCISE_NAME = re.compile(EXERCISE_PATTERN)
EXERCISE_GLOB = "e[0-9][0-9]_*.py"


def is_exercise_name(name: str, *, prefix: bool = False) -> bool:
    """Whether ``name`` is an exercise module's name (``prefix``: starts like one)."""
    if not isinstance(name, str):
        return False
    match = EXERCISE_NAME.match if prefix else EXERCISE_NAME.fullmatch
    return match(name) is not None


def exercise_files(folder: Path) -> list[Path]:
    """The ``eNN_*.py`` files directly in ``folder``, sorted by name (none if it is missing)."""
    return sorted(Path(folder).glob(EXERCISE_GLOB))


class _FromSource(importlib.machinery.SourceFileLoader):
    """Compile from the source every time: these files are small, and a ``.pyc`` that a full
    disk cut short (CPython publishes a short write whole) would break every later import with
    "EOFError: marshal data too short"."""

    def get_code(self, fullname: str) -> object:
        return self.source_to_code(self.get_data(self.path), self.path)


@contextmanager
def _on_path(folders: Sequence[Path]) -> Iterator[None]:
    entries = [str(Path(folder).resolve()) for folder in folders]
    sys.path[:0] = entries
    try:
        yield
    finally:
        for entry in entries:
            sys.path.remove(entry)


def import_file(
    path: Path,
    module_name: str,
    *,
    search: Sequence[Path] = (),
    register: bool = False,
    private_siblings: bool = False,
) -> ModuleType:
    """Import the Python file ``path`` as a module named ``module_name``.

    Parameters
    ----------
    path : pathlib.Path
        The ``.py`` file.
    module_name : str
        The module's ``__name__``.
    search : sequence of pathlib.Path
        Folders put first on ``sys.path`` while it runs, so that its own imports of sibling
        exercises (e07 imports e02) find them there.
    register : bool
        Keep the module in ``sys.modules`` under ``module_name`` (the worker does, so that
        functions it hands back resolve by module name).
    private_siblings : bool
        Sibling exercises it imports stay private to this load: modules of exercise names
        already in ``sys.modules`` are set aside during it and restored after, and the ones it
        loaded are dropped. Without it, one folder's ``e02_simple_rnn`` could answer for
        another's.

    Raises
    ------
    ImportError
        If ``path`` cannot be loaded as a module; whatever its code raises propagates.
    """
    loader = _FromSource(module_name, str(path))
    spec = importlib.util.spec_from_file_location(module_name, path, loader=loader)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path} as a module")
    module = importlib.util.module_from_spec(spec)
    if register:
        sys.modules[module_name] = module
    others = {}
    if private_siblings:
        siblings = [name for name in sys.modules if is_exercise_name(name)]
        others = {name: sys.modules.pop(name) for name in siblings}
    try:
        with _on_path(search):
            spec.loader.exec_module(module)
    finally:
        if private_siblings:
            for name in [name for name in sys.modules if is_exercise_name(name)]:
                del sys.modules[name]
            sys.modules.update(others)
    return module
