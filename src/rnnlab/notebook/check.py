"""Grade one exercise from a notebook exactly as the terminal does: ``rnnlab grade NAME`` in a
child process, in the learner's checkout, then read the report it wrote.

A child process keeps pytest, Keras and the sandbox's workers out of the kernel, and makes the
verdict the terminal's by construction: the same command, grader, sandbox, report and
progress. It never reads the notebook file (on Colab there is none on disk).
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rnnlab import i18n
from rnnlab.curriculum import Exercise, find_exercise
from rnnlab.requirements import require_tensorflow

REPORT = Path(".rnnlab") / "report.json"


def find_root(start: Path | None = None) -> Path:
    """The checkout holding ``start`` (default: the current folder): the nearest folder, from
    ``start`` up, with ``exercises/``, ``solutions/`` and ``tests/grading/``.

    A notebook in ``notebooks/`` runs in that folder; on Colab the kernel runs wherever
    ``%cd`` left it, so both find the clone.

    Raises
    ------
    ValueError
        If no folder from ``start`` up is a checkout.
    """
    start = Path.cwd() if start is None else Path(start)
    for folder in (start, *start.resolve().parents):
        if all((folder / part).is_dir() for part in ("exercises", "solutions", "tests/grading")):
            return folder
    raise ValueError(i18n.text("notebook.not_a_checkout", start=start))


@dataclass
class Outcome:
    """One exercise's grade as a notebook shows it; `rnnlab.notebook.render` draws it."""

    exercise: Exercise
    entry: dict[str, Any] | None  # report.json's entry for the exercise; None: grader failed
    code: int = 0
    errors: str = ""  # the grader's own output when it failed
    saved: Path | None = None  # the file a %%rnnlab cell was saved to
    backup: Path | None = None
    hint: tuple[int, int, str | None] | None = None  # (number, total, text) when asked


def run_grade(exercise: Exercise, root: Path) -> tuple[int, dict[str, Any] | None, str]:
    """``python -m rnnlab grade NAME --format json`` in ``root``: the exit code, the
    exercise's entry of ``.rnnlab/report.json`` (None if there is none) and the output."""
    process = subprocess.run(
        [sys.executable, "-m", "rnnlab", "grade", exercise.name, "--format", "json"],
        cwd=root,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,  # inherits the kernel's environment: RNNLAB_LANG set by %env included
    )
    report = root / REPORT
    entry = None
    if process.returncode == 0 and report.is_file():
        entry = json.loads(report.read_text("utf-8"))["exercises"].get(exercise.name)
    return process.returncode, entry, (process.stderr or process.stdout).strip()


def next_hint(exercise: Exercise, root: Path) -> tuple[int, int, str | None]:
    """The exercise's next hint, counted as ``rnnlab hint`` counts them."""
    from rnnlab.workspace.checkout import Workspace

    number, hint = Workspace(root).next_hint(exercise)
    return number, len(exercise.hints), hint


def grade_outcome(name: str, root: Path, *, hint: bool = False) -> Outcome:
    """Grade the exercise ``name`` in ``root`` and gather what a notebook shows.

    Raises
    ------
    ValueError
        If ``name`` is no exercise.
    rnnlab.data.shipped.MissingPackageError
        If there is no TensorFlow to grade with (the message says what to install).
    """
    require_tensorflow()  # said here in one line, not as a grader failure from the child
    exercise = find_exercise(name)
    code, entry, output = run_grade(exercise, root)
    outcome = Outcome(exercise, entry, code, "" if entry is not None else output)
    if hint:
        outcome.hint = next_hint(exercise, root)
    return outcome


def check(name: str, *, hint: bool = False) -> Any:
    """Grade ``exercises/<name>.py`` as it stands, as ``rnnlab grade NAME`` does.

    Parameters
    ----------
    name : str
        The exercise, ``"e02"`` or ``"e02_simple_rnn"``.
    hint : bool
        Also give the exercise's next hint (one more each time, as ``rnnlab hint``).

    Returns
    -------
    rnnlab.notebook.render.Result
        Shown as HTML in a notebook, as text elsewhere.
    """
    from rnnlab.notebook.render import Result

    return Result(grade_outcome(name, find_root(), hint=hint))
