"""Exercise e02: SimpleRNN, one step and a whole sequence.

One step mixes the current input with the previous hidden state and squashes the sum:
``h_t = tanh(x_t @ kernel + h_tm1 @ recurrent_kernel + bias)``. The same three weights are
used at every step. ``return_sequences=True`` keeps every ``h_t`` (what a generator needs);
``False`` keeps only the last one (enough for a classifier).
"""

import numpy as np


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    """One step of ``keras.layers.SimpleRNNCell`` with its default tanh activation.

    Parameters
    ----------
    x_t : numpy.ndarray, shape (batch, features)
        The inputs at step ``t``.
    h_tm1 : numpy.ndarray, shape (batch, units)
        The hidden state after step ``t - 1``.
    kernel : numpy.ndarray, shape (features, units)
        Input weights (Keras's ``kernel``).
    recurrent_kernel : numpy.ndarray, shape (units, units)
        Hidden-to-hidden weights (Keras's ``recurrent_kernel``).
    bias : numpy.ndarray, shape (units,), or None, optional
        Keras's ``bias``; None means the layer was built with ``use_bias=False``.

    Returns
    -------
    numpy.ndarray, shape (batch, units)
        The new hidden state ``h_t``, which is also the step's output.

    Examples
    --------
    >>> x_t, h_tm1 = np.ones((2, 5), np.float32), np.zeros((2, 4), np.float32)
    >>> simple_rnn_step(x_t, h_tm1, np.zeros((5, 4)), np.zeros((4, 4))).shape
    (2, 4)
    """
    # BEGIN SOLUTION
    z = x_t @ kernel + h_tm1 @ recurrent_kernel  # (batch, units)
    if bias is not None:
        z = z + bias  # (batch, units)
    return np.tanh(z)  # (batch, units)
    # END SOLUTION


def simple_rnn(
    inputs,
    kernel,
    recurrent_kernel,
    bias=None,
    *,
    return_sequences=False,
    initial_state=None,
):
    """Run ``keras.layers.SimpleRNN`` over a batch of sequences.

    Parameters
    ----------
    inputs : numpy.ndarray, shape (batch, timesteps, features)
        The sequences, e.g. the output of an Embedding layer.
    kernel : numpy.ndarray, shape (features, units)
        Input weights, as in `simple_rnn_step`.
    recurrent_kernel : numpy.ndarray, shape (units, units)
        Hidden-to-hidden weights, as in `simple_rnn_step`.
    bias : numpy.ndarray, shape (units,), or None, optional
        As in `simple_rnn_step`; None means the layer was built with ``use_bias=False``.
    return_sequences : bool
        True: return the hidden state of every step. False: only the last one.
    initial_state : numpy.ndarray, shape (batch, units), or None
        The hidden state before the first step; None means zeros, as in Keras.

    Returns
    -------
    numpy.ndarray
        Shape ``(batch, timesteps, units)`` if ``return_sequences`` else ``(batch, units)``.

    Examples
    --------
    >>> inputs = np.ones((1, 5, 100), np.float32)
    >>> kernel, recurrent_kernel = np.zeros((100, 64)), np.zeros((64, 64))
    >>> simple_rnn(inputs, kernel, recurrent_kernel, return_sequences=True).shape
    (1, 5, 64)
    >>> simple_rnn(inputs, kernel, recurrent_kernel).shape
    (1, 64)
    """
    # BEGIN SOLUTION
    batch, timesteps, _ = inputs.shape
    units = recurrent_kernel.shape[0]
    if initial_state is None:
        h = np.zeros((batch, units), dtype=inputs.dtype)  # (batch, units)
    else:
        h = initial_state  # (batch, units)
    outputs = []
    for t in range(timesteps):
        h = simple_rnn_step(inputs[:, t], h, kernel, recurrent_kernel, bias)  # (batch, units)
        outputs.append(h)
    if return_sequences:
        return np.stack(outputs, axis=1)  # (batch, timesteps, units)
    return h  # (batch, units)
    # END SOLUTION
