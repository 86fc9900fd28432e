"""Cheat: looks around the parent folder for any e02 answer to borrow.

Expect: may not be listed
"""

import os


def _borrow():
    parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for name in os.listdir(parent):
        path = os.path.join(parent, name, "e02_simple_rnn.py")
        if os.path.exists(path):
            namespace = {}
            with open(path) as handle:
                exec(handle.read(), namespace)
            return namespace
    raise LookupError("nothing to borrow")


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    return _borrow()["simple_rnn_step"](x_t, h_tm1, kernel, recurrent_kernel, bias)


def simple_rnn(inputs, kernel, recurrent_kernel, bias=None, **options):
    return _borrow()["simple_rnn"](inputs, kernel, recurrent_kernel, bias, **options)
