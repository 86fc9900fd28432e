"""Hostile e02: right answers, then scribbles over every array it was given.

The grader's arrays are copies in another process, so this cannot change the references.
Expect: full marks
"""

import numpy as np


def _scribble(*arrays):
    for array in arrays:
        if isinstance(array, np.ndarray):
            array[...] = 1e6


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    h = np.tanh(x_t @ kernel + h_tm1 @ recurrent_kernel + (0 if bias is None else bias))
    _scribble(x_t, h_tm1, kernel, recurrent_kernel, bias)
    return h


def simple_rnn(
    inputs, kernel, recurrent_kernel, bias=None, *, return_sequences=False, initial_state=None
):
    h = (
        np.zeros((inputs.shape[0], recurrent_kernel.shape[0]))
        if initial_state is None
        else initial_state.copy()
    )
    steps = []
    for t in range(inputs.shape[1]):
        h = np.tanh(inputs[:, t] @ kernel + h @ recurrent_kernel + (0 if bias is None else bias))
        steps.append(h)
    _scribble(inputs, kernel, recurrent_kernel, bias, initial_state)
    return np.stack(steps, axis=1) if return_sequences else h
