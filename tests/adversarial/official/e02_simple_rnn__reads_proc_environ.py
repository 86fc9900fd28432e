"""Cheat: reads /proc/self/environ to find where the checkout lives.

Expect: your code tried to read files outside your submission (/proc/self/environ)
"""


def _environment():
    with open("/proc/self/environ", "rb") as handle:
        return dict(item.split(b"=", 1) for item in handle.read().split(b"\0") if b"=" in item)


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    raise LookupError(str(_environment().get(b"PWD")))


def simple_rnn(inputs, kernel, recurrent_kernel, bias=None, **options):
    raise LookupError(str(_environment().get(b"PWD")))
