"""Grade the learner's own ``exercises/`` and remember each result for ``rnnlab list``.

The grader knows nothing of a checkout's progress; this is the one place that grades the
learner's work and records what came of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rnnlab.grader.report import read_report
from rnnlab.grader.run import grade, report_path, select_exercises
from rnnlab.workspace.progress import PROGRESS, file_digest, record_progress


def grade_exercises(names: Sequence[str] = (), *, root: Path, **options: Any) -> int:
    """Grade ``root/exercises`` with [grade][rnnlab.grader.run.grade], then record progress.

    Parameters
    ----------
    names : sequence of str
        Exercise names or numbers; empty means all.
    root : pathlib.Path
        The learner's checkout.
    **options
        Passed on to [grade][rnnlab.grader.run.grade] (``report``, ``show_table``, ...);
        ``impl`` is always ``exercises``.

    Returns
    -------
    int
        The grader's exit code. Progress is recorded only when grading worked.
    """
    root = Path(root)
    # Taken before grading: a file saved while it is graded then reads "changed since graded".
    digests = {
        e.name: file_digest(root / "exercises" / f"{e.name}.py")
        for e in select_exercises(names, options.get("assignment"))
    }
    code = grade(names, root=root, impl="exercises", **options)
    result = read_report(report_path(root, options.get("report")))
    if code == 0 and result is not None:
        record_progress(root / PROGRESS, result, digests)
    return code
