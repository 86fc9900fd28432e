"""Broken e02: adds the bias in the step and again in the loop."""

import numpy as np

MISTAKE = "The bias is added twice in each step; Keras adds it once."


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    z = x_t @ kernel + h_tm1 @ recurrent_kernel
    if bias is not None:
        z = z + bias + bias
    return np.tanh(z)


def simple_rnn(
    inputs, kernel, recurrent_kernel, bias=None, *, return_sequences=False, initial_state=None
):
    units = recurrent_kernel.shape[0]
    h = np.zeros((inputs.shape[0], units)) if initial_state is None else initial_state
    outputs = []
    for t in range(inputs.shape[1]):
        h = simple_rnn_step(inputs[:, t], h, kernel, recurrent_kernel, bias)
        outputs.append(h)
    return np.stack(outputs, axis=1) if return_sequences else h
