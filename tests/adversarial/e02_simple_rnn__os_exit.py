"""Hostile e02: kills its own process with os._exit().

Expect: ended while running
"""

import os


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    os._exit(0)


simple_rnn = simple_rnn_step
