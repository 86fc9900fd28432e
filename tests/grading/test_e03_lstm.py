"""Grade e03_lstm against keras.layers.LSTMCell and keras.layers.LSTM."""

import pytest

from rnnlab.grader.checks.cases import (
    case_params,
    random_weights,
    recurrent_cases,
    rng_for,
    uniform,
)
from rnnlab.grader.checks.compare import assert_all_match, assert_matches
from rnnlab.grader.checks.keras_reference import keras_layer, run_cell, run_layer

pytestmark = pytest.mark.exercise("e03_lstm")

CASES = case_params(recurrent_cases())


def _states(case, rng):
    if not case.initial_state:
        return None
    h0 = uniform(rng, (case.batch, case.units), scale=1.0)  # (batch, units)
    c0 = uniform(rng, (case.batch, case.units), scale=1.0)  # (batch, units)
    return [h0, c0]


@pytest.mark.points(3)
@pytest.mark.parametrize("case", CASES)
def test_lstm_step_matches_keras_cell(learner, reference, request, case):
    rng = rng_for(request.node.callspec.id)
    weights = random_weights("lstm", case, rng)
    x_t = uniform(rng, (case.batch, case.features), scale=1.0)  # (batch, features)
    h_tm1 = uniform(rng, (case.batch, case.units), scale=1.0)  # (batch, units)
    c_tm1 = uniform(rng, (case.batch, case.units), scale=1.0)  # (batch, units)
    cell = (  # noqa: E731
        lambda: keras_layer("LSTMCell", case.units, use_bias=case.use_bias, built_for=x_t.shape[1:])
    )
    h, c = reference(lambda: run_cell(cell(), x_t, [h_tm1, c_tm1], weights)[1])
    kernel, recurrent_kernel, bias = weights.as_tuple()
    got = learner.lstm_step(
        x_t=x_t,
        h_tm1=h_tm1,
        c_tm1=c_tm1,
        kernel=kernel,
        recurrent_kernel=recurrent_kernel,
        bias=bias,
    )
    keras_call = f"keras.layers.LSTMCell({case.units}, use_bias={case.use_bias})"
    assert_all_match(got, (h, c), ("h", "c"), called=learner.last_call, keras=keras_call)


@pytest.mark.points(5)
@pytest.mark.parametrize("return_sequences", [False, True], ids=["last-step", "all-steps"])
@pytest.mark.parametrize("case", CASES)
def test_lstm_matches_keras(learner, reference, request, case, return_sequences):
    rng = rng_for(request.node.callspec.id)
    weights = random_weights("lstm", case, rng)
    inputs = uniform(rng, (case.batch, case.timesteps, case.features), scale=1.0)
    states = _states(case, rng)
    layer = (  # noqa: E731
        lambda: keras_layer(
            "LSTM",
            case.units,
            use_bias=case.use_bias,
            return_sequences=return_sequences,
            built_for=inputs.shape[1:],
        )
    )
    expected = reference(lambda: run_layer(layer(), inputs, weights, states))
    kernel, recurrent_kernel, bias = weights.as_tuple()
    arguments = dict(inputs=inputs, kernel=kernel, recurrent_kernel=recurrent_kernel, bias=bias)
    if states is not None:
        arguments["initial_state"] = tuple(states)
    got = learner.lstm(**arguments, return_sequences=return_sequences)
    keras_call = (
        f"keras.layers.LSTM({case.units}, use_bias={case.use_bias}, "
        f"return_sequences={return_sequences})"
    )
    assert_matches(got, expected, called=learner.last_call, keras=keras_call)


@pytest.mark.points(2)
@pytest.mark.parametrize("return_sequences", [False, True], ids=["last-step", "all-steps"])
@pytest.mark.parametrize(
    "case", [c for c in CASES if c.id in ("basic", "initial-state", "one-timestep")]
)
def test_lstm_return_state_matches_keras(learner, reference, request, case, return_sequences):
    rng = rng_for(request.node.callspec.id)
    weights = random_weights("lstm", case, rng)
    inputs = uniform(rng, (case.batch, case.timesteps, case.features), scale=1.0)
    states = _states(case, rng)
    layer = (  # noqa: E731
        lambda: keras_layer(
            "LSTM",
            case.units,
            use_bias=case.use_bias,
            return_sequences=return_sequences,
            return_state=True,
            built_for=inputs.shape[1:],
        )
    )
    expected = reference(lambda: run_layer(layer(), inputs, weights, states))  # (output, h, c)
    kernel, recurrent_kernel, bias = weights.as_tuple()
    arguments = dict(inputs=inputs, kernel=kernel, recurrent_kernel=recurrent_kernel, bias=bias)
    if states is not None:
        arguments["initial_state"] = tuple(states)
    got = learner.lstm(**arguments, return_sequences=return_sequences, return_state=True)
    keras_call = (
        f"keras.layers.LSTM({case.units}, return_sequences={return_sequences}, return_state=True)"
    )
    assert_all_match(
        got, expected, ("output", "h", "c"), called=learner.last_call, keras=keras_call
    )
