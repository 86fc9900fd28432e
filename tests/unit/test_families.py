"""Families of mistakes: every wrong gate order is named with its own order, correct code names
nothing, and two catalogued mistakes in one file are both named with the checks each explains.

The learners' files here are written the way a learner writes them (the solution with its
blocks unpacked in another order), never through the transforms the grader uses."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT

from rnnlab.grader.diagnosis.families import GATE_BLOCKS, transforms
from rnnlab.grader.diagnosis.recognise import Call, Recogniser
from rnnlab.modules import import_file

TWO_MISTAKES = sorted((Path(__file__).parent / "two_mistakes").glob("e*__*+*.py"))
# Orders the catalogue holds as files: named by the file's own id.
CATALOGUED = {
    ("e03_lstm", "ifoc"): "wrong_gate_order",
    ("e04_gru", "rzh"): "gates_z_r_swapped",
}


def _lstm_source(order: str) -> str:
    source = (ROOT / "solutions" / "e03_lstm.py").read_text("utf-8")
    names = ", ".join(f"z_{gate}" for gate in order)
    changed = source.replace("z_i, z_f, z_c, z_o = (z[", f"{names} = (z[")
    assert changed != source
    return changed


def _gru_source(order: str) -> str:
    source = (ROOT / "solutions" / "e04_gru.py").read_text("utf-8")
    for prefix in ("x", "k", "r"):
        keras = ", ".join(f"{prefix}_{gate}" for gate in "zrh")
        mine = ", ".join(f"{prefix}_{gate}" for gate in order)
        assert f"{keras} = " in source
        source = source.replace(f"{keras} = ", f"{mine} = ")
    return source


def _call(module, exercise: str, rng: np.random.Generator) -> Call:
    """One call of the learner's layer on random weights, as a grading check makes it."""
    batch, steps, features, units = 2, 3, 5, 4
    blocks = len(GATE_BLOCKS[exercise])
    arguments = {
        "inputs": rng.uniform(-1, 1, (batch, steps, features)),
        "kernel": rng.uniform(-1, 1, (features, blocks * units)),
        "recurrent_kernel": rng.uniform(-1, 1, (units, blocks * units)),
        "bias": rng.uniform(-1, 1, ((2, blocks * units) if blocks == 3 else (blocks * units,))),
        "return_sequences": True,
    }
    function = "gru" if exercise == "e04_gru" else "lstm"
    value = getattr(module, function)(**arguments)
    return Call(function, arguments, value, returned=True)


def _recognised(tmp_path: Path, exercise: str, source: str) -> list[str]:
    path = tmp_path / f"{exercise}.py"
    path.write_text(source, "utf-8")
    module = import_file(path, f"learner_{exercise}_{abs(hash(source))}")
    call = _call(module, exercise, np.random.default_rng(7))
    recogniser = Recogniser(ROOT, tmp_path / "cache")
    test_file = next((ROOT / "tests" / "grading").glob(f"test_{exercise}.py"))
    return [m.id for m in recogniser.recognise(exercise, test_file, "check", [call])]


@pytest.mark.parametrize(
    ("exercise", "source"), [("e03_lstm", _lstm_source), ("e04_gru", _gru_source)]
)
def test_every_wrong_gate_order_is_named_with_its_own_order(tmp_path, exercise, source):
    keras = GATE_BLOCKS[exercise]
    wrong = ["".join(p) for p in itertools.permutations(keras) if "".join(p) != keras]
    assert len(wrong) == {"e03_lstm": 23, "e04_gru": 5}[exercise]
    for order in wrong:
        expected = CATALOGUED.get((exercise, order), "gate_order_" + "_".join(order))
        assert _recognised(tmp_path, exercise, source(order)) == [expected], order


@pytest.mark.parametrize("exercise", ["e03_lstm", "e04_gru"])
def test_correct_code_matches_no_member(tmp_path, exercise):
    """(A correct answer is never diagnosed: its checks pass. Asked anyway, no member of a
    family matches it; catalogued files that coincide with it on this call may.)"""
    solution = (ROOT / "solutions" / f"{exercise}.py").read_text("utf-8")
    members = {t.id for t in transforms(exercise)} - {"update_gate_inverted"}
    assert members and not members & set(_recognised(tmp_path, exercise, solution))


def test_a_member_reads_its_order_in_both_languages():
    from rnnlab import i18n
    from rnnlab.grader.diagnosis.families import gate_orders
    from rnnlab.grader.diagnosis.mistakes import Mistake

    member = next(t for t in gate_orders("e03_lstm") if t.id == "gate_order_f_c_i_o")
    found = Mistake("e03_lstm", member.id, "", ROOT / "solutions" / "e03_lstm.py", member)
    assert i18n.mistake(found, language="en") == (
        "You read the gate blocks as f, c, i, o; Keras stores them in the order i, f, c, o."
    )
    assert "f, c, i, o 순서로 읽습니다" in i18n.mistake(found, language="ko")


@pytest.mark.parametrize("variant", TWO_MISTAKES, ids=lambda p: p.stem)
def test_two_mistakes_in_one_file_are_both_named(grader, tmp_path, variant):
    exercise, both = variant.stem.split("__")
    first, second = both.split("+")
    submission = tmp_path / "submission"
    shutil.copytree(ROOT / "solutions", submission)
    shutil.copy(variant, submission / f"{exercise}.py")
    code, report, printed = grader(submission, [exercise])
    assert code == 0 and report["grader_errors"] == [], printed
    result = report["exercises"][exercise]
    failing = sum(t["earned"] < t["possible"] for t in result["tests"] if not t["hidden"])
    diagnosed = {d["id"]: d for d in result["diagnoses"]}
    assert set(diagnosed) == {first, second}, result["diagnoses"]
    for diagnosis in diagnosed.values():
        assert diagnosis["failing"] == failing
        assert 1 <= diagnosis["checks"] <= failing
    assert "likely mistake (explains" in printed


def test_the_first_failing_check_shown_is_one_the_top_diagnosis_explains():
    from rnnlab.curriculum import find_exercise
    from rnnlab.grader.diagnosis.mistakes import Mistake
    from rnnlab.grader.report import ExerciseResult, TestResult

    mistake = Mistake("e03_lstm", "no_tanh_on_cell", "You forgot tanh.", ROOT / "x.py")
    tests = [
        TestResult("a", 0.0, 1.0, "Called a: unexplained"),
        TestResult("b", 0.0, 1.0, "Called b: explained", mistakes=(mistake,)),
        TestResult("c", 0.0, 1.0, "Called c: explained", mistakes=(mistake,)),
    ]
    result = ExerciseResult(find_exercise("e03"), tests)
    assert result.feedback == "Called b: explained"
    assert result.diagnoses[0]["checks"] == 2 and result.diagnoses[0]["failing"] == 3
    assert result.unexplained == 1
    hidden_only = ExerciseResult(
        find_exercise("e03"),
        [tests[0], TestResult("h", 0.0, 1.0, "hidden", mistakes=(mistake,), hidden=True)],
    )
    assert hidden_only.feedback.startswith("Called a: unexplained (the likely mistake below")
