"""Traces recover each gate from a black-box step function, checked against Keras's own weights."""

import types

import keras
import numpy as np
import pytest
from conftest import ROOT

from rnnlab import layouts
from rnnlab.figures.trace import gru_gates, lstm_gates
from rnnlab.impl import load_impl

INPUTS = np.random.default_rng(7).normal(size=(2, 5, 3)).astype(np.float32)


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _layer(layer):
    keras.utils.set_random_seed(3)
    outputs = keras.ops.convert_to_numpy(layer(INPUTS))
    bias = layouts.recurrent_weights(layer).bias
    if bias is not None:  # Keras starts biases at zero (and the forget bias at one)
        layer.weights[-1].assign(np.random.default_rng(1).uniform(-1, 1, bias.shape))
        outputs = keras.ops.convert_to_numpy(layer(INPUTS))
    return layer, outputs


def test_lstm_gates_match_keras_weights_and_output():
    layer, outputs = _layer(keras.layers.LSTM(4, return_sequences=True))
    trace = lstm_gates(load_impl("e03_lstm", ROOT / "solutions"), layer, INPUTS)
    np.testing.assert_allclose(trace.hidden, outputs, atol=1e-6)
    blocks = layouts.split_gates(layouts.recurrent_weights(layer))
    h_prev = np.concatenate([np.zeros((2, 1, 4)), trace.hidden[:, :-1]], axis=1)
    for gate, traced in (
        ("i", trace.input_gate),
        ("f", trace.forget_gate),
        ("o", trace.output_gate),
    ):
        block = blocks[gate]
        z = INPUTS @ block.kernel + h_prev @ block.recurrent_kernel + block.bias
        np.testing.assert_allclose(traced, _sigmoid(z), atol=1e-6, err_msg=gate)
    assert trace.cell.shape == trace.candidate.shape == (2, 5, 4)


@pytest.mark.parametrize("reset_after", [True, False], ids=["reset-after", "reset-before"])
def test_gru_gates_match_keras_weights_and_output(reset_after):
    layer, outputs = _layer(keras.layers.GRU(4, return_sequences=True, reset_after=reset_after))
    trace = gru_gates(load_impl("e04_gru", ROOT / "solutions"), layer, INPUTS)
    np.testing.assert_allclose(trace.hidden, outputs, atol=1e-6)
    blocks = layouts.split_gates(layouts.recurrent_weights(layer))
    h_prev = np.concatenate([np.zeros((2, 1, 4)), trace.hidden[:, :-1]], axis=1)
    for gate, traced in (("z", trace.update_gate), ("r", trace.reset_gate)):
        block = blocks[gate]
        bias = block.bias.sum(axis=0) if reset_after else block.bias
        z = INPUTS @ block.kernel + h_prev @ block.recurrent_kernel + bias
        np.testing.assert_allclose(traced, _sigmoid(z), atol=1e-6, err_msg=gate)


def test_a_step_that_is_not_an_lstm_is_refused():
    layer, _ = _layer(keras.layers.LSTM(4))
    solution = load_impl("e03_lstm", ROOT / "solutions")

    def relu_cell(x_t, h_tm1, c_tm1, kernel, recurrent_kernel, bias=None):
        h, c = solution.lstm_step(x_t, h_tm1, c_tm1, kernel, recurrent_kernel, bias)
        return np.maximum(h, 0), c  # not o * tanh(c)

    with pytest.raises(ValueError, match="does not behave like a Keras-style step"):
        lstm_gates(types.SimpleNamespace(lstm_step=relu_cell), layer, INPUTS)


def test_bad_arguments_name_themselves():
    layer, _ = _layer(keras.layers.GRU(4))
    solution = load_impl("e03_lstm", ROOT / "solutions")
    with pytest.raises(ValueError, match="argument `layer`"):
        lstm_gates(solution, layer, INPUTS)
    lstm, _ = _layer(keras.layers.LSTM(4))
    with pytest.raises(ValueError, match=r"argument `inputs`.*shape=\(5, 3\)"):
        lstm_gates(solution, lstm, INPUTS[0])
    with pytest.raises(ValueError, match="argument `name`"):
        load_impl("e99_nothing", ROOT / "solutions")


def test_plot_gates_draws_one_panel_per_field_and_checks_labels():
    from rnnlab.figures.plots import plot_gates

    layer, _ = _layer(keras.layers.LSTM(4))
    trace = lstm_gates(load_impl("e03_lstm", ROOT / "solutions"), layer, INPUTS)
    figure = plot_gates(trace, ["What", "time", "is", "it", "?"], sample=1)
    titles = [axis.get_title() for axis in figure.axes if axis.get_title()]
    assert titles == ["input gate", "forget gate", "candidate", "output gate", "cell", "hidden"]
    with pytest.raises(ValueError, match="argument `words`"):
        plot_gates(trace, ["too", "few"])
    with pytest.raises(ValueError, match="argument `sample`"):
        plot_gates(trace, ["What", "time", "is", "it", "?"], sample=2)
