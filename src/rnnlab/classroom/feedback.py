"""Feedback to hand back: one Markdown and one HTML file per student, from their report.

Each file gives the points per exercise, the first failing check, the misconceptions the
grader recognised, the exercise's first hint and its course page, and what was noticed about
the files handed in (``"submission_notes"``, see `rnnlab.classroom.submissions`), in the
student's language: the roster's (kept in their report as ``"roster"``), else the run's.
Nothing of the teacher's machine reaches it: every path in a message is
cut to its file name (a folder becomes a neutral phrase), and the seed is never shown. The
HTML page is one offline file: no script, no external asset, every text escaped.

It reads each student's latest report, so ``grade-all --feedback`` and ``merge --feedback``
write the same.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rnnlab import i18n
from rnnlab.classroom.scores import read_reports
from rnnlab.classroom.shards import whole_class
from rnnlab.classroom.submissions import Note
from rnnlab.curriculum import Exercise, load_curriculum
from rnnlab.safe_io import write_atomic

# An absolute path (two parts at least) not inside a word: /home/t/class/carol, C:\class\x.py
_POSIX = r"(?<![\w.~/])~?/(?:[^\s/\\'\"()<>,;:]+/)+[^\s/\\'\"()<>,;:]*"
_WINDOWS = r"(?<![\w])[A-Za-z]:\\(?:[^\s\\'\"()<>,;:]+\\)*[^\s\\'\"()<>,;:]*"
ABSOLUTE_PATH = re.compile(f"{_POSIX}|{_WINDOWS}")


def scrub_paths(message: str, *, language: str | None = None) -> str:
    """``message`` with every absolute path cut to its file name; a folder's path becomes a
    neutral phrase ("your submission").

    Examples
    --------
    >>> scrub_paths("not submitted (e05_bidirectional.py is not in /home/t/class/carol)",
    ...             language="en")
    'not submitted (e05_bidirectional.py is not in your submission)'
    >>> scrub_paths('File "/tmp/rnnlab-run-x/kim/e02_simple_rnn.py", line 3; dh/dx is 0.5')
    'File "e02_simple_rnn.py", line 3; dh/dx is 0.5'
    """

    def replace(match: re.Match[str]) -> str:
        path = match.group(0)
        end = len(path.rstrip("."))
        path, trailing = path[:end], path[end:]
        name = re.split(r"[/\\]", path.rstrip("/\\"))[-1]
        if "." in name.strip("."):
            return name + trailing
        return i18n.text("feedback.folder", language=language) + trailing

    return ABSOLUTE_PATH.sub(replace, str(message))


def docs_page(exercise: Exercise, language: str) -> str:
    """The exercise's course page in ``language``, e.g. ``docs/exercises/e03_lstm.ko.md``."""
    page = f"docs/{exercise.docs}"
    return page.removesuffix(".md") + ".ko.md" if language == "ko" else page


def _points(earned: Any, possible: Any, language: str) -> str:
    return i18n.text(
        "feedback.points",
        language=language,
        earned=f"{round(float(earned or 0), 2):g}",
        possible=f"{round(float(possible or 0), 2):g}",
    )


def _not_submitted(name: str, result: Mapping[str, Any], report: Mapping[str, Any]) -> bool:
    if "submitted_files" in report:  # grade-all says which files it found
        return name not in report["submitted_files"]
    said = str(result.get("feedback", ""))
    return any(
        said.startswith(i18n.catalogue(lang)["plugin.not_submitted"].split("{")[0])
        for lang in i18n.LANGUAGES
    )


def _misconceptions(name: str, result: Mapping[str, Any], language: str) -> list[str]:
    said = []
    for diagnosis in result.get("diagnoses", []):
        translated = None
        if language != i18n.DEFAULT:
            mistakes = i18n.catalogue(language).get("mistakes", {})
            translated = mistakes.get(f"{name}__{diagnosis.get('id')}")
        said.append(translated or str(diagnosis.get("message", "")))
    return said


