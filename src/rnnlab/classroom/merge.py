"""Merge a results folder (one or many shares of ``grade-all``) into the class's scores and
report: exactly what one unsharded run with the same seed writes."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from rnnlab.classroom.scores import (
    Row,
    read_reports,
    score_rows,
    update_scores_csv,
    write_scores_csv,
)
from rnnlab.classroom.shards import whole_class


def merge_results(
    folder: Path,
    *,
    csv_path: Path,
    html: Path | None = None,
    json_path: Path | None = None,
    update: Collection[str] | None = None,
) -> list[Row]:
    """Check that ``folder`` holds a whole class, then write its scores CSV and class report.

    Parameters
    ----------
    folder : pathlib.Path
        Where ``grade-all --out`` wrote ``<student>.json`` (each student's latest report) and
        ``shard-K-of-N.json``.
    csv_path : pathlib.Path
        The scores CSV.
    update : collection of str, optional
        Only these students' rows change in an existing ``csv_path`` (a regrade): every other
        line stays byte for byte (`rnnlab.classroom.scores.update_scores_csv`).
    html, json_path : pathlib.Path, optional
        The class report as an offline HTML page and as JSON; default beside the results
        (``class.html``, ``class.json``).

    Returns
    -------
    list of dict
        The whole class's rows, from each student's latest report.

    Raises
    ------
    ValueError
        If the folder holds no results, or not one whole class (see `whole_class`), or the CSV
        to update is not this class's.
    """
    from rnnlab.class_report import write_class_report

    folder = Path(folder)
    manifest = whole_class(folder)
    reports = read_reports(folder, manifest.roster)
    # The columns of the run's assignment (a record without one graded the whole course).
    chosen = list(manifest.assignment) if manifest.assignment is not None else None
    rows = score_rows(reports, manifest.graded, manifest.seed, exercises=chosen)
    if update is None:
        write_scores_csv(rows, csv_path)
    else:
        update_scores_csv(rows, csv_path, update)
    write_class_report(
        {student: report for student, report in reports.items() if report},  # graded at all
        html=html or folder / "class.html",
        json_path=json_path or folder / "class.json",
        seed=manifest.seed,
    )
    return rows
