"""Broken e05: with return_sequences=False, flips the backward outputs back into time order and
keeps the last step, which the backward layer reached after reading a single word."""

import numpy as np

MISTAKE = (
    "With return_sequences=False your backward half is the backward layer's output after it "
    "has read one word; Keras keeps its final output, after it has read the whole sequence "
    "from the end."
)


def bidirectional(
    layer, inputs, forward_weights, backward_weights, *, merge_mode="concat", return_sequences=False
):
    forward = layer(inputs, *forward_weights, return_sequences=return_sequences)
    backward = layer(inputs[:, ::-1], *backward_weights, return_sequences=True)[:, ::-1]
    if not return_sequences:
        backward = backward[:, -1]
    if merge_mode == "concat":
        return np.concatenate([forward, backward], axis=-1)
    if merge_mode == "sum":
        return forward + backward
    if merge_mode == "mul":
        return forward * backward
    return (forward + backward) / 2
