# Graded with Python's standard library and NumPy only: import nothing else.
"""Exercise e03: LSTM, the cell state and its three gates.

Keras computes all four blocks at once, ``z = x_t @ kernel + h_tm1 @ recurrent_kernel + bias``,
then cuts ``z`` into the input gate ``i``, forget gate ``f``, cell candidate ``c`` and output
gate ``o``, in that order (the same order as the weight columns; see ``rnnlab.layouts``).
The gates are sigmoids, values in (0, 1) that say what fraction passes; the candidate is a tanh.
"""

import numpy as np


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_step(x_t, h_tm1, c_tm1, kernel, recurrent_kernel, bias=None):
    """One step of ``keras.layers.LSTMCell`` (tanh activation, sigmoid gates).

    Parameters
    ----------
    x_t : numpy.ndarray, shape (batch, features)
        The inputs at step ``t``.
    h_tm1 : numpy.ndarray, shape (batch, units)
        The hidden state (the output) after step ``t - 1``.
    c_tm1 : numpy.ndarray, shape (batch, units)
        The cell state after step ``t - 1``.
    kernel : numpy.ndarray, shape (features, 4 * units)
        Input weights, gate blocks ``i, f, c, o`` side by side.
    recurrent_kernel : numpy.ndarray, shape (units, 4 * units)
        Hidden-to-hidden weights, same block order.
    bias : numpy.ndarray, shape (4 * units,), or None, optional
        None means the layer was built with ``use_bias=False``.

    Returns
    -------
    tuple of numpy.ndarray
        ``(h, c)``, each ``(batch, units)``: the new hidden state and cell state.

    Examples
    --------
    >>> x_t, h, c = np.ones((2, 5)), np.zeros((2, 4)), np.zeros((2, 4))
    >>> h, c = lstm_step(x_t, h, c, np.zeros((5, 16)), np.zeros((4, 16)))
    >>> h.shape, c.shape
    ((2, 4), (2, 4))
    """
    raise NotImplementedError("e03_lstm.lstm_step: not written yet; replace this line with your code.")


def lstm(
    inputs,
    kernel,
    recurrent_kernel,
    bias=None,
    *,
    return_sequences=False,
    return_state=False,
    initial_state=None,
):
    """Run ``keras.layers.LSTM`` over a batch of sequences.

    Parameters
    ----------
    inputs : numpy.ndarray, shape (batch, timesteps, features)
        The sequences.
    kernel : numpy.ndarray, shape (features, 4 * units)
        Input weights, as in `lstm_step`.
    recurrent_kernel : numpy.ndarray, shape (units, 4 * units)
        Hidden-to-hidden weights, as in `lstm_step`.
    bias : numpy.ndarray, shape (4 * units,), or None, optional
        As in `lstm_step`; None means the layer was built with ``use_bias=False``.
    return_sequences : bool
        True: the output holds every step's ``h``; False: only the last one.
    return_state : bool
        True: return ``(output, h, c)`` with the final states, as Keras does.
    initial_state : tuple (h0, c0) of (batch, units) arrays, or None
        The states before the first step; None means zeros.

    Returns
    -------
    numpy.ndarray or tuple
        ``output`` (``(batch, timesteps, units)`` or ``(batch, units)``), or
        ``(output, h, c)`` when ``return_state``.

    Examples
    --------
    >>> inputs = np.ones((1, 5, 100))
    >>> kernel, recurrent_kernel = np.zeros((100, 256)), np.zeros((64, 256))
    >>> lstm(inputs, kernel, recurrent_kernel, return_sequences=True).shape
    (1, 5, 64)
    >>> [a.shape for a in lstm(inputs, kernel, recurrent_kernel, return_state=True)]
    [(1, 64), (1, 64), (1, 64)]
    """
    raise NotImplementedError("e03_lstm.lstm: not written yet; replace this line with your code.")
