"""Hostile e02: returns the transposed state.

Expect: your output has shape
"""


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    return (x_t @ kernel).T


def simple_rnn(
    inputs, kernel, recurrent_kernel, bias=None, *, return_sequences=False, initial_state=None
):
    return (inputs[:, -1] @ kernel).T
