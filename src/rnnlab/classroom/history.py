"""A results folder's history: every ``grade-all`` run kept with its time, never overwritten.

The folder (``--out``) holds, for merge, the class report and the feedback, each student's
latest report and the class's record; below it, ``runs/`` keeps every run as it was::

    <out>/<student>.json                each student's latest report ("run" says which run)
    <out>/shard-K-of-N.json             the class's record (seed, roster, who is graded)
    <out>/runs/<run-id>/<student>.json  the reports one run wrote
    <out>/runs/<run-id>/shard-K-of-N.json  that run's own record (the students it graded)

A run's id is the UTC time it started, ``20261204T213512Z`` (ISO 8601, basic format: it sorts
by time and is a valid file name everywhere). A share of a class adds ``-shard-K-of-N``, so the
shares' folders gathered from several machines never collide; a second run started in the same
second adds ``-2``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rnnlab.classroom.shards import Shard
from rnnlab.safe_io import write_atomic

RUNS = "runs"


@dataclass(frozen=True)
class Run:
    """One run of ``grade-all``: its id and the folder that keeps what it wrote."""

    id: str
    folder: Path


def start_run(out_dir: Path, shard: Shard, *, now: datetime | None = None) -> Run:
    """A new run's folder in ``out_dir/runs``, named by the time (``now``, default the clock).

    Examples
    --------
    >>> import tempfile
    >>> out, when = Path(tempfile.mkdtemp()), datetime(2026, 12, 4, 21, 35, 12, tzinfo=UTC)
    >>> [start_run(out, Shard(), now=when).id for _ in range(2)]
    ['20261204T213512Z', '20261204T213512Z-2']
    >>> start_run(out, Shard(2, 3), now=when).id
    '20261204T213512Z-shard-2-of-3'
    """
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    if shard.count > 1:
        stamp += "-" + shard.file_name.removesuffix(".json")
    runs = Path(out_dir) / RUNS
    runs.mkdir(parents=True, exist_ok=True)
    for n in itertools.count(1):
        run_id = stamp if n == 1 else f"{stamp}-{n}"
        try:
            (runs / run_id).mkdir()  # atomic: two runs never share a folder
        except FileExistsError:
            continue
        return Run(run_id, runs / run_id)
    raise AssertionError("unreachable")  # pragma: no cover


def publish(run: Run, out_dir: Path, students: Iterable[str]) -> None:
    """Make ``run``'s report of each student their latest in ``out_dir`` (a student whose
    grader wrote no report in this run has none: an older one must not pass for it)."""
    for student in students:
        source, latest = run.folder / f"{student}.json", Path(out_dir) / f"{student}.json"
        if source.exists():
            write_atomic(latest, source.read_bytes())
        else:
            latest.unlink(missing_ok=True)
