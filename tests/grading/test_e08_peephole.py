"""Grade e08_peephole: Keras 3 has no peephole LSTM, so the truth is built from Keras twice.

(a) With zero peepholes the cell must equal ``keras.layers.LSTMCell`` exactly (same layout,
same gates). (b) With random peepholes it must equal the cell built by
:func:`_peephole_cell`: Keras's own LSTM equations written with ``keras.ops``, plus the Gers
and Schmidhuber (2000) connections, step by step and over whole sequences through
``keras.layers.RNN``.
"""

import numpy as np
import pytest

from rnnlab.grader.checks.cases import (
    case_params,
    random_weights,
    recurrent_cases,
    rng_for,
    uniform,
)
from rnnlab.grader.checks.compare import assert_all_match, unpack
from rnnlab.grader.checks.keras_reference import keras_layer, run_cell, to_numpy

pytestmark = pytest.mark.exercise("e08_peephole")

CASES = case_params(recurrent_cases())


def _peephole_cell(units, weights, peephole):
    """A Keras cell: LSTM plus peepholes (i and f see ``c_tm1``, o sees the new ``c``)."""
    import keras
    from keras import ops

    class PeepholeLSTMCell(keras.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.state_size = [units, units]
            self.output_size = units
            kernel, recurrent_kernel, bias = weights.as_tuple()
            self.kernel = ops.convert_to_tensor(kernel)
            self.recurrent_kernel = ops.convert_to_tensor(recurrent_kernel)
            self.bias = None if bias is None else ops.convert_to_tensor(bias)
            self.w_ci, self.w_cf, self.w_co = (ops.convert_to_tensor(w) for w in peephole)

        def call(self, inputs, states):
            h_tm1, c_tm1 = states
            z = ops.matmul(inputs, self.kernel) + ops.matmul(h_tm1, self.recurrent_kernel)
            if self.bias is not None:
                z = z + self.bias
            z_i, z_f, z_c, z_o = ops.split(z, 4, axis=-1)
            i = ops.sigmoid(z_i + self.w_ci * c_tm1)
            f = ops.sigmoid(z_f + self.w_cf * c_tm1)
            c = f * c_tm1 + i * ops.tanh(z_c)
            o = ops.sigmoid(z_o + self.w_co * c)
            h = o * ops.tanh(c)
            return h, [h, c]

    return PeepholeLSTMCell()


def _setup(case, rng):
    weights = random_weights("lstm", case, rng)
    peephole = tuple(uniform(rng, (case.units,), scale=1.0) for _ in range(3))  # (units,) x 3
    h_tm1 = uniform(rng, (case.batch, case.units), scale=1.0)  # (batch, units)
    c_tm1 = uniform(rng, (case.batch, case.units), scale=1.0)  # (batch, units)
    return weights, peephole, h_tm1, c_tm1


def _call(learner, x_t, h_tm1, c_tm1, weights, peephole):
    kernel, recurrent_kernel, bias = weights.as_tuple()
    return learner.peephole_lstm_step(
        x_t=x_t,
        h_tm1=h_tm1,
        c_tm1=c_tm1,
        kernel=kernel,
        recurrent_kernel=recurrent_kernel,
        bias=bias,
        peephole=peephole,
    )


@pytest.mark.points(2)
@pytest.mark.parametrize("case", CASES)
def test_zero_peepholes_equal_keras_lstm_cell(learner, reference, request, case):
    weights, peephole, h_tm1, c_tm1 = _setup(case, rng_for(request.node.callspec.id))
    zeros = tuple(np.zeros_like(w) for w in peephole)
    x_t = uniform(rng_for(request.node.callspec.id + "/x"), (case.batch, case.features), 1.0)

    def keras_step():
        cell = keras_layer("LSTMCell", case.units, use_bias=case.use_bias, built_for=x_t.shape[1:])
        return run_cell(cell, x_t, [h_tm1, c_tm1], weights)[1]  # (h, c)

    expected = reference(keras_step)
    got = _call(learner, x_t, h_tm1, c_tm1, weights, zeros)
    keras_call = f"keras.layers.LSTMCell({case.units}, use_bias={case.use_bias})"
    assert_all_match(got, expected, ("h", "c"), called=learner.last_call, keras=keras_call)


@pytest.mark.points(4)
@pytest.mark.parametrize("case", CASES)
def test_peephole_step_matches_keras_ops_cell(learner, reference, request, case):
    weights, peephole, h_tm1, c_tm1 = _setup(case, rng_for(request.node.callspec.id))
    x_t = uniform(rng_for(request.node.callspec.id + "/x"), (case.batch, case.features), 1.0)

    def keras_step():
        _, states = _peephole_cell(case.units, weights, peephole)(x_t, [h_tm1, c_tm1])
        return to_numpy(states)  # (h, c)

    expected = reference(keras_step)
    got = _call(learner, x_t, h_tm1, c_tm1, weights, peephole)
    keras_call = f"PeepholeLSTMCell({case.units}) (keras.ops, in this test)"
    assert_all_match(got, expected, ("h", "c"), called=learner.last_call, keras=keras_call)


@pytest.mark.points(2)
@pytest.mark.parametrize(
    "case", [c for c in CASES if c.id in ("basic", "twenty-steps", "note-shapes", "initial-state")]
)
def test_peephole_sequence_matches_keras_rnn(learner, reference, request, case):
    rng = rng_for(request.node.callspec.id)
    weights, peephole, h, c = _setup(case, rng)
    inputs = uniform(rng, (case.batch, case.timesteps, case.features), scale=1.0)

    def keras_run():
        cell = _peephole_cell(case.units, weights, peephole)
        layer = keras_layer("RNN", cell, return_state=True)
        return to_numpy(layer(inputs, initial_state=[h, c])[1:])  # (final h, final c)

    expected = reference(keras_run)
    for t in range(case.timesteps):  # the learner's step, fed its own states
        step = _call(learner, inputs[:, t], h, c, weights, peephole)
        h, c = unpack(step, ("h", "c"), called=learner.last_call, keras="a step")
    called = f"peephole_lstm_step over {case.timesteps} steps of inputs {inputs.shape}"
    keras_call = "keras.layers.RNN(PeepholeLSTMCell(...))"
    assert_all_match((h, c), expected, ("final h", "final c"), called=called, keras=keras_call)
