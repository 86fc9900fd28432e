"""Cheat: imports the reference answer by path with importlib.

Expect: your code tried to read files outside your submission
"""

import importlib.util

CHECKOUT = "__CHECKOUT__"


def _reference():
    path = f"{CHECKOUT}/solutions/e02_simple_rnn.py"
    spec = importlib.util.spec_from_file_location("stolen", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    return _reference().simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias)


def simple_rnn(inputs, kernel, recurrent_kernel, bias=None, **options):
    return _reference().simple_rnn(inputs, kernel, recurrent_kernel, bias, **options)
