"""Hostile e02: loops forever inside the function.

Expect: time limit of 3 s for e02_simple_rnn reached
"""


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    while True:
        pass


simple_rnn = simple_rnn_step
