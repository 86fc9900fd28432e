"""The graders themselves: full marks for the solutions, zero for the stubs, and every
deliberately broken variant in tests/broken/ loses points and is named by the grader."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

from rnnlab.curriculum import load_curriculum
from rnnlab.grader.diagnosis.mistakes import read_mistake

BROKEN = sorted((ROOT / "tests" / "broken").glob("e[0-9][0-9]_*__*.py"))


def test_solutions_earn_full_marks(grader):
    code, report, printed = grader("solutions", (), "--fresh-references")
    assert code == 0, printed
    checks = sum(len(e["tests"]) for e in report["exercises"].values())
    references = report["references"]
    assert (references["computed_by_keras"], references["from_cache"]) == (checks, 0)
    assert 0 <= references["computed_by_partner"] <= checks  # a partner's share, if any ran
    assert report["official"] is False  # a self-study grade: official ones are isolated
    assert report["not_official_because"] == [
        "a self-study grade (official ones come from `rnnlab grade --official`)"
    ]
    assert set(report["exercises"]) == {e.name for e in load_curriculum()}
    for name, result in report["exercises"].items():
        assert result["earned"] == result["possible"], (name, result["feedback"])
        assert result["diagnoses"] == [] and result["patterns"] == [], name
    assert report["earned"] == report["possible"] > 0


def test_untouched_stubs_earn_zero_and_exit_zero(grader, stubs):
    test_solutions_earn_full_marks(grader)  # fills the reference cache, whatever the test order
    code, report, printed = grader(stubs)
    assert code == 0, printed
    assert report["references"]["computed_by_keras"] == 0  # all read back from the cache
    assert report["earned"] == 0
    for name, result in report["exercises"].items():
        assert "not written yet" in result["feedback"], (name, result["feedback"])
        assert result["diagnoses"] == [], name  # nothing came back, so nothing to recognise
        assert all(t["earned"] == 0 for t in result["tests"])
    assert "0 / " in printed  # the table was printed


def test_every_exercise_has_at_least_five_broken_variants():
    for exercise in load_curriculum():
        variants = [p for p in BROKEN if p.name.startswith(exercise.name + "__")]
        assert len(variants) >= 5, f"{exercise.name}: only {len(variants)} broken variants"


def test_the_catalogue_holds_at_least_45_mistakes():
    assert len(BROKEN) >= 45


@pytest.mark.parametrize("variant", BROKEN, ids=lambda p: p.stem)
def test_broken_variant_loses_points_and_is_named(grader, tmp_path, variant):
    """Each catalogued mistake, handed in as a learner's file, costs points and is named."""
    exercise, mistake_id = variant.stem.split("__")
    submission = tmp_path / "submission"
    # The reference answers beside it: e05 calls the learner's own simple_rnn, lstm and gru.
    shutil.copytree(ROOT / "solutions", submission)
    shutil.copy(variant, submission / f"{exercise}.py")
    code, report, printed = grader(submission, [exercise])
    assert code == 0, printed
    result = report["exercises"][exercise]
    assert result["earned"] < result["possible"], f"{variant.name} kept full marks"
    assert result["feedback"].startswith("Called "), result["feedback"]
    diagnosed = {d["id"]: d for d in result["diagnoses"]}
    assert mistake_id in diagnosed, (variant.name, result["diagnoses"])
    assert diagnosed[mistake_id]["message"] == read_mistake(variant).message
    assert diagnosed[mistake_id]["checks"] >= 1
    assert report["grader_errors"] == []
    assert "likely mistake" in printed


def test_a_wrong_answer_like_no_catalogued_mistake_keeps_the_plain_message(grader, tmp_path):
    submission = tmp_path / "submission"
    shutil.copytree(ROOT / "solutions", submission)
    solution = (submission / "e02_simple_rnn.py").read_text("utf-8")
    wrong = solution.replace("return np.tanh(z)  # (batch, units)", "return 0.5 * np.tanh(z)")
    assert wrong != solution
    (submission / "e02_simple_rnn.py").write_text(wrong, "utf-8")
    code, report, printed = grader(submission, ["e02"])
    result = report["exercises"]["e02_simple_rnn"]
    assert code == 0 and result["earned"] == 0, printed
    assert result["diagnoses"] == [] and result["patterns"] == []
    assert result["feedback"].startswith("Called simple_rnn_step(x_t of shape"), result["feedback"]
    assert "values differ from keras.layers.SimpleRNNCell" in result["feedback"]
    assert "likely mistake" not in printed and "pattern:" not in printed


def test_a_check_past_pytests_timeout_fails_as_a_timeout_not_a_grader_error(checkout):
    """pytest-timeout's limit per check ends in the plugin's own exception, told by its type."""
    (checkout / "tests" / "grading" / "test_e01_embedding.py").write_text(
        "import time\n\nimport pytest\n\n"
        'pytestmark = pytest.mark.exercise("e01_embedding")\n\n\n'
        "@pytest.mark.points(6)\n"
        "def test_takes_forever(learner):\n"
        "    time.sleep(60)\n",
        "utf-8",
    )
    report = checkout / "report.json"
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/grading/test_e01_embedding.py",
            "-p",
            "rnnlab.grader.plugin",
            "-p",
            "no:cacheprovider",
            "--timeout",
            "1",
            "--report",
            str(report),
            "--no-table",
        ],
        cwd=checkout,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert process.returncode == 1, process.stdout + process.stderr  # a failed check, no crash
    result = json.loads(report.read_text("utf-8"))
    assert result["grader_errors"] == []
    assert result["exercises"]["e01_embedding"]["feedback"].startswith(
        "this check took longer than its time limit"
    )
