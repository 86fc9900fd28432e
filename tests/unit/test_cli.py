"""The rnnlab command: friendly errors for unknown names, list works without a report."""

import subprocess
import sys

from conftest import ROOT


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "rnnlab", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"COLUMNS": "200", "PATH": ""},
    )


def test_unknown_exercise_is_a_usage_error_with_a_suggestion():
    process = run("grade", "simple_rn")
    assert process.returncode == 2
    assert "did you mean e02_simple_rnn?" in process.stdout


def test_list_shows_the_course_in_order():
    process = run("list")
    assert process.returncode == 0
    assert process.stdout.index("e01_embedding") < process.stdout.index("e02_simple_rnn")


def test_bad_impl_folder_is_a_grader_error(tmp_path):
    process = run(
        "grade", "e01", "--impl", str(tmp_path / "nowhere"), "--report", str(tmp_path / "r.json")
    )
    assert process.returncode != 0
    assert "--impl" in process.stdout + process.stderr
