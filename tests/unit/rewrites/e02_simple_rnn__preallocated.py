"""An e02 written apart from the reference: a preallocated output array, no helper calls."""

import numpy as np


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    pre_activation = np.dot(x_t, kernel) + np.dot(h_tm1, recurrent_kernel)
    if bias is None:
        return np.tanh(pre_activation)
    return np.tanh(pre_activation + bias)


def simple_rnn(
    inputs, kernel, recurrent_kernel, bias=None, *, return_sequences=False, initial_state=None
):
    n, steps = inputs.shape[0], inputs.shape[1]
    size = kernel.shape[1]
    state = np.zeros((n, size), inputs.dtype) if initial_state is None else initial_state
    every = np.empty((n, steps, size), dtype=inputs.dtype)
    for step in range(steps):
        state = simple_rnn_step(inputs[:, step, :], state, kernel, recurrent_kernel, bias)
        every[:, step, :] = state
    if not return_sequences:
        return state
    return every
