"""Cheat: signals the grader that is about to record a low score.

SIGCONT stands in for SIGKILL: the same refusal, but should isolation ever fail, the test run
survives to report it.

Expect: your code tried to send a signal to another process
"""

import os
import signal


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    os.kill(os.getppid(), signal.SIGCONT)
    raise LookupError("still here")


def simple_rnn(inputs, kernel, recurrent_kernel, bias=None, **options):
    return simple_rnn_step(inputs[:, 0], None, kernel, recurrent_kernel, bias)
