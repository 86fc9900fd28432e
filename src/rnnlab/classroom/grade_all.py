"""Grade a class: every submission (or one share of them) in parallel, with official inputs.

Each submission is graded in its own ``rnnlab grade --official`` process, several at a time,
with a progress bar, into ``<out>/<student>.json``. Every Keras reference is first computed
once, for this run's seed, into a private folder of this run that no submission can read
(grading the untouched stubs computes them all), and each student's run reads them back. The
run records what it graded in ``shard-K-of-N.json``; a whole class (one unsharded run, or every
share merged) then gets its scores CSV and class report from `rnnlab.classroom.merge`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn

from rnnlab.classroom import reference_progress
from rnnlab.classroom.scores import Row, read_reports, score_rows
from rnnlab.classroom.shards import MANIFEST_GLOB, WHOLE_CLASS, Manifest, Shard, read_manifests
from rnnlab.classroom.similarity import submission_fingerprint
from rnnlab.classroom.submissions import collect_submissions
from rnnlab.grader.report import format_points
from rnnlab.i18n import text
from rnnlab.stubs import stub_for, stub_pairs, write_stubs

GRADE = [sys.executable, "-m", "rnnlab", "grade", "--format", "json"]


def grade_submissions(
    folder: Path,
    *,
    root: Path,
    out_dir: Path,
    seed: int,
    names: Sequence[str] = (),
    shard: Shard = WHOLE_CLASS,
    replace: bool = False,
    jobs: int | None = None,
    time_limit: float = 60.0,
    console: Console | None = None,
) -> list[Row]:
    """Grade the students of ``folder`` that ``shard`` holds, into ``out_dir``.

    The run's record (``shard-K-of-N.json``) lets `rnnlab.classroom.merge.merge_results` write
    the scores CSV and class report once the whole class is graded.

    Parameters
    ----------
    folder : pathlib.Path
        One sub-folder per student, named by the student, holding their ``eNN_*.py`` files
        (anywhere in it, named loosely), or files an LMS named ``<student>_<ids>_<file>``;
        see `rnnlab.classroom.submissions`.
    root : pathlib.Path
        The rnnlab checkout whose graders are used.
    out_dir : pathlib.Path
        Where each student's report goes (``<student>.json``), with this run's record.
    seed : int
        The official seed mixed into every check's inputs (`rnnlab.grader.run.official_seed`).
    names : sequence of str
        The exercises to grade (names or numbers, as ``rnnlab grade`` takes them); all if empty.
    shard : Shard
        Which share of the class to grade; default all of it.
    replace : bool
        ``out_dir`` may hold another run's results, which this run removes (the default
        folder); otherwise such a folder is refused.
    jobs : int, optional
        Submissions graded at once; default the number of CPU cores.
    time_limit : float
        Seconds per exercise per submission.
    console : rich.console.Console, optional
        Where progress goes: a progress bar on a terminal, one line per submission otherwise.

    Returns
    -------
    list of dict
        One row per student this run graded.

    Raises
    ------
    ValueError
        If ``folder`` holds no submissions, or ``out_dir`` holds results of another seed or
        another number of shares.
    """
    collection = collect_submissions(folder)
    console = console or Console()
    if collection.unassigned:
        console.print(text("classroom.unassigned", files=", ".join(collection.unassigned)))
    _prepare(out_dir, seed, shard, replace)
    roster = sorted(collection.submissions)
    mine = [collection.submissions[s] for s in roster if shard.holds(s)]
    with tempfile.TemporaryDirectory(prefix="rnnlab-run-") as private:  # mode 700: ours alone
        grade = [*GRADE, *names, "--seed", str(seed)]
        references = _compute_references(grade, root, Path(private), console)
        # Each student's files, found wherever and however they were named, under the
        # exercises' names in a folder of this run: the official grade reads that alone.
        folders = {s.student: s.write(Path(private) / "submissions" / s.student) for s in mine}
        graded = _grade_each(grade, folders, root, references, out_dir, jobs, time_limit, console)
    stubs = {solution.stem: stub_for(solution) for solution, _ in stub_pairs(root)}
    for submission in mine:  # the notes reach the student's report, then their feedback
        record = {
            **submission.record(),
            # What the class report pairs students by: hashes, never the code itself.
            "similarity": submission_fingerprint(submission.files, stubs),
        }
        _add_to_report(out_dir / f"{submission.student}.json", record)
    Manifest(shard, seed, roster, graded).write(out_dir)
    return score_rows(read_reports(out_dir, sorted(graded)), graded, seed)


def _add_to_report(path: Path, record: dict[str, object]) -> None:
    """Add ``record`` (the files graded, the submission notes) to a student's report."""
    report = json.loads(path.read_text("utf-8")) if path.exists() else {}
    if report:  # a grader that wrote nothing leaves nothing to add to
        report.update(record)
        path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")


