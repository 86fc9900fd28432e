"""Broken e05: concatenates [backward, forward]; Keras puts the forward half first."""

import numpy as np

MISTAKE = "You concatenate [backward, forward]; Keras puts the forward half first."


def bidirectional(
    layer, inputs, forward_weights, backward_weights, *, merge_mode="concat", return_sequences=False
):
    forward = layer(inputs, *forward_weights, return_sequences=return_sequences)
    backward = layer(inputs[:, ::-1], *backward_weights, return_sequences=return_sequences)
    if return_sequences:
        backward = backward[:, ::-1]
    if merge_mode == "concat":
        return np.concatenate([backward, forward], axis=-1)
    if merge_mode == "sum":
        return forward + backward
    if merge_mode == "mul":
        return forward * backward
    return (forward + backward) / 2
