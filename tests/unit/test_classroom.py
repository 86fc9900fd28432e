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

CHEATS = ROOT / "tests" / "adversarial" / "official"


def _cheat(folder, route, checkout):
    """A cheating e02 beside honest e01: the route's file, with the real checkout filled in."""
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "solutions" / "e01_embedding.py", folder)
    text = (CHEATS / f"e02_simple_rnn__{route}.py").read_text()
    text = text.replace("__CHECKOUT__", str(checkout))
    (folder / "e02_simple_rnn.py").write_text(text)


def test_grade_all_writes_one_row_per_submission(checkout, stubs):
    submissions = checkout / "submissions"
    shutil.copytree(ROOT / "solutions", submissions / "ada")
    shutil.copytree(stubs, submissions / "bob")
    (submissions / "cy").mkdir()
    shutil.copy(ROOT / "solutions" / "e01_embedding.py", submissions / "cy")
    _cheat(submissions / "dan", "reads_solution_from_checkout", checkout)
    _cheat(submissions / "eve", "keras_in_child_process", checkout)
    process = rnnlab(checkout, "grade-all", "submissions", "--jobs", "2", "--csv", "scores.csv")
    assert process.returncode == 0, process.stdout + process.stderr
    rows = {row["student"]: row for row in csv.DictReader((checkout / "scores.csv").open())}
    assert list(rows) == ["ada", "bob", "cy", "dan", "eve"]
    assert rows["ada"]["total"] == rows["ada"]["possible"] != "0.0"
    assert rows["ada"]["official"] == "True"
    assert rows["bob"]["total"] == "0.0" and rows["bob"]["official"] == "True"
    assert rows["cy"]["e01_embedding"] == "6.0" and rows["cy"]["e02_simple_rnn"] == "0.0"
    for cheater in ("dan", "eve"):  # honest e01 counts, the cheated e02 earns nothing
        assert rows[cheater]["e01_embedding"] == "6.0" and rows[cheater]["e02_simple_rnn"] == "0.0"
        report = json.loads((checkout / ".rnnlab" / "submissions" / f"{cheater}.json").read_text())
        assert "your code tried to" in report["exercises"]["e02_simple_rnn"]["feedback"]
        assert "audit hook" in report["isolation"]["layers"]
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
        assert not [n for n in names if n.startswith("solutions/")]  # nothing to steal
        assert "exercises/e02_simple_rnn.py" in names  # the stubs compute the references
        assert bundle.getinfo("run_autograder").external_attr >> 16 & 0o111  # executable
        bundle.extractall(root / "source")
    bin_dir = os.path.dirname(sys.executable)
    env = {
        "AUTOGRADER_ROOT": str(root),
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "COLUMNS": "200",
        "RNNLAB_SKIP_INSTALL": "1",  # rnnlab is installed here already; the rest runs as is
    }

    def run(script):
        done = subprocess.run(
            ["bash", str(root / "source" / script)],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return json.loads((root / "results" / "results.json").read_text())

    subprocess.run(["bash", str(root / "source" / "setup.sh")], env=env, check=True, timeout=900)
    (references,) = (root / "source" / ".rnnlab" / "references").glob("test_e02_simple_rnn-*")
    assert (root / "source").stat().st_mode & 0o077 == 0  # private to root after set-up
    submission = root / "submission"
    submission.mkdir()
    shutil.copy(ROOT / "solutions" / "e02_simple_rnn.py", submission)
    honest = run("run_autograder")
    scores = {t["name"].split(":")[0]: t["score"] for t in honest["tests"]}
    assert scores["e02_simple_rnn"] == 8.0 and scores["e01_embedding"] == 0.0
    assert honest["score"] == 8.0
    cheat = (CHEATS / "e02_simple_rnn__os_open_reference_cache.py").read_text()
    (submission / "e02_simple_rnn.py").write_text(cheat.replace("__CACHE_FILE__", str(references)))
    cheated = run("run_autograder")
    assert cheated["score"] == 0.0
    (e02,) = [t for t in cheated["tests"] if t["name"].startswith("e02_simple_rnn")]
    assert "your code tried to read files outside your submission" in e02["output"]
