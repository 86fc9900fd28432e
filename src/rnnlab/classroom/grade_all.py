"""Grade a class: every submission (or one share of them) in parallel, with official inputs.

Each submission is graded in its own ``rnnlab grade --official`` process, several at a time,
with a progress bar, into this run's folder ``<out>/runs/<run-id>/<student>.json``, then
copied to ``<out>/<student>.json``, the student's latest (`rnnlab.classroom.history`); with a
roster, students are keyed by their id and graded in their own language; ``students`` regrades
only some of a class graded before, with its seed. Every Keras reference is first computed
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
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn

from rnnlab.assignment import FILE_NAME, Assignment, whole_course
from rnnlab.classroom import reference_progress
from rnnlab.classroom.history import publish, start_run
from rnnlab.classroom.roster import Student, assign
from rnnlab.classroom.scores import Row, read_reports, score_rows
from rnnlab.classroom.shards import (
    MANIFEST_GLOB,
    WHOLE_CLASS,
    Manifest,
    Shard,
    read_manifests,
    whole_class,
)
from rnnlab.classroom.similarity import submission_fingerprint
from rnnlab.classroom.submissions import Submission, collect_submissions
from rnnlab.grader.report import format_points
from rnnlab.i18n import text
from rnnlab.safe_io import write_atomic
from rnnlab.stubs import stub_for, stub_pairs, write_stubs

GRADE = [sys.executable, "-m", "rnnlab", "grade", "--format", "json"]


def grade_submissions(
    folder: Path,
    *,
    root: Path,
    out_dir: Path,
    seed: int,
    assignment: Assignment | None = None,
    shard: Shard = WHOLE_CLASS,
    replace: bool = False,
    roster: Mapping[str, Student] | None = None,
    students: Sequence[str] = (),
    jobs: int | None = None,
    time_limit: float = 60.0,
    console: Console | None = None,
) -> list[Row]:
    """Grade the students of ``folder`` that ``shard`` holds (or only ``students``), as one new
    run kept in ``out_dir/runs/<run-id>/``; each graded student's report becomes their latest,
    ``out_dir/<student>.json`` (see `rnnlab.classroom.history`).

    The class's record (``shard-K-of-N.json``) lets `rnnlab.classroom.merge.merge_results`
    write the scores CSV and class report once the whole class is graded.

    Parameters
    ----------
    folder : pathlib.Path
        One sub-folder per student, or files an LMS named ``<student>_<ids>_<file>``; see
        `rnnlab.classroom.submissions`.
    root : pathlib.Path
        The rnnlab checkout whose graders are used.
    out_dir : pathlib.Path
        Where each student's latest report goes (``<student>.json``), with the class's
        record, and every run under ``runs/``.
    seed : int
        The official seed mixed into every check's inputs (`rnnlab.grader.run.official_seed`).
    assignment : Assignment, optional
        The exercises graded and their points (`rnnlab.assignment`); default the whole course.
    shard : Shard
        Which share of the class to grade; default all of it.
    replace : bool
        ``out_dir`` may hold another seed's results, which this run removes from the latest
        (the default folder; ``runs/`` keeps them); otherwise such a folder is refused.
    roster : mapping, optional
        ``{id: Student}`` (`rnnlab.classroom.roster`): students are keyed by id, each graded
        and given feedback in their language.
    students : sequence of str
        Regrade only these (ids with a roster, else folder names) in the whole class that
        ``out_dir`` already holds, with its seed; the others keep their latest reports.
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
        If ``folder`` holds no submissions, a student asked for is not in the class,
        ``out_dir`` holds results of another seed, another number of shares or another
        assignment, or (with ``students``) no whole class, or one of another seed or
        assignment.
    """
    console = console or Console()
    assignment = assignment or whole_course()
    submissions = class_submissions(folder, roster, console)
    chosen = _chosen(sorted(submissions), students, shard)
    points = assignment.to_json()
    before = _prepare(out_dir, seed, shard, replace, points, regrade=bool(students))
    run = start_run(out_dir, shard)
    mine = [submissions[student] for student in chosen]
    languages = {s: roster[s].language for s in chosen if roster and roster[s].language}
    with tempfile.TemporaryDirectory(prefix="rnnlab-run-") as private:  # mode 700: ours alone
        chosen = Path(private) / FILE_NAME  # each grade reads the points from it
        chosen.write_text(assignment.to_toml(), "utf-8")
        grade = [*GRADE, "--assignment", str(chosen), "--seed", str(seed)]
        references = _compute_references(grade, root, Path(private), console)
        # Each student's files, found wherever and however they were named, under the
        # exercises' names in a folder of this run: the official grade reads that alone.
        folders = {s.student: s.write(Path(private) / "submissions" / s.student) for s in mine}
        graded = _grade_each(
            grade, folders, languages, root, references, run.folder, jobs, time_limit, console
        )
    stubs = {solution.stem: stub_for(solution) for solution, _ in stub_pairs(root)}
    for submission in mine:  # the notes reach the student's report, then their feedback
        record = {
            **submission.record(),
            "run": run.id,
            # What the class report pairs students by: hashes, never the code itself.
            "similarity": submission_fingerprint(submission.files, stubs),
        }
        if roster:
            record["roster"] = roster[submission.student].record()
        _add_to_report(run.folder / f"{submission.student}.json", record)
    everyone = sorted({*submissions, *before.roster})
    Manifest(shard, seed, everyone, graded, points, run=run.id).write(run.folder)
    publish(run, out_dir, graded)
    for path in out_dir.glob(MANIFEST_GLOB) if students else ():  # now one whole class's
        path.unlink()
    whole = {**before.graded, **graded}
    Manifest(shard, seed, everyone, whole, points, run=run.id).write(out_dir)
    reports = read_reports(out_dir, sorted(graded))
    return score_rows(reports, graded, seed, exercises=assignment.names)


def class_submissions(
    folder: Path, roster: Mapping[str, Student] | None, console: Console
) -> dict[str, Submission]:
    """Every student's submission in ``folder``, keyed by roster id when there is a roster;
    files no student claims, and folders the roster does not name, are said once."""
    collection = collect_submissions(folder)
    if collection.unassigned:
        console.print(
            text("classroom.unassigned", files=", ".join(collection.unassigned)), markup=False
        )
    if roster is None:
        return collection.submissions
    assigned = assign(collection, dict(roster))
    if assigned.strangers:
        console.print(text("roster.strangers", folders=", ".join(assigned.strangers)), markup=False)
    return assigned.submissions


def _chosen(everyone: list[str], students: Sequence[str], shard: Shard) -> list[str]:
    """The students this run grades: the share's, or ``students`` (each must be in the class)."""
    if not students:
        return [student for student in everyone if shard.holds(student)]
    if shard.count > 1:
        raise ValueError(text("classroom.students_and_shard"))
    unknown = [student for student in students if student not in everyone]
    if unknown:
        raise ValueError(text("classroom.unknown_students", students=", ".join(unknown)))
    return sorted(set(students))