def _prepare(out_dir: Path, seed: int, shard: Shard, replace: bool) -> None:
    """Make ``out_dir`` ready: refuse (or, with ``replace``, clear) another run's results."""
    out_dir.mkdir(parents=True, exist_ok=True)
    others = [m for m in read_manifests(out_dir) if (m.seed, m.shard.count) != (seed, shard.count)]
    if others and not replace:
        raise ValueError(text("classroom.other_results", folder=out_dir))
    for manifest in others if replace else ():
        for student in manifest.graded:
            (out_dir / f"{student}.json").unlink(missing_ok=True)
        (out_dir / manifest.shard.file_name).unlink(missing_ok=True)
    if shard.count == 1:  # a whole run replaces any earlier whole run's record
        for path in out_dir.glob(MANIFEST_GLOB):
            path.unlink()


def _compute_references(grade: list[str], root: Path, private: Path, console: Console) -> Path:
    """Every Keras reference ``grade`` needs (its exercises, its seed), computed once into
    ``private/references`` by grading the untouched stubs, with its progress shown: a bar
    naming the exercise on a terminal, a line before and after otherwise."""
    stubs = write_stubs(root, private / "stubs")
    references = private / "references"
    command = [
        *grade,
        "--impl",
        str(stubs),
        "--fresh-references",
        "--shared-references",
        str(references),
        "--report",
        str(private / "stubs.json"),
    ]
    addopts = os.environ.get("PYTEST_ADDOPTS", "")
    env = {**os.environ, "PYTEST_ADDOPTS": f"{addopts} -p {reference_progress.PLUGIN}".strip()}
    started = time.monotonic()
    if not console.is_terminal:
        console.print(text("classroom.references_started"))
    process = subprocess.Popen(
        command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    printed: list[str] = []  # stdout, read apart so neither pipe fills while we wait
    reader = threading.Thread(target=lambda: printed.append(process.stdout.read()), daemon=True)
    reader.start()
    errors = _follow_references(process, console)
    reader.join()
    if process.wait() != 0:
        output = "".join(printed) + "".join(errors)
        raise RuntimeError(f"computing the Keras references failed:\n{output}")
    if not console.is_terminal:
        seconds = f"{time.monotonic() - started:.1f}"
        console.print(text("classroom.references_done", seconds=seconds))
    return references


def _follow_references(process: subprocess.Popen[str], console: Console) -> list[str]:
    """Show the reference run's progress from its stderr until it ends; the other lines."""
    others = []
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TaskProgressColumn())
    bar = Progress(*columns, console=console, disable=not console.is_terminal, transient=True)
    with bar:
        task = bar.add_task(text("classroom.references_computing", exercise="..."), total=None)
        for line in process.stderr or ():
            if not line.startswith(reference_progress.PREFIX):
                others.append(line)
                continue
            what, number = line.split()[1:3]
            if what == "total":
                bar.update(task, total=int(number))
            else:
                exercise = what.removeprefix("test_")
                description = text("classroom.references_computing", exercise=exercise)
                bar.update(task, completed=int(number) - 1, description=description)
    return others


def _grade_each(
    grade: list[str],
    submissions: dict[str, Path],
    root: Path,
    references: Path,
    out_dir: Path,
    jobs: int | None,
    time_limit: float,
    console: Console | None,
) -> dict[str, int]:
    """Grade each submission officially; ``{student: the grader's exit code}``."""

    def grade_one(student: str, submission: Path) -> tuple[str, int]:
        report = out_dir / f"{student}.json"
        report.unlink(missing_ok=True)  # a stale report must never pass for this run's
        process = subprocess.run(
            [
                *grade,
                "--official",
                "--shared-references",
                str(references),
                "--impl",
                str(submission.resolve()),
                "--report",
                str(report),
                "--time-limit",
                str(time_limit),
            ],
            cwd=root,
            capture_output=True,
            text=True,
        )
        return student, process.returncode

    graded: dict[str, int] = {}
    console = console or Console()
    bar = Progress(console=console, disable=not console.is_terminal)
    with bar, ThreadPoolExecutor(jobs or os.cpu_count() or 1) as pool:
        task = bar.add_task("grading submissions", total=len(submissions))
        futures = [pool.submit(grade_one, s, f) for s, f in submissions.items()]
        for done, future in enumerate(as_completed(futures), start=1):
            student, code = future.result()
            graded[student] = code
            bar.advance(task)
            if not console.is_terminal:
                report = read_reports(out_dir, [student])[student]
                points = format_points(report.get("earned", 0), report.get("possible", 0))
                console.print(f"graded {student} ({done}/{len(submissions)}): {points}")
    return dict(sorted(graded.items()))
