"""The catalogue of known mistakes: every ``tests/broken/eNN_topic__id.py`` with its sentence.

Each file in ``tests/broken/`` is a complete, deliberately wrong answer to one exercise, named
``<exercise>__<id>.py``, and carries a module-level ``MISTAKE`` string: one learner-facing
sentence that names the mistake without giving the answer away. The same files serve twice:
``nox -s tests`` proves that each of them loses points, and the grader recognises them in a
learner's answer (`rnnlab.grader.diagnosis.recognise`). A new exercise's mistakes are picked up by
their file names alone; nothing lists them.

The sentence is read from the file's syntax tree, not by importing it, so listing the catalogue
(for the docs, say) runs none of its code.
"""

from __future__ import annotations

import ast
import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rnnlab import i18n
from rnnlab.grader.diagnosis import families
from rnnlab.modules import EXERCISE_GLOB, EXERCISE_PATTERN

FILE_NAME = re.compile(rf"^({EXERCISE_PATTERN}?)__([a-z0-9_]+)\.py$")


@dataclass(frozen=True)
class Mistake:
    """One catalogued mistake.

    Attributes
    ----------
    exercise : str
        The exercise it answers, e.g. ``"e04_gru"``.
    id : str
        The part of the file name after ``__``, e.g. ``"update_gate_inverted"``.
    message : str
        The sentence a learner reads when the grader recognises it.
    path : pathlib.Path
        The file holding the wrong answer (a family member's: the reference solution).
    transform : rnnlab.grader.diagnosis.families.Transform, optional
        A family member's misreading: ``path`` runs on the arguments it changes.
    parts : tuple of Mistake
        Two mistakes made at once, which this one stands for; empty for a single mistake.
    """

    exercise: str
    id: str
    message: str
    path: Path
    transform: Any = None
    parts: tuple[Mistake, ...] = ()


def broken_folder(root: Path) -> Path:
    """Where a checkout keeps its catalogue: ``<root>/tests/broken``."""
    return Path(root) / "tests" / "broken"


def read_mistake(path: Path) -> Mistake:
    """Read one catalogue file's exercise, id and ``MISTAKE`` sentence, without running it.

    Raises
    ------
    ValueError
        If the name is not ``eNN_topic__id.py`` or the file has no ``MISTAKE`` string.
    """
    path = Path(path)
    match = FILE_NAME.match(path.name)
    if match is None:
        raise ValueError(
            f"Received an invalid catalogue file name: expected 'eNN_topic__mistake_id.py'. "
            f"Received: {path.name!r}."
        )
    message = None
    for node in ast.parse(path.read_text("utf-8"), filename=str(path)).body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id == "MISTAKE"
        ):
            value = ast.literal_eval(node.value)
            message = value if isinstance(value, str) else None
    if not message or not message.strip():
        raise ValueError(
            f"{path.name} has no learner-facing sentence: expected a module-level "
            'MISTAKE = "..." string that names the mistake.'
        )
    return Mistake(match.group(1), match.group(2), " ".join(message.split()), path)


def load_catalogue(root: Path) -> dict[str, tuple[Mistake, ...]]:
    """Every catalogued mistake under ``root``, by exercise, in file-name order.

    An absent ``tests/broken`` (a class's bundle built without it) is an empty catalogue:
    grading works as before, it just names no mistakes.

    Parameters
    ----------
    root : pathlib.Path
        The checkout holding ``tests/broken``.
    """
    catalogue: dict[str, list[Mistake]] = {}
    folder = broken_folder(root)
    pattern = EXERCISE_GLOB.replace("_*", "_*__*")  # eNN_topic__mistake.py
    for path in sorted(folder.glob(pattern)) if folder.is_dir() else []:
        mistake = read_mistake(path)
        catalogue.setdefault(mistake.exercise, []).append(mistake)
    return {exercise: tuple(mistakes) for exercise, mistakes in catalogue.items()}


def catalogue_html(root: Path, exercise: str, *, language: str | None = None) -> str:
    """An exercise's catalogued mistakes as a folded HTML list, for its docs page.

    Teachers see what the grader recognises; learners see it only if they unfold it.

    Parameters
    ----------
    root : pathlib.Path
        The checkout holding ``tests/broken``.
    exercise : str
        The exercise, e.g. ``"e03_lstm"``.
    language : str, optional
        ``"en"`` or ``"ko"``; the learner's language by default (`rnnlab.i18n`).

    Examples
    --------
    >>> print(catalogue_html(Path("nowhere"), "e02_simple_rnn", language="en"))
    <p>No mistakes of e02_simple_rnn are catalogued yet.</p>
    """
    mistakes = load_catalogue(root).get(exercise, ())
    if not mistakes:
        said = i18n.text("docs.no_mistakes", exercise=exercise, language=language)
        return f"<p>{html.escape(said)}</p>"
    lines = [(m.id, i18n.mistake(m, language=language)) for m in mistakes]
    lines += _family_lines(exercise, {m.id for m in mistakes}, language)
    items = "\n".join(
        f"<li><code>{html.escape(name)}</code>: {html.escape(said)}</li>" for name, said in lines
    )
    summary = i18n.text("docs.mistakes_summary", count=len(lines), language=language)
    return f"<details><summary>{html.escape(summary)}</summary>\n<ul>\n{items}\n</ul>\n</details>"


def _family_lines(exercise: str, filed: set[str], language: str | None) -> list[tuple[str, str]]:
    """The docs lines of an exercise's generated mistakes: one for all its gate orders."""
    members = [t for t in families.transforms(exercise) if t.key and t.id not in filed]
    orders = [t for t in members if t.kind == "order"]
    lines = []
    if orders:
        keras = ", ".join(families.GATE_BLOCKS[exercise])
        said = i18n.text("families.docs_orders", count=len(orders), keras=keras, language=language)
        lines.append(("gate_order_*", said))
    for member in members:
        if member.kind != "order":
            said = i18n.text(member.key, language=language, **dict(member.fields))
            lines.append((member.id, said))
    return lines
