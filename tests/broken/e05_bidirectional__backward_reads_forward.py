"""Broken e05: never reverses the inputs: both directions read the sentence forward."""

import numpy as np

MISTAKE = (
    "Both directions read the sentence forward; the backward layer reads it from the last "
    "word to the first."
)


def bidirectional(
    layer, inputs, forward_weights, backward_weights, *, merge_mode="concat", return_sequences=False
):
    forward = layer(inputs, *forward_weights, return_sequences=return_sequences)
    backward = layer(inputs, *backward_weights, return_sequences=return_sequences)
    if return_sequences:
        backward = backward[:, ::-1]
    if merge_mode == "concat":
        return np.concatenate([forward, backward], axis=-1)
    if merge_mode == "sum":
        return forward + backward
    if merge_mode == "mul":
        return forward * backward
    return (forward + backward) / 2
