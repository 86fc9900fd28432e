"""Broken e02: squashes with a sigmoid instead of tanh."""

import numpy as np

MISTAKE = "You squash with a sigmoid; the activation of keras.layers.SimpleRNN is tanh."


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    z = x_t @ kernel + h_tm1 @ recurrent_kernel + (0 if bias is None else bias)
    return 1 / (1 + np.exp(-z))


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
