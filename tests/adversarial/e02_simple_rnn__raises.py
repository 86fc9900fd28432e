"""Hostile e02: raises an exception.

Expect: it raised ZeroDivisionError: division by zero
"""


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    return 1 / 0


simple_rnn = simple_rnn_step
