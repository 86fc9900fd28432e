"""Read and check ``curriculum.toml``: the course's exercises in order, with points and hints.

``curriculum.toml`` is the single place that knows the course order, each exercise's title,
points, docs page and hints; the CLI, the grader and the docs all read it through here.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rnnlab import i18n
from rnnlab.modules import is_exercise_name


@dataclass(frozen=True)
class Exercise:
    """One exercise of the course.

    Attributes
    ----------
    name : str
        Module name, e.g. ``"e02_simple_rnn"``: ``exercises/<name>.py`` and
        ``tests/grading/test_<name>.py``.
    title : str
        One line for tables and the docs.
    points : float
        Points the graders award in all; must equal the sum of the grading tests' points.
    docs : str
        The docs page that teaches it, relative to ``docs/``.
    hints : tuple of str
        Two to four questions, given one at a time.
    numpy_only : bool
        Whether the answer must be plain NumPy (default); the grader refuses Keras,
        TensorFlow, PyTorch and JAX in it.
    """

    name: str
    title: str
    points: float
    docs: str
    hints: tuple[str, ...]
    numpy_only: bool = True

    @property
    def number(self) -> str:
        """The short name, e.g. ``"e02"``."""
        return self.name.split("_", 1)[0]


def parse_curriculum(text: str) -> tuple[Exercise, ...]:
    """Parse and validate the text of a ``curriculum.toml``.

    Parameters
    ----------
    text : str
        TOML with one ``[[exercise]]`` table per exercise.

    Returns
    -------
    tuple of Exercise
        In course order.

    Raises
    ------
    ValueError
        Naming the exercise and field that is missing or wrong.

    Examples
    --------
    >>> course = parse_curriculum('''
    ... [[exercise]]
    ... name = "e01_demo"
    ... title = "Demo"
    ... points = 2
    ... docs = "exercises/e01_demo.md"
    ... hints = ["Why?", "How?"]
    ... ''')
    >>> course[0].number, course[0].points
    ('e01', 2.0)
    """
    data = tomllib.loads(text)
    entries = data.get("exercise")
    if not isinstance(entries, list) or not entries:
        raise ValueError("curriculum.toml: expected at least one [[exercise]] table.")
    exercises = []
    for position, entry in enumerate(entries, start=1):
        label = f"curriculum.toml, exercise #{position} ({entry.get('name', '?')})"
        missing = {"name", "title", "points", "docs", "hints"} - set(entry)
        if missing:
            raise ValueError(f"{label}: missing field(s) {sorted(missing)}.")
        name = entry["name"]
        if not is_exercise_name(name):
            raise ValueError(f"{label}: `name` must look like 'e01_topic'. Received: {name!r}.")
        points = entry["points"]
        if not isinstance(points, (int, float)) or points <= 0:
            raise ValueError(f"{label}: `points` must be a number > 0. Received: {points!r}.")
        hints = entry["hints"]
        if not (isinstance(hints, list) and 2 <= len(hints) <= 4):
            raise ValueError(f"{label}: `hints` must be a list of 2 to 4 questions.")
        for hint in hints:
            if not (isinstance(hint, str) and hint.rstrip().endswith("?")):
                raise ValueError(
                    f"{label}: every hint is a question ending in '?'. Received: {hint!r}."
                )
        numpy_only = entry.get("numpy_only", True)
        if not isinstance(numpy_only, bool):
            raise ValueError(
                f"{label}: `numpy_only` must be true or false. Received: {numpy_only!r}."
            )
        exercises.append(
            Exercise(
                name,
                str(entry["title"]),
                float(points),
                str(entry["docs"]),
                tuple(hints),
                numpy_only,
            )
        )
    numbers = [e.number for e in exercises]
    if len(set(numbers)) != len(numbers):
        raise ValueError(f"curriculum.toml: exercise numbers must be unique. Received: {numbers}.")
    return tuple(exercises)


@lru_cache(maxsize=1)
def load_curriculum() -> tuple[Exercise, ...]:
    """The course shipped with rnnlab, in order (read once, then cached)."""
    text = resources.files("rnnlab").joinpath("curriculum.toml").read_text(encoding="utf-8")
    return parse_curriculum(text)


def find_exercise(name: str, course: tuple[Exercise, ...] | None = None) -> Exercise:
    """Find an exercise by full name (``e02_simple_rnn``) or number (``e02``, ``2``).

    Raises
    ------
    ValueError
        With a "did you mean" suggestion when nothing matches.

    Examples
    --------
    >>> find_exercise("e02").name
    'e02_simple_rnn'
    >>> find_exercise("e2").name
    'e02_simple_rnn'
    """
    course = load_curriculum() if course is None else course
    wanted = name.strip().lower()
    for exercise in course:
        if wanted in (exercise.name, exercise.number):
            return exercise
    if wanted.lstrip("e").isdigit():  # "e3" or "3" -> e03
        number = f"e{int(wanted.lstrip('e')):02d}"
        for exercise in course:
            if exercise.number == number:
                return exercise
    choices = [e.name for e in course] + [e.number for e in course]
    close = difflib.get_close_matches(wanted, choices, n=1, cutoff=0.4)
    suggestion = i18n.text("cli.did_you_mean", name=close[0]) if close else ""
    listing = ", ".join(e.name for e in course)
    raise ValueError(
        i18n.text("cli.no_exercise", name=repr(name), suggestion=suggestion, listing=listing)
    )
