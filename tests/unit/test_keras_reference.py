"""Keras reference layers kept per configuration: reused only where nothing can leak between
cases, and bit for bit what a layer built afresh computes."""

import keras
import numpy as np
import pytest

from rnnlab import layouts
from rnnlab.grader.checks import keras_reference as kr
from rnnlab.grader.checks.cases import rng_for, uniform


@pytest.fixture(autouse=True)
def _fresh_session():
    kr.forget_layers()
    yield
    kr.forget_layers()


def _weights(label, features=3, units=4):
    rng = rng_for(label)
    return layouts.RecurrentWeights(
        "simple_rnn",
        uniform(rng, (features, units)),
        uniform(rng, (units, units)),
        uniform(rng, (units,)),
    )


def _inputs(label, batch=2, timesteps=5, features=3):
    return uniform(rng_for(label), (batch, timesteps, features), scale=1.0)


def test_kept_layer_answers_bit_for_bit_as_a_fresh_one_case_after_case():
    for label in ("first", "second", "third"):  # each case writes its own weights
        inputs, weights = _inputs(label), _weights(label)
        kept = kr.keras_layer("SimpleRNN", 4, return_sequences=True, built_for=inputs.shape[1:])
        fresh = kr.keras_layer("SimpleRNN", 4, return_sequences=True)
        got = kr.run_layer(kept, inputs, weights)
        assert np.array_equal(got, kr.run_layer(fresh, inputs, weights)), label
    assert kept is kr.keras_layer("SimpleRNN", 4, return_sequences=True, built_for=inputs.shape[1:])


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(((4,), {"return_sequences": False}), id="another-keyword-value"),
        pytest.param(((5,), {"return_sequences": True}), id="another-argument"),
        pytest.param(((4,), {"return_sequences": True, "built_for": (5, 6)}), id="another-shape"),
    ],
)
def test_a_different_configuration_is_a_different_layer(other):
    args, kwargs = other
    kept = kr.keras_layer("SimpleRNN", 4, return_sequences=True, built_for=(5, 3))
    assert kr.keras_layer("SimpleRNN", *args, **{"built_for": (5, 3), **kwargs}) is not kept


def test_wrapped_layers_count_by_configuration_not_by_name():
    def wrapper(units):
        inner = kr.keras_layer("SimpleRNN", units)
        return kr.keras_layer("Bidirectional", inner, merge_mode="sum", built_for=(5, 3))

    assert wrapper(4) is wrapper(4)
    assert wrapper(4) is not wrapper(6)


def test_a_layer_of_the_callers_own_is_refused():
    class Mine(keras.layers.Layer):
        pass

    with pytest.raises(TypeError, match="Mine"):
        kr.keras_layer("RNN", Mine(), built_for=(5, 3))


def test_forget_layers_ends_the_session():
    kept = kr.keras_layer("SimpleRNN", 4, built_for=(5, 3))
    kr.forget_layers()
    assert kr.keras_layer("SimpleRNN", 4, built_for=(5, 3)) is not kept


def test_a_remembered_tape_follows_the_weights_and_inputs():
    inputs, grad = _inputs("tape"), uniform(rng_for("grad"), (2, 4), scale=1.0)
    layer = kr.keras_layer("SimpleRNN", 4, built_for=inputs.shape[1:])
    answers = []
    for weights, x in [(_weights("a"), inputs), (_weights("b"), inputs), (_weights("b"), -inputs)]:
        layouts.set_recurrent_weights(layer, weights)
        fresh = kr.keras_layer("SimpleRNN", 4)
        fresh.build((None, *x.shape[1:]))
        layouts.set_recurrent_weights(fresh, weights)
        expected = kr.tape_gradients(fresh, x, grad)
        got = kr.tape_gradients(layer, x, grad)
        assert got.keys() == expected.keys()
        assert all(np.array_equal(got[k], expected[k]) for k in got)
        answers.append(got)
    assert not np.array_equal(answers[0]["kernel"], answers[1]["kernel"])  # new weights
    assert not np.array_equal(answers[1]["inputs"], answers[2]["inputs"])  # new inputs
    again = kr.tape_gradients(layer, -inputs, grad)  # asked again: the same answer, read-only
    assert np.array_equal(again["inputs"], answers[2]["inputs"])
    assert not again["inputs"].flags.writeable
