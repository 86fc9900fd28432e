"""Broken e06: gives the Embedding table a bias of k values, which it does not have."""

MISTAKE = "You give the Embedding a bias; an Embedding is only its (input_dim, output_dim) table."

BLOCKS = {"simple_rnn": 1, "gru": 3, "lstm": 4}


def count_params(kind, input_dim, units, *, use_bias=True, bidirectional=False, reset_after=True):
    if kind == "embedding":
        return input_dim * units + units
    blocks = BLOCKS[kind]
    weights = blocks * units * (input_dim + units)
    if use_bias:
        weights += (2 if kind == "gru" and reset_after else 1) * blocks * units
    return 2 * weights if bidirectional else weights
