# Two catalogued mistakes in one file, as a learner makes them (tests/unit/test_families.py).
"""Broken e08: forgets the forget gate's peephole."""

import numpy as np

MISTAKE = "The forget gate never peeks at the cell: w_cf is left out."


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def peephole_lstm_step(x_t, h_tm1, c_tm1, kernel, recurrent_kernel, bias, peephole):
    w_ci, w_cf, w_co = peephole
    z = x_t @ kernel + h_tm1 @ recurrent_kernel + (0 if bias is None else bias)
    z_i, z_c, z_f, z_o = np.split(z, 4, axis=-1)  # the blocks read as i, c, f, o
    i = sigmoid(z_i + w_ci * c_tm1)
    f = sigmoid(z_f + 0)
    c = f * c_tm1 + i * np.tanh(z_c)
    o = sigmoid(z_o + w_co * c)
    return o * np.tanh(c), c
