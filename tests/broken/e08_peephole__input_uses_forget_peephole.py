"""Broken e08: uses the forget gate's peephole weight for the input gate."""

import numpy as np

MISTAKE = "The input gate peeks with w_cf, the forget gate's peephole; it has its own, w_ci."


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def peephole_lstm_step(x_t, h_tm1, c_tm1, kernel, recurrent_kernel, bias, peephole):
    w_ci, w_cf, w_co = peephole
    z = x_t @ kernel + h_tm1 @ recurrent_kernel + (0 if bias is None else bias)
    z_i, z_f, z_c, z_o = np.split(z, 4, axis=-1)
    i = sigmoid(z_i + w_cf * c_tm1)
    f = sigmoid(z_f + w_cf * c_tm1)
    c = f * c_tm1 + i * np.tanh(z_c)
    o = sigmoid(z_o + w_co * c)
    return o * np.tanh(c), c
