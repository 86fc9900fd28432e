"""Cheat: leaves a file behind for a later exercise to read.

Expect: your code tried to write files
"""


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    with open("/tmp/rnnlab_note_for_later.txt", "w") as handle:
        handle.write("hello")
    raise LookupError("written")


def simple_rnn(inputs, kernel, recurrent_kernel, bias=None, **options):
    return simple_rnn_step(inputs[:, 0], None, kernel, recurrent_kernel, bias)
