"""Exercise e08: the peephole LSTM of Gers and Schmidhuber (2000).

In a plain LSTM the gates see only ``x_t`` and ``h_tm1``. Peephole connections let them look
at the cell state itself, through one weight per unit (a diagonal, element-wise product):
the input and forget gates peek at the old cell ``c_tm1``, the output gate at the new cell
``c``. With all peephole weights zero it is exactly Keras's ``LSTMCell``.
"""

import numpy as np


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def peephole_lstm_step(x_t, h_tm1, c_tm1, kernel, recurrent_kernel, bias, peephole):
    """One step of a peephole LSTM, with Keras's LSTM weight layout.

    Parameters
    ----------
    x_t : numpy.ndarray, shape (batch, features)
    h_tm1, c_tm1 : numpy.ndarray, shape (batch, units)
        Hidden and cell state after step ``t - 1``.
    kernel : numpy.ndarray, shape (features, 4 * units)
        Gate blocks ``i, f, c, o``, as ``keras.layers.LSTM``.
    recurrent_kernel : numpy.ndarray, shape (units, 4 * units)
    bias : numpy.ndarray, shape (4 * units,), or None
    peephole : tuple (w_ci, w_cf, w_co) of arrays of shape (units,)
        Peephole weights of the input, forget and output gates.

    Returns
    -------
    tuple of numpy.ndarray
        ``(h, c)``, each ``(batch, units)``.

    Examples
    --------
    >>> zeros = (np.zeros(4),) * 3
    >>> h, c = peephole_lstm_step(
    ...     np.ones((2, 5)), np.zeros((2, 4)), np.zeros((2, 4)),
    ...     np.zeros((5, 16)), np.zeros((4, 16)), None, zeros)
    >>> h.shape, c.shape
    ((2, 4), (2, 4))
    """
    # BEGIN SOLUTION
    w_ci, w_cf, w_co = peephole  # (units,) each
    units = h_tm1.shape[-1]
    z = x_t @ kernel + h_tm1 @ recurrent_kernel  # (batch, 4 * units)
    if bias is not None:
        z = z + bias  # (batch, 4 * units)
    z_i, z_f, z_c, z_o = (z[:, k * units : (k + 1) * units] for k in range(4))  # 4 x (batch, units)
    i = _sigmoid(z_i + w_ci * c_tm1)  # (batch, units) peeks at the old cell
    f = _sigmoid(z_f + w_cf * c_tm1)  # (batch, units) peeks at the old cell
    c = f * c_tm1 + i * np.tanh(z_c)  # (batch, units)
    o = _sigmoid(z_o + w_co * c)  # (batch, units) peeks at the new cell
    h = o * np.tanh(c)  # (batch, units)
    return h, c
    # END SOLUTION