def student_feedback(
    student: str, report: Mapping[str, Any], *, language: str | None = None
) -> dict[str, Any]:
    """What a student's feedback says, as plain data both formats render.

    Returns
    -------
    dict
        ``title``, ``total``, ``notes`` (sentences), ``no_files`` (a sentence or ""), and
        ``exercises``: one dict per exercise graded with ``name``, ``title``, ``points``,
        ``status`` (``passed``, ``not_submitted`` or ``failed``), ``check`` (the first failing
        check), ``misconceptions``, ``hint`` and ``page``. Every sentence is free of paths.
    """
    language = language or i18n.current_language()
    course = {exercise.name: exercise for exercise in load_curriculum()}
    scrub = lambda said: scrub_paths(said, language=language)  # noqa: E731
    exercises = []
    for name, result in report.get("exercises", {}).items():
        exercise = course.get(name)
        if exercise is None:
            continue
        full = float(result.get("earned", 0)) >= float(result.get("possible", 0))
        missing = _not_submitted(name, result, report)
        status = "passed" if full else "not_submitted" if missing else "failed"
        check = ""
        if status == "failed":
            check = scrub(result.get("feedback", ""))
        hints = i18n.hints(exercise, language=language)
        exercises.append(
            {
                "name": name,
                "title": i18n.title(exercise, language=language),
                "points": _points(result.get("earned"), result.get("possible"), language),
                "status": status,
                "check": check,
                "misconceptions": [scrub(m) for m in _misconceptions(name, result, language)],
                "hint": "" if full or not hints else hints[0],
                "page": docs_page(exercise, language),
            }
        )
    notes = [
        scrub(Note.from_json(record).message(language=language))
        for record in report.get("submission_notes", [])
    ]
    no_files = "submitted_files" in report and not report["submitted_files"]
    return {
        "title": i18n.text(
            "feedback.title",
            language=language,
            student=report.get("roster", {}).get("name") or student,
        ),
        "total": i18n.text(
            "feedback.total",
            language=language,
            points=_points(report.get("earned"), report.get("possible"), language),
        ),
        "notes": notes,
        "no_files": i18n.text("feedback.no_files", language=language) if no_files else "",
        "exercises": exercises,
        "language": language,
    }


def _status_line(item: Mapping[str, Any], language: str) -> str:
    if item["status"] == "passed":
        return i18n.text("feedback.passed", language=language)
    if item["status"] == "not_submitted":
        return i18n.text("feedback.not_submitted", language=language, name=f"{item['name']}.py")
    return f"{i18n.text('feedback.first_failing', language=language)}: {item['check']}"


def to_markdown(feedback: Mapping[str, Any]) -> str:
    """The feedback as Markdown."""
    language = feedback["language"]
    t = lambda key: i18n.text(f"feedback.{key}", language=language)  # noqa: E731
    lines = [f"# {feedback['title']}", "", f"**{feedback['total']}**", ""]
    if feedback["no_files"] or feedback["notes"]:
        lines += [f"## {t('notes_heading')}", ""]
        if feedback["no_files"]:
            lines += [feedback["no_files"], ""]
        lines += [f"- {note}" for note in feedback["notes"]]
        lines += [""] if feedback["notes"] else []
    lines += [f"| {t('col_exercise')} | {t('col_points')} |", "|---|---|"]
    lines += [f"| {item['name']} | {item['points']} |" for item in feedback["exercises"]]
    lines.append("")
    for item in feedback["exercises"]:
        lines += [f"## {item['name']}: {item['title']}", "", f"**{item['points']}**", ""]
        lines += [f"- {_status_line(item, language)}"]
        lines += [f"- {t('misconceptions')}: {said}" for said in item["misconceptions"]]
        if item["hint"]:
            lines.append(f"- {t('hint')}: {item['hint']}")
        lines += [f"- {t('course_page')}: `{item['page']}`", ""]
    lines.append(f"_{t('generated_by')}_")
    return "\n".join(lines) + "\n"


