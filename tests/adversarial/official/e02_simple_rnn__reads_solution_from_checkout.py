"""Cheat: finds the checkout's solutions/ on disk and runs the reference answer as its own.

Expect: your code tried to read files outside your submission
"""

CHECKOUT = "__CHECKOUT__"  # the test writes the real path here: the worst case, a known layout


def _reference():
    namespace = {}
    with open(f"{CHECKOUT}/solutions/e02_simple_rnn.py") as handle:
        exec(handle.read(), namespace)
    return namespace


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    return _reference()["simple_rnn_step"](x_t, h_tm1, kernel, recurrent_kernel, bias)


def simple_rnn(inputs, kernel, recurrent_kernel, bias=None, **options):
    return _reference()["simple_rnn"](inputs, kernel, recurrent_kernel, bias, **options)
