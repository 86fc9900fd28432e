"""Feedback messages: shapes first, then NaN, then values; lists and float64 pass."""

import numpy as np
import pytest

from rnnlab.grader.checks.compare import Mismatch, assert_all_match, assert_matches, describe_call
from rnnlab.grader.sandbox.protocol import Opaque

EXPECTED = np.array([[0.5, -0.25, 0.125]], np.float32)
CALLED = describe_call("simple_rnn", inputs=np.zeros((1, 2, 3)), return_sequences=False)


def check(got):
    assert_matches(got, EXPECTED, called=CALLED, keras="keras.layers.SimpleRNN(3)")


@pytest.mark.parametrize(
    "got",
    [
        pytest.param(EXPECTED.astype(np.float64), id="float64"),
        pytest.param(EXPECTED.tolist(), id="list"),
        pytest.param(EXPECTED + 5e-6, id="within-tolerance"),
    ],
)
def test_right_values_pass_whatever_the_container(got):
    check(np.asarray(got) if isinstance(got, list) else got)


@pytest.mark.parametrize(
    ("got", "fragment"),
    [
        pytest.param(
            np.zeros((1, 2, 3)),
            "your output has shape (1, 2, 3), keras.layers.SimpleRNN(3) returned (1, 3)",
            id="shape",
        ),
        pytest.param(None, "returned None; is a `return` missing?", id="none"),
        pytest.param(
            np.array([[np.nan, 0, 0]]), "1 NaN or inf value(s), the first at index (0, 0)", id="nan"
        ),
        pytest.param(np.array([[0.5, -0.25, 0.2]]), "1 of 3 values differ", id="values"),
        pytest.param(Opaque("Tensor", "<tf.Tensor>"), "is a Tensor", id="opaque"),
        pytest.param((EXPECTED, EXPECTED), "tuple of 2 items", id="tuple"),
        pytest.param(np.array([["a", "b", "c"]]), "not numbers", id="strings"),
    ],
)
def test_wrong_answers_fail_with_a_precise_message(got, fragment):
    with pytest.raises(Mismatch) as error:
        check(got)
    message = str(error.value)
    assert message.startswith(
        "Called simple_rnn(inputs of shape (1, 2, 3), return_sequences=False)"
    )
    assert fragment in message


def test_value_message_names_the_worst_index_and_both_values():
    got = EXPECTED.copy()
    got[0, 1] = 0.75
    with pytest.raises(Mismatch, match=r"index \(0, 1\): yours 0.75, Keras -0.25"):
        check(got)


def test_tuples_are_checked_item_by_item():
    expected = (EXPECTED, EXPECTED * 2)
    assert_all_match((EXPECTED, EXPECTED * 2), expected, ["h", "c"], called="f()", keras="k")
    with pytest.raises(Mismatch, match="your c has the right shape"):
        assert_all_match((EXPECTED, EXPECTED), expected, ["h", "c"], called="f()", keras="k")
    with pytest.raises(Mismatch, match=r"expected a tuple \(h, c\)"):
        assert_all_match(EXPECTED, expected, ["h", "c"], called="f()", keras="k")


def test_a_none_entry_is_named_as_that_entry_not_as_a_missing_return():
    expected = (EXPECTED, EXPECTED * 2)
    with pytest.raises(Mismatch, match=r"it returned, but your c is None; k gives an array"):
        assert_all_match((EXPECTED, None), expected, ["h", "c"], called="f()", keras="k")
    with pytest.raises(Mismatch, match="it returned None; is a `return` missing"):
        assert_matches(None, EXPECTED, called="f()", keras="k")


def test_lists_answer_tuples_stacked_or_ragged():
    from rnnlab.grader.sandbox.protocol import to_portable

    h, c = EXPECTED, EXPECTED * 2
    assert_all_match(to_portable([h, c]), (h, c), ["h", "c"], called="f()", keras="k")
    output = np.zeros((1, 5, 3), np.float32)
    got = to_portable([output, h, c])  # ragged: stays a tuple
    assert_all_match(got, (output, h, c), ["output", "h", "c"], called="f()", keras="k")
    check(to_portable([[0.5, -0.25, 0.125]]))  # a nested list of numbers is one array
