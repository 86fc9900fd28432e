"""Broken e02: multiplies the input by the recurrent kernel and the state by the kernel
(shapes only agree when features == units, and the values never do)."""

import numpy as np

MISTAKE = (
    "kernel and recurrent_kernel are swapped: kernel multiplies the input x_t, "
    "recurrent_kernel the previous state h_tm1."
)


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    z = x_t @ recurrent_kernel + h_tm1 @ kernel + (0 if bias is None else bias)
    return np.tanh(z)


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
