"""An e02 written apart from the reference: loops over the time-major view of the inputs."""

import numpy as np


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    b = 0.0 if bias is None else bias
    return np.tanh(np.matmul(x_t, kernel) + np.matmul(h_tm1, recurrent_kernel) + b)


def simple_rnn(
    inputs, kernel, recurrent_kernel, bias=None, *, return_sequences=False, initial_state=None
):
    if initial_state is not None:
        h = initial_state
    else:
        h = np.zeros((len(inputs), len(recurrent_kernel)), dtype=inputs.dtype)
    history = []
    for x in np.swapaxes(inputs, 0, 1):
        h = simple_rnn_step(x, h, kernel, recurrent_kernel, bias)
        history += [h]
    return np.stack(history, 1) if return_sequences else history[-1]
