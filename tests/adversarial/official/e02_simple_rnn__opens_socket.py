"""Cheat: phones a friend over the network for the answer.

Expect: your code tried to
"""


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    import socket

    with socket.create_connection(("127.0.0.1", 9), timeout=1) as connection:
        connection.sendall(b"answer please")
    raise LookupError("sent")


def simple_rnn(inputs, kernel, recurrent_kernel, bias=None, **options):
    return simple_rnn_step(inputs[:, 0], None, kernel, recurrent_kernel, bias)