_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.5;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
    "padding:.3rem .6rem;text-align:left}.passed{color:#1a7f37}.failed,.not_submitted"
    "{color:#b42318}code{background:#f4f4f4;padding:0 .2rem}"
)


def to_html(feedback: Mapping[str, Any]) -> str:
    """The feedback as one offline HTML page (inline style, nothing external, all escaped)."""
    language = feedback["language"]
    e = html.escape
    t = lambda key: e(i18n.text(f"feedback.{key}", language=language))  # noqa: E731
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(language)}"><head><meta charset="utf-8">',
        f"<title>{e(feedback['title'])}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{e(feedback['title'])}</h1>",
        f"<p><strong>{e(feedback['total'])}</strong></p>",
    ]
    if feedback["no_files"] or feedback["notes"]:
        parts.append(f"<h2>{t('notes_heading')}</h2>")
        if feedback["no_files"]:
            parts.append(f"<p>{e(feedback['no_files'])}</p>")
        if feedback["notes"]:
            parts.append("<ul>" + "".join(f"<li>{e(n)}</li>" for n in feedback["notes"]) + "</ul>")
    parts.append(f"<table><tr><th>{t('col_exercise')}</th><th>{t('col_points')}</th></tr>")
    parts += [
        f'<tr><td>{e(item["name"])}</td><td class="{item["status"]}">{e(item["points"])}</td></tr>'
        for item in feedback["exercises"]
    ]
    parts.append("</table>")
    for item in feedback["exercises"]:
        parts.append(f"<h2>{e(item['name'])}: {e(item['title'])}</h2>")
        parts.append(f'<p class="{item["status"]}"><strong>{e(item["points"])}</strong></p><ul>')
        parts.append(f"<li>{e(_status_line(item, language))}</li>")
        parts += [f"<li>{t('misconceptions')}: {e(m)}</li>" for m in item["misconceptions"]]
        if item["hint"]:
            parts.append(f"<li>{t('hint')}: {e(item['hint'])}</li>")
        parts.append(f"<li>{t('course_page')}: <code>{e(item['page'])}</code></li></ul>")
    parts.append(f"<p><em>{t('generated_by')}</em></p></body></html>")
    return "\n".join(parts) + "\n"


def write_feedback(
    reports: Mapping[str, Mapping[str, Any]],
    out_dir: Path,
    *,
    language: str | None = None,
    languages: Mapping[str, str] | None = None,
) -> list[Path]:
    """Write ``<student>.md`` and ``<student>.html`` into ``out_dir`` for every report.

    Parameters
    ----------
    reports : mapping
        ``{student: report}`` (an empty report: the grader wrote none; still a file).
    out_dir : pathlib.Path
        Created if missing.
    language : str, optional
        The students' language (``en`` or ``ko``); default the current one.
    languages : mapping, optional
        A language per student, over the one their report keeps from the roster
        (``"roster"``), over ``language``. Each file is rendered in its own language, passed
        down explicitly: nothing global changes, so threads may write feedback at once.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for student, report in sorted(reports.items()):
        chosen = (
            (languages or {}).get(student)
            or report.get("roster", {}).get("language")  # the roster's, kept in the report
            or language
            or i18n.current_language()
        )
        feedback = student_feedback(student, report, language=chosen)
        for suffix, render in ((".md", to_markdown), (".html", to_html)):
            path = out_dir / f"{student}{suffix}"
            write_atomic(path, render(feedback))
            written.append(path)
    return written


def write_class_feedback(
    results: Path, out_dir: Path, *, language: str | None = None
) -> list[Path]:
    """Feedback for every student of a whole class's results folder (see `write_feedback`).

    Raises
    ------
    ValueError
        If ``results`` does not hold one whole class (`rnnlab.classroom.shards.whole_class`).
    """
    roster = whole_class(Path(results)).roster
    return write_feedback(read_reports(Path(results), roster), out_dir, language=language)
