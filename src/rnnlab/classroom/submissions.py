"""Submissions as students hand them in, gathered into one normalised folder per student.

A class folder rarely holds neat ``<student>/eNN_topic.py`` files. Students nest them in an
``exercises/`` folder, browsers add `` (1)``, keyboards change the case, and an LMS download
puts every file flat in one folder as ``<student>_<ids>_<file name>``. `collect_submissions`
finds each student's files anyway, and `Submission.write` copies them, under the course's
exercise names, into a private folder that the official grade then reads (and nothing else).

Each file graded under another name, each file left out, is a `Note` that reaches the
student's report (``"submission_notes"``) and feedback, so no near miss goes unsaid.

How a file name maps to an exercise (``e02_simple_rnn``)
    Its stem, lower-cased, with spaces and dashes read as ``_`` and a copy suffix (`` (1)``,
    ``-1``) dropped, must be an exercise's name or its number alone (``e02``), possibly
    after an LMS prefix (``kim_123_``: a name, then numbers). Folders starting with ``.``
    (``.ipynb_checkpoints``), ``__MACOSX`` and ``__pycache__`` are skipped, and so are the
    course's own files in a clone of it (``tests/grading``, ``tests/broken``, ``src/rnnlab``).

Which file wins when several map to one exercise
    The one needing the fewest changes (an exact name first; a sub-folder counts as one
    change, one not named ``exercises`` as two), then the shallowest, then the first by
    path; the others are named as not graded.

Who a file belongs to
    A sub-folder of the class is one student, named by the folder (an LMS's
    ``_<ids>_assignsubmission_file_`` ending dropped). A file directly in the class folder
    belongs to the student its LMS prefix names: ``kim_123_e01_embedding.py`` and
    ``kim_LATE_123_456_e02_simple_rnn.py`` are kim's; a file without one is no one's
    (`Collection.unassigned`, for the teacher).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rnnlab.curriculum import load_curriculum
from rnnlab.i18n import text

SKIPPED_DIRS = ("__pycache__", "__MACOSX")
# rnnlab's own files in a clone of the course (a GitHub Classroom starter repository): the
# graders and catalogued mistakes, never a student's answer, and no note about them either.
COURSE_DIRS = ("tests/grading/", "tests/broken/", "src/rnnlab/")
COPY_SUFFIX = re.compile(r"(?:\s*\(\d+\)|-\d+)+$")  # "name (1)", "name-1" (Canvas)
MOODLE_FOLDER = re.compile(r"_\d+_assignsubmission_\w*?_?$")


@dataclass(frozen=True)
class Note:
    """Something the student should know about their files: ``kind`` is ``renamed``
    (graded under the exercise's name), ``duplicate`` (another file was graded for that
    exercise), ``not_python`` (an exercise's name, but not a ``.py`` file) or ``unknown``
    (not one of the course's exercises). ``found`` is the file's path inside the student's
    own submission, never a path of the teacher's machine."""

    kind: str
    found: str
    exercise: str = ""
    graded: str = ""

    def message(self, *, language: str | None = None) -> str:
        """The note in the student's language."""
        return text(
            f"feedback.note_{self.kind}",
            language=language,
            found=self.found,
            name=f"{self.exercise}.py",
            graded=self.graded,
        )

    def to_json(self) -> dict[str, str]:
        """Its fields and its message (in the run's language), as reports store it."""
        return {**asdict(self), "message": self.message()}

    @classmethod
    def from_json(cls, record: dict[str, str]) -> Note:
        return cls(record["kind"], record["found"], record["exercise"], record["graded"])


@dataclass(frozen=True)
class _Candidate:
    source: Path
    shown: str  # its path inside the student's submission, as the student knows it
    exercise: str
    changes: int  # 0: the exact name; each fix (case, suffix, prefix, number alone) adds one
    depth: int

    @property
    def rank(self) -> tuple[int, int, str]:
        return (self.changes, self.depth, self.shown)


@dataclass
class Submission:
    """One student's files: ``files`` maps an exercise to the file graded for it."""

    student: str
    files: dict[str, Path] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)  # exercise -> its name as found
    notes: list[Note] = field(default_factory=list)
    helpers: dict[str, Path] = field(default_factory=dict)  # other .py files, kept beside

    def write(self, folder: Path) -> Path:
        """Copy the files into ``folder`` under the exercises' names (and helpers beside)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for name, source in self.helpers.items():
            shutil.copyfile(source, folder / name)
        for exercise, source in self.files.items():
            shutil.copyfile(source, folder / f"{exercise}.py")
        return folder

    def record(self) -> dict[str, object]:
        """What the student's report keeps: the files graded and the notes."""
        return {
            "submitted_files": dict(sorted(self.shown.items())),
            "submission_notes": [note.to_json() for note in self.notes],
        }


@dataclass
class Collection:
    """A class folder read: each student's `Submission`, and files no student's name claims
    (paths inside the class folder)."""

    submissions: dict[str, Submission]
    unassigned: list[str] = field(default_factory=list)


def match_exercise(file_name: str, exercises: Iterable[str] | None = None) -> tuple[str, int]:
    """The exercise a file name stands for, and how many changes its name needed.

    Returns ``("", 0)`` when it stands for none.

    Examples
    --------
    >>> match_exercise("e02_simple_rnn.py"), match_exercise("E02_Simple_RNN (1).py")
    (('e02_simple_rnn', 0), ('e02_simple_rnn', 2))
    >>> match_exercise("kim_123_e01_embedding.py"), match_exercise("notes.py")
    (('e01_embedding', 1), ('', 0))
    """
    names = list(exercises) if exercises is not None else [e.name for e in load_curriculum()]
    stem = Path(file_name).stem if file_name.endswith(".py") else file_name
    changes = 0
    bare = COPY_SUFFIX.sub("", stem)
    changes += bare != stem
    plain = re.sub(r"[\s\-]+", "_", bare.strip())
    lower = plain.lower()
    changes += lower != bare
    if lower in names:
        return lower, changes
    by_number = {name.split("_", 1)[0]: name for name in names}
    if lower in by_number:
        return by_number[lower], changes + 1
    owner, rest = lms_owner(plain)
    if owner:
        exercise, more = match_exercise(rest, names)
        return (exercise, changes + more + 1) if exercise else ("", 0)
    return "", 0


def lms_owner(file_name: str) -> tuple[str, str]:
    """``(student, the rest of the name)`` of an LMS download's file name, else ``("", "")``.

    Examples
    --------
    >>> lms_owner("kim_123_e01_embedding.py"), lms_owner("park_LATE_12_34_E02.py")
    (('kim', 'e01_embedding.py'), ('park', 'E02.py'))
    >>> lms_owner("e01_embedding.py")
    ('', '')
    """
    parts = file_name.split("_")
    for i in range(1, len(parts) - 1):
        if parts[i].isdigit():
            student = parts[:i]
            if len(student) > 1 and student[-1].lower() == "late":
                student = student[:-1]
            j = i
            while j < len(parts) - 1 and parts[j].isdigit():
                j += 1
            rest = "_".join(parts[j:])
            if student and rest and not rest.isdigit():
                return "_".join(student), rest
            break
    return "", ""


def student_name(folder_name: str) -> str:
    """A student's name from their folder's (an LMS's ``_<id>_assignsubmission_file_``
    ending dropped).

    >>> student_name("Kim Minji_123456_assignsubmission_file_"), student_name("ada")
    ('Kim Minji', 'ada')
    """
    return MOODLE_FOLDER.sub("", folder_name) or folder_name


def _skipped(relative: Path) -> bool:
    if relative.as_posix().startswith(COURSE_DIRS):
        return True
    return any(p.startswith(".") or p in SKIPPED_DIRS for p in relative.parts)


def _files_of(folder: Path) -> list[tuple[Path, str]]:
    """Every file in a student's folder with its path there, links included (as links: never
    followed, so a link cannot bring in a file of the teacher's)."""
    files = []
    for parent, dirs, names in os.walk(folder):  # links to folders are not entered
        dirs.sort()
        for name in sorted(names):
            path = Path(parent) / name
            relative = path.relative_to(folder)
            if not _skipped(relative):
                files.append((path, relative.as_posix()))
    return files


def collect_submissions(folder: Path) -> Collection:
    """Every student's files in the class folder ``folder`` (see the module's docstring).

    Raises
    ------
    ValueError
        If ``folder`` is not a folder, or holds neither a sub-folder nor an LMS-named file.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(
            "Received an invalid value for argument `folder`: expected a folder of "
            f"submissions. Received: {folder}, which is not a folder."
        )
    names = [e.name for e in load_curriculum()]
    found: dict[str, list[tuple[Path, str]]] = {}  # student -> (file, name as found)
    unassigned = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry.name in SKIPPED_DIRS:
            continue
        if entry.is_dir():
            found.setdefault(student_name(entry.name), []).extend(_files_of(entry))
        elif entry.is_symlink():  # a link could point at anything of the teacher's
            unassigned.append(entry.name)
        elif entry.is_file():
            student, rest = lms_owner(entry.name)
            if student:
                found.setdefault(student, []).append((entry, rest))
            elif entry.suffix == ".py" or match_exercise(entry.stem, names)[0]:
                unassigned.append(entry.name)
    if not found:
        raise ValueError(
            "Received an invalid value for argument `folder`: expected one sub-folder per "
            f"student, or files named by an LMS (<student>_<ids>_<file>). Received: {folder} "
            "with neither."
        )
    submissions = {s: _submission(s, files, names) for s, files in sorted(found.items())}
    return Collection(submissions, unassigned)


def _submission(student: str, files: list[tuple[Path, str]], names: list[str]) -> Submission:
    submission = Submission(student)
    candidates: dict[str, list[_Candidate]] = {}
    others: list[tuple[Path, str]] = []
    for path, shown in files:
        depth = shown.count("/")
        if path.is_symlink() or not path.is_file():
            if path.suffix == ".py" or match_exercise(path.name.split(".", 1)[0], names)[0]:
                submission.notes.append(Note("link", shown))
            continue
        if path.suffix != ".py":
            exercise, _ = match_exercise(Path(shown).name.split(".", 1)[0], names)
            if exercise:
                submission.notes.append(Note("not_python", shown, exercise))
            continue
        exercise, changes = match_exercise(Path(shown).name, names)
        if not exercise:
            others.append((path, shown))
            continue
        in_exercises = Path(shown).parent.name == "exercises"
        rank = changes + (depth > 0) + (depth > 0 and not in_exercises)
        candidates.setdefault(exercise, []).append(_Candidate(path, shown, exercise, rank, depth))
    for exercise in names:
        if exercise not in candidates:
            continue
        best, *rest = sorted(candidates[exercise], key=lambda c: c.rank)
        submission.files[exercise] = best.source
        submission.shown[exercise] = best.shown
        if best.shown != f"{exercise}.py":
            submission.notes.append(Note("renamed", best.shown, exercise))
        for other in rest:
            submission.notes.append(Note("duplicate", other.shown, exercise, best.shown))
    # Other .py files beside the graded ones may be the student's helpers: kept beside them.
    beside = {source.parent for source in submission.files.values()}
    for path, shown in others:
        if path.parent in beside and path.name not in {f"{e}.py" for e in names}:
            submission.helpers.setdefault(path.name, path)
        if "/" not in shown or re.match(r"(?i)e\d", Path(shown).name):
            submission.notes.append(Note("unknown", shown))
    return submission
