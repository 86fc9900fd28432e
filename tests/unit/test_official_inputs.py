"""Official inputs no one can predict: a table of answers recorded at home earns nothing in an
official run, hidden checks stay hidden, and a teacher can reproduce a run with its seed."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, rnnlab

from rnnlab.grader.checks.cases import (
    HIDDEN_RECURRENT_CASES,
    RECURRENT_CASES,
    recurrent_cases,
    rng_for,
    use_official_seed,
)
from rnnlab.grader.run import official_seed

KEY = '''
import hashlib

import numpy as np


def _key(name, kwargs):
    """A digest of a call's inputs: how the answer table is indexed."""
    digest = hashlib.sha256(name.encode())
    for arg in sorted(kwargs):
        value = kwargs[arg]
        digest.update(arg.encode())
        if value is None or isinstance(value, (bool, int, float)):
            digest.update(repr(value).encode())
        else:
            value = np.ascontiguousarray(value)
            digest.update(repr(value.shape).encode() + value.tobytes())
    return digest.hexdigest()
'''

RECORDER = """
import json
import os

_answer_step, _answer_rnn = simple_rnn_step, simple_rnn


def _record(name, kwargs, answer):
    path = os.environ["ANSWER_TABLE"]
    table = json.load(open(path)) if os.path.exists(path) else {}
    table[_key(name, kwargs)] = np.asarray(answer).tolist()
    json.dump(table, open(path, "w"))
    return answer


def simple_rnn_step(*args, **kwargs):
    answer = _answer_step(*args, **kwargs)
    return answer if args else _record("simple_rnn_step", kwargs, answer)  # graders use keywords


def simple_rnn(*args, **kwargs):
    answer = _answer_rnn(*args, **kwargs)
    return answer if args else _record("simple_rnn", kwargs, answer)
"""

LOOKUP = """
def simple_rnn_step(**kwargs):
    return np.array(TABLE[_key("simple_rnn_step", kwargs)], dtype=np.float32)


def simple_rnn(**kwargs):
    return np.array(TABLE[_key("simple_rnn", kwargs)], dtype=np.float32)
"""


def _answer_table_student(checkout: Path, tmp_path: Path) -> Path:
    """The cheat, built as a student would: an honest file that records every call's answer,
    graded once at home; then a file holding only that table."""
    solution = (ROOT / "solutions" / "e02_simple_rnn.py").read_text("utf-8")
    home = tmp_path / "home"
    home.mkdir()
    (home / "e02_simple_rnn.py").write_text(solution + KEY + RECORDER, "utf-8")
    table = tmp_path / "table.json"
    process = subprocess.run(
        [sys.executable, "-m", "rnnlab", "grade", "e02", "--impl", str(home)],
        cwd=checkout,
        capture_output=True,
        text=True,
        env={**os.environ, "ANSWER_TABLE": str(table)},
        timeout=600,
    )
    assert process.returncode == 0, process.stdout + process.stderr
    answers = json.loads(table.read_text())
    assert len(answers) >= 20  # every call of every public check
    lookup = tmp_path / "lookup"
    lookup.mkdir()
    (lookup / "e02_simple_rnn.py").write_text(KEY + f"\nTABLE = {answers!r}\n" + LOOKUP, "utf-8")
    return lookup


def _e02(checkout: Path, impl: Path, *options: str) -> dict:
    report = checkout / f"{impl.name}-{'-'.join(options) or 'self'}.json"
    process = rnnlab(
        checkout, "grade", "e02", "--impl", str(impl), "--report", str(report), *options
    )
    assert process.returncode == 0, process.stdout + process.stderr
    return json.loads(report.read_text("utf-8"))


def test_a_table_of_answers_from_home_earns_nothing_officially(checkout, tmp_path):
    lookup = _answer_table_student(checkout, tmp_path)
    home = _e02(checkout, lookup)
    assert home["earned"] == 8.0  # the cheat works in self-study: the test below can fail
    official = _e02(checkout, lookup, "--official")
    assert official["official"] is True
    assert official["exercises"]["e02_simple_rnn"]["earned"] == 0.0
    honest = _e02(checkout, ROOT / "solutions", "--official")
    assert honest["exercises"]["e02_simple_rnn"]["earned"] == 8.0
    public, hidden = (
        honest["exercises"]["e02_simple_rnn"]["checks"][k] for k in ("public", "hidden")
    )
    assert public[0] == public[1] > 0 and hidden[0] == hidden[1] > 0
    # grade-all, the teacher's way: the table earns nothing there either.
    shutil.copytree(lookup, checkout / "class" / "lookup")
    shutil.copytree(ROOT / "solutions", checkout / "class" / "honest")
    process = rnnlab(checkout, "grade-all", "class", "e02", "--csv", "scores.csv")
    assert process.returncode == 0, process.stdout + process.stderr
    rows = {r["student"]: r for r in csv.DictReader((checkout / "scores.csv").open())}
    assert rows["lookup"]["e02_simple_rnn"] == "0.0" and rows["honest"]["e02_simple_rnn"] == "8.0"
    assert rows["lookup"]["official"] == rows["honest"]["official"] == "True"


def test_hidden_checks_name_the_mistake_but_show_no_data(checkout):
    shutil.copytree(ROOT / "tests" / "broken", checkout / "tests" / "broken")  # the catalogue
    broken = checkout / "broken"
    broken.mkdir()
    shutil.copy(
        ROOT / "tests" / "broken" / "e02_simple_rnn__sigmoid_for_tanh.py",
        broken / "e02_simple_rnn.py",
    )
    report = _e02(checkout, broken, "--official", "--seed", "11")
    e02 = report["exercises"]["e02_simple_rnn"]
    hidden = [t for t in e02["tests"] if t["hidden"]]
    assert hidden and all(t["earned"] == 0 for t in hidden)
    for test in hidden:
        assert test["message"].startswith("a hidden check failed")
        assert not any(ch.isdigit() for ch in test["message"])  # no shape, no value
        assert "sigmoid_for_tanh" in test["mistakes"]
    assert e02["checks"]["hidden"] == [0, len(hidden)]
    assert f"0 of {len(hidden)} hidden checks passed" in e02["feedback"]
    assert not e02["feedback"].startswith("a hidden check")  # a public failure comes first
    assert [d["id"] for d in e02["diagnoses"]] == ["sigmoid_for_tanh"]
    assert report["official_seed"] == 11


def test_a_seed_changes_every_input_and_the_same_seed_repeats_them():
    public = rng_for("basic").random(3)
    try:
        use_official_seed(7)
        seven = rng_for("basic").random(3)
        assert len(recurrent_cases()) == len(RECURRENT_CASES) + len(HIDDEN_RECURRENT_CASES)
        use_official_seed(7)
        assert np.array_equal(seven, rng_for("basic").random(3))
        use_official_seed(8)
        assert not np.array_equal(seven, rng_for("basic").random(3))
    finally:
        use_official_seed(None)
    assert np.array_equal(public, rng_for("basic").random(3))  # self-study: public again
    assert recurrent_cases() == RECURRENT_CASES


@pytest.mark.parametrize("bad", ["-1", "seven", str(2**63)])
def test_a_bad_seed_is_one_clear_error(bad, monkeypatch):
    monkeypatch.setenv("RNNLAB_OFFICIAL_SEED", bad)
    with pytest.raises(ValueError, match="RNNLAB_OFFICIAL_SEED"):
        official_seed()


def test_without_a_seed_every_official_run_draws_a_fresh_one(monkeypatch):
    monkeypatch.delenv("RNNLAB_OFFICIAL_SEED", raising=False)
    assert official_seed() != official_seed()
    assert official_seed(7) == 7
    monkeypatch.setenv("RNNLAB_OFFICIAL_SEED", "12")
    assert official_seed() == 12 and official_seed(7) == 7
