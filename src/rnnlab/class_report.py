"""A class report: what a class as a whole gets right and wrong, from its students' reports.

``rnnlab grade-all`` writes one ``report.json`` per student (the document ``rnnlab grade
--format json`` prints). `class_summary` reads those dicts and returns a JSON-able summary:

- ``scores``: each student's total, the class's statistics and a histogram (10 % bins);
- ``exercises``: per exercise, how many students have full marks and their mean points;
- ``checks``: per check (a grading test case), how many students passed it of how many ran it;
- ``misconceptions``: each catalogued mistake the grader recognised, with how many students made
  it (a student counts once per mistake), and ``patterns``, what failing checks shared;
- ``stopped_at``: where students stopped: each student's first exercise, in course order, without
  full marks, counted per exercise (``finished_all`` for the others);
- ``similar``: pairs of students whose code for an exercise is identical or near-identical once
  names and formatting are undone (`rnnlab.classroom.similarity`), from the fingerprints
  ``grade-all`` records in the reports: hints for the teacher to look at, never verdicts.

`class_report_html` turns a summary into one self-contained page for the teacher, in English or
Korean: its figures are inline SVG whose text is drawn as paths, its style is inline, and it
fetches nothing from any host, so it opens offline. The figures hold only numbers and exercise
numbers (``e02``), never words: matplotlib's fonts have no Hangul, so every word (titles, axes)
is in the HTML around them, in the page's language. `write_class_report` writes both.

A student who was not graded on an exercise that others were is counted as not having full
marks on it, with no points.
"""

from __future__ import annotations

import html
import io
import json
import math
import re
import statistics
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from rnnlab import i18n
from rnnlab.classroom.similarity import similar_pairs
from rnnlab.curriculum import load_curriculum
from rnnlab.grader.report import format_points
from rnnlab.safe_io import write_atomic

KIND = "rnnlab class summary"
VERSION = 1
BINS = 10  # histogram bins of the score, in percent of the points possible
# Points are rounded to 6 decimals in report.json: a full mark may read 7.9999995 of 8.
TOLERANCE = 1e-6
SUMMARY_KEYS = ("scores", "exercises", "checks", "misconceptions", "patterns", "stopped_at")


def class_summary(
    reports: Mapping[str, Mapping[str, Any]], *, seed: int | None = None
) -> dict[str, Any]:
    """What a class gets right and wrong, as a JSON-able dict.

    Parameters
    ----------
    reports : mapping of str to dict
        Student name -> that student's report (``report.json``, as ``rnnlab grade --format
        json`` prints it and ``rnnlab grade-all`` writes it).
    seed : int, optional
        The seed the teacher's run used, kept in the summary as it is.

    Returns
    -------
    dict
        ``kind``, ``version``, ``seed``, ``students`` (how many), ``official`` (how many reports
        are official), ``grader_errors`` (students whose grading itself failed), and the
        sections ``scores``, ``exercises``, ``checks``, ``misconceptions``, ``patterns``,
        ``stopped_at`` and ``similar`` (see the module's docstring). Students are in name order,
        exercises in course order.

    Raises
    ------
    ValueError
        If ``reports`` is empty or a report lacks ``earned``, ``possible`` or ``exercises``,
        if two reports disagree on an exercise's points, or if ``seed`` is not an integer.
    """
    students = _validated(reports)
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise ValueError(
            f"Received an invalid value for argument `seed`: expected an integer or None. "
            f"Received: {seed!r}."
        )
    order = _course_order({name for report in students.values() for name in report["exercises"]})
    stopped = {student: _stopped_at(report, order) for student, report in students.items()}
    return {
        "kind": KIND,
        "version": VERSION,
        "seed": seed,
        "students": len(students),
        "official": sum(bool(report.get("official")) for report in students.values()),
        "grader_errors": [s for s, report in students.items() if report.get("grader_errors")],
        "scores": _scores(students, stopped),
        "exercises": [_exercise(name, students) for name in order],
        "checks": _checks(students, order),
        "misconceptions": _misconceptions(students, order),
        "patterns": _patterns(students, order),
        "stopped_at": _stopped_counts(stopped, order),
        "similar": similar_pairs(
            {student: report.get("similarity") for student, report in students.items()}, order
        ),
    }


