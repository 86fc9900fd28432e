"""The graders themselves: full marks for the solutions, zero for the stubs, and every
deliberately broken variant in tests/broken/ loses points."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT

from rnnlab.curriculum import load_curriculum

BROKEN = sorted((ROOT / "tests" / "broken").glob("e[0-9][0-9]_*__*.py"))


def test_solutions_earn_full_marks(grader):
    code, report, printed = grader("solutions", (), "--fresh-references")
    assert code == 0, printed
    checks = sum(len(e["tests"]) for e in report["exercises"].values())
    assert report["references"] == {"computed_by_keras": checks, "from_cache": 0}
    assert report["official"] is False  # a self-study grade: official ones are isolated
    assert report["not_official_because"] == [
        "a self-study grade (official ones come from `rnnlab grade --official`)"
    ]
    assert set(report["exercises"]) == {e.name for e in load_curriculum()}
    for name, result in report["exercises"].items():
        assert result["earned"] == result["possible"], (name, result["feedback"])
    assert report["earned"] == report["possible"] > 0


def test_untouched_stubs_earn_zero_and_exit_zero(grader, stubs):
    test_solutions_earn_full_marks(grader)  # fills the reference cache, whatever the test order
    code, report, printed = grader(stubs)
    assert code == 0, printed
    assert report["references"]["computed_by_keras"] == 0  # all read back from the cache
    assert report["earned"] == 0
    for name, result in report["exercises"].items():
        assert "not written yet" in result["feedback"], (name, result["feedback"])
        assert all(t["earned"] == 0 for t in result["tests"])
    assert "0 / " in printed  # the table was printed


def test_every_exercise_has_at_least_five_broken_variants():
    for exercise in load_curriculum():
        variants = [p for p in BROKEN if p.name.startswith(exercise.name + "__")]
        assert len(variants) >= 5, f"{exercise.name}: only {len(variants)} broken variants"


@pytest.mark.parametrize("variant", BROKEN, ids=lambda p: p.stem)
def test_broken_variant_loses_points(grader, tmp_path, variant):
    exercise = variant.stem.split("__")[0]
    submission = tmp_path / "submission"
    # The reference answers beside it: e05 calls the learner's own simple_rnn, lstm and gru.
    shutil.copytree(ROOT / "solutions", submission)
    shutil.copy(variant, submission / f"{exercise}.py")
    code, report, printed = grader(submission, [exercise])
    assert code == 0, printed
    result = report["exercises"][exercise]
    assert result["earned"] < result["possible"], f"{variant.name} kept full marks"
    assert result["feedback"].startswith("Called "), result["feedback"]
