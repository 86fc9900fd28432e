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
    # BEGIN SOLUTION
    units = h_tm1.shape[-1]
    if bias is None:
        input_bias, recurrent_bias = 0.0, 0.0
    elif reset_after:
        input_bias, recurrent_bias = bias[0], bias[1]  # (3 * units,) each
    else:
        input_bias, recurrent_bias = bias, 0.0  # (3 * units,)
    x = x_t @ kernel + input_bias  # (batch, 3 * units)
    x_z, x_r, x_h = x[:, :units], x[:, units : 2 * units], x[:, 2 * units :]  # 3 x (batch, units)
    k_z, k_r, k_h = (recurrent_kernel[:, k * units : (k + 1) * units] for k in range(3))
    if reset_after:
        inner = h_tm1 @ recurrent_kernel + recurrent_bias  # (batch, 3 * units)
        r_z, r_r, r_h = inner[:, :units], inner[:, units : 2 * units], inner[:, 2 * units :]
        z = _sigmoid(x_z + r_z)  # (batch, units)
        r = _sigmoid(x_r + r_r)  # (batch, units)
        hh = np.tanh(x_h + r * r_h)  # (batch, units)
    else:
        z = _sigmoid(x_z + h_tm1 @ k_z)  # (batch, units)
        r = _sigmoid(x_r + h_tm1 @ k_r)  # (batch, units)
        hh = np.tanh(x_h + (r * h_tm1) @ k_h)  # (batch, units)
    return z * h_tm1 + (1.0 - z) * hh  # (batch, units)
    # END SOLUTION


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
    # BEGIN SOLUTION
    batch, timesteps, _ = inputs.shape
    units = recurrent_kernel.shape[0]
    h = np.zeros((batch, units), dtype=inputs.dtype) if initial_state is None else initial_state
    outputs = []
    for t in range(timesteps):
        h = gru_step(
            inputs[:, t], h, kernel, recurrent_kernel, bias, reset_after=reset_after
        )  # (batch, units)
        outputs.append(h)
    return np.stack(outputs, axis=1) if return_sequences else h
    # END SOLUTION
