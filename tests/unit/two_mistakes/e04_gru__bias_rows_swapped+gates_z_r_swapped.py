# Two catalogued mistakes in one file, as a learner makes them (tests/unit/test_families.py).
"""Broken e04: reads the blocks as r, z, h instead of Keras's z, r, h."""

import numpy as np

MISTAKE = "You read the gate blocks as r, z, h; Keras stores them in the order z, r, h."


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def gru_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None, *, reset_after=True):
    if bias is None:
        b_in, b_rec = 0.0, 0.0
    elif reset_after:
        b_in, b_rec = bias[1], bias[0]  # the bias rows swapped too
    else:
        b_in, b_rec = bias, 0.0
    x_r, x_z, x_h = np.split(x_t @ kernel + b_in, 3, axis=-1)
    k_r, k_z, k_h = np.split(recurrent_kernel, 3, axis=-1)
    if reset_after:
        r_r, r_z, r_h = np.split(h_tm1 @ recurrent_kernel + b_rec, 3, axis=-1)
        z, r = sigmoid(x_z + r_z), sigmoid(x_r + r_r)
        hh = np.tanh(x_h + r * r_h)
    else:
        z, r = sigmoid(x_z + h_tm1 @ k_z), sigmoid(x_r + h_tm1 @ k_r)
        hh = np.tanh(x_h + (r * h_tm1) @ k_h)
    return z * h_tm1 + (1 - z) * hh


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
