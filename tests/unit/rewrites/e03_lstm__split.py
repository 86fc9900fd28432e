"""An e03 written apart from the reference: np.split into the four gates."""

import numpy as np


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_step(x_t, h_tm1, c_tm1, kernel, recurrent_kernel, bias=None):
    gates = x_t @ kernel + h_tm1 @ recurrent_kernel
    gates = gates if bias is None else gates + bias
    input_gate, forget_gate, candidate, output_gate = np.split(gates, 4, axis=-1)
    cell = _sigmoid(forget_gate) * c_tm1 + _sigmoid(input_gate) * np.tanh(candidate)
    hidden = _sigmoid(output_gate) * np.tanh(cell)
    return hidden, cell


def lstm(
    inputs,
    kernel,
    recurrent_kernel,
    bias=None,
    *,
    return_sequences=False,
    return_state=False,
    initial_state=None,
):
    batch = inputs.shape[0]
    units = kernel.shape[1] // 4
    if initial_state is None:
        hidden = cell = np.zeros((batch, units), dtype=inputs.dtype)
    else:
        hidden, cell = initial_state[0], initial_state[1]
    seen = []
    for t in range(inputs.shape[1]):
        hidden, cell = lstm_step(inputs[:, t, :], hidden, cell, kernel, recurrent_kernel, bias)
        seen.append(hidden)
    result = np.stack(seen, axis=1) if return_sequences else hidden
    if return_state:
        return result, hidden, cell
    return result
