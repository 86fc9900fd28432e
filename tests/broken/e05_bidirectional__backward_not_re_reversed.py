"""Broken e05: leaves the backward outputs in reversed time order before merging."""

import numpy as np

MISTAKE = (
    "The backward outputs are still in reversed time order when you merge them, so step t "
    "meets step T-1-t."
)


def bidirectional(
    layer, inputs, forward_weights, backward_weights, *, merge_mode="concat", return_sequences=False
):
    forward = layer(inputs, *forward_weights, return_sequences=return_sequences)
    backward = layer(inputs[:, ::-1], *backward_weights, return_sequences=return_sequences)
    if return_sequences:
        backward = backward
    if merge_mode == "concat":
        return np.concatenate([forward, backward], axis=-1)
    if merge_mode == "sum":
        return forward + backward
    if merge_mode == "mul":
        return forward * backward
    return (forward + backward) / 2
