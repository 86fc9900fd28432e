"""Run the grading tests for some exercises and turn the outcome into an exit code.

A low score is not a crash: exit code 0 whenever the grader itself worked, whatever the points.
A grader that could not run (no grading tests found, a grading test file that fails to import,
a grader error during a check) exits non-zero so that CI and teachers notice.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path

from rnnlab.assignment import Assignment
from rnnlab.curriculum import Exercise, find_exercise, load_curriculum
from rnnlab.i18n import text

GRADER_BROKEN = 3
REPORT = Path(".rnnlab/report.json")
SEED_VARIABLE = "RNNLAB_OFFICIAL_SEED"


def official_seed(given: int | None = None) -> int:
    """An official run's secret seed: ``given``, else ``$RNNLAB_OFFICIAL_SEED``, else a fresh
    random one (so no submission can know the inputs in advance).

    Raises
    ------
    ValueError
        If the seed given or in the environment is not an integer in ``[0, 2**63)``.
    """
    name, value = "--seed", given
    if given is None and os.environ.get(SEED_VARIABLE, "").strip():
        name, value = SEED_VARIABLE, os.environ[SEED_VARIABLE].strip()
    if value is None:
        return secrets.randbelow(2**63)
    seed = int(value) if str(value).isdigit() else -1
    if not 0 <= seed < 2**63:
        raise ValueError(text("grade.bad_seed", name=name, value=repr(value)))
    return seed


def seed_was_given(given: int | None = None) -> bool:
    """Whether an official seed was chosen by the caller (``given`` or the environment)."""
    return given is not None or bool(os.environ.get(SEED_VARIABLE, "").strip())


def report_path(root: Path, report: Path | None = None) -> Path:
    """Where a grade of ``root`` writes its report: ``report`` (default `REPORT`) under
    ``root`` unless it is absolute."""
    report = REPORT if report is None else Path(report)
    return report if report.is_absolute() else Path(root) / report


def grading_files(root: Path, exercises: Sequence[Exercise]) -> list[Path]:
    """``tests/grading/test_<name>.py`` for each exercise; each must exist.

    Raises
    ------
    FileNotFoundError
        If an exercise has no grading test file (the checkout is incomplete).
    """
    files = []
    for exercise in exercises:
        path = root / "tests" / "grading" / f"test_{exercise.name}.py"
        if not path.is_file():
            raise FileNotFoundError(text("plugin.no_grading_tests", name=exercise.name, path=path))
        files.append(path)
    return files


def select_exercises(names: Sequence[str], assignment: Assignment | None = None) -> list[Exercise]:
    """The named exercises (full names or numbers) in course order; when ``names`` is empty,
    the assignment's exercises, or all of them.

    Raises
    ------
    ValueError
        If a name is no exercise, or not one of the assignment's.
    """
    course = load_curriculum()
    if not names:
        return list(course) if assignment is None else assignment.exercises
    wanted = {find_exercise(name, course).name for name in names}
    stray = sorted(wanted - set(assignment.names)) if assignment is not None else []
    if stray:
        raise ValueError(
            text(
                "assignment.not_assigned",
                names=", ".join(stray),
                assigned=", ".join(assignment.names),
            )
        )
    return [exercise for exercise in course if exercise.name in wanted]


def pytest_arguments(files: Sequence[Path], root: Path) -> list[str]:
    """pytest's command line for grading ``files`` of the checkout ``root``, before the
    grading plugin's own options: the plugin loaded, and pytest's extras that cost time or
    print what the table already says left out (the grade's and its partner's alike)."""
    return [
        *(str(f) for f in files),
        "--rootdir",
        str(root),
        "-c",
        str(root / "pyproject.toml"),
        "-p",
        "rnnlab.grader.plugin",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:anyio",  # installed with Jupyter's and httpx's dependencies; ~0.1 s to load, unused
        "-p",
        "no:unraisableexception",  # its repeated gc.collect() at exit is slow with Keras loaded
        "--assert=plain",  # checks raise Mismatch: rewriting asserts would only parse every module
        "-qq",
        "--no-header",
        "--no-summary",
        "--tb=no",  # pytest's tracebacks of every failing check cost seconds; ours is one line
    ]


def grade(
    names: Sequence[str] = (),
    *,
    root: Path | None = None,
    impl: str = "exercises",
    report: Path = REPORT,
    time_limit: float = 60.0,
    show_table: bool = True,
    fresh_references: bool = False,
    official: bool = False,
    reference_cache: Path | None = None,
    seed: int | None = None,
    assignment: Assignment | None = None,
) -> int:
    """Grade ``impl`` on the named exercises, write ``report``, print the table.

    Parameters
    ----------
    names : sequence of str
        Exercise names or numbers (``"e02"``, ``"e02_simple_rnn"``); empty means all.
    root : pathlib.Path, optional
        The checkout holding ``tests/grading``; default the current folder.
    impl : str
        ``"exercises"`` (the learner's work), ``"solutions"``, or a folder of ``eNN_*.py``.
    report : pathlib.Path
        Where ``report.json`` goes.
    time_limit : float
        Seconds of learner code allowed per exercise.
    show_table : bool
        Print the points table.
    fresh_references : bool
        Compute every Keras reference again instead of reading the cache (official grading).
    official : bool
        Isolate the learner's code (:mod:`rnnlab.grader.sandbox.isolation`) and mark the report
        official. Callers pair it with ``fresh_references`` or with a ``reference_cache``
        they computed themselves in this run (``grade-all``, the Gradescope image).
    reference_cache : pathlib.Path, optional
        Where references are kept; default ``.rnnlab/cache`` in ``root``.
    seed : int, optional
        Mix this secret into every check's inputs and add the hidden checks (official runs;
        see `official_seed`). None: the public inputs of self-study.
    assignment : Assignment, optional
        The exercises' points (each exercise's checks scaled to match), and the exercises
        graded when ``names`` is empty. None: the curriculum's points.

    Returns
    -------
    int
        0 when grading worked (whatever the score), non-zero when the grader failed.
    """
    import pytest  # imported here so `rnnlab list` stays fast

    from rnnlab.grader.report import WRITTEN

    root = Path.cwd() if root is None else Path(root)
    exercises = select_exercises(names, assignment)
    files = grading_files(root, exercises)
    report = report_path(root, report)
    WRITTEN.pop(report.resolve(), None)  # a stale report must never pass for this run's
    with contextlib.suppress(OSError):
        report.unlink()  # nor a stale file (where it cannot go, this run's copy is in WRITTEN)
    args = [
        *pytest_arguments(files, root),
        "--timeout",
        str(max(time_limit * 2, 60)),
        "--impl",
        impl,
        "--report",
        str(report),
        "--exercise-time-limit",
        str(time_limit),
    ]
    if not show_table:
        args.append("--no-table")
    if fresh_references:
        args.append("--fresh-references")
    if official:
        args.append("--official")
    if reference_cache is not None:
        args += ["--reference-cache", str(Path(reference_cache).resolve())]
    if seed is not None:
        args += ["--official-seed", str(seed)]
    if assignment is not None:
        args += ["--assignment-points", json.dumps(assignment.to_json())]
    if show_table:
        code = pytest.main(args)
    else:  # json, gradescope, junit, `solution`: pytest's stray blank lines stay out of pipes
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            code = pytest.main(args)
        if printed.getvalue().strip():  # grader errors, say: never silent
            sys.stderr.write(printed.getvalue())
    result = WRITTEN.get(report.resolve())
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) or result is None:
        return int(code) or GRADER_BROKEN
    if result.get("grader_errors"):
        return GRADER_BROKEN
    return 0
