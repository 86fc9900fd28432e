"""Hostile e02: calls sys.exit() to end the grader.

Expect: it raised SystemExit: 3
"""

import sys


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    sys.exit(3)


simple_rnn = simple_rnn_step
