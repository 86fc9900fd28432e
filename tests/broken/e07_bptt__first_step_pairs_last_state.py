"""Broken e07: pairs x_0 with ``states[:, t - 1]``, which at t = 0 is Python's last state,
not h_0 = 0."""

import numpy as np
from e02_simple_rnn import simple_rnn

MISTAKE = (
    "At t = 0 the state before the step is h_0 = 0, but you take states[:, t - 1], which "
    "at t = 0 is the last state."
)


def simple_rnn_backward(inputs, kernel, recurrent_kernel, bias, grad_last_h):
    timesteps = inputs.shape[1]
    states = simple_rnn(inputs, kernel, recurrent_kernel, bias, return_sequences=True)
    grad_kernel = np.zeros(kernel.shape)
    grad_recurrent = np.zeros(recurrent_kernel.shape)
    grad_bias = np.zeros(recurrent_kernel.shape[0])
    grad_inputs = np.zeros(inputs.shape)
    grad_h = grad_last_h
    for t in reversed(range(timesteps)):
        grad_z = grad_h * (1.0 - states[:, t] ** 2)
        grad_kernel += inputs[:, t].T @ grad_z
        grad_recurrent += states[:, t - 1].T @ grad_z
        grad_bias += grad_z.sum(axis=0)
        grad_inputs[:, t] = grad_z @ kernel.T
        grad_h = grad_z @ recurrent_kernel.T
    return {
        "kernel": grad_kernel,
        "recurrent_kernel": grad_recurrent,
        "bias": None if bias is None else grad_bias,
        "inputs": grad_inputs,
    }
