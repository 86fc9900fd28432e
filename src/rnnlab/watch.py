"""``rnnlab watch [NAMES]``: re-grade an exercise the moment its file is saved.

One long-lived process watches ``exercises/`` (watchfiles) and, on each save, grades only the
saved exercise in-process: pytest, the grading modules and (when a reference must be computed)
Keras stay loaded between runs, and the learner's code runs in a fresh worker process each time.
That worker is started while the learner types (`rnnlab.grader.sandbox.standby`): on a save,
it only imports the saved file.
A live table shows every exercise's latest points and first failing check. Callers that want
each result as it comes (tests, ``bench/feedback.py``) pass ``on_graded``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console, Group
from rich.live import Live
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from rnnlab.curriculum import Exercise
from rnnlab.grader.report import format_points, points_style, read_report
from rnnlab.grader.run import report_path, select_exercises
from rnnlab.grader.sandbox.standby import standing_by
from rnnlab.i18n import text
from rnnlab.workspace.grading import grade_exercises


@dataclass(frozen=True)
class Graded:
    """One exercise's result in a watch: its points (None if the grader failed), the grader's
    exit code, and the wall-clock time (``time.time()``) the grade finished."""

    exercise: str
    earned: float | None
    possible: float | None
    grader_exit_code: int
    finished: float


def _table(results: dict[str, dict[str, Any]], status: str, watched: list[Exercise]) -> Group:
    table = Table(title="rnnlab watch", title_justify="left")
    for column in ("grade.column_exercise", "grade.column_points", "grade.column_feedback"):
        table.add_column(text(column), overflow="fold")
    for exercise in watched:
        entry = results.get(exercise.name)
        if entry is None:
            table.add_row(exercise.name, "-", text("cli.status_not_graded"))
            continue
        full = entry["earned"] >= entry["possible"]
        style = points_style(entry["earned"], entry["possible"])
        points = f"[{style}]{format_points(entry['earned'], entry['possible'])}[/{style}]"
        table.add_row(
            exercise.name, points, text("grade.all_pass") if full else escape(entry["feedback"])
        )
    return Group(table, Text(status, style="dim"))


OnGraded = Callable[[Graded], None]


def _grade(
    root: Path,
    exercises: list[Exercise],
    results: dict[str, dict[str, Any]],
    on_graded: OnGraded | None,
) -> None:
    code = grade_exercises([e.name for e in exercises], root=root, show_table=False)
    report = read_report(report_path(root))  # this grade's, even where it could not be saved
    if code == 0 and report is not None:
        results.update(report["exercises"])
    finished = time.time()
    for exercise in exercises if on_graded is not None else ():
        entry = results.get(exercise.name, {})
        on_graded(Graded(exercise.name, entry.get("earned"), entry.get("possible"), code, finished))


def watch(
    root: Path,
    console: Console,
    *,
    exit_after: int | None = None,
    on_graded: OnGraded | None = None,
    names: Sequence[str] = (),
) -> int:
    """Grade everything once, then re-grade each exercise file when it is saved.

    Parameters
    ----------
    root : pathlib.Path
        The checkout (``exercises/`` is watched).
    console : rich.console.Console
        Where the live table is drawn.
    names : sequence of str
        Watch only these exercises (``"e02"`` or full names); empty: every one.
    exit_after : int, optional
        Stop after this many re-grades (for tests and benchmarks); default: until Ctrl+C.
    on_graded : callable, optional
        Called with a `Graded` for every exercise of every grade, the first full one included.

    Returns
    -------
    int
        0.
    """
    watched = select_exercises(names)
    course = {exercise.name: exercise for exercise in watched}
    results: dict[str, dict[str, Any]] = {}
    (root / ".rnnlab").mkdir(exist_ok=True)
    with standing_by(1) as get_ready:  # one spare worker: a save is of one file, usually
        _grade(root, list(course.values()), results, on_graded)
        get_ready()
        _watch(root, console, course, results, get_ready, exit_after, on_graded)
    return 0


def _watch(
    root: Path,
    console: Console,
    course: dict[str, Exercise],
    results: dict[str, dict[str, Any]],
    get_ready: Callable[[], None],
    exit_after: int | None,
    on_graded: OnGraded | None,
) -> None:
    """Re-grade each saved exercise of ``course`` until Ctrl+C or ``exit_after`` re-grades;
    ``get_ready`` (a spare worker started) after each."""
    from watchfiles import watch as watch_files

    watched = list(course.values())
    regrades = 0
    ready = text("cli.watch_ready")
    with Live(_table(results, ready, watched), console=console, auto_refresh=False) as live:
        live.refresh()
        try:
            # step=5 ms: watchfiles yields once a step passes with nothing new, so a save is
            # graded one or two steps after its last write; a longer step was a visible share
            # of watch's save-to-result time, and waking this often while idle costs nothing.
            for changes in watch_files(root / "exercises", debounce=400, step=5):
                saved = sorted({Path(path).stem for _, path in changes if path.endswith(".py")})
                exercises = [course[name] for name in saved if name in course]
                if not exercises:
                    continue
                names = ", ".join(e.name for e in exercises)
                grading = text("cli.watch_grading", names=names)
                live.update(_table(results, grading, watched), refresh=True)
                started = time.perf_counter()
                _grade(root, exercises, results, on_graded)
                took = time.perf_counter() - started
                get_ready()
                graded = text("cli.watch_graded", names=names, seconds=f"{took:.2f}", ready=ready)
                live.update(_table(results, graded, watched), refresh=True)
                regrades += 1
                if exit_after is not None and regrades >= exit_after:
                    break
        except KeyboardInterrupt:
            pass
