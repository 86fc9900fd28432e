"""Exercise e05: Bidirectional, one layer reading forward and a second reading backward.

``keras.layers.Bidirectional(layer)`` holds two independent copies of ``layer`` (twice the
weights, as the note says). The backward copy reads the sequence from its last step to its
first; with ``return_sequences=True`` its outputs are turned back into time order before the
two are merged, so step ``t`` of the result sees the whole sentence: ``x_1 .. x_t``
(forward) and ``x_t .. x_T`` (backward).
"""

import numpy as np


def bidirectional(
    layer,
    inputs,
    forward_weights,
    backward_weights,
    *,
    merge_mode="concat",
    return_sequences=False,
):
    """Run ``keras.layers.Bidirectional`` around one of your recurrent layers.

    Parameters
    ----------
    layer : callable
        Your ``simple_rnn``, ``lstm`` or ``gru``: called as
        ``layer(inputs, kernel, recurrent_kernel, bias, return_sequences=...)``.
    inputs : numpy.ndarray, shape (batch, timesteps, features)
        The sequences.
    forward_weights, backward_weights : tuple (kernel, recurrent_kernel, bias)
        Weights of the forward and the backward layer (``bias`` may be None).
    merge_mode : str
        How the two directions are combined, as in Keras: ``"concat"`` (forward first),
        ``"sum"``, ``"mul"`` or ``"ave"``.
    return_sequences : bool
        True: every step; False: each direction's final output.

    Returns
    -------
    numpy.ndarray
        ``(batch, [timesteps,] 2 * units)`` for ``"concat"``, ``(batch, [timesteps,] units)``
        otherwise.

    Examples
    --------
    >>> def mean_so_far(inputs, kernel, recurrent_kernel, bias, return_sequences=False):
    ...     out = np.cumsum(inputs, axis=1) / np.arange(1, inputs.shape[1] + 1)[:, None]
    ...     return out if return_sequences else out[:, -1]
    >>> x = np.arange(6.0).reshape(1, 3, 2)
    >>> bidirectional(mean_so_far, x, (None,) * 3, (None,) * 3, return_sequences=True).shape
    (1, 3, 4)
    """
    # BEGIN SOLUTION
    forward = layer(inputs, *forward_weights, return_sequences=return_sequences)
    backward = layer(inputs[:, ::-1], *backward_weights, return_sequences=return_sequences)
    if return_sequences:
        backward = backward[:, ::-1]  # (batch, timesteps, units), back in time order
    if merge_mode == "concat":
        return np.concatenate([forward, backward], axis=-1)  # (batch, [timesteps,] 2 * units)
    if merge_mode == "sum":
        return forward + backward
    if merge_mode == "mul":
        return forward * backward
    if merge_mode == "ave":
        return (forward + backward) / 2
    raise ValueError(f"merge_mode must be concat, sum, mul or ave; got {merge_mode!r}")
    # END SOLUTION