def _add_to_report(path: Path, record: dict[str, object]) -> None:
    """Add ``record`` (the files graded, the submission notes, the run) to a student's report."""
    report = json.loads(path.read_text("utf-8")) if path.exists() else {}
    if report:  # a grader that wrote nothing leaves nothing to add to
        report.update(record)
        write_atomic(path, json.dumps(report, indent=2, ensure_ascii=False) + "\n")


def _prepare(
    out_dir: Path,
    seed: int,
    shard: Shard,
    replace: bool,
    points: dict[str, float],
    *,
    regrade: bool,
) -> Manifest:
    """Make ``out_dir`` ready and return what this run builds on: for a regrade, the whole
    class already there (of this seed and assignment); otherwise nothing, after refusing (or,
    with ``replace``, clearing from the latest) another seed's or assignment's results."""
    out_dir.mkdir(parents=True, exist_ok=True)
    if regrade:
        before = whole_class(out_dir)
        if before.seed != seed:
            raise ValueError(text("classroom.regrade_seed", folder=out_dir))
        if (before.assignment or whole_course().to_json()) != points:
            raise ValueError(text("classroom.regrade_assignment", folder=out_dir))
        return before
    this = (seed, shard.count, points)
    others = [m for m in read_manifests(out_dir) if (m.seed, m.shard.count, m.assignment) != this]
    if others and not replace:
        raise ValueError(text("classroom.other_results", folder=out_dir))
    for manifest in others if replace else ():
        for student in manifest.graded:
            (out_dir / f"{student}.json").unlink(missing_ok=True)
        (out_dir / manifest.shard.file_name).unlink(missing_ok=True)
    if shard.count == 1:  # a whole run replaces any earlier whole run's record
        for path in out_dir.glob(MANIFEST_GLOB):
            path.unlink()
    return Manifest(shard, seed, [])


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
    languages: Mapping[str, str],
    root: Path,
    references: Path,
    out_dir: Path,
    jobs: int | None,
    time_limit: float,
    console: Console | None,
) -> dict[str, int]:
    """Grade each submission officially into ``out_dir``; ``{student: the grader's exit
    code}``. A student with a language in ``languages`` is graded in it: their grader's
    process alone gets it (``RNNLAB_LANG``), nothing of this process changes."""

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
            env={**os.environ, "RNNLAB_LANG": languages[student]} if student in languages else None,
        )
        return student, process.returncode

    graded: dict[str, int] = {}
    console = console or Console()
    bar = Progress(console=console, disable=not console.is_terminal)
    with bar, ThreadPoolExecutor(jobs or os.cpu_count() or 1) as pool:
        task = bar.add_task(text("classroom.grading_bar"), total=len(submissions))
        futures = [pool.submit(grade_one, s, f) for s, f in submissions.items()]
        for done, future in enumerate(as_completed(futures), start=1):
            student, code = future.result()
            graded[student] = code
            bar.advance(task)
            if not console.is_terminal:
                report = read_reports(out_dir, [student])[student]
                points = format_points(report.get("earned", 0), report.get("possible", 0))
                console.print(
                    text(
                        "classroom.graded_one",
                        student=student,
                        done=done,
                        total=len(submissions),
                        points=points,
                    ),
                    markup=False,
                )
    return dict(sorted(graded.items()))
