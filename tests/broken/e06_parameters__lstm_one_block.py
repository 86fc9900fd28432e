"""Broken e06: counts an LSTM like a SimpleRNN: one block of weights, not four."""

MISTAKE = (
    "You count an LSTM like a SimpleRNN; an LSTM has a block of weights per gate, i, f, c and o."
)

BLOCKS = {"simple_rnn": 1, "gru": 3, "lstm": 4}


def count_params(kind, input_dim, units, *, use_bias=True, bidirectional=False, reset_after=True):
    if kind == "embedding":
        return input_dim * units
    blocks = 1 if kind == "lstm" else BLOCKS[kind]
    weights = blocks * units * (input_dim + units)
    if use_bias:
        weights += (2 if kind == "gru" and reset_after else 1) * blocks * units
    return 2 * weights if bidirectional else weights
