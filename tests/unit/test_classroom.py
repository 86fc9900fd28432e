"""Teachers' tools: a folder of submissions graded in parallel into a CSV, and the Gradescope
autograder bundle run end to end the way Gradescope runs it."""

import csv
import json
import os
import shutil
import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT, rnnlab

CHEATS = ROOT / "tests" / "adversarial" / "official"
TWO = ("e01", "e02")  # two exercises keep a class run short; the others grade the same way


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
    (checkout / "assignment.toml").write_text('exercises = ["e01"]\n[points]\ne02 = 16\n')
    process = rnnlab(
        checkout,
        "autograder-bundle",
        "--output",
        "dist/autograder.zip",
        "--assignment",
        "assignment.toml",
    )
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
    # Only the assignment's exercises, out of its points: e02's checks now weigh twice as much.
    scores = {t["name"].split(":")[0]: (t["score"], t["max_score"]) for t in honest["tests"]}
    assert scores == {"e01_embedding": (0.0, 6.0), "e02_simple_rnn": (16.0, 16.0)}
    assert honest["score"] == 16.0
    cheat = (CHEATS / "e02_simple_rnn__os_open_reference_cache.py").read_text()
    (submission / "e02_simple_rnn.py").write_text(cheat.replace("__CACHE_FILE__", str(references)))
    cheated = run("run_autograder")
    assert cheated["score"] == 0.0
    (e02,) = [t for t in cheated["tests"] if t["name"].startswith("e02_simple_rnn")]
    assert "your code tried to read files outside your submission" in e02["output"]


INPUT_DIGEST = """
import hashlib

import numpy as np


def _said(array):
    digest = hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()
    raise ValueError("inputs " + digest[:12])


def simple_rnn_step(**kwargs):
    _said(kwargs["x_t"])


def simple_rnn(**kwargs):
    _said(kwargs["inputs"])
"""


def _class(checkout, stubs):
    """Five students: full marks, nothing, one exercise, and one whose e02 says which inputs
    it was given (its feedback shows which data a run used)."""
    folder = checkout / "class"
    shutil.copytree(ROOT / "solutions", folder / "ada")
    shutil.copytree(stubs, folder / "bob")
    for student in ("cy", "dan", "eve"):
        (folder / student).mkdir()
        shutil.copy(ROOT / "solutions" / "e01_embedding.py", folder / student)
    (folder / "eve" / "e02_simple_rnn.py").write_text(INPUT_DIGEST)
    return folder


def _inputs_seen(checkout, out):
    report = json.loads((checkout / out / "eve.json").read_text())
    return report["exercises"]["e02_simple_rnn"]["feedback"].split("inputs ")[1][:12]


def _ok(process):
    assert process.returncode == 0, process.stdout + process.stderr
    return process


def test_an_assignment_chooses_the_columns_and_the_points(checkout, stubs):
    """An assignment's exercises are the CSV's columns and its points the possible total, in
    grade-all and in a merge of its results alike; each check keeps its relative weight."""
    folder = checkout / "class"
    shutil.copytree(ROOT / "solutions", folder / "ada")
    (folder / "cy").mkdir()  # e01 only, with its lookup right and its one-hot wrong
    half = ROOT / "tests" / "broken" / "e01_embedding__one_hot_off_by_one.py"
    shutil.copy(half, folder / "cy" / "e01_embedding.py")
    (checkout / "a.toml").write_text('exercises = ["e02"]\n[points]\ne01_embedding = 12\n')
    _ok(rnnlab(checkout, "grade-all", "class", "--assignment", "a.toml", "--out", "out"))
    rows = list(csv.DictReader((checkout / "scores.csv").open()))
    assert list(rows[0]) == [
        "student",
        "total",
        "possible",
        "official",
        "seed",
        "e01_embedding",
        "e02_simple_rnn",
    ]
    ada, cy = rows
    assert (ada["total"], ada["possible"], ada["e01_embedding"]) == ("20.0", "20.0", "12.0")
    assert cy["possible"] == "20.0" and cy["e02_simple_rnn"] == "0.0"
    report = json.loads((checkout / "out" / "cy.json").read_text())
    assert report["assignment"] == {"e01_embedding": 12.0, "e02_simple_rnn": 8.0}
    tests = report["exercises"]["e01_embedding"]["tests"]
    assert sum(t["possible"] for t in tests) == pytest.approx(12.0)
    assert 0 < float(cy["e01_embedding"]) < 12.0
    assert float(cy["e01_embedding"]) == pytest.approx(sum(t["earned"] for t in tests))
    _ok(rnnlab(checkout, "merge", "out", "--csv", "merged.csv"))
    assert (checkout / "merged.csv").read_text() == (checkout / "scores.csv").read_text()


