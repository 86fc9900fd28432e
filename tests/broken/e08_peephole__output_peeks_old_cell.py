"""Broken e08: lets the output gate peek at the old cell c_tm1 instead of the new c."""

import numpy as np

MISTAKE = (
    "The output gate peeks at the old cell c_tm1; it peeks at the new cell c, once it is computed."
)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def peephole_lstm_step(x_t, h_tm1, c_tm1, kernel, recurrent_kernel, bias, peephole):
    w_ci, w_cf, w_co = peephole
    z = x_t @ kernel + h_tm1 @ recurrent_kernel + (0 if bias is None else bias)
    z_i, z_f, z_c, z_o = np.split(z, 4, axis=-1)
    i = sigmoid(z_i + w_ci * c_tm1)
    f = sigmoid(z_f + w_cf * c_tm1)
    c = f * c_tm1 + i * np.tanh(z_c)
    o = sigmoid(z_o + w_co * c_tm1)
    return o * np.tanh(c), c
