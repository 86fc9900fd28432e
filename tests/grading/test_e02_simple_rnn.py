"""Grade e02_simple_rnn against keras.layers.SimpleRNNCell and keras.layers.SimpleRNN."""

import pytest

from rnnlab.grader.checks.cases import (
    case_params,
    random_weights,
    recurrent_cases,
    rng_for,
    uniform,
)
from rnnlab.grader.checks.compare import assert_matches
from rnnlab.grader.checks.keras_reference import keras_layer, run_cell, run_layer

pytestmark = pytest.mark.exercise("e02_simple_rnn")

CASES = case_params(recurrent_cases())


@pytest.mark.points(2)
@pytest.mark.parametrize("case", CASES)
def test_simple_rnn_step_matches_keras_cell(learner, reference, request, case):
    rng = rng_for(request.node.callspec.id)
    weights = random_weights("simple_rnn", case, rng)
    x_t = uniform(rng, (case.batch, case.features), scale=1.0)  # (batch, features)
    h_tm1 = uniform(rng, (case.batch, case.units), scale=1.0)  # (batch, units)

    def keras_step():
        cell = keras_layer(
            "SimpleRNNCell", case.units, use_bias=case.use_bias, built_for=x_t.shape[1:]
        )
        return run_cell(cell, x_t, [h_tm1], weights)[0]  # (batch, units)

    expected = reference(keras_step)
    kernel, recurrent_kernel, bias = weights.as_tuple()
    got = learner.simple_rnn_step(
        x_t=x_t, h_tm1=h_tm1, kernel=kernel, recurrent_kernel=recurrent_kernel, bias=bias
    )
    keras_call = f"keras.layers.SimpleRNNCell({case.units}, use_bias={case.use_bias})"
    assert_matches(got, expected, called=learner.last_call, keras=keras_call)


@pytest.mark.points(6)
@pytest.mark.parametrize("return_sequences", [False, True], ids=["last-step", "all-steps"])
@pytest.mark.parametrize("case", CASES)
def test_simple_rnn_matches_keras(learner, reference, request, case, return_sequences):
    rng = rng_for(request.node.callspec.id)
    weights = random_weights("simple_rnn", case, rng)
    inputs = uniform(rng, (case.batch, case.timesteps, case.features), scale=1.0)
    h0 = uniform(rng, (case.batch, case.units), scale=1.0) if case.initial_state else None

    def keras_run():
        layer = keras_layer(
            "SimpleRNN",
            case.units,
            use_bias=case.use_bias,
            return_sequences=return_sequences,
            built_for=inputs.shape[1:],
        )
        return run_layer(layer, inputs, weights, None if h0 is None else [h0])

    expected = reference(keras_run)
    kernel, recurrent_kernel, bias = weights.as_tuple()
    arguments = dict(inputs=inputs, kernel=kernel, recurrent_kernel=recurrent_kernel, bias=bias)
    if h0 is not None:
        arguments["initial_state"] = h0
    got = learner.simple_rnn(**arguments, return_sequences=return_sequences)
    keras_call = (
        f"keras.layers.SimpleRNN({case.units}, use_bias={case.use_bias}, "
        f"return_sequences={return_sequences})"
    )
    assert_matches(got, expected, called=learner.last_call, keras=keras_call)
