"""Broken e07: averages the bias gradient over the batch instead of summing it (every
sequence uses the same bias, so every sequence's gradient counts in full)."""

import numpy as np
from e02_simple_rnn import simple_rnn

MISTAKE = (
    "Your bias gradient is an average over the batch; every sequence used the same "
    "bias, so each one's gradient counts in full."
)


def simple_rnn_backward(inputs, kernel, recurrent_kernel, bias, grad_last_h):
    timesteps = inputs.shape[1]
    states = simple_rnn(inputs, kernel, recurrent_kernel, bias, return_sequences=True)
    h_prev = np.concatenate([np.zeros_like(states[:, :1]), states[:, :-1]], axis=1)
    grad_kernel = np.zeros(kernel.shape)
    grad_recurrent = np.zeros(recurrent_kernel.shape)
    grad_bias = np.zeros(recurrent_kernel.shape[0])
    grad_inputs = np.zeros(inputs.shape)
    grad_h = grad_last_h
    for t in reversed(range(timesteps)):
        grad_z = grad_h * (1.0 - states[:, t] ** 2)
        grad_kernel += inputs[:, t].T @ grad_z
        grad_recurrent += h_prev[:, t].T @ grad_z
        grad_bias += grad_z.mean(axis=0)
        grad_inputs[:, t] = grad_z @ kernel.T
        grad_h = grad_z @ recurrent_kernel.T
    return {
        "kernel": grad_kernel,
        "recurrent_kernel": grad_recurrent,
        "bias": None if bias is None else grad_bias,
        "inputs": grad_inputs,
    }
