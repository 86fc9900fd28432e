"""Hostile e02: returns NaN and inf.

Expect: NaN or inf value(s)
"""

import numpy as np


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    out = np.full((x_t.shape[0], kernel.shape[1]), np.nan)
    out[:, 0] = np.inf
    return out


def simple_rnn(
    inputs, kernel, recurrent_kernel, bias=None, *, return_sequences=False, initial_state=None
):
    return simple_rnn_step(inputs[:, 0], None, kernel, recurrent_kernel)
