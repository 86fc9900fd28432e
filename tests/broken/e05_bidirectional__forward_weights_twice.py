"""Broken e05: runs the backward direction with the forward layer's weights."""

import numpy as np

MISTAKE = (
    "The backward direction runs with the forward layer's weights; it has its own, "
    "backward_weights."
)


def bidirectional(
    layer, inputs, forward_weights, backward_weights, *, merge_mode="concat", return_sequences=False
):
    forward = layer(inputs, *forward_weights, return_sequences=return_sequences)
    backward = layer(inputs[:, ::-1], *forward_weights, return_sequences=return_sequences)
    if return_sequences:
        backward = backward[:, ::-1]
    if merge_mode == "concat":
        return np.concatenate([forward, backward], axis=-1)
    if merge_mode == "sum":
        return forward + backward
    if merge_mode == "mul":
        return forward * backward
    return (forward + backward) / 2
