"""Cheat: reads the reference answer through io.FileIO instead of open().

Expect: your code tried to read files outside your submission
"""

import io

CHECKOUT = "__CHECKOUT__"


def _reference():
    with io.FileIO(f"{CHECKOUT}/solutions/e02_simple_rnn.py") as handle:
        source = handle.read().decode()
    namespace = {}
    exec(source, namespace)
    return namespace


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    return _reference()["simple_rnn_step"](x_t, h_tm1, kernel, recurrent_kernel, bias)


def simple_rnn(inputs, kernel, recurrent_kernel, bias=None, **options):
    return _reference()["simple_rnn"](inputs, kernel, recurrent_kernel, bias, **options)
