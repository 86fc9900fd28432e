"""What grade-all shows the teacher: a summary table that fits the console, and the progress of
the Keras references it computes first (fast: no grading)."""

import io
import subprocess
import sys

import pytest
from rich.console import Console

from rnnlab import i18n
from rnnlab.classroom import grade_all, reference_progress
from rnnlab.classroom.scores import summary_table
from rnnlab.curriculum import load_curriculum

EXERCISES = [exercise.name for exercise in load_curriculum()]
LONG = "a-very-long-student-name_12345_assignsubmission_file_"


def _rows(*students):
    """One row per student, each exercise's points varied (3.25 is the widest cell)."""
    rows = []
    for i, student in enumerate(students):
        row = {"student": student, "total": 63.5, "possible": 70.0, "official": i % 2 == 0}
        row |= {"seed": 1} | {
            e: [7.5, 10, 3.25, "", 0][(i + j) % 5] for j, e in enumerate(EXERCISES)
        }
        rows.append(row)
    return rows


def _printed(rows, width):
    console = Console(width=width, file=io.StringIO(), color_system=None)
    console.print(summary_table(rows, width=console.width))
    return console.file.getvalue()


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("students", [("ada", "bob", "kim-minjun"), (LONG, "bob")])
def test_the_summary_table_fits_the_console(width, students):
    printed = _printed(_rows(*students), width)
    assert max(len(line) for line in printed.splitlines()) <= width, printed
    assert "…" not in printed  # nothing cut short: names fold, numbers fit
    narrowed = i18n.text("classroom.summary_narrowed", width=width)
    every_exercise = all(f" {e.number}" in printed for e in load_curriculum())
    fits = width >= 80  # nine exercises beside a name of up to 20 characters
    assert (
        every_exercise == fits and (" ".join(narrowed.split()) in " ".join(printed.split())) != fits
    )
    for student in students:  # every name whole, even folded over lines
        assert student in "".join(line.split(" ")[0] for line in printed.splitlines())
    assert printed.count("63.5 / 70") == len(students)


def test_a_student_name_is_printed_as_it_is():
    printed = _printed(_rows("kim[x]", "lee[/y]"), 120)
    assert "kim[x]" in printed and "lee[/y]" in printed


def test_the_summary_table_checks_its_width():
    with pytest.raises(ValueError, match=r"`width`.*Received: 0"):
        summary_table(_rows("ada"), width=0)


def test_the_reference_run_names_each_check_as_it_starts(tmp_path):
    (tmp_path / "test_e02_simple_rnn.py").write_text(
        "def test_a():\n    pass\n\ndef test_b():\n    print('x')\n"
    )
    process = subprocess.run(
        [sys.executable, "-m", "pytest", "-qq", "-p", reference_progress.PLUGIN, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    lines = [
        line for line in process.stderr.splitlines() if line.startswith(reference_progress.PREFIX)
    ]
    prefix = reference_progress.PREFIX
    assert lines == [
        f"{prefix} total 2",
        f"{prefix} test_e02_simple_rnn 1",
        f"{prefix} test_e02_simple_rnn 2",
    ]


class _Run:
    """A finished reference run as `_follow_references` reads it: its stderr lines."""

    def __init__(self, *lines):
        self.stderr = io.StringIO("".join(f"{line}\n" for line in lines))


@pytest.mark.parametrize("terminal", [True, False])
def test_the_reference_progress_names_the_exercise_on_a_terminal(terminal):
    prefix = reference_progress.PREFIX
    console = Console(file=io.StringIO(), force_terminal=terminal, width=100, color_system=None)
    run = _Run(
        f"{prefix} total 3",
        f"{prefix} test_e01_embedding 1",
        "a warning",
        f"{prefix} test_e02_simple_rnn 3",
    )
    assert grade_all._follow_references(run, console) == ["a warning\n"]
    shown = console.file.getvalue()
    computing = i18n.text("classroom.references_computing", exercise="e02_simple_rnn")
    assert (computing in shown) == terminal
    if not terminal:
        assert shown == ""  # off a terminal, _compute_references says one line before, one after
