"""Broken e02: with return_sequences=False it returns the first step's output, not the last."""

import numpy as np

MISTAKE = (
    "With return_sequences=False you return the first step's output; Keras returns the "
    "state after the last step."
)


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    z = x_t @ kernel + h_tm1 @ recurrent_kernel + (0 if bias is None else bias)
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
    return np.stack(outputs, axis=1) if return_sequences else outputs[0]
