"""Grade e02_simple_rnn against keras.layers.SimpleRNNCell and keras.layers.SimpleRNN."""

from dataclasses import dataclass

import keras
import numpy as np
import pytest

from rnnlab import layouts
from rnnlab.grader.cases import rng_for, uniform
from rnnlab.grader.compare import assert_matches

pytestmark = pytest.mark.exercise("e02_simple_rnn")


@dataclass(frozen=True)
class Case:
    batch: int
    timesteps: int
    features: int
    units: int
    use_bias: bool = True
    initial_state: bool = False


CASES = [
    pytest.param(Case(2, 3, 5, 4), id="basic"),
    pytest.param(Case(1, 4, 3, 2), id="batch-1"),
    pytest.param(Case(3, 1, 4, 5), id="one-timestep"),
    pytest.param(Case(2, 6, 3, 1), id="one-unit"),
    pytest.param(Case(2, 4, 4, 4), id="input-dim-equals-units"),
    pytest.param(Case(2, 5, 3, 4, use_bias=False), id="no-bias"),
    pytest.param(Case(3, 4, 2, 3, initial_state=True), id="initial-state"),
    pytest.param(Case(2, 20, 3, 4), id="twenty-steps"),
    pytest.param(Case(1, 5, 100, 64, use_bias=False), id="note-shapes"),
]


def _weights(case: Case, rng: np.random.Generator) -> layouts.RecurrentWeights:
    kernel = uniform(rng, (case.features, case.units))  # (features, units)
    recurrent_kernel = uniform(rng, (case.units, case.units))  # (units, units)
    bias = uniform(rng, (case.units,)) if case.use_bias else None  # (units,)
    return layouts.RecurrentWeights("simple_rnn", kernel, recurrent_kernel, bias)


@pytest.mark.points(2)
@pytest.mark.parametrize("case", CASES)
def test_simple_rnn_step_matches_keras_cell(learner, request, case):
    rng = rng_for(request.node.callspec.id)
    weights = _weights(case, rng)
    x_t = uniform(rng, (case.batch, case.features), scale=1.0)  # (batch, features)
    h_tm1 = uniform(rng, (case.batch, case.units), scale=1.0)  # (batch, units)
    cell = keras.layers.SimpleRNNCell(case.units, use_bias=case.use_bias)
    cell.build((None, case.features))
    layouts.set_recurrent_weights(cell, weights)
    output, _ = cell(x_t, [h_tm1])
    expected = keras.ops.convert_to_numpy(output)  # (batch, units)
    kernel, recurrent_kernel, bias = weights.as_tuple()
    got = learner.simple_rnn_step(
        x_t=x_t, h_tm1=h_tm1, kernel=kernel, recurrent_kernel=recurrent_kernel, bias=bias
    )
    keras_call = f"keras.layers.SimpleRNNCell({case.units}, use_bias={case.use_bias})"
    assert_matches(got, expected, called=learner.last_call, keras=keras_call)


@pytest.mark.points(6)
@pytest.mark.parametrize("return_sequences", [False, True], ids=["last-step", "all-steps"])
@pytest.mark.parametrize("case", CASES)
def test_simple_rnn_matches_keras(learner, request, case, return_sequences):
    rng = rng_for(request.node.callspec.id)
    weights = _weights(case, rng)
    inputs = uniform(rng, (case.batch, case.timesteps, case.features), scale=1.0)
    h0 = uniform(rng, (case.batch, case.units), scale=1.0) if case.initial_state else None
    layer = keras.layers.SimpleRNN(
        case.units, use_bias=case.use_bias, return_sequences=return_sequences
    )
    layer.build((None, case.timesteps, case.features))
    layouts.set_recurrent_weights(layer, weights)
    expected = layer(inputs, initial_state=None if h0 is None else [h0])
    expected = keras.ops.convert_to_numpy(expected)
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
