# Two catalogued mistakes in one file, as a learner makes them (tests/unit/test_families.py).
"""Broken e03: takes h0 from initial_state but starts the cell state from zeros."""

import numpy as np

MISTAKE = (
    "You take h0 from initial_state but start the cell state from zeros; initial_state "
    "gives the cell state too."
)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step(x_t, h_tm1, c_tm1, kernel, recurrent_kernel, bias=None):
    z = x_t @ kernel + h_tm1 @ recurrent_kernel + (0 if bias is None else bias)
    z_f, z_c, z_i, z_o = np.split(z, 4, axis=-1)  # the blocks read as f, c, i, o
    c = sigmoid(z_f) * c_tm1 + sigmoid(z_i) * np.tanh(z_c)
    return sigmoid(z_o) * np.tanh(c), c


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
    units = recurrent_kernel.shape[0]
    zeros = np.zeros((inputs.shape[0], units))
    h, c = (zeros, zeros) if initial_state is None else (initial_state[0], zeros)
    outputs = []
    for t in range(inputs.shape[1]):
        h, c = lstm_step(inputs[:, t], h, c, kernel, recurrent_kernel, bias)
        outputs.append(h)
    output = np.stack(outputs, axis=1) if return_sequences else h
    return (output, h, c) if return_state else output
