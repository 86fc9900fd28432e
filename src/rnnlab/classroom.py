"""Grading a class: many submissions in parallel, and a Gradescope autograder bundle.

``grade_submissions`` grades every sub-folder of a folder (one per student, holding their
``eNN_*.py`` files), several at a time, each in its own ``rnnlab grade --official`` process,
with a progress bar, and writes one report per student plus a CSV of scores. It first computes
every Keras reference once, into a private folder of this run that no submission can read
(grading the untouched stubs computes them all), and each student's run reads them back.

``build_autograder_bundle`` writes the zip Gradescope's "zip file upload" autograder expects:
``setup.sh`` (installs rnnlab, computes the references while the image is built, then makes
the source private to root) and ``run_autograder`` (grades ``/autograder/submission``
officially into ``results/results.json``). The bundle carries no solutions: the untouched
stubs are enough to compute every reference.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from rnnlab.curriculum import load_curriculum
from rnnlab.grader.report import format_points, points_style
from rnnlab.stubs import write_stubs

SETUP_SH = """#!/usr/bin/env bash
# Gradescope builds the image with this once: install rnnlab, compute Keras's references by
# grading the untouched stubs, then keep the source (graders, references) private to root:
# submissions are graded as the user nobody, which can then read none of it.
set -euo pipefail
cd "${AUTOGRADER_ROOT:-/autograder}/source"
[ "${RNNLAB_SKIP_INSTALL:-0}" = 1 ] || python3 -m pip install --quiet .
python3 -m rnnlab grade --impl exercises --fresh-references \\
    --shared-references "$PWD/.rnnlab/references" --format json > /dev/null
chmod -R go-rwx .
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for each submission; results/results.json is what it reads back.
set -euo pipefail
root="${AUTOGRADER_ROOT:-/autograder}"
cd "$root/source"
mkdir -p "$root/results"
python3 -m rnnlab grade --official --shared-references "$root/source/.rnnlab/references" \\
    --impl "$root/submission" --format gradescope \\
    --output "$root/results/results.json" --report "$root/results/report.json"
