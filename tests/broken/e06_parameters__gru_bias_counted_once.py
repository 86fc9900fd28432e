"""Broken e06: gives the GRU one bias row even with reset_after=True."""

MISTAKE = (
    "With reset_after=True a GRU has two bias rows, one for the input side and one for the "
    "recurrent side; you count one."
)

BLOCKS = {"simple_rnn": 1, "gru": 3, "lstm": 4}


def count_params(kind, input_dim, units, *, use_bias=True, bidirectional=False, reset_after=True):
    if kind == "embedding":
        return input_dim * units
    blocks = BLOCKS[kind]
    weights = blocks * units * (input_dim + units)
    if use_bias:
        weights += 1 * blocks * units
    return 2 * weights if bidirectional else weights
