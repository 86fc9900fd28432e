"""Cheat: loads native code through _ctypes to call libc's system() directly.

Expect: your code tried to load or call native code (ctypes)
"""


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    ctypes = __import__("ctypes")
    __import__("_ctypes")
    libc = ctypes.CDLL(None)
    libc.system(b"true")
    raise LookupError("ran native code")


def simple_rnn(inputs, kernel, recurrent_kernel, bias=None, **options):
    return simple_rnn_step(inputs[:, 0], None, kernel, recurrent_kernel, bias)
