"""Broken e06: forgets that Bidirectional holds a second, independent layer."""

MISTAKE = (
    "Bidirectional holds two independent layers, one per direction; you count the weights of one."
)

BLOCKS = {"simple_rnn": 1, "gru": 3, "lstm": 4}


def count_params(kind, input_dim, units, *, use_bias=True, bidirectional=False, reset_after=True):
    if kind == "embedding":
        return input_dim * units
    blocks = BLOCKS[kind]
    weights = blocks * units * (input_dim + units)
    if use_bias:
        weights += (2 if kind == "gru" and reset_after else 1) * blocks * units
    return weights
