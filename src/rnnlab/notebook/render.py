"""A notebook's view of one grade: HTML in Jupyter and Colab (not the terminal's ANSI table),
plain text elsewhere. The points, the first failing check, the likely mistake, the patterns
and, when asked, the next hint; every sentence comes from ``rnnlab/locales``.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from rnnlab import i18n
from rnnlab.grader.report import format_points, points_style
from rnnlab.notebook.check import Outcome, find_root

# rich's style names, as colours a notebook draws on a light or a dark theme.
COLOURS = {"green": "#1a7f37", "yellow": "#b35900", "red": "#cf222e"}


def _shown(path: Path) -> str:
    """``path`` relative to the checkout when it lies inside it (never the learner's home)."""
    try:
        return str(path.relative_to(find_root(path.parent)))
    except ValueError:
        return str(path)


def lines(outcome: Outcome) -> list[tuple[str, str]]:
    """What a grade says, as ``(label, text)`` pairs in order; an empty label is a plain line.

    The HTML and the text views both draw these, so they say the same.
    """
    t = i18n.text
    said: list[tuple[str, str]] = []
    if outcome.saved is not None:
        said.append(("", t("notebook.saved", path=_shown(outcome.saved))))
    if outcome.backup is not None:
        said.append(("", t("notebook.backed_up", backup=_shown(outcome.backup))))
    entry = outcome.entry
    if entry is None:
        said.append(("", t("notebook.grader_failed", code=outcome.code)))
    elif entry["earned"] >= entry["possible"]:
        said.append(("", t("grade.all_pass")))
    else:
        said.append((t("grade.column_feedback"), entry["feedback"]))
        for diagnosis in entry["diagnoses"]:
            count, failing = diagnosis["checks"], diagnosis["failing"]
            key = "all" if count == failing else "some"
            label = t(f"grade.likely_mistake_{key}", count=count, failing=failing)
            said.append((label, diagnosis["message"]))
        said.extend((t("grade.pattern"), pattern) for pattern in entry["patterns"])
    if outcome.hint is not None:
        number, total, hint = outcome.hint
        name = outcome.exercise.name
        if hint is None:
            said.append(("", t("cli.no_more_hints", name=name, total=total)))
        else:
            label = t("cli.hint", number=number, total=total)
            said.append((label, t("cli.hint_for", name=name, text=hint)))
    return said


def headline(outcome: Outcome) -> tuple[str, str | None]:
    """``("e02_simple_rnn: SimpleRNN: ...", "3 / 8")``; no points when the grader failed."""
    exercise, entry = outcome.exercise, outcome.entry
    title = f"{exercise.name}: {i18n.title(exercise)}"
    if entry is None:
        return title, None
    return title, format_points(entry["earned"], entry["possible"])


class Result:
    """One exercise's grade, shown as HTML by Jupyter (``_repr_html_``) and as text by a
    terminal IPython or ``print``."""

    def __init__(self, outcome: Outcome) -> None:
        self.outcome = outcome

    @property
    def earned(self) -> float | None:
        """Points earned (None when the grader failed)."""
        return None if self.outcome.entry is None else self.outcome.entry["earned"]

    def __repr__(self) -> str:
        title, points = headline(self.outcome)
        out = [f"{title}  {points}" if points else title]
        for label, said in lines(self.outcome):
            out.append(f"  {label}: {said}" if label else f"  {said}")
        if self.outcome.errors:
            out.append(self.outcome.errors)
        return "\n".join(out)

    def _repr_html_(self) -> str:
        outcome = self.outcome
        title, points = headline(outcome)
        style = "red"
        if outcome.entry is not None:
            style = points_style(outcome.entry["earned"], outcome.entry["possible"])
        head = f"<strong>{escape(title)}</strong>"
        if points:
            head += f' &nbsp;<strong style="color:{COLOURS[style]}">{escape(points)}</strong>'
        items = "".join(
            f"<li><strong>{escape(label)}</strong>: {escape(said)}</li>"
            if label
            else f"<li>{escape(said)}</li>"
            for label, said in lines(outcome)
        )
        errors = f"<pre>{escape(outcome.errors)}</pre>" if outcome.errors else ""
        return f'<div class="rnnlab-grade"><p>{head}</p><ul>{items}</ul>{errors}</div>'