def _validated(reports: Any) -> dict[str, Mapping[str, Any]]:
    """``reports`` checked and sorted by student name."""
    if not isinstance(reports, Mapping) or not reports:
        received = "an empty mapping" if isinstance(reports, Mapping) else type(reports).__name__
        raise ValueError(
            "Received an invalid value for argument `reports`: expected a mapping of student "
            f"name -> report dict, with at least one student. Received: {received}."
        )
    for student, report in reports.items():
        if not isinstance(student, str) or not student:
            raise ValueError(
                "Received an invalid value for argument `reports`: expected non-empty student "
                f"names (str). Received: {student!r}."
            )
        if (
            not isinstance(report, Mapping)
            or not isinstance(report.get("exercises"), Mapping)
            or not _is_number(report.get("earned"))
            or not _is_number(report.get("possible"))
            or not report["exercises"]
        ):
            keys = sorted(report) if isinstance(report, Mapping) else type(report).__name__
            raise ValueError(
                f"Received an invalid value for argument `reports`: expected reports[{student!r}] "
                "to be a report.json dict with `earned`, `possible` and at least one graded "
                f"exercise in `exercises`. Received: {keys}."
            )
    return {student: reports[student] for student in sorted(reports)}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _course_order(names: Iterable[str]) -> list[str]:
    """``names`` in course order; names the course does not know come last, sorted."""
    names = set(names)
    known = [exercise.name for exercise in load_curriculum()]
    return [name for name in known if name in names] + sorted(names - set(known))


def _full(earned: float, possible: float) -> bool:
    return earned >= possible - TOLERANCE


def _percent(earned: float, possible: float) -> float:
    return round(100 * earned / possible, 4) if possible > 0 else 0.0


def _stopped_at(report: Mapping[str, Any], order: list[str]) -> str | None:
    """The first exercise of ``order`` without full marks (not graded counts), or None."""
    for name in order:
        result = report["exercises"].get(name)
        if result is None or not _full(result["earned"], result["possible"]):
            return name
    return None


