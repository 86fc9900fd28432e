"""A class roster: who the students are, whatever their folders are called.

``roster.csv`` has a header and one row per student: ``id`` (what every output is keyed by:
``<id>.json``, the CSV's ``student`` column, the feedback files), ``folder`` (the student's
sub-folder of the class folder, or the prefix of their LMS-named files, as
`rnnlab.classroom.submissions` finds it), and optionally ``name`` (shown in the CSV and the
feedback) and ``language`` (``en`` or ``ko``: the student's feedback; empty for the run's).
Other columns (an LMS export's) are ignored.

A student of the roster who handed nothing in still gets an (empty) submission, so a row and
feedback that say "not submitted"; a folder the roster does not name is not graded, and is
named to the teacher (`Assigned.strangers`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from rnnlab.classroom.submissions import Collection, Submission
from rnnlab.i18n import LANGUAGES, text

REQUIRED = ("id", "folder")


@dataclass(frozen=True)
class Student:
    """One row of the roster."""

    id: str
    folder: str
    name: str = ""
    language: str = ""

    def record(self) -> dict[str, str]:
        """What the student's report keeps of the roster (the feedback reads the language)."""
        return {"id": self.id, "folder": self.folder, "name": self.name, "language": self.language}


@dataclass
class Assigned:
    """A class folder read through a roster: each student's submission under their id, and
    the folders (or LMS prefixes) the roster does not name."""

    submissions: dict[str, Submission]
    strangers: list[str] = field(default_factory=list)


def read_roster(path: Path) -> dict[str, Student]:
    """``{id: Student}`` from ``path``, in the file's order.

    Raises
    ------
    ValueError
        In one line naming the file, the row and the value: no such file, no header or a
        required column missing, an empty or duplicate id or folder, an unknown language.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "roster.csv"
    >>> _ = path.write_text("id,folder,name,language\\ns01,kim,Kim Minji,ko\\n", "utf-8")
    >>> read_roster(path)["s01"]
    Student(id='s01', folder='kim', name='Kim Minji', language='ko')
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(text("roster.no_file", path=path))
    with path.open(newline="", encoding="utf-8-sig") as handle:  # a spreadsheet's BOM is fine
        reader = csv.DictReader(handle)
        header = [column.strip() for column in reader.fieldnames or []]
        missing = [column for column in REQUIRED if column not in header]
        if missing:
            raise ValueError(
                text(
                    "roster.missing_column",
                    path=path,
                    columns=", ".join(missing),
                    header=", ".join(header) or "-",
                )
            )
        reader.fieldnames = header
        students: dict[str, Student] = {}
        folders: dict[str, str] = {}
        for row in reader:
            student = _student(row, path, reader.line_num, students, folders)
            students[student.id] = student
            folders[student.folder] = student.id
    return students


def _student(
    row: dict[str, str | None],
    path: Path,
    line: int,
    students: dict[str, Student],
    folders: dict[str, str],
) -> Student:
    """One row checked against the rows before it (``line`` is its line in the file)."""
    cell = {key: (value or "").strip() for key, value in row.items() if key is not None}
    student = Student(cell["id"], cell["folder"], cell.get("name", ""), cell.get("language", ""))
    where = {"path": path, "line": line}
    for column in REQUIRED:
        if not cell[column]:
            raise ValueError(text("roster.empty", column=column, **where))
    if student.id in students:
        raise ValueError(text("roster.duplicate", column="id", value=student.id, **where))
    if student.folder in folders:
        raise ValueError(text("roster.duplicate", column="folder", value=student.folder, **where))
    if student.language and student.language not in LANGUAGES:
        raise ValueError(
            text(
                "roster.language",
                value=repr(student.language),
                languages=", ".join(LANGUAGES),
                **where,
            )
        )
    return student


def assign(collection: Collection, roster: dict[str, Student]) -> Assigned:
    """The class's submissions keyed by roster id (an empty one for a student with none)."""
    by_folder = {student.folder: student.id for student in roster.values()}
    strangers = sorted(folder for folder in collection.submissions if folder not in by_folder)
    submissions = {}
    for student in roster.values():
        found = collection.submissions.get(student.folder)
        submission = Submission(student.id)
        if found is not None:  # the same files and notes, under the student's id
            submission = Submission(
                student.id, found.files, found.shown, found.notes, found.helpers
            )
        submissions[student.id] = submission
    return Assigned(dict(sorted(submissions.items())), strangers)
