"""Teachers' tools: a folder of submissions graded in parallel into a CSV, and the Gradescope
autograder bundle run end to end the way Gradescope runs it."""

import csv
import json
import os
import shutil
import subprocess
import sys
import zipfile

from conftest import ROOT, rnnlab


def test_grade_all_writes_one_row_per_submission(checkout, stubs):
    submissions = checkout / "submissions"
    shutil.copytree(ROOT / "solutions", submissions / "ada")
    shutil.copytree(stubs, submissions / "bob")
    (submissions / "cy").mkdir()
    shutil.copy(ROOT / "solutions" / "e01_embedding.py", submissions / "cy")
    process = rnnlab(checkout, "grade-all", "submissions", "--jobs", "2", "--csv", "scores.csv")
    assert process.returncode == 0, process.stdout + process.stderr
    rows = {row["student"]: row for row in csv.DictReader((checkout / "scores.csv").open())}
    assert list(rows) == ["ada", "bob", "cy"]
    assert rows["ada"]["total"] == rows["ada"]["possible"] != "0.0"
    assert rows["bob"]["total"] == "0.0" and rows["bob"]["official"] == "True"
    assert rows["cy"]["e01_embedding"] == "6.0" and rows["cy"]["e02_simple_rnn"] == "0.0"
    # Not a terminal: a line per student, then a summary table.
    assert "graded ada (" in process.stdout and "graded cy (" in process.stdout
    summary = process.stdout[process.stdout.index("rnnlab grade-all") :]
    assert "ada" in summary and "bob" in summary and "cy" in summary
    report = json.loads((checkout / ".rnnlab" / "submissions" / "cy.json").read_text())
    assert report["exercises"]["e02_simple_rnn"]["feedback"].startswith("not submitted")


def test_autograder_bundle_runs_like_gradescope(checkout, tmp_path):
    process = rnnlab(checkout, "autograder-bundle", "--output", "dist/autograder.zip")
    assert process.returncode == 0, process.stdout + process.stderr
    root = tmp_path / "autograder"
    with zipfile.ZipFile(checkout / "dist" / "autograder.zip") as bundle:
        names = bundle.namelist()
        assert {"setup.sh", "run_autograder", "pyproject.toml"} <= set(names)
        assert "tests/grading/test_e02_simple_rnn.py" in names
        assert bundle.getinfo("run_autograder").external_attr >> 16 & 0o111  # executable
        bundle.extractall(root / "source")
    # setup.sh would pip-install rnnlab; it is installed here, so reuse computed references.
    if (ROOT / ".rnnlab" / "cache").is_dir():
        shutil.copytree(ROOT / ".rnnlab" / "cache", root / "source" / ".rnnlab" / "cache")
    (root / "submission").mkdir()
    shutil.copy(ROOT / "solutions" / "e02_simple_rnn.py", root / "submission")
    bin_dir = os.path.dirname(sys.executable)
    env = {"AUTOGRADER_ROOT": str(root), "PATH": f"{bin_dir}:/usr/bin:/bin", "COLUMNS": "200"}
    run = subprocess.run(
        ["bash", str(root / "source" / "run_autograder")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    scores = {t["name"].split(":")[0]: t["score"] for t in results["tests"]}
    assert scores["e02_simple_rnn"] == 8.0 and scores["e01_embedding"] == 0.0
    assert results["score"] == 8.0
