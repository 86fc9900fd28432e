"""Broken e02: every step starts from the initial state, never from the previous step's."""

import numpy as np

MISTAKE = (
    "Each step starts again from the initial state instead of the previous step's output, "
    "so nothing is remembered from one step to the next."
)


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    z = x_t @ kernel + h_tm1 @ recurrent_kernel
    return np.tanh(z if bias is None else z + bias)


def simple_rnn(
    inputs, kernel, recurrent_kernel, bias=None, *, return_sequences=False, initial_state=None
):
    units = recurrent_kernel.shape[0]
    h0 = np.zeros((inputs.shape[0], units)) if initial_state is None else initial_state
    outputs = [
        simple_rnn_step(inputs[:, t], h0, kernel, recurrent_kernel, bias)
        for t in range(inputs.shape[1])
    ]
    return np.stack(outputs, axis=1) if return_sequences else outputs[-1]
