"""Hostile e02: returns strings of the right shape.

Expect: not numbers
"""

import numpy as np


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    return np.full((x_t.shape[0], kernel.shape[1]), "0.5")


def simple_rnn(
    inputs, kernel, recurrent_kernel, bias=None, *, return_sequences=False, initial_state=None
):
    return np.full((inputs.shape[0], kernel.shape[1]), "0.5")
