"""Hostile e02: prints five megabytes, then raises.

Expect: it raised ValueError: after printing
"""


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    print("spam " * 1_000_000)
    raise ValueError("after printing")


simple_rnn = simple_rnn_step
