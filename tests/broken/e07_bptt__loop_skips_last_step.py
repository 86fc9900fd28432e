"""Broken e07: its loop starts at ``timesteps - 2``: the last step, where dL/dh_T comes in,
is skipped."""

import numpy as np
from e02_simple_rnn import simple_rnn

MISTAKE = (
    "Your loop over the steps never visits the last one, t = timesteps - 1, where "
    "grad_last_h comes in."
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
    for t in reversed(range(timesteps - 1)):
        grad_z = grad_h * (1.0 - states[:, t] ** 2)
        grad_kernel += inputs[:, t].T @ grad_z
        grad_recurrent += h_prev[:, t].T @ grad_z
        grad_bias += grad_z.sum(axis=0)
        grad_inputs[:, t] = grad_z @ kernel.T
        grad_h = grad_z @ recurrent_kernel.T
    return {
        "kernel": grad_kernel,
        "recurrent_kernel": grad_recurrent,
        "bias": None if bias is None else grad_bias,
        "inputs": grad_inputs,
    }
