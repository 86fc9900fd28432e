"""Cheat: runs a classmate's e02 from the sibling folder of the class.

Expect: your code tried to read files outside your submission
"""

CLASSMATE = "__CLASSMATE__"  # the test writes the honest classmate's folder here


def _classmate():
    namespace = {}
    with open(f"{CLASSMATE}/e02_simple_rnn.py") as handle:
        exec(handle.read(), namespace)
    return namespace


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    return _classmate()["simple_rnn_step"](x_t, h_tm1, kernel, recurrent_kernel, bias)


def simple_rnn(inputs, kernel, recurrent_kernel, bias=None, **options):
    return _classmate()["simple_rnn"](inputs, kernel, recurrent_kernel, bias, **options)