def test_a_class_graded_in_three_shares_merges_into_the_unsharded_run(checkout, stubs):
    _class(checkout, stubs)
    _ok(
        rnnlab(
            checkout, "grade-all", "class", *TWO, "--seed", "7", "--csv", "A.csv", "--out", "whole"
        )
    )
    for k in (1, 3):
        _ok(
            rnnlab(
                checkout,
                "grade-all",
                "class",
                *TWO,
                "--seed",
                "7",
                "--shard",
                f"{k}/3",
                "--out",
                "parts",
            )
        )
    partial = rnnlab(checkout, "merge", "parts", "--csv", "B.csv")
    assert partial.returncode == 2
    (line,) = [ln for ln in partial.stdout.splitlines() if ln.strip()]
    assert "missing shares 2/3" in line
    _ok(
        rnnlab(
            checkout, "grade-all", "class", *TWO, "--seed", "7", "--shard", "2/3", "--out", "parts"
        )
    )
    _ok(rnnlab(checkout, "merge", "parts", "--csv", "B.csv", "--html", "class.html"))
    whole = (checkout / "A.csv").read_text()
    merged = (checkout / "B.csv").read_text()
    # Each share is its own run with seed 7: the same scores; only the run each row names
    # differs (the unsharded run's, or the share's that graded the student).
    assert _without(whole, "run") == _without(merged, "run")
    runs = {r["run"] for r in csv.DictReader(merged.splitlines())}
    assert {run.split("-", 1)[1] for run in runs} <= {f"shard-{k}-of-3" for k in (1, 2, 3)}
    assert runs <= {p.name for p in (checkout / "parts" / "runs").iterdir()}
    rows = list(csv.DictReader(whole.splitlines()))
    assert [r["student"] for r in rows] == ["ada", "bob", "cy", "dan", "eve"]
    assert {r["seed"] for r in rows} == {"7"}
    assert rows[0]["total"] == rows[0]["possible"] and rows[1]["total"] == "0.0"
    assert _inputs_seen(checkout, "whole") == _inputs_seen(checkout, "parts")
    page = (checkout / "class.html").read_text()
    assert page.count("<svg") >= 2
    # Without a seed every run draws its own inputs; the seeded one is not the public one.
    for out in ("fresh-1", "fresh-2"):
        _ok(rnnlab(checkout, "grade-all", "class", *TWO, "--out", out, "--csv", f"{out}.csv"))
    seen = {_inputs_seen(checkout, out) for out in ("whole", "fresh-1", "fresh-2")}
    assert len(seen) == 3
    fresh = {r["seed"] for r in csv.DictReader((checkout / "fresh-1.csv").open())}
    assert fresh != {"7"} and len(fresh) == 1


def _without(content, column):
    """A CSV's rows as dicts, less ``column``."""
    return [
        {k: v for k, v in r.items() if k != column} for r in csv.DictReader(content.splitlines())
    ]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--shard", "0/3", "--seed", "7"], "expected K/N with 1 <= K <= N"),
        (["--shard", "4/3", "--seed", "7"], "expected K/N with 1 <= K <= N"),
        (["--shard", "a/b", "--seed", "7"], "expected K/N with 1 <= K <= N"),
        (["--shard", "1/3"], "--shard needs --seed"),
        (["--seed", "-4"], "expected a whole number"),
    ],
)
def test_bad_teacher_input_is_one_line(checkout, stubs, args, says):
    _class(checkout, stubs)
    process = rnnlab(checkout, "grade-all", "class", *args)
    assert process.returncode == 2
    assert says in process.stdout and len(process.stdout.strip().splitlines()) <= 2


def test_an_out_folder_of_another_seed_and_an_empty_merge_are_refused(checkout, stubs, tmp_path):
    from rnnlab.classroom.shards import Manifest, Shard

    _class(checkout, stubs)
    (checkout / "old").mkdir()
    Manifest(Shard(1, 3), 99, ["ada"], {"ada": 0}).write(checkout / "old")
    process = rnnlab(
        checkout, "grade-all", "class", "--seed", "7", "--shard", "1/3", "--out", "old"
    )
    assert process.returncode == 2 and "another seed" in process.stdout
    (checkout / "empty").mkdir()
    process = rnnlab(checkout, "merge", "empty")
    assert process.returncode == 2 and "holds no grade-all results" in process.stdout


def test_merge_names_the_students_of_a_broken_class(tmp_path):
    from rnnlab.classroom.shards import Manifest, Shard, whole_class

    roster = ["ada", "bob", "cy"]
    Manifest(Shard(1, 2), 7, roster, {"ada": 0, "bob": 0}).write(tmp_path)
    Manifest(Shard(2, 2), 7, roster, {"bob": 0, "cy": 0}).write(tmp_path)
    with pytest.raises(ValueError, match="more than one share: bob"):
        whole_class(tmp_path)
    Manifest(Shard(2, 2), 7, roster, {}).write(tmp_path)
    with pytest.raises(ValueError, match="students not graded: cy"):
        whole_class(tmp_path)
    Manifest(Shard(2, 2), 8, roster, {"cy": 0}).write(tmp_path)
    with pytest.raises(ValueError, match="different seeds"):
        whole_class(tmp_path)
    Manifest(Shard(2, 2), 7, roster, {"cy": 0}).write(tmp_path)
    assert whole_class(tmp_path).graded == {"ada": 0, "bob": 0, "cy": 0}
