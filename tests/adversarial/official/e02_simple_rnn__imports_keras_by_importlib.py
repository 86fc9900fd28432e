"""Cheat: imports Keras by a route that a plain `import keras` check might miss.

Expect: site-packages/keras
"""

import importlib


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    keras = importlib.import_module("keras")
    cell = keras.layers.SimpleRNNCell(kernel.shape[1], use_bias=bias is not None)
    raise LookupError(str(cell))


def simple_rnn(inputs, kernel, recurrent_kernel, bias=None, **options):
    return simple_rnn_step(inputs[:, 0], None, kernel, recurrent_kernel, bias)
