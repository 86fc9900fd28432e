"""Cheat: copies the reference answer next to itself with a shell command.

Expect: your code tried to start a process (os.system)
"""

import os

CHECKOUT = "__CHECKOUT__"


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    os.system(f"cp {CHECKOUT}/solutions/e02_simple_rnn.py /tmp/stolen_e02.py")
    raise LookupError("copied")


def simple_rnn(inputs, kernel, recurrent_kernel, bias=None, **options):
    return simple_rnn_step(inputs[:, 0], None, kernel, recurrent_kernel, bias)
