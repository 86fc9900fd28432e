"""Broken e05: merges 'ave' as a sum, forgetting to halve it."""

import numpy as np

MISTAKE = "merge_mode='ave' gives the sum of the two directions; an average is half of it."


def bidirectional(
    layer, inputs, forward_weights, backward_weights, *, merge_mode="concat", return_sequences=False
):
    forward = layer(inputs, *forward_weights, return_sequences=return_sequences)
    backward = layer(inputs[:, ::-1], *backward_weights, return_sequences=return_sequences)
    if return_sequences:
        backward = backward[:, ::-1]
    if merge_mode == "concat":
        return np.concatenate([forward, backward], axis=-1)
    if merge_mode == "sum":
        return forward + backward
    if merge_mode == "mul":
        return forward * backward
    return forward + backward