"""

GRADE = [sys.executable, "-m", "rnnlab", "grade", "--format", "json"]
# tests/broken: the catalogued mistakes the grader names in feedback (run by the grader, never
# by a submission); no solutions/: nothing to steal, and generated stubs compute the references.
# (Without solutions, e05's mistakes, which wrap the reference layers, go unnamed there.)
BUNDLED = ("pyproject.toml", "README.md", "src", "tests/grading", "tests/broken")


def grade_submissions(
    folder: Path,
    *,
    root: Path,
    out_dir: Path,
    csv_path: Path,
    jobs: int | None = None,
    time_limit: float = 60.0,
    console: Console | None = None,
) -> list[dict[str, object]]:
    """Grade every sub-folder of ``folder`` and write a CSV with one row per submission.

    Parameters
    ----------
    folder : pathlib.Path
        One sub-folder per student, named by the student, holding their ``eNN_*.py`` files.
    root : pathlib.Path
        The rnnlab checkout whose graders are used.
    out_dir : pathlib.Path
        Where each student's ``report.json`` goes (``<student>.json``).
    csv_path : pathlib.Path
        The scores: student, total, possible, official, then one column per exercise.
    jobs : int, optional
        Submissions graded at once; default the number of CPU cores.
    time_limit : float
        Seconds per exercise per submission.
    console : rich.console.Console, optional
        Where progress goes: a progress bar on a terminal, one line per submission otherwise
        (a CI log, a file).

    Returns
    -------
    list of dict
        The CSV's rows.

    Raises
    ------
    ValueError
        If ``folder`` holds no sub-folders.
    """
    submissions = sorted(p for p in Path(folder).iterdir() if p.is_dir())
    if not submissions:
        raise ValueError(
            "Received an invalid value for argument `folder`: expected one sub-folder per "
            f"submission. Received: {folder} with none."
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="rnnlab-run-") as private:  # mode 700: ours alone
        references = _compute_references(root, Path(private))
        return _grade_all(
            submissions, root, references, out_dir, csv_path, jobs, time_limit, console
        )


def _compute_references(root: Path, private: Path) -> Path:
    """Every Keras reference, computed once into ``private/references`` by grading stubs."""
    stubs = write_stubs(root, private / "stubs")
    references = private / "references"
    warm = subprocess.run(
        [
            *GRADE,
            "--impl",
            str(stubs),
            "--fresh-references",
            "--shared-references",
            str(references),
            "--report",
            str(private / "stubs.json"),
        ],
        cwd=root,
        capture_output=True,
        text=True,
    )
    if warm.returncode != 0:
        raise RuntimeError(f"computing the Keras references failed:\n{warm.stdout}{warm.stderr}")
    return references


def _grade_all(
    submissions: list[Path],
    root: Path,
    references: Path,
    out_dir: Path,
    csv_path: Path,
    jobs: int | None,
    time_limit: float,
    console: Console | None,
) -> list[dict[str, object]]:
    def grade_one(submission: Path) -> tuple[Path, int]:
        report = out_dir / f"{submission.name}.json"
        process = subprocess.run(
            [
                *GRADE,
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
        return submission, process.returncode

    rows = []
    exercises = [e.name for e in load_curriculum()]
    console = console or Console()
    bar = Progress(console=console, disable=not console.is_terminal)
    with bar, ThreadPoolExecutor(jobs or os.cpu_count() or 1) as pool:
        task = bar.add_task("grading submissions", total=len(submissions))
        for done, future in enumerate(
            as_completed([pool.submit(grade_one, s) for s in submissions]), start=1
        ):
            submission, code = future.result()
            report_path = out_dir / f"{submission.name}.json"
            report = json.loads(report_path.read_text("utf-8")) if report_path.exists() else {}
            row: dict[str, object] = {
                "student": submission.name,
                "total": report.get("earned", ""),
                "possible": report.get("possible", ""),
                "official": report.get("official", False) and code == 0,
            }
            for name in exercises:
                row[name] = report.get("exercises", {}).get(name, {}).get("earned", "")
            rows.append(row)
            bar.advance(task)
            if not console.is_terminal:
                points = format_points(float(row["total"] or 0), float(row["possible"] or 0))
                console.print(f"graded {submission.name} ({done}/{len(submissions)}): {points}")
    rows.sort(key=lambda r: str(r["student"]))
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=["student", "total", "possible", "official", *exercises]
        )
        writer.writeheader()
        writer.writerows(rows)
    return rows


def summary_table(rows: list[dict[str, object]]) -> Table:
    """One row per student: total, whether official, and each exercise's points."""
    exercises = list(load_curriculum())
    table = Table(title="rnnlab grade-all", title_justify="left")
    table.add_column("student", no_wrap=True)
    table.add_column("total", justify="right", no_wrap=True)
    table.add_column("official")
    for exercise in exercises:
        table.add_column(exercise.number, justify="right")
    for row in rows:
        total = float(row["total"] or 0)
        possible = float(row["possible"] or 0)
        style = points_style(total, possible)
        cells = [
            "-" if row.get(e.name) in ("", None) else f"{round(float(row[e.name]), 2):g}"
            for e in exercises
        ]
        table.add_row(
            str(row["student"]),
            f"[{style}]{format_points(total, possible)}[/{style}]",
            "yes" if row["official"] else "[red]no[/red]",
            *cells,
        )
    return table


def build_autograder_bundle(root: Path, output: Path) -> Path:
    """Write Gradescope's autograder zip: ``setup.sh``, ``run_autograder`` and rnnlab's source.

    Gradescope unpacks it into ``/autograder/source``, runs ``setup.sh`` once while building
    the image, then ``run_autograder`` for every submission.

    Returns
    -------
    pathlib.Path
        ``output``.
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, text in (("setup.sh", SETUP_SH), ("run_autograder", RUN_AUTOGRADER)):
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o755 << 16  # executable, as Gradescope runs them directly
            bundle.writestr(info, text)
        for part in BUNDLED:
            path = root / part
            files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
            for file in files:
                if "__pycache__" not in file.parts:
                    bundle.write(file, file.relative_to(root).as_posix())
        with tempfile.TemporaryDirectory() as folder:  # pristine stubs, never a teacher's work
            for stub in sorted(write_stubs(root, Path(folder)).glob("*.py")):
                bundle.write(stub, f"exercises/{stub.name}")
    return output
