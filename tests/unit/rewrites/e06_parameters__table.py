"""An e06 written apart from the reference: a table of gate counts and bias rows."""

GATE_BLOCKS = {"simple_rnn": 1, "gru": 3, "lstm": 4}


def count_params(kind, input_dim, units, *, use_bias=True, bidirectional=False, reset_after=True):
    directions = 2 if bidirectional else 1
    if kind == "embedding":
        return input_dim * units
    try:
        gates = GATE_BLOCKS[kind]
    except KeyError:
        raise ValueError(f"unknown layer kind {kind!r}") from None
    kernels = input_dim * gates * units + units * gates * units
    biases = 0
    if use_bias:
        biases = gates * units * (2 if (kind == "gru" and reset_after) else 1)
    return directions * (kernels + biases)
