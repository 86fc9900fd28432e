# Graded with Python's standard library and NumPy only: import nothing else.
"""Exercise e06: count a layer's parameters before Keras does.

Every recurrent layer has ``gates`` blocks of the same three weights: a kernel
``(input_dim, units)``, a recurrent kernel ``(units, units)`` and a bias ``(units,)``.
SimpleRNN has 1 block, GRU 3 (z, r, h), LSTM 4 (i, f, c, o): "4 times the weights". A GRU with
``reset_after=True`` (Keras's default) has a second bias row. ``Bidirectional`` holds two
independent copies, one per direction. An Embedding is just its ``(n, k)`` table.
"""

GATE_BLOCKS = {"simple_rnn": 1, "gru": 3, "lstm": 4}


def count_params(kind, input_dim, units, *, use_bias=True, bidirectional=False, reset_after=True):
    """The number of trainable parameters of a Keras layer, as ``layer.count_params()``.

    Parameters
    ----------
    kind : str
        ``"embedding"``, ``"simple_rnn"``, ``"lstm"`` or ``"gru"``.
    input_dim : int
        Features per step (for an Embedding: the vocabulary size ``n``).
    units : int
        Units (for an Embedding: the vector size ``k``, Keras's ``output_dim``).
    use_bias : bool
        Whether the recurrent layer has a bias (ignored for an Embedding).
    bidirectional : bool
        Whether the recurrent layer is wrapped in ``keras.layers.Bidirectional``.
    reset_after : bool
        GRU only: Keras's default True gives the bias two rows.

    Returns
    -------
    int

    Examples
    --------
    >>> count_params("embedding", 64, 100)
    6400
    >>> count_params("lstm", 100, 64, use_bias=False)
    41984
    >>> count_params("simple_rnn", 100, 64, use_bias=False, bidirectional=True)
    20992
    """
    raise NotImplementedError("e06_parameters.count_params: not written yet; replace this line with your code.")
