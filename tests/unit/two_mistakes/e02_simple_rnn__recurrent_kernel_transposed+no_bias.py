# Two catalogued mistakes in one file, as a learner makes them (tests/unit/test_families.py).
"""Broken e02: forgets to add the bias."""

import numpy as np

MISTAKE = "The bias is never added, even when one is given."


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    return np.tanh(x_t @ kernel + h_tm1 @ recurrent_kernel.T)  # transposed too


def simple_rnn(
    inputs, kernel, recurrent_kernel, bias=None, *, return_sequences=False, initial_state=None
):
    h = (
        np.zeros((inputs.shape[0], recurrent_kernel.shape[0]))
        if initial_state is None
        else initial_state
    )
    outputs = []
    for t in range(inputs.shape[1]):
        h = simple_rnn_step(inputs[:, t], h, kernel, recurrent_kernel, bias)
        outputs.append(h)
    return np.stack(outputs, axis=1) if return_sequences else h
