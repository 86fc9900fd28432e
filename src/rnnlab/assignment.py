"""An assignment: the exercises a teacher chose, in course order, each with its points.

One ``assignment.toml`` drives ``rnnlab grade``, ``grade-all``, the Gradescope bundle and the
GitHub Classroom template::

    # the exercises graded, and their points (course order is kept)
    exercises = ["e01", "e02", "e03"]   # graded at curriculum.toml's points...
    [points]
    e03_lstm = 20                       # ...unless given here; e04 is graded too, for 5
    e04 = 5

Names are what ``rnnlab grade`` takes (``e03`` or ``e03_lstm``). An exercise named in neither
place is not assigned: not graded, no column in the scores. The points scale the exercise's
checks, which keep their relative weights: an exercise worth 10 in ``curriculum.toml`` and 20
here earns twice each check's points. ``--exercises e01 e02`` is the same choice at the
curriculum's points. (``exercises`` exists because a TOML key needs a value: it is how a file
assigns an exercise at the curriculum's points.)
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rnnlab.curriculum import Exercise, find_exercise, load_curriculum
from rnnlab.i18n import text

FILE_NAME = "assignment.toml"


@dataclass(frozen=True)
class Assignment:
    """The chosen exercises in course order, with the points each is graded out of."""

    points: tuple[tuple[Exercise, float], ...]

    @property
    def exercises(self) -> list[Exercise]:
        return [exercise for exercise, _ in self.points]

    @property
    def names(self) -> list[str]:
        return [exercise.name for exercise, _ in self.points]

    @property
    def possible(self) -> float:
        return sum(points for _, points in self.points)

    def points_of(self, name: str) -> float:
        """The points ``name`` is graded out of here.

        Raises
        ------
        KeyError
            If ``name`` is not assigned.
        """
        return dict((e.name, p) for e, p in self.points)[name]

    def scale(self, exercise: Exercise) -> float:
        """What each of the exercise's check points is multiplied by (1 at the curriculum's)."""
        return self.points_of(exercise.name) / exercise.points

    def to_json(self) -> dict[str, float]:
        """``{exercise name: points}`` in course order, as reports and run records keep it."""
        return {exercise.name: points for exercise, points in self.points}

    @classmethod
    def from_json(cls, record: Mapping[str, float]) -> Assignment:
        return _build({find_exercise(name).name: float(p) for name, p in record.items()}, "")

    def to_toml(self) -> str:
        """The assignment as an ``assignment.toml`` that reads back equal."""
        lines = [
            "# The exercises graded and their points (rnnlab; see docs/teaching.md).",
            "[points]",
            *(f"{exercise.name} = {points:g}" for exercise, points in self.points),
        ]
        return "\n".join(lines) + "\n"


def whole_course() -> Assignment:
    """Every exercise of the course at its curriculum points."""
    return Assignment(tuple((exercise, exercise.points) for exercise in load_curriculum()))


def from_names(names: Sequence[str]) -> Assignment:
    """The named exercises (``e02`` or ``e02_simple_rnn``) at their curriculum points.

    Raises
    ------
    ValueError
        If a name is no exercise, or ``names`` is empty.
    """
    if not names:
        raise ValueError(text("assignment.empty", source="--exercises"))
    return _build({find_exercise(name).name: None for name in names}, "--exercises")


def parse_assignment(source_text: str, *, source: str = FILE_NAME) -> Assignment:
    """Read the text of an ``assignment.toml`` (see the module's docstring).

    Parameters
    ----------
    source_text : str
        The file's text.
    source : str
        The file's name, for error messages.

    Raises
    ------
    ValueError
        In one line naming the file, the key and what came in: not TOML, an unknown key or
        exercise, points that are not a number above 0, or no exercise at all.

    Examples
    --------
    >>> chosen = parse_assignment('exercises = ["e01"]\\n[points]\\ne02 = 16')
    >>> chosen.to_json(), chosen.possible
    ({'e01_embedding': 6.0, 'e02_simple_rnn': 16.0}, 22.0)
    """
    try:
        data = tomllib.loads(source_text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(text("assignment.not_toml", source=source, error=error)) from None
    unknown = sorted(set(data) - {"exercises", "points"})
    if unknown:
        raise ValueError(text("assignment.unknown_key", source=source, keys=unknown))
    listed = data.get("exercises", [])
    if not isinstance(listed, list) or not all(isinstance(name, str) for name in listed):
        raise ValueError(text("assignment.bad_list", source=source, value=repr(listed)))
    table = data.get("points", {})
    if not isinstance(table, dict):
        raise ValueError(text("assignment.bad_table", source=source, value=repr(table)))
    chosen: dict[str, float | None] = {}
    for name in listed:
        chosen.setdefault(_exercise(name, source, "exercises").name, None)
    for key, value in table.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
            raise ValueError(
                text("assignment.bad_points", source=source, key=key, value=repr(value))
            )
        chosen[_exercise(key, source, f"points.{key}").name] = float(value)
    return _build(chosen, source)


def load_assignment(path: Path) -> Assignment:
    """Read ``path`` (an ``assignment.toml``); errors name the file.

    Raises
    ------
    ValueError
        If the file is missing or not a valid assignment (see `parse_assignment`).
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(text("assignment.no_file", path=path))
    return parse_assignment(path.read_text("utf-8"), source=str(path))


def choose_assignment(path: Path | None, names: Sequence[str]) -> Assignment:
    """What the command line chose: ``--assignment FILE``, ``--exercises`` (or positional
    names), or else the whole course.

    Raises
    ------
    ValueError
        If both a file and names are given, or either is invalid.
    """
    if path is not None and names:
        raise ValueError(text("assignment.both", names=" ".join(names)))
    if path is not None:
        return load_assignment(path)
    return from_names(names) if names else whole_course()


def _exercise(name: str, source: str, key: str) -> Exercise:
    try:
        return find_exercise(name)
    except ValueError as error:
        raise ValueError(
            text("assignment.bad_exercise", source=source, key=key, error=error)
        ) from None


def _build(chosen: Mapping[str, float | None], source: str) -> Assignment:
    if not chosen:
        raise ValueError(text("assignment.empty", source=source))
    return Assignment(
        tuple(
            (exercise, exercise.points if chosen[exercise.name] is None else chosen[exercise.name])
            for exercise in load_curriculum()
            if exercise.name in chosen
        )
    )
