"""Exercise e07: backpropagation through time (BPTT) for a SimpleRNN.

Training needs the gradient of a loss with respect to every weight. A SimpleRNN uses the same
weights at every step, so their gradient is a sum over the steps, and the gradient reaching
step ``t`` has travelled back through every later step: at each one it is multiplied by
``tanh'`` (at most 1) and by ``recurrent_kernel.T``. That repeated product is why gradients
vanish (or explode) over long sequences.

The loss here is ``sum(h_T * grad_last_h)``: its gradient with respect to the last hidden
state ``h_T`` is exactly ``grad_last_h``, whatever came after the layer (a Dense layer, a
loss function) already folded into it.
"""

import numpy as np
from e02_simple_rnn import simple_rnn


def simple_rnn_backward(inputs, kernel, recurrent_kernel, bias, grad_last_h):
    """Gradients of ``sum(h_T * grad_last_h)`` through ``keras.layers.SimpleRNN``.

    The forward pass is the layer with its default tanh, starting from ``h_0 = 0``, keeping
    only the last step (``return_sequences=False``). The answer must equal what
    ``tf.GradientTape`` gives for the same weights.

    Parameters
    ----------
    inputs : numpy.ndarray, shape ``(batch, timesteps, features)``
    kernel : numpy.ndarray, shape ``(features, units)``
    recurrent_kernel : numpy.ndarray, shape ``(units, units)``
    bias : numpy.ndarray, shape ``(units,)``, or None
        None means the layer was built with ``use_bias=False``.
    grad_last_h : numpy.ndarray, shape ``(batch, units)``
        The gradient of the loss with respect to the layer's output ``h_T``.

    Returns
    -------
    dict
        ``"kernel"`` ``(features, units)``, ``"recurrent_kernel"`` ``(units, units)``,
        ``"bias"`` ``(units,)`` (None when ``bias`` is None) and ``"inputs"``
        ``(batch, timesteps, features)``: the gradient with respect to each.

    Examples
    --------
    >>> inputs = np.ones((2, 3, 5), np.float32)
    >>> grads = simple_rnn_backward(
    ...     inputs, np.zeros((5, 4)), np.zeros((4, 4)), np.zeros(4), np.ones((2, 4)))
    >>> grads["kernel"].shape, grads["recurrent_kernel"].shape, grads["inputs"].shape
    ((5, 4), (4, 4), (2, 3, 5))
    >>> grads["bias"]  # with zero weights every h_t is 0 and tanh' is 1: 2 sequences
    array([2., 2., 2., 2.])
    """
    # BEGIN SOLUTION
    timesteps = inputs.shape[1]
    states = simple_rnn(inputs, kernel, recurrent_kernel, bias, return_sequences=True)
    states = np.asarray(states)  # (batch, timesteps, units): h_1 ... h_T
    h_prev = np.concatenate([np.zeros_like(states[:, :1]), states[:, :-1]], axis=1)  # h_0..h_T-1
    grad_kernel = np.zeros_like(kernel, dtype=np.float64)  # (features, units)
    grad_recurrent = np.zeros_like(recurrent_kernel, dtype=np.float64)  # (units, units)
    grad_bias = np.zeros(recurrent_kernel.shape[0])  # (units,)
    grad_inputs = np.zeros(inputs.shape)  # (batch, timesteps, features)
    grad_h = np.asarray(grad_last_h, dtype=np.float64)  # (batch, units) dL/dh_T
    for t in reversed(range(timesteps)):
        grad_z = grad_h * (1.0 - states[:, t] ** 2)  # (batch, units) tanh'(z) = 1 - tanh(z)^2
        grad_kernel += inputs[:, t].T @ grad_z  # (features, units) summed over the batch
        grad_recurrent += h_prev[:, t].T @ grad_z  # (units, units)
        grad_bias += grad_z.sum(axis=0)  # (units,) the bias is shared by every sequence
        grad_inputs[:, t] = grad_z @ kernel.T  # (batch, features)
        grad_h = grad_z @ recurrent_kernel.T  # (batch, units) dL/dh_{t-1}
    return {
        "kernel": grad_kernel,
        "recurrent_kernel": grad_recurrent,
        "bias": None if bias is None else grad_bias,
        "inputs": grad_inputs,
    }
    # END SOLUTION
