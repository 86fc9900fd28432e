"""Hostile e02: lets Keras do the work of a NumPy exercise.

TimeLimit: 60
Expect: uses keras, tensorflow
"""

import keras
import numpy as np


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    cell = keras.layers.SimpleRNNCell(kernel.shape[1], use_bias=bias is not None)
    cell.build((None, kernel.shape[0]))
    cell.set_weights([kernel, recurrent_kernel] + ([bias] if bias is not None else []))
    return np.asarray(cell(x_t, [h_tm1])[0])


simple_rnn = simple_rnn_step
