# Graded with Python's standard library and NumPy only: import nothing else.
"""Exercise e04: GRU, an update gate and a reset gate, no separate cell state.

Keras's gate order is ``z`` (update), ``r`` (reset), ``h`` (candidate). The new state keeps
``z`` of the old one: ``h = z * h_tm1 + (1 - z) * hh``. With ``reset_after=True`` (Keras's
default, and cuDNN's) the bias is ``(2, 3 * units)``, one row for the input side and one for
the recurrent side, and the reset gate multiplies the recurrent part *after* its matmul. With
``reset_after=False`` the bias is ``(3 * units,)`` and ``r`` multiplies ``h_tm1`` *before* it.
"""

import numpy as np


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def gru_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None, *, reset_after=True):
    """One step of ``keras.layers.GRUCell`` (tanh activation, sigmoid gates).

    Parameters
    ----------
    x_t : numpy.ndarray, shape (batch, features)
        The inputs at step ``t``.
    h_tm1 : numpy.ndarray, shape (batch, units)
        The hidden state after step ``t - 1``.
    kernel : numpy.ndarray, shape (features, 3 * units)
        Input weights, gate blocks ``z, r, h`` side by side.
    recurrent_kernel : numpy.ndarray, shape (units, 3 * units)
        Hidden-to-hidden weights, same block order.
    bias : numpy.ndarray or None, optional
        ``(2, 3 * units)`` = [input bias; recurrent bias] if ``reset_after``, else
        ``(3 * units,)``; None for ``use_bias=False``.
    reset_after : bool, optional
        Apply the reset gate after the recurrent matmul (Keras's default) or before it.

    Returns
    -------
    numpy.ndarray, shape (batch, units)
        The new hidden state.

    Examples
    --------
    >>> h = gru_step(np.ones((2, 5)), np.zeros((2, 4)), np.zeros((5, 12)), np.zeros((4, 12)))
    >>> h.shape
    (2, 4)
    """
    raise NotImplementedError("e04_gru.gru_step: not written yet; replace this line with your code.")


def gru(
    inputs,
    kernel,
    recurrent_kernel,
    bias=None,
    *,
    reset_after=True,
    return_sequences=False,
    initial_state=None,
):
    """Run ``keras.layers.GRU`` over a batch of sequences.

    Parameters
    ----------
    inputs : numpy.ndarray, shape (batch, timesteps, features)
        The sequences.
    kernel : numpy.ndarray, shape (features, 3 * units)
        Input weights, as in `gru_step`.
    recurrent_kernel : numpy.ndarray, shape (units, 3 * units)
        Hidden-to-hidden weights, as in `gru_step`.
    bias : numpy.ndarray or None, optional
        As in `gru_step`: ``(2, 3 * units)`` if ``reset_after``, else ``(3 * units,)``; None
        for ``use_bias=False``.
    reset_after : bool, optional
        As in `gru_step`: apply the reset gate after the recurrent matmul (Keras's default).
    return_sequences : bool
        True: every step's hidden state; False: only the last one.
    initial_state : numpy.ndarray, shape (batch, units), or None
        The hidden state before the first step; None means zeros.

    Returns
    -------
    numpy.ndarray
        ``(batch, timesteps, units)`` if ``return_sequences`` else ``(batch, units)``.

    Examples
    --------
    >>> inputs = np.ones((1, 5, 100))
    >>> gru(inputs, np.zeros((100, 192)), np.zeros((64, 192)), return_sequences=True).shape
    (1, 5, 64)
    """
    raise NotImplementedError("e04_gru.gru: not written yet; replace this line with your code.")
