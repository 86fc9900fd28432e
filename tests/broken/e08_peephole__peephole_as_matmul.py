"""Broken e08: sums the whole old cell into every unit of the input gate
(a matrix product where an element-wise one was due)."""

import numpy as np

MISTAKE = (
    "Your input gate adds up the whole old cell in every unit; a peephole is element-wise, "
    "each unit sees only its own cell."
)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def peephole_lstm_step(x_t, h_tm1, c_tm1, kernel, recurrent_kernel, bias, peephole):
    w_ci, w_cf, w_co = peephole
    z = x_t @ kernel + h_tm1 @ recurrent_kernel + (0 if bias is None else bias)
    z_i, z_f, z_c, z_o = np.split(z, 4, axis=-1)
    i = sigmoid(z_i + (c_tm1 @ np.ones((c_tm1.shape[1], 1))) * w_ci)
    f = sigmoid(z_f + w_cf * c_tm1)
    c = f * c_tm1 + i * np.tanh(z_c)
    o = sigmoid(z_o + w_co * c)
    return o * np.tanh(c), c
