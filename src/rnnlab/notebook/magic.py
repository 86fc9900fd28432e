"""``%load_ext rnnlab`` registers the ``%%rnnlab`` cell magic: ``%%rnnlab e02`` saves the cell
into ``exercises/e02_simple_rnn.py`` (`rnnlab.notebook.cell`) and grades it
(`rnnlab.notebook.check`); ``%%rnnlab e02 --hint`` adds the next hint.
"""

from __future__ import annotations

from typing import Any

from rnnlab import i18n
from rnnlab.curriculum import find_exercise
from rnnlab.notebook.cell import save_cell
from rnnlab.notebook.check import find_root, grade_outcome
from rnnlab.notebook.render import Result
from rnnlab.requirements import require_tensorflow
from rnnlab.safe_io import reason


def parse_line(line: str) -> tuple[str, bool]:
    """``"e02 --hint"`` -> ``("e02", True)``: the exercise and whether a hint is asked for.

    Raises
    ------
    ValueError
        If the line names no exercise, several, or an unknown option.

    Examples
    --------
    >>> parse_line(" e02 "), parse_line("e03_lstm --hint")
    (('e02', False), ('e03_lstm', True))
    """
    words = line.split()
    hint = "--hint" in words
    rest = [word for word in words if word != "--hint"]
    if len(rest) != 1 or rest[0].startswith("-"):
        raise ValueError(i18n.text("notebook.usage", line=repr(line.strip())))
    return rest[0], hint


def run_cell(line: str, cell: str) -> Result:
    """What ``%%rnnlab LINE`` does with ``cell``: save it, grade the exercise, return the view.

    Raises
    ------
    ValueError
        For a bad line, an unknown exercise, a folder that is no checkout, a cell that
        defines none of the exercise's functions, or a cell that could not be saved in full
        (a full disk); nothing is written then.
    rnnlab.data.shipped.MissingPackageError
        If there is no TensorFlow to grade with; nothing is written then either.
    """
    name, hint = parse_line(line)
    require_tensorflow()  # before the cell is saved: nothing changes when nothing can grade
    exercise = find_exercise(name)
    root = find_root()
    try:
        saved, backup = save_cell(cell, exercise, root)
    except OSError as error:  # a full disk, a read-only folder: the learner's file is as it was
        path = root / "exercises" / f"{exercise.name}.py"
        raise ValueError(i18n.text("notebook.not_saved", path=path, why=reason(error))) from None
    outcome = grade_outcome(exercise.name, root, hint=hint)
    outcome.saved, outcome.backup = saved, backup
    return Result(outcome)


def register(ipython: Any) -> None:
    """Register ``%%rnnlab`` with an IPython shell (``load_ipython_extension``)."""

    def rnnlab(line: str, cell: str) -> None:
        from IPython.core.error import UsageError
        from IPython.display import display

        try:
            result = run_cell(line, cell)
        except (ValueError, ModuleNotFoundError) as error:  # one line, no traceback
            raise UsageError(str(error)) from None
        display(result)

    ipython.register_magic_function(rnnlab, magic_kind="cell", magic_name="rnnlab")
