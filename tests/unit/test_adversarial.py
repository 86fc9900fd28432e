"""Hostile submissions (tests/adversarial/) cost only their own exercise, with a one-line reason.

Each file is a hostile ``e02_simple_rnn``; its docstring says what the feedback must contain
(``Expect: ...``) and, when needed, the exercise's time limit (``TimeLimit: ...``). It is graded
beside the reference e01, which must keep full marks, and the grader must exit 0.
"""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import ROOT

HOSTILE = sorted((ROOT / "tests" / "adversarial").glob("e[0-9][0-9]_*__*.py"))


def _header(path, field, default=None):
    match = re.search(rf"^{field}: (.+)$", path.read_text("utf-8"), flags=re.MULTILINE)
    return match.group(1).strip() if match else default


def test_every_hostile_case_of_the_issue_is_here():
    cases = {path.stem.split("__")[1] for path in HOSTILE}
    assert cases >= {
        "loop_in_function",
        "loop_at_import",
        "raises",
        "syntax_error",
        "sys_exit",
        "os_exit",
        "nan_output",
        "wrong_shape",
        "wrong_dtype",
        "megabytes_printed",
        "modifies_inputs_in_place",
        "monkeypatches_numpy",
        "uses_keras",
    }


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda p: p.stem.split("__")[1])
def test_hostile_code_costs_only_its_own_exercise(grader, tmp_path, hostile):
    exercise = hostile.stem.split("__")[0]
    submission = tmp_path / "submission"
    shutil.copytree(ROOT / "solutions", submission)
    shutil.copy(hostile, submission / f"{exercise}.py")
    limit = _header(hostile, "TimeLimit", "3")
    code, report, printed = grader(submission, ["e01", exercise], "--time-limit", limit)
    assert code == 0, printed
    others = report["exercises"]["e01_embedding"]
    assert others["earned"] == others["possible"], others["feedback"]
    result = report["exercises"][exercise]
    expect = _header(hostile, "Expect")
    if expect == "full marks":
        assert result["earned"] == result["possible"], result["feedback"]
    else:
        assert result["earned"] < result["possible"]
        assert expect in result["feedback"], result["feedback"]
        assert len(result["feedback"]) < 1000  # one line, even after megabytes of prints
