"""e07 told step by step: a wrong 'inputs' gradient says at which time step it first departs
from the tape's, and the report keeps every step's error."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT


@pytest.mark.parametrize(
    ("variant", "said"),
    [
        (
            "carry_skips_tanh_and_kernel",
            "matches Keras at the last 1 step(s) and first departs at t = 1 (the last step is "
            "t = 2): look at the gradient carried back",
        ),
        ("loop_skips_last_step", "already differs at the last step, t = 2"),
    ],
)
def test_the_inputs_gradient_says_where_it_departs(grader, tmp_path, variant, said):
    submission = tmp_path / "submission"
    shutil.copytree(ROOT / "solutions", submission)
    shutil.copy(ROOT / "tests" / "broken" / f"e07_bptt__{variant}.py", submission / "e07_bptt.py")
    code, report, printed = grader(submission, ["e07"])
    assert code == 0, printed
    result = report["exercises"]["e07_bptt"]
    assert said in result["feedback"], result["feedback"]  # the first check shown says it
    assert [d["id"] for d in result["diagnoses"]] == [variant]
    basic = next(t for t in result["tests"] if t["name"].endswith("[basic-inputs]"))
    last_matches = variant == "carry_skips_tanh_and_kernel"
    assert len(basic["steps"]) == 3 and (basic["steps"][-1] == 0.0) == last_matches
    assert basic["steps"][1] > 0
    passing = [t for t in result["tests"] if t["earned"] == t["possible"]]
    assert all("steps" not in t for t in passing)
