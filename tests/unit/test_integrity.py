"""The tamper check: the committed manifest is current, and an edited grader is not official."""

import json
import os
import shutil
import subprocess
import sys

from conftest import ROOT, rnnlab

from rnnlab.grader.integrity import main, tampered


def test_manifest_matches_the_checkout():
    assert tampered(ROOT) == [], "run: python -m rnnlab.grader.integrity --write"


def test_edited_added_and_missing_graders_are_named(tmp_path):
    shutil.copytree(ROOT / "tests" / "grading", tmp_path / "tests" / "grading")
    grading = tmp_path / "tests" / "grading"
    (grading / "test_e02_simple_rnn.py").write_text("# all checks pass now\n")
    (grading / "test_e01_embedding.py").unlink()
    (grading / "test_e99_mine.py").write_text("")
    assert sorted(tampered(tmp_path)) == [
        "tests/grading/test_e01_embedding.py is missing",
        "tests/grading/test_e02_simple_rnn.py was changed",
        "tests/grading/test_e99_mine.py was added",
    ]
    assert main(["--root", str(tmp_path)]) == 1


def test_windows_line_endings_are_not_tampering(tmp_path):
    shutil.copytree(ROOT / "tests" / "grading", tmp_path / "tests" / "grading")
    for path in (tmp_path / "tests" / "grading").glob("*.py"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert tampered(tmp_path) == []


def test_an_edited_grader_still_grades_but_not_officially(checkout):
    """A learner who weakens a grading test gets a report that says so."""
    test_file = checkout / "tests" / "grading" / "test_e01_embedding.py"
    test_file.write_text(test_file.read_text("utf-8") + "\n# edited\n", "utf-8")
    process = rnnlab(checkout, "grade", "e01", "--impl", "solutions", "--official")
    assert process.returncode == 0, process.stdout + process.stderr
    report = json.loads((checkout / ".rnnlab" / "report.json").read_text("utf-8"))
    assert report["official"] is False
    assert report["not_official_because"] == ["tests/grading/test_e01_embedding.py was changed"]
    assert "not official" in process.stdout


def test_an_edited_module_inside_a_grader_subpackage_is_named(tmp_path):
    """Every grader module is guarded, those in checks/, sandbox/ and diagnosis/ too."""
    source = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "rnnlab", source / "rnnlab", ignore=shutil.ignore_patterns("__pycache__")
    )
    grader = source / "rnnlab" / "grader"
    compare = grader / "checks" / "compare.py"
    compare.write_text(compare.read_text("utf-8").replace("ATOL = 1e-5", "ATOL = 1.0"), "utf-8")
    (grader / "diagnosis" / "lenient.py").write_text("PASS_EVERYTHING = True\n", "utf-8")
    code = (
        "import sys; from rnnlab.grader import integrity; "
        "assert integrity.PACKAGE == __import__('pathlib').Path(sys.argv[1]); "
        "print('\\n'.join(sorted(integrity.tampered(__import__('pathlib').Path(sys.argv[2])))))"
    )
    process = subprocess.run(
        [sys.executable, "-c", code, str(source / "rnnlab"), str(ROOT)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(source)},
        timeout=120,
    )
    assert process.returncode == 0, process.stderr
    assert process.stdout.splitlines() == [
        "rnnlab/grader/checks/compare.py was changed",
        "rnnlab/grader/diagnosis/lenient.py was added",
    ]