def _scores(students: Mapping[str, Mapping[str, Any]], stopped: Mapping[str, Any]) -> dict:
    rows = [
        {
            "student": student,
            "earned": report["earned"],
            "possible": report["possible"],
            "percent": _percent(report["earned"], report["possible"]),
            "official": bool(report.get("official")),
            "stopped_at": stopped[student],
        }
        for student, report in students.items()
    ]
    percents = [row["percent"] for row in rows]
    counts = [0] * BINS
    for percent in percents:  # [0, 10), [10, 20), ... [90, 100]: the last bin holds 100 %
        counts[min(int(round(percent, 6) * BINS // 100), BINS - 1)] += 1
    return {
        "students": rows,
        "mean_percent": round(statistics.fmean(percents), 4),
        "median_percent": round(statistics.median(percents), 4),
        "min_percent": min(percents),
        "max_percent": max(percents),
        "histogram": {
            "unit": "percent",
            "edges": [100 * i // BINS for i in range(BINS + 1)],
            "counts": counts,
        },
    }


def _exercise(name: str, students: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """One exercise across the class; a student not graded on it has 0 points, no full marks."""
    graded = {s: r["exercises"][name] for s, r in students.items() if name in r["exercises"]}
    possibles = {round(float(result["possible"]), 4) for result in graded.values()}
    if len(possibles) > 1:
        detail = ", ".join(f"{s}: {r['possible']}" for s, r in graded.items())
        raise ValueError(
            f"Received an invalid value for argument `reports`: expected every report to give "
            f"{name} the same points possible (graded with the same course). Received: {detail}."
        )
    full = sum(_full(r["earned"], r["possible"]) for r in graded.values())
    known = {exercise.name: exercise for exercise in load_curriculum()}
    first = next(iter(graded.values()))
    return {
        "exercise": name,
        "title": known[name].title if name in known else str(first.get("title", name)),
        "possible": first["possible"],
        "graded": len(graded),
        "full_marks": full,
        "pass_rate": round(full / len(students), 4),
        "mean_points": round(sum(r["earned"] for r in graded.values()) / len(students), 4),
    }


def _checks(students: Mapping[str, Mapping[str, Any]], order: list[str]) -> list[dict]:
    """Every check by exercise (course order) then in the order the grader ran them."""
    tally: dict[tuple[str, str], list[int]] = {}
    for name in order:
        for report in students.values():
            for test in report["exercises"].get(name, {}).get("tests", []):
                passed, ran = tally.setdefault((name, test["name"]), [0, 0])
                tally[name, test["name"]] = [
                    passed + _full(test["earned"], test["possible"]),
                    ran + 1,
                ]
    return [
        {
            "exercise": exercise,
            "check": check,
            "passed": passed,
            "ran": ran,
            "pass_rate": round(passed / ran, 4),
        }
        for (exercise, check), (passed, ran) in tally.items()
    ]


def _misconceptions(students: Mapping[str, Mapping[str, Any]], order: list[str]) -> list[dict]:
    """Each recognised mistake with the students who made it, the most common first."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for student, name, diagnosis in _each(students, order, "diagnoses"):
        entry = found.setdefault(
            (name, diagnosis["id"]),
            {
                "exercise": name,
                "id": diagnosis["id"],
                "message": diagnosis.get("message", ""),
                "names": [],
                "checks": 0,
            },
        )
        if student not in entry["names"]:  # once per student, whatever the checks
            entry["names"].append(student)
        entry["checks"] += int(diagnosis.get("checks", 0))
    return _by_students(found.values(), order)


def _patterns(students: Mapping[str, Mapping[str, Any]], order: list[str]) -> list[dict]:
    """What failing checks had in common (``patterns`` of the reports), by students."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for student, name, pattern in _each(students, order, "patterns"):
        entry = found.setdefault(
            (name, pattern), {"exercise": name, "pattern": pattern, "names": []}
        )
        if student not in entry["names"]:
            entry["names"].append(student)
    return _by_students(found.values(), order)


def _each(
    students: Mapping[str, Mapping[str, Any]], order: list[str], field: str
) -> Iterator[tuple[str, str, Any]]:
    """``(student, exercise, item)`` for every item of each exercise's ``field`` list."""
    for student, report in students.items():
        for name in order:
            for item in report["exercises"].get(name, {}).get(field, []):
                yield student, name, item


def _by_students(entries: Iterable[dict[str, Any]], order: list[str]) -> list[dict[str, Any]]:
    """Entries with their ``students`` count, most students first, then in course order."""
    counted = [{**entry, "students": len(entry["names"])} for entry in entries]
    return sorted(counted, key=lambda e: (-e["students"], order.index(e["exercise"])))


def _stopped_counts(stopped: Mapping[str, str | None], order: list[str]) -> dict[str, Any]:
    exercises = [
        {
            "exercise": name,
            "students": sum(at == name for at in stopped.values()),
            "names": [student for student, at in stopped.items() if at == name],
        }
        for name in order
    ]
    finished = [student for student, at in stopped.items() if at is None]
    return {
        "exercises": exercises,
        "finished_all": {"students": len(finished), "names": finished},
    }


# The page ---------------------------------------------------------------------------------

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans KR",
  "Nanum Gothic", NanumGothic, "Malgun Gothic", "Apple SD Gothic Neo", sans-serif;
  margin: 0; color: #1f2330; background: #fff; line-height: 1.5; }
article { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.7rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid #d0d4e4; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #4a5068; font-size: 0.92rem; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.92rem; }
th, td { border: 1px solid #d0d4e4; padding: 0.25rem 0.55rem; text-align: left;
  vertical-align: top; }
th { background: #eef0f7; }
td.number { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.track { display: inline-block; width: 5rem; height: 0.6rem; margin-left: 0.4rem;
  background: #e3e6f1; vertical-align: middle; }
.meter { display: block; height: 100%; background: #3f51b5; }
details summary { cursor: pointer; }
.names { color: #4a5068; font-size: 0.85rem; }
.warning { background: #fff4e5; border-left: 4px solid #e69500; padding: 0.4rem 0.8rem; }
code { font-size: 0.85rem; }
"""


def class_report_html(summary: Mapping[str, Any], *, language: str | None = None) -> str:
    """One self-contained HTML page for a `class_summary`, for the teacher.

    Parameters
    ----------
    summary : mapping
        What `class_summary` returned (or its JSON, read back).
    language : str, optional
        ``"en"`` or ``"ko"``; default the user's language (``RNNLAB_LANG`` or the locale).

    Returns
    -------
    str
        The page: ``<html lang=...>``, inline CSS, the score histogram and the exercises' pass
        rates as inline SVG (text drawn as paths: no font needed), and tables of pass rates,
        where students stopped, misconceptions, patterns, failing checks, similar submissions
        and students. Every student name and message is HTML-escaped; nothing is fetched from
        any host.

    Raises
    ------
    ValueError
        If ``summary`` is not a class summary, or ``language`` is not supported.
    """
    if not isinstance(summary, Mapping) or summary.get("kind") != KIND:
        got = summary.get("kind") if isinstance(summary, Mapping) else type(summary).__name__
        raise ValueError(
            f"Received an invalid value for argument `summary`: expected what class_summary "
            f"returns (kind {KIND!r}). Received: {got!r}."
        )
    missing = [key for key in SUMMARY_KEYS if key not in summary]
    if missing:
        raise ValueError(
            f"Received an invalid value for argument `summary`: expected the keys "
            f"{', '.join(SUMMARY_KEYS)}. Received none for: {', '.join(missing)}."
        )
    language = language or i18n.current_language()
    i18n.catalogue(language)  # a clear ValueError for an unknown language

    def t(key: str, **fields: Any) -> str:
        return html.escape(i18n.text(f"class_report.{key}", language=language, **fields))

    sections = [
        _heading(summary, t),
        _scores_section(summary, t),
        _exercises_section(summary, t, language),
        _stopped_section(summary, t, language),
        _misconceptions_section(summary, t, language),
        _checks_section(summary, t),
        _similar_section(summary, t),
        _students_section(summary, t),
        f'<p class="names">{t("generated_by", students=summary["students"])}</p>',
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'  # no favicon to ask any server for
        f"<title>{t('title')}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<article>\n"
        + "\n".join(sections)
        + "\n</article>\n</body>\n</html>\n"
    )


def _table(headers: Iterable[str], rows: Iterable[Iterable[str]], numbers: set[int]) -> str:
    """An HTML table from already-escaped cells; columns in ``numbers`` align right."""
    head = "".join(f"<th>{header}</th>" for header in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="number">{cell}</td>' if i in numbers else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>\n"
        for row in rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>"


def _names(names: Iterable[str]) -> str:
    return f'<span class="names">{html.escape(", ".join(names))}</span>'


def _exercise_label(name: str, title: str, language: str) -> str:
    known = {exercise.name: exercise for exercise in load_curriculum()}
    if name in known:
        title = i18n.title(known[name], language=language)
    return f"<code>{html.escape(name)}</code> {html.escape(title)}"


def _percent_text(fraction: float) -> str:
    return f"{100 * fraction:.0f}%"


def _heading(summary: Mapping[str, Any], t: Any) -> str:
    lines = [
        f"<h1>{t('title')}</h1>",
        f"<p>{t('subtitle', students=summary['students'], exercises=len(summary['exercises']))}"
        f" {t('official', official=summary['official'], students=summary['students'])}</p>",
    ]
    if summary.get("seed") is not None:
        lines.append(f"<p>{t('seed', seed=summary['seed'])}</p>")
    if summary.get("grader_errors"):
        names, count = ", ".join(summary["grader_errors"]), len(summary["grader_errors"])
        lines.append(f'<p class="warning">{t("grader_errors", count=count, names=names)}</p>')
    return "\n".join(lines)


def _scores_section(summary: Mapping[str, Any], t: Any) -> str:
    scores = summary["scores"]
    stats = t(
        "scores_stats",
        mean=f"{scores['mean_percent']:.0f}%",
        median=f"{scores['median_percent']:.0f}%",
        lowest=f"{scores['min_percent']:.0f}%",
        highest=f"{scores['max_percent']:.0f}%",
    )
    figure = _figure(_histogram_svg(scores["histogram"]), t("histogram_caption"), "histogram")
    return f"<h2>{t('scores_heading')}</h2>\n<p>{stats}</p>\n{figure}"


def _exercises_section(summary: Mapping[str, Any], t: Any, language: str) -> str:
    exercises = summary["exercises"]
    figure = _figure(
        _pass_rate_svg(exercises, summary["students"]), t("pass_rate_caption"), "rates"
    )
    rows = [
        (
            _exercise_label(e["exercise"], e["title"], language),
            t("of", count=e["full_marks"], total=summary["students"]),
            _percent_text(e["pass_rate"])
            + f'<span class="track"><span class="meter" style="width:{100 * e["pass_rate"]:.0f}%">'
            "</span></span>",
            html.escape(format_points(e["mean_points"], e["possible"])),
        )
        for e in exercises
    ]
    headers = [t("col_exercise"), t("col_full_marks"), t("col_pass_rate"), t("col_mean_points")]
    table = _table(headers, rows, numbers={1, 2, 3})
    return f"<h2>{t('exercises_heading')}</h2>\n{figure}\n{table}"


def _stopped_section(summary: Mapping[str, Any], t: Any, language: str) -> str:
    titles = {e["exercise"]: e["title"] for e in summary["exercises"]}
    stopped = summary["stopped_at"]
    rows = [
        (
            _exercise_label(s["exercise"], titles.get(s["exercise"], ""), language),
            str(s["students"]),
            _names(s["names"]),
        )
        for s in stopped["exercises"]
        if s["students"]
    ]
    finished = stopped["finished_all"]
    rows.append((t("finished_all"), str(finished["students"]), _names(finished["names"])))
    table = _table([t("col_exercise"), t("col_students"), t("col_names")], rows, numbers={1})
    return f"<h2>{t('stopped_heading')}</h2>\n<p>{t('stopped_intro')}</p>\n{table}"


def _misconceptions_section(summary: Mapping[str, Any], t: Any, language: str) -> str:
    parts = [f"<h2>{t('misconceptions_heading')}</h2>"]
    mistakes = summary["misconceptions"]
    if not mistakes:
        parts.append(f"<p>{t('no_misconceptions')}</p>")
    else:
        translated = i18n.catalogue(language).get("mistakes", {})
        rows = [
            (
                f"<code>{html.escape(m['exercise'])}</code>",
                f"<code>{html.escape(m['id'])}</code> "
                + html.escape(translated.get(f"{m['exercise']}__{m['id']}") or m["message"]),
                t("of", count=m["students"], total=summary["students"]),
                _names(m["names"]),
            )
            for m in mistakes
        ]
        headers = [t("col_exercise"), t("col_mistake"), t("col_students"), t("col_names")]
        parts += [f"<p>{t('misconceptions_intro')}</p>", _table(headers, rows, numbers={2})]
    if summary["patterns"]:
        rows = [
            (
                f"<code>{html.escape(p['exercise'])}</code>",
                html.escape(p["pattern"]),
                t("of", count=p["students"], total=summary["students"]),
                _names(p["names"]),
            )
            for p in summary["patterns"]
        ]
        headers = [t("col_exercise"), t("col_pattern"), t("col_students"), t("col_names")]
        parts += [f"<h2>{t('patterns_heading')}</h2>", _table(headers, rows, numbers={2})]
    return "\n".join(parts)


def _checks_section(summary: Mapping[str, Any], t: Any) -> str:
    checks = summary["checks"]
    failing = sorted(
        (c for c in checks if c["passed"] < c["ran"]), key=lambda c: (c["pass_rate"], -c["ran"])
    )
    heading = f"<h2>{t('checks_heading')}</h2>"
    if not failing:
        return f"{heading}\n<p>{t('all_checks_pass', total=len(checks))}</p>"
    rows = [
        (
            f"<code>{html.escape(c['exercise'])}</code>",
            f"<code>{html.escape(c['check'])}</code>",
            t("of", count=c["passed"], total=c["ran"]),
            _percent_text(c["pass_rate"]),
        )
        for c in failing
    ]
    headers = [t("col_exercise"), t("col_check"), t("col_passed"), t("col_pass_rate")]
    intro = t("checks_intro", failing=len(failing), total=len(checks))
    table = _table(headers, rows, numbers={2, 3})
    return f"{heading}\n<details>\n<summary>{intro}</summary>\n{table}\n</details>"


def _similar_section(summary: Mapping[str, Any], t: Any) -> str:
    """Pairs whose code looks alike: hints to compare two files, worded as such."""
    pairs = summary.get("similar", [])  # summaries written before the section have none
    heading = f"<h2>{t('similar_heading')}</h2>"
    if not pairs:
        return f"{heading}\n<p>{t('no_similar')}</p>"
    rows = [
        (
            html.escape(pair["students"][0]),
            html.escape(pair["students"][1]),
            f"<code>{html.escape(pair['exercise'])}</code>",
            _percent_text(pair["shared"]),
            t("identical") if pair["kind"] == "identical" else t("near_identical"),
        )
        for pair in pairs
    ]
    headers = [
        t("col_student_a"),
        t("col_student_b"),
        t("col_exercise"),
        t("col_shared"),
        t("col_how"),
    ]
    intro = t("similar_intro", pairs=len(pairs))
    return f"{heading}\n<p>{intro}</p>\n{_table(headers, rows, numbers={3})}"


def _students_section(summary: Mapping[str, Any], t: Any) -> str:
    rows = [
        (
            html.escape(s["student"]),
            html.escape(format_points(s["earned"], s["possible"])),
            f"{s['percent']:.0f}%",
            f"<code>{html.escape(s['stopped_at'])}</code>"
            if s["stopped_at"]
            else t("finished_all"),
            t("yes") if s["official"] else t("no"),
        )
        for s in summary["scores"]["students"]
    ]
    headers = [
        t("col_student"),
        t("col_score"),
        "%",
        t("col_stopped_at"),
        t("col_official"),
    ]
    return f"<h2>{t('students_heading')}</h2>\n{_table(headers, rows, numbers={1, 2})}"


# Figures: matplotlib, inline SVG --------------------------------------------------------------

COLOR = "#3f51b5"


def _figure(svg: str, caption: str, name: str) -> str:
    """A ``<figure>`` with the SVG labelled by its caption (already escaped)."""
    svg = svg.replace("<svg ", f'<svg role="img" aria-labelledby="{name}-caption" ', 1)
    caption = f'<figcaption id="{name}-caption">{caption}</figcaption>'
    return f'<figure id="{name}">\n{svg}\n{caption}\n</figure>'


def _new_figure() -> Any:
    """A matplotlib figure that pyplot never sees: no backend to switch, nothing to close."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 3.0), layout="constrained")
    axis = figure.add_subplot()
    axis.spines[["top", "right"]].set_visible(False)
    return figure, axis


def _histogram_svg(histogram: Mapping[str, Any]) -> str:
    from matplotlib.ticker import MaxNLocator

    figure, axis = _new_figure()
    edges, counts = histogram["edges"], histogram["counts"]
    width = edges[1] - edges[0]
    bars = axis.bar(edges[:-1], counts, width=width * 0.92, align="edge", color=COLOR)
    axis.bar_label(bars, labels=[str(c) if c else "" for c in counts], fontsize=9)
    axis.set_xticks(edges, labels=[f"{edge}%" for edge in edges], fontsize=9)
    axis.set_xlim(edges[0], edges[-1])
    axis.yaxis.set_major_locator(MaxNLocator(integer=True))
    axis.set_ylim(0, max(max(counts), 1) * 1.15)
    return _svg(figure, "histogram")


def _pass_rate_svg(exercises: list[Mapping[str, Any]], students: int) -> str:
    figure, axis = _new_figure()
    numbers = [e["exercise"].split("_")[0] for e in exercises]
    rates = [100 * e["pass_rate"] for e in exercises]
    bars = axis.bar(range(len(exercises)), rates, width=0.7, color=COLOR)
    labels = [f"{e['full_marks']}/{students}" for e in exercises]
    axis.bar_label(bars, labels=labels, fontsize=9)
    axis.set_xticks(range(len(exercises)), labels=numbers, fontsize=9)
    axis.set_ylim(0, 115)
    axis.set_yticks(range(0, 101, 25), labels=[f"{p}%" for p in range(0, 101, 25)], fontsize=9)
    return _svg(figure, "rates")


def _svg(figure: Any, prefix: str) -> str:
    """The figure as inline SVG: text as paths, no XML prolog or metadata, ids prefixed.

    Two matplotlib SVGs in one page would share ids (glyphs, clip paths); the prefix keeps
    each figure's own, so the page's ids stay unique. The salt makes the output reproducible.
    """
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": prefix}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg ") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    ids = set(re.findall(r'\sid="([^"]+)"', svg))

    def prefixed(match: re.Match[str]) -> str:
        name = match.group(2)
        return match.group(1) + (f"{prefix}-{name}" if name in ids else name)

    return re.sub(r'(\sid="|url\(#|href="#)([^")]+)', prefixed, svg).strip()


def write_class_report(
    reports: Mapping[str, Mapping[str, Any]],
    *,
    html: Path | None = None,
    json_path: Path | None = None,
    seed: int | None = None,
    language: str | None = None,
) -> dict[str, Any]:
    """Write the class summary as JSON and/or its HTML page, creating their folders.

    Parameters
    ----------
    reports : mapping of str to dict
        Student name -> report dict, as for `class_summary`.
    html : pathlib.Path, optional
        Where the page goes (UTF-8).
    json_path : pathlib.Path, optional
        Where the summary goes (UTF-8 JSON).
    seed : int, optional
        Kept in the summary and shown on the page.
    language : str, optional
        The page's language; default the user's.

    Returns
    -------
    dict
        The summary.

    Raises
    ------
    ValueError
        If neither ``html`` nor ``json_path`` is given, or as `class_summary` does.
    """
    if html is None and json_path is None:
        raise ValueError(
            "Received an invalid value for arguments `html` and `json_path`: expected at least "
            "one path to write. Received: None for both."
        )
    summary = class_summary(reports, seed=seed)
    if json_path is not None:
        json_path = Path(json_path)
        write_atomic(json_path, json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    if html is not None:
        page = class_report_html(summary, language=language)
        html = Path(html)
        write_atomic(html, page)
    return summary
