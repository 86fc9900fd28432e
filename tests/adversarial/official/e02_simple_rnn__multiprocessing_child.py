"""Cheat: starts a multiprocessing child, outside whatever watches this process.

Expect: your code tried to
"""


def _work(queue):
    queue.put("escaped")


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    import multiprocessing

    queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=_work, args=(queue,))
    child.start()
    child.join()
    raise LookupError(queue.get())


def simple_rnn(inputs, kernel, recurrent_kernel, bias=None, **options):
    return simple_rnn_step(inputs[:, 0], None, kernel, recurrent_kernel, bias)
