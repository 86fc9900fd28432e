"""A class's scores: one row per student from their reports, the CSV, and the summary table.

One piece of code serves ``grade-all`` and ``merge``, so a merged class writes exactly what one
unsharded run writes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from rnnlab.curriculum import Exercise, load_curriculum
from rnnlab.grader.report import format_points, points_style
from rnnlab.i18n import text
from rnnlab.safe_io import write_atomic

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
    reports: Mapping[str, Mapping[str, Any]],
    exit_codes: Mapping[str, int],
    seed: int,
    *,
    exercises: Sequence[str] | None = None,
) -> list[Row]:
    """One row per student, sorted by id: the student's name (when a roster named anyone),
    total, possible, official, the seed, the run, then the points of each exercise graded
    (``exercises``: the assignment's names; default all). A report counts as official only
    if its grading run also exited 0."""
    exercises = [e.name for e in load_curriculum()] if exercises is None else list(exercises)
    named = any("roster" in report for report in reports.values())
    rows = []
    for student in sorted(reports):
        report = reports[student]
        row: Row = {"student": student}
        if named:
            row["name"] = report.get("roster", {}).get("name", "")
        row.update(
            total=report.get("earned", ""),
            possible=report.get("possible", ""),
            official=report.get("official", False) and exit_codes.get(student) == 0,
            seed=seed,
            run=report.get("run", ""),
        )
        for name in exercises:
            row[name] = report.get("exercises", {}).get(name, {}).get("earned", "")
        rows.append(row)
    return rows


def exercise_columns(rows: list[Row]) -> list[Exercise]:
    """The exercises the rows hold points for (those graded), in course order."""
    graded = set().union(*(row.keys() for row in rows)) if rows else set()
    return [exercise for exercise in load_curriculum() if exercise.name in graded]


def _columns(rows: list[Row]) -> list[str]:
    named = ["name"] if any("name" in row for row in rows) else []
    exercises = [e.name for e in exercise_columns(rows)]
    return ["student", *named, "total", "possible", "official", "seed", "run", *exercises]


def write_scores_csv(rows: list[Row], path: Path) -> None:
    """The scores CSV: student, name (with a roster), total, possible, official, seed, run,
    then one column per exercise graded (the assignment's)."""
    table = io.StringIO(newline="")
    writer = csv.DictWriter(table, fieldnames=_columns(rows))
    writer.writeheader()
    writer.writerows(rows)
    write_atomic(path, table.getvalue())  # a half-written gradebook would lose grades


def update_scores_csv(rows: list[Row], path: Path, students: Collection[str]) -> None:
    """Replace the rows of ``students`` in the scores CSV at ``path`` with theirs in ``rows``,
    keeping every other line of the file byte for byte (a student new to it is added at the
    end); without a file at ``path``, write every row.

    Raises
    ------
    ValueError
        If the file's columns are not this class's, or it holds scores of another seed (a
        regrade never mixes the inputs of two runs in one file).
    """
    records = []
    if path.exists():
        with path.open(newline="", encoding="utf-8") as handle:  # line endings as they are
            records = _records(handle.read())
    if not records:
        write_scores_csv(rows, path)
        return
    columns = _columns(rows)
    header = records[0][0]
    if header != columns:
        raise ValueError(
            text(
                "classroom.csv_columns",
                path=path,
                expected=", ".join(columns),
                received=", ".join(header),
            )
        )
    at = header.index("seed")
    seeds = {str(row["seed"]) for row in rows}
    others = sorted({fields[at] for fields, _ in records[1:] if len(fields) > at} - seeds)
    if others:
        raise ValueError(text("classroom.csv_seed", path=path))
    ending = "\r\n" if records[0][1].endswith("\r\n") else "\n"  # the file's own
    fresh = {str(row["student"]): _line(row, columns, ending) for row in rows}
    known = {fields[0] for fields, _ in records[1:] if fields}
    lines = [records[0][1]]
    for fields, raw in records[1:]:
        student = fields[0] if fields else ""
        lines.append(fresh[student] if student in students and student in fresh else raw)
    lines += [fresh[s] for s in sorted(students) if s in fresh and s not in known]
    write_atomic(path, "".join(lines))


def _records(content: str) -> list[tuple[list[str], str]]:
    """Each CSV record of ``content`` with its exact text (a quoted field may span lines)."""
    consumed: list[str] = []

    def lines() -> Iterator[str]:
        for line in io.StringIO(content, newline=""):
            consumed.append(line)
            yield line

    records = []
    for fields in csv.reader(lines()):
        records.append((fields, "".join(consumed)))
        consumed.clear()
    return records


def _line(row: Row, columns: list[str], ending: str) -> str:
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=columns, lineterminator=ending).writerow(row)
    return buffer.getvalue()


def summary_table(rows: list[Row], width: int = 80) -> Table:
    """One row per student: total, whether official, and each graded exercise's points, in
    ``width`` columns.

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
    exercises = exercise_columns(rows)
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
    table.add_column(text("class_report.col_student"), overflow="fold")
    table.add_column(text("grade.total"), justify="right", no_wrap=True)
    table.add_column(text("class_report.col_official"), no_wrap=True)
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
            escape(str(row["student"])),  # a folder's name, not markup
            f"[{style}]{format_points(total, possible)}[/{style}]",
            text("class_report.yes")
            if row["official"]
            else f"[red]{text('class_report.no')}[/red]",
            *cells,
        )
    return table
