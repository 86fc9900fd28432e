"""Broken e06: counts the kernel and bias but not the recurrent kernel."""

MISTAKE = "You leave out the recurrent kernel, the weights from the previous state to the next."

BLOCKS = {"simple_rnn": 1, "gru": 3, "lstm": 4}


def count_params(kind, input_dim, units, *, use_bias=True, bidirectional=False, reset_after=True):
    if kind == "embedding":
        return input_dim * units
    blocks = BLOCKS[kind]
    weights = blocks * units * (input_dim)
    if use_bias:
        weights += (2 if kind == "gru" and reset_after else 1) * blocks * units
    return 2 * weights if bidirectional else weights
