"""Broken e08: turns each peephole vector into a (units, units) matrix and multiplies the cell by
it, so every gate unit sees the weighted sum of all cells."""

import numpy as np

MISTAKE = (
    "Your peepholes act as full (units, units) matrices, so each gate unit sees every cell; a "
    "peephole is one weight per unit, applied element-wise to that unit's own cell."
)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def peephole_lstm_step(x_t, h_tm1, c_tm1, kernel, recurrent_kernel, bias, peephole):
    units = h_tm1.shape[-1]
    w_ci, w_cf, w_co = (np.tile(w[:, None], (1, units)) for w in peephole)
    z = x_t @ kernel + h_tm1 @ recurrent_kernel + (0 if bias is None else bias)
    z_i, z_f, z_c, z_o = np.split(z, 4, axis=-1)
    i = sigmoid(z_i + c_tm1 @ w_ci)
    f = sigmoid(z_f + c_tm1 @ w_cf)
    c = f * c_tm1 + i * np.tanh(z_c)
    o = sigmoid(z_o + c @ w_co)
    return o * np.tanh(c), c
