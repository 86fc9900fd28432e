"""Grade e04_gru against keras.layers.GRUCell and keras.layers.GRU, both bias layouts."""

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

pytestmark = pytest.mark.exercise("e04_gru")

CASES = case_params(recurrent_cases())
RESET_AFTER = pytest.mark.parametrize(
    "reset_after", [True, False], ids=["reset-after", "reset-before"]
)


@pytest.mark.points(3)
@RESET_AFTER
@pytest.mark.parametrize("case", CASES)
def test_gru_step_matches_keras_cell(learner, reference, request, case, reset_after):
    rng = rng_for(request.node.callspec.id)
    weights = random_weights("gru", case, rng, reset_after=reset_after)
    x_t = uniform(rng, (case.batch, case.features), scale=1.0)  # (batch, features)
    h_tm1 = uniform(rng, (case.batch, case.units), scale=1.0)  # (batch, units)
    cell = (  # noqa: E731
        lambda: keras_layer(
            "GRUCell",
            case.units,
            use_bias=case.use_bias,
            reset_after=reset_after,
            built_for=x_t.shape[1:],
        )
    )
    expected = reference(lambda: run_cell(cell(), x_t, [h_tm1], weights)[0])  # (batch, units)
    kernel, recurrent_kernel, bias = weights.as_tuple()
    got = learner.gru_step(
        x_t=x_t,
        h_tm1=h_tm1,
        kernel=kernel,
        recurrent_kernel=recurrent_kernel,
        bias=bias,
        reset_after=reset_after,
    )
    keras_call = (
        f"keras.layers.GRUCell({case.units}, use_bias={case.use_bias}, reset_after={reset_after})"
    )
    assert_matches(got, expected, called=learner.last_call, keras=keras_call)


@pytest.mark.points(5)
@pytest.mark.parametrize("return_sequences", [False, True], ids=["last-step", "all-steps"])
@RESET_AFTER
@pytest.mark.parametrize("case", CASES)
def test_gru_matches_keras(learner, reference, request, case, reset_after, return_sequences):
    rng = rng_for(request.node.callspec.id)
    weights = random_weights("gru", case, rng, reset_after=reset_after)
    inputs = uniform(rng, (case.batch, case.timesteps, case.features), scale=1.0)
    h0 = uniform(rng, (case.batch, case.units), scale=1.0) if case.initial_state else None
    layer = (  # noqa: E731
        lambda: keras_layer(
            "GRU",
            case.units,
            use_bias=case.use_bias,
            reset_after=reset_after,
            return_sequences=return_sequences,
            built_for=inputs.shape[1:],
        )
    )
    expected = reference(lambda: run_layer(layer(), inputs, weights, None if h0 is None else [h0]))
    kernel, recurrent_kernel, bias = weights.as_tuple()
    arguments = dict(inputs=inputs, kernel=kernel, recurrent_kernel=recurrent_kernel, bias=bias)
    if h0 is not None:
        arguments["initial_state"] = h0
    got = learner.gru(**arguments, reset_after=reset_after, return_sequences=return_sequences)
    keras_call = (
        f"keras.layers.GRU({case.units}, reset_after={reset_after}, "
        f"return_sequences={return_sequences})"
    )
    assert_matches(got, expected, called=learner.last_call, keras=keras_call)
