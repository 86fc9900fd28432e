"""Cheat: follows the installed rnnlab package back to its checkout and runs solutions/.

Expect: your code tried to read files outside your submission
"""

from pathlib import Path

import rnnlab


def _reference():
    for folder in Path(rnnlab.__file__).resolve().parents:
        candidate = folder / "solutions" / "e02_simple_rnn.py"
        if candidate.exists():
            namespace = {}
            exec(candidate.read_text(), namespace)
            return namespace
    raise FileNotFoundError("no solutions/ found")


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    return _reference()["simple_rnn_step"](x_t, h_tm1, kernel, recurrent_kernel, bias)


def simple_rnn(inputs, kernel, recurrent_kernel, bias=None, **options):
    return _reference()["simple_rnn"](inputs, kernel, recurrent_kernel, bias, **options)
