"""A class's scores: one row per student from their reports, the CSV, and the summary table.

One piece of code serves ``grade-all`` and ``merge``, so a merged class writes exactly what one
unsharded run writes.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from rich.table import Table

from rnnlab.curriculum import Exercise, load_curriculum
from rnnlab.grader.report import format_points, points_style

Row = dict[str, object]


def read_reports(folder: Path, students: list[str]) -> dict[str, dict[str, Any]]:
    """``{student: report}`` from ``folder/<student>.json`` (an empty report if missing)."""
    reports = {}
    for student in students:
        path = Path(folder) / f"{student}.json"
        reports[student] = json.loads(path.read_text("utf-8")) if path.exists() else {}
    return reports


def score_rows(
    reports: Mapping[str, Mapping[str, Any]],
    exit_codes: Mapping[str, int],
    seed: int,
    *,
    exercises: Sequence[str] | None = None,
) -> list[Row]:
    """One row per student, sorted by name: total, possible, official, the seed, then the
    points of each exercise graded (``exercises``: the assignment's names; default all). A
    report counts as official only if its grading run also exited 0."""
    exercises = [e.name for e in load_curriculum()] if exercises is None else list(exercises)
    rows = []
    for student in sorted(reports):
        report = reports[student]
        row: Row = {
            "student": student,
            "total": report.get("earned", ""),
            "possible": report.get("possible", ""),
            "official": report.get("official", False) and exit_codes.get(student) == 0,
            "seed": seed,
        }
        for name in exercises:
            row[name] = report.get("exercises", {}).get(name, {}).get("earned", "")
        rows.append(row)
    return rows


def exercise_columns(rows: list[Row]) -> list[Exercise]:
    """The exercises the rows hold points for (those graded), in course order."""
    graded = set().union(*(row.keys() for row in rows)) if rows else set()
    return [exercise for exercise in load_curriculum() if exercise.name in graded]


def write_scores_csv(rows: list[Row], path: Path) -> None:
    """The scores CSV: student, total, possible, official, seed, then one column per exercise
    graded (the assignment's)."""
    exercises = [e.name for e in exercise_columns(rows)]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        columns = ["student", "total", "possible", "official", "seed", *exercises]
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def summary_table(rows: list[Row]) -> Table:
    """One row per student: total, whether official, and each graded exercise's points."""
    exercises = exercise_columns(rows)
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
