# Two catalogued mistakes in one file, as a learner makes them (tests/unit/test_families.py).
"""Broken e04: the reset gate scales the input's contribution to the candidate, not the state's."""

import numpy as np

MISTAKE = (
    "Your reset gate scales the input side of the candidate (x_t @ kernel); in Keras it scales "
    "the recurrent side, what comes from h_tm1."
)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def gru_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None, *, reset_after=True):
    if bias is None:
        b_in, b_rec = 0.0, 0.0
    elif reset_after:
        b_in, b_rec = bias[0], bias[1]
    else:
        b_in, b_rec = bias, 0.0
    x_z, x_r, x_h = np.split(x_t @ kernel + b_in, 3, axis=-1)
    r_z, r_r, r_h = np.split(h_tm1 @ recurrent_kernel + b_rec, 3, axis=-1)
    z, r = sigmoid(x_z + r_z), sigmoid(x_r + r_r)
    hh = np.tanh(r * x_h + r_h)
    return (1 - z) * h_tm1 + z * hh  # the update gate inverted too


def gru(
    inputs,
    kernel,
    recurrent_kernel,
    bias=None,
    *,
    reset_after=True,
    return_sequences=False,
    initial_state=None,
):
    units = recurrent_kernel.shape[0]
    h = np.zeros((inputs.shape[0], units)) if initial_state is None else initial_state
    outputs = []
    for t in range(inputs.shape[1]):
        h = gru_step(inputs[:, t], h, kernel, recurrent_kernel, bias, reset_after=reset_after)
        outputs.append(h)
    return np.stack(outputs, axis=1) if return_sequences else h
