"""A class's scores: one row per student from their reports, the CSV, and the summary table.

One piece of code serves ``grade-all`` and ``merge``, so a merged class writes exactly what one
unsharded run writes.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from rnnlab.curriculum import Exercise, load_curriculum
from rnnlab.grader.report import format_points, points_style
from rnnlab.i18n import text

Row = dict[str, object]
NAME_ROOM = 20  # characters of a student's name the summary table keeps on one line


def read_reports(folder: Path, students: list[str]) -> dict[str, dict[str, Any]]:
    """``{student: report}`` from ``folder/<student>.json`` (an empty report if missing)."""
    reports = {}
    for student in students:
        path = Path(folder) / f"{student}.json"
        reports[student] = json.loads(path.read_text("utf-8")) if path.exists() else {}
    return reports


def score_rows(
    reports: Mapping[str, Mapping[str, Any]], exit_codes: Mapping[str, int], seed: int
) -> list[Row]:
    """One row per student, sorted by name: total, possible, official, the seed, then each
    exercise's points. A report counts as official only if its grading run also exited 0."""
    exercises = [e.name for e in load_curriculum()]
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


def write_scores_csv(rows: list[Row], path: Path) -> None:
    """The scores CSV: student, total, possible, official, seed, then one column per exercise."""
    exercises = [e.name for e in load_curriculum()]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        columns = ["student", "total", "possible", "official", "seed", *exercises]
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def summary_table(rows: list[Row], width: int = 80) -> Table:
    """One row per student: total, whether official, and each exercise's points, in ``width``
    columns.

    The table is compact (``e01`` headers, no vertical rules); when the exercises' columns
    still do not fit, it drops them and its caption says the CSV holds them. A name too long
    for even that wraps inside its column.

    Parameters
    ----------
    rows : list of dict
        What `score_rows` returns.
    width : int
        The console's width (rich's ``console.width``: 80 in a pipe).

    Returns
    -------
    rich.table.Table

    Raises
    ------
    ValueError
        If ``width`` is not a positive integer.
    """
    if isinstance(width, bool) or not isinstance(width, int) or width < 1:
        raise ValueError(
            "Received an invalid value for argument `width`: expected a positive number of "
            f"columns (rich's console.width). Received: {width!r}."
        )
    exercises = list(load_curriculum())
    # A long name folds inside its column; the exercises' columns stay if they fit beside a
    # name of NAME_ROOM characters.
    shortened = [{**row, "student": str(row["student"])[:NAME_ROOM]} for row in rows]
    if Console(width=10_000).measure(_summary(shortened, exercises)).maximum <= width:
        return _summary(rows, exercises)
    table = _summary(rows, [])
    table.caption = text("classroom.summary_narrowed", width=width)
    table.caption_justify = "left"
    return table


def _summary(rows: list[Row], exercises: list[Exercise]) -> Table:
    """The summary table with one column per exercise of ``exercises``."""
    table = Table(
        title="rnnlab grade-all",
        title_justify="left",
        box=box.SIMPLE_HEAD,  # no vertical rules, no edges: one space between columns
        show_edge=False,
        pad_edge=False,
        padding=0,  # the box draws a space between columns
    )
    table.add_column("student", overflow="fold")
    table.add_column("total", justify="right", no_wrap=True)
    table.add_column("official", no_wrap=True)
    for exercise in exercises:
        table.add_column(exercise.number, justify="right", no_wrap=True)
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
