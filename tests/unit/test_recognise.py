"""The catalogue of mistakes, how the grader recognises one, and the patterns of failing checks."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from conftest import ROOT

from rnnlab.curriculum import load_curriculum
from rnnlab.grader.checks.cases import RecurrentCase
from rnnlab.grader.diagnosis.mistakes import load_catalogue, read_mistake
from rnnlab.grader.diagnosis.patterns import check_labels, summarise
from rnnlab.grader.diagnosis.recognise import (
    NO_ANSWER,
    Call,
    Recogniser,
    pack,
    same_answer,
    trusted,
    unpack,
)
from rnnlab.grader.integrity import checksum, recorded_checksums, tampered
from rnnlab.grader.sandbox.protocol import FunctionRef

E02_TESTS = ROOT / "tests" / "grading" / "test_e02_simple_rnn.py"


def test_every_exercise_has_catalogued_mistakes_with_a_sentence_each():
    catalogue = load_catalogue(ROOT)
    assert {e.name for e in load_curriculum()} <= set(catalogue)
    for exercise, mistakes in catalogue.items():
        assert len({m.id for m in mistakes}) == len(mistakes), exercise
        for mistake in mistakes:
            assert mistake.exercise == exercise
            assert mistake.message.endswith("."), mistake.path.name
            assert 20 < len(mistake.message) < 240, mistake.path.name


def test_mistakes_of_a_new_exercise_are_found_by_their_file_names(tmp_path):
    folder = tmp_path / "tests" / "broken"
    folder.mkdir(parents=True)
    (folder / "e07_bptt__no_tanh_derivative.py").write_text('MISTAKE = "You skip tanh\'s slope."\n')
    (folder / "helpers.py").write_text("")  # not a catalogue file: ignored
    catalogue = load_catalogue(tmp_path)
    assert list(catalogue) == ["e07_bptt"]
    assert catalogue["e07_bptt"][0].id == "no_tanh_derivative"
    assert catalogue["e07_bptt"][0].message == "You skip tanh's slope."


def test_no_catalogue_folder_is_an_empty_catalogue(tmp_path):
    assert load_catalogue(tmp_path) == {}


def test_a_catalogue_file_without_its_sentence_is_refused(tmp_path):
    path = tmp_path / "e02_simple_rnn__silent.py"
    path.write_text('"""Broken e02: says nothing."""\n')
    with pytest.raises(ValueError, match=r"MISTAKE = \"...\""):
        read_mistake(path)
    with pytest.raises(ValueError, match=r"eNN_topic__mistake_id\.py"):
        read_mistake(tmp_path / "e02-no-id.py")


def test_an_edited_or_added_catalogue_file_is_never_run(tmp_path):
    shutil.copytree(ROOT / "tests" / "broken", tmp_path / "tests" / "broken")
    edited = tmp_path / "tests" / "broken" / "e02_simple_rnn__no_bias.py"
    edited.write_text(edited.read_text("utf-8") + "\nimport os  # anything at all\n", "utf-8")
    added = tmp_path / "tests" / "broken" / "e02_simple_rnn__mine.py"
    added.write_text('MISTAKE = "Mine."\n')
    kept = {m.id for m in trusted(load_catalogue(tmp_path))["e02_simple_rnn"]}
    assert "no_bias" not in kept and "mine" not in kept
    assert "reversed_time" in kept


def _simple_rnn_call(value):
    rng = np.random.default_rng(0)
    arguments = {
        "inputs": rng.uniform(-1, 1, (2, 3, 5)).astype(np.float32),
        "kernel": rng.uniform(-1, 1, (5, 4)).astype(np.float32),
        "recurrent_kernel": rng.uniform(-1, 1, (4, 4)).astype(np.float32),
        "bias": rng.uniform(-1, 1, (4,)).astype(np.float32),
    }
    return Call("simple_rnn", arguments, value(**arguments), returned=True)


def _without_bias(inputs, kernel, recurrent_kernel, bias):
    """A learner's own code for "forgot the bias", written apart from the catalogue's."""
    state = np.zeros((inputs.shape[0], recurrent_kernel.shape[1]))
    for step in np.moveaxis(inputs, 1, 0):
        state = np.tanh(step @ kernel + state @ recurrent_kernel)
    return state


def test_a_mistake_is_recognised_and_its_outputs_are_stored(tmp_path):
    call = _simple_rnn_call(_without_bias)
    first = Recogniser(ROOT, tmp_path)
    found = first.recognise("e02_simple_rnn", E02_TESTS, "test_x[basic]", [call])
    assert [m.id for m in found] == ["no_bias"]
    first.save()
    assert first._stores[E02_TESTS].computed == 1  # every mistake's output of one call, packed
    again = Recogniser(ROOT, tmp_path)
    assert again.recognise("e02_simple_rnn", E02_TESTS, "test_x[basic]", [call]) == found
    store = again._stores[E02_TESTS]
    assert (store.computed, store.hits) == (0, 1)


def test_the_catalogue_is_read_only_when_a_failed_check_needs_it(tmp_path, monkeypatch):
    """A grade whose checks all pass (most ``watch`` re-grades) never reads tests/broken."""
    from rnnlab.grader.diagnosis import recognise

    reads = []
    monkeypatch.setattr(recognise, "load_catalogue", lambda root: reads.append(root) or {})
    recogniser = Recogniser(ROOT, tmp_path)
    assert reads == []
    recogniser.recognise(
        "e02_simple_rnn", E02_TESTS, "test_x[basic]", [_simple_rnn_call(_without_bias)]
    )
    assert reads == [ROOT]


def test_a_call_that_raised_or_an_unknown_exercise_is_not_recognised(tmp_path):
    call = _simple_rnn_call(_without_bias)
    call.returned = False
    recogniser = Recogniser(ROOT, tmp_path)
    assert recogniser.recognise("e02_simple_rnn", E02_TESTS, "test_x[basic]", [call]) == ()
    assert recogniser.recognise("e99_none", E02_TESTS, "test_x[basic]", [call]) == ()


def test_a_wrong_answer_like_no_mistake_is_not_recognised(tmp_path):
    call = _simple_rnn_call(lambda **arguments: _without_bias(**arguments) * 0.5)
    recogniser = Recogniser(ROOT, tmp_path)
    assert recogniser.recognise("e02_simple_rnn", E02_TESTS, "test_x[basic]", [call]) == ()


def test_packed_outputs_come_back_equal():
    values = [np.arange(6.0).reshape(2, 3), NO_ANSWER, (np.zeros(2), np.ones((1, 1))), 7, (None,)]
    back = unpack(pack(values))
    assert np.array_equal(back[0], values[0]) and back[0].shape == (2, 3)
    assert back[1] is NO_ANSWER and back[4] is NO_ANSWER
    assert [a.shape for a in back[2]] == [(2,), (1, 1)] and back[3] == 7


@pytest.mark.parametrize(
    ("got", "expected", "same"),
    [
        (np.ones(3), np.ones(3) + 5e-6, True),
        (np.ones(3), np.ones(3) + 5e-5, False),
        (np.ones(3), np.ones(4), False),
        (np.full(3, np.nan), np.full(3, np.nan), False),
        ([np.ones(2), np.zeros(2)], (np.ones(2), np.zeros(2)), True),  # arrives stacked
        ((np.ones(2),), (np.ones(2), np.zeros(2)), False),
        (None, np.ones(2), False),
        (6400, 6400, True),
        (6400, 6401, False),
    ],
    ids=[
        "within",
        "beyond",
        "shape",
        "nan",
        "list-of-arrays",
        "tuple-length",
        "none",
        "int",
        "off",
    ],
)
def test_same_answer_uses_the_grading_tolerance(got, expected, same):
    if isinstance(got, list):
        got = np.stack(got)
    assert same_answer(got, expected) is same


def test_labels_come_from_parameters_and_size_relations():
    case = RecurrentCase(2, 4, 3, 4, use_bias=False, initial_state=True)
    labels = check_labels({"case": case, "merge_mode": "ave", "n": 3}, ["gru", "gru"])
    assert labels == {
        "function": "gru",
        "use_bias": "use_bias=False",
        "initial_state": "initial_state=True",
        "units/features": "units != features",
        "timesteps": "timesteps > 1",
        "merge_mode": "merge_mode='ave'",
    }


def test_patterns_prefer_an_exact_split_then_the_rarest_label():
    def check(function, initial_state, use_bias, passed):
        labels = {
            "function": function,
            "initial_state": f"initial_state={initial_state}",
            "use_bias": f"use_bias={use_bias}",
        }
        return labels, passed

    checks = [
        check("simple_rnn", True, True, False),
        check("simple_rnn", True, True, False),
        check("simple_rnn_step", True, True, True),
        check("simple_rnn", False, True, True),
        check("simple_rnn", False, False, True),
        check("simple_rnn_step", False, True, True),
    ]
    assert summarise(checks) == [
        "fails only when initial_state=True",
        "fails only in simple_rnn",
    ]
    split = [check("simple_rnn", s, True, passed=not s) for s in (True, False, True)]
    assert summarise(split) == [
        "every initial_state=True check fails; every initial_state=False check passes"
    ]
    assert summarise([c for c in checks if not c[1]]) == []  # all fail: nothing sets them apart


def test_solutions_are_recorded_but_an_edited_one_is_not_run_nor_unofficial(tmp_path):
    recorded = recorded_checksums()
    for path in sorted((ROOT / "solutions").glob("e[0-9][0-9]_*.py")):
        assert recorded.get(f"solutions/{path.name}") == checksum(path), "run integrity --write"
    for part in ("tests/broken", "tests/grading", "solutions"):
        shutil.copytree(ROOT / part, tmp_path / part)
    edited = tmp_path / "solutions" / "e02_simple_rnn.py"
    edited.write_text(edited.read_text("utf-8") + "\n# edited\n", "utf-8")
    assert tampered(tmp_path) == []  # no point depends on a solution
    rng = np.random.default_rng(0)
    weights = tuple(rng.uniform(-1, 1, shape) for shape in [(5, 4), (4, 4), (4,)])
    arguments = {
        "layer": FunctionRef("e02_simple_rnn", "simple_rnn"),
        "inputs": rng.uniform(-1, 1, (2, 3, 5)),
        "forward_weights": weights,
        "backward_weights": weights,
    }
    call = Call("bidirectional", arguments, np.zeros((2, 8)), returned=True)
    mistake = load_catalogue(tmp_path)["e05_bidirectional"][0]
    assert Recogniser(tmp_path, tmp_path / "cache")._run(mistake, call) is NO_ANSWER
    assert Recogniser(ROOT, tmp_path / "cache")._run(mistake, call).shape == (2, 8)


def test_when_failures_share_nothing_the_passing_checks_may():
    def check(test, case, passed):
        return {"test": test, "case": f"case={case!r}"}, passed

    checks = [
        check("test_zero", "a", True),
        check("test_zero", "b", True),
        check("test_step", "a", False),
        check("test_sequence", "b", False),
    ]
    assert summarise(checks) == ["every check of test_zero passes; every other check fails"]
