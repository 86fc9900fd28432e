"""The grade book: points per check and per exercise, ``report.json``, the learners' table."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from rnnlab import i18n
from rnnlab.assignment import Assignment
from rnnlab.curriculum import Exercise
from rnnlab.grader.diagnosis.mistakes import Mistake
from rnnlab.grader.diagnosis.patterns import summarise
from rnnlab.safe_io import reason, warn, write_atomic

# Every report this process graded, by resolved path: pytest runs in the caller's process, so
# when report.json cannot be saved (a full disk) the caller still shows the grade from here.
WRITTEN: dict[Path, dict[str, Any]] = {}


def read_report(path: Path) -> dict[str, Any] | None:
    """The report this process last graded into ``path``, saved or not; None if it graded none.

    Callers of a grade in this process (the CLI, `watch`, ``solution``) read it here, not from
    the file: where report.json could not be saved (a full disk) they still show the grade,
    and where an old one could not be removed (a read-only folder) it never passes for this
    run's.
    """
    return WRITTEN.get(Path(path).resolve())


def format_points(earned: float, possible: float) -> str:
    """``"1.78 / 8"``: two decimals at most for people; ``report.json`` keeps exact values.

    Examples
    --------
    >>> format_points(1.7777777, 8.0), format_points(6.0, 6.0)
    ('1.78 / 8', '6 / 6')
    """
    return f"{round(earned, 2):g} / {round(possible, 2):g}"


def points_style(earned: float, possible: float) -> str:
    """Green for full marks, yellow for some, red for none."""
    return "green" if earned >= possible else ("yellow" if earned > 0 else "red")


@dataclass
class TestResult:
    """One graded check (one parametrized case of a grading test)."""

    name: str
    earned: float
    possible: float
    message: str = ""
    max_abs_error: float | None = None  # largest |yours - Keras| over a passing check
    mistakes: tuple[Mistake, ...] = ()  # catalogued mistakes whose outputs equal the learner's
    labels: dict[str, str] = field(default_factory=dict)  # the check's parameters, for patterns
    hidden: bool = False  # an official-only check: its message shows no inputs or values
    steps: list[float] | None = None  # error beyond the tolerance per time step, if measured
    remembered: bool = False  # from an earlier grade of the same model (e09), not trained now


def _mistake_ids(test: TestResult) -> set[str]:
    """The ids of the mistakes that explain ``test``, each part of two at once included."""
    return {part.id for mistake in test.mistakes for part in mistake.parts or (mistake,)}


def _explanations(failing: list[TestResult]) -> dict[Mistake, set[int]]:
    """``{mistake: the indices of the failing checks it explains}``."""
    explains: dict[Mistake, set[int]] = {}
    for index, test in enumerate(failing):
        for mistake in test.mistakes:
            explains.setdefault(mistake, set()).add(index)
    return explains


@dataclass
class ExerciseResult:
    """All checks of one exercise, in the order they ran; ``points`` is what the exercise is
    graded out of (an assignment's choice; default the curriculum's)."""

    exercise: Exercise
    tests: list[TestResult] = field(default_factory=list)
    points: float | None = None

    @property
    def earned(self) -> float:
        return round(sum(t.earned for t in self.tests), 6)

    @property
    def possible(self) -> float:
        return self.exercise.points if self.points is None else self.points

    @property
    def max_abs_error(self) -> float | None:
        """Largest ``|yours - Keras|`` over the passing checks, None if none passed."""
        errors = [t.max_abs_error for t in self.tests if t.max_abs_error is not None]
        return max(errors) if errors else None

    @property
    def diagnoses(self) -> list[dict[str, Any]]:
        """The catalogued mistakes that explain the failing checks, most checks first.

        Each failing check may match several mistakes; the list keeps the fewest mistakes
        that explain every explained check (greedily, the one explaining most checks first),
        so a mistake that only coincides with another on a few checks is not named. Two
        mistakes made at once are named one by one. ``checks`` counts the failing checks a
        mistake explains, alone or with another; ``failing`` is how many checks fail.
        """
        failing = [t for t in self.tests if t.earned < t.possible]
        explains = _explanations(failing)
        remaining = set().union(*explains.values()) if explains else set()
        chosen: list[Mistake] = []
        while remaining:
            best = max(len(checks & remaining) for checks in explains.values())
            ties = [m for m, checks in explains.items() if len(checks & remaining) == best]
            chosen += ties
            for mistake in ties:
                remaining -= explains[mistake]
        named: dict[tuple[str, str], tuple[Mistake, set[int]]] = {}
        for mistake in chosen:
            for piece in mistake.parts or (mistake,):
                named.setdefault((piece.exercise, piece.id), (piece, set()))[1].update(
                    explains[mistake]
                )
        ordered = sorted(named.values(), key=lambda pair: -len(pair[1]))  # fix these first
        return [
            {"id": m.id, "message": i18n.mistake(m), "checks": len(c), "failing": len(failing)}
            for m, c in ordered
        ]

    @property
    def unexplained(self) -> int:
        """How many failing checks no diagnosis explains."""
        failing = [t for t in self.tests if t.earned < t.possible]
        return sum(not test.mistakes for test in failing)

    def checks_passed(self, *, hidden: bool) -> tuple[int, int]:
        """``(passed, total)`` of the public checks, or of the hidden ones."""
        tests = [t for t in self.tests if t.hidden == hidden]
        return sum(t.earned >= t.possible for t in tests), len(tests)

    @property
    def patterns(self) -> list[str]:
        """What the failing checks have in common, from their parameters (may be empty)."""
        return summarise([(t.labels, t.earned >= t.possible) for t in self.tests if not t.hidden])

    @property
    def feedback(self) -> str:
        """The first failing public check's message (else a hidden one's, which shows no data)
        or a word of praise; with hidden checks, how many public and hidden checks passed.

        With a diagnosis, the check shown is the first one the top diagnosis explains, so
        the two agree; when none of the public ones is, the message says so. A check that
        says where the answer departs step by step comes before one that does not.
        """
        failing = [t for t in self.tests if t.earned < t.possible]
        failing.sort(key=lambda t: t.hidden)  # stable: public checks first, in order
        diagnoses = self.diagnoses
        top = diagnoses[0]["id"] if diagnoses else None
        # Public first; then one the top diagnosis explains; then one told step by step.
        failing.sort(
            key=lambda t: (
                t.hidden,
                top is not None and top not in _mistake_ids(t),
                t.steps is None,
            )
        )
        if failing:
            said = failing[0].message
            if top is not None and top not in _mistake_ids(failing[0]):
                said += i18n.text("grade.not_explained")
        else:
            said = i18n.text("grade.all_pass" if self.tests else "grade.no_checks")
        hidden_passed, hidden = self.checks_passed(hidden=True)
        if hidden and failing:
            public_passed, public = self.checks_passed(hidden=False)
            said += i18n.text(
                "grade.hidden_counts",
                public_passed=public_passed,
                public=public,
                hidden_passed=hidden_passed,
                hidden=hidden,
            )
        return said


@dataclass
class GradeBook:
    """Results of one grading run; ``grader_errors`` lists failures of the grader itself."""

    exercises: dict[str, ExerciseResult] = field(default_factory=dict)
    official_mode: bool = False  # graded with --official (grade-all, Gradescope): isolated
    tampered: list[str] = field(default_factory=list)  # from the tamper check
    isolation: dict[str, list[str]] | None = None  # layers that held, in official mode
    grader_errors: list[str] = field(default_factory=list)
    references: dict[str, int] = field(default_factory=dict)  # how many came from Keras now
    seed: int | None = None  # an official run's secret seed: for the teacher's outputs only
    # The exercises' points when an assignment chose them (its checks' points are scaled to
    # match by the plugin); None: the curriculum's points.
    assignment: Assignment | None = None

    @property
    def official(self) -> bool:
        """An official grade: asked for (isolated, fresh references) and no grader edited."""
        return self.official_mode and not self.tampered

    @property
    def not_official_because(self) -> list[str]:
        reasons = list(self.tampered)
        if not self.official_mode:
            reasons.append(i18n.text("grade.self_study"))
        return reasons

    def record(self, exercise: Exercise, result: TestResult) -> None:
        if exercise.name not in self.exercises:
            points = None if self.assignment is None else self.assignment.points_of(exercise.name)
            self.exercises[exercise.name] = ExerciseResult(exercise, points=points)
        self.exercises[exercise.name].tests.append(result)

    @property
    def earned(self) -> float:
        return round(sum(e.earned for e in self.exercises.values()), 6)

    @property
    def possible(self) -> float:
        return sum(e.possible for e in self.exercises.values())

    def to_json(self) -> dict[str, Any]:
        """The ``report.json`` document (schema in the README)."""
        return {
            "official": self.official,
            "not_official_because": self.not_official_because,
            "isolation": self.isolation,
            "earned": self.earned,
            "possible": self.possible,
            "grader_errors": list(self.grader_errors),
            "references": dict(self.references),
            "official_seed": self.seed,
            "assignment": None if self.assignment is None else self.assignment.to_json(),
            "exercises": {
                name: {
                    "title": i18n.title(result.exercise),
                    "earned": result.earned,
                    "possible": result.possible,
                    "feedback": result.feedback,
                    "diagnoses": result.diagnoses,
                    "patterns": result.patterns,
                    "max_abs_error": result.max_abs_error,
                    "checks": {
                        "public": list(result.checks_passed(hidden=False)),
                        "hidden": list(result.checks_passed(hidden=True)),
                    },
                    "tests": [
                        {
                            "name": t.name,
                            "earned": round(t.earned, 6),
                            "possible": round(t.possible, 6),
                            "message": t.message,
                            "mistakes": [m.id for m in t.mistakes],
                            "max_abs_error": t.max_abs_error,
                            "hidden": t.hidden,
                            "remembered": t.remembered,
                            **({"steps": t.steps} if t.steps is not None else {}),
                        }
                        for t in result.tests
                    ],
                }
                for name, result in self.exercises.items()
            },
        }

    def write(self, path: Path) -> None:
        """Write :meth:`to_json` to ``path`` (see `read_report`); a failure is one line."""
        document = self.to_json()
        WRITTEN[Path(path).resolve()] = document
        try:
            write_atomic(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        except OSError as error:
            warn("safe_io.report_not_saved", path=path, why=reason(error))

    def table(self) -> Table:
        """A rich table: exercise, points, and the first failing check of each exercise.

        Under a failing exercise come the mistakes the grader recognised and what its failing
        checks have in common.
        """
        t = i18n.text
        table = Table(title=t("grade.title"), title_justify="left", expand=False)
        table.add_column(t("grade.column_exercise"), no_wrap=True)
        table.add_column(t("grade.column_points"), justify="right", no_wrap=True)
        table.add_column(t("grade.column_feedback"), overflow="fold")
        for result in self.exercises.values():
            full = result.earned >= result.possible
            style = points_style(result.earned, result.possible)
            table.add_row(
                result.exercise.name,
                f"[{style}]{format_points(result.earned, result.possible)}[/{style}]",
                f"[green]{t('grade.all_pass')}[/green]" if full else escape(result.feedback),
            )
            remembered = sum(t.remembered for t in result.tests)
            if remembered:
                table.add_row("", "", f"[dim]{t('grade.remembered', count=remembered)}[/dim]")
            if full:
                continue
            for diagnosis in result.diagnoses:
                count, failing = diagnosis["checks"], diagnosis["failing"]
                key = "all" if count == failing else "some"
                label = t(f"grade.likely_mistake_{key}", count=count, failing=failing)
                table.add_row("", "", f"[bold]{label}[/bold]: {escape(diagnosis['message'])}")
            unexplained = result.unexplained
            if result.diagnoses and unexplained:
                table.add_row("", "", t("grade.unexplained", count=unexplained))
            for pattern in result.patterns:
                table.add_row("", "", f"[bold]{t('grade.pattern')}[/bold]: {escape(pattern)}")
        table.add_section()
        table.add_row(t("grade.total"), format_points(self.earned, self.possible), "")
        return table

    def print(self, console: Console | None = None) -> None:
        """Print the table, and any grader errors, which are bugs in rnnlab, not the learner's."""
        console = console or Console()
        console.print(self.table())
        if self.tampered:
            reasons = "; ".join(self.tampered)
            console.print(
                f"[bold red]{i18n.text('grade.not_official')}[/bold red] {escape(reasons)}"
            )
        if self.isolation is not None:
            missing = self.isolation["missing"]
            state = (
                i18n.text("grade.isolation_partial", missing="; ".join(missing))
                if missing
                else i18n.text("grade.isolation_full")
            )
            layers = ", ".join(self.isolation["layers"])
            console.print(
                i18n.text("grade.official_isolation", state=state, layers=layers), markup=False
            )
        for error in self.grader_errors:
            console.print(f"[bold red]{i18n.text('grade.grader_error')}[/bold red] {escape(error)}")
