"""Run a Keras layer or cell with given weights: the reference every check compares with.

Grading code uses this module (and the vanishing-gradients experiment, to check a learner's
e07 against the tape); it imports Keras only when a reference is actually computed (a cached
one needs no Keras; see `rnnlab.grader.reference_cache`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from rnnlab import layouts


def keras_layer(name: str, *args: Any, **kwargs: Any) -> Any:
    """``keras.layers.<name>(*args, **kwargs)``, importing Keras on first use."""
    import keras

    return getattr(keras.layers, name)(*args, **kwargs)


def to_numpy(value: Any) -> Any:
    """Keras tensors (or lists of them) as NumPy arrays (a tuple for a list)."""
    import keras

    if isinstance(value, (list, tuple)):
        return tuple(to_numpy(v) for v in value)
    return keras.ops.convert_to_numpy(value)


def run_layer(
    layer: Any,
    inputs: np.ndarray,
    weights: layouts.RecurrentWeights,
    initial_state: list[np.ndarray] | None = None,
) -> Any:
    """Build ``layer`` for ``inputs``, load ``weights`` by name, call it, return NumPy.

    Returns a tuple of arrays when the layer returns several (``return_state=True``).
    """
    layer.build((None, *inputs.shape[1:]))
    layouts.set_recurrent_weights(layer, weights)
    return to_numpy(layer(inputs, initial_state=initial_state))


def run_cell(
    cell: Any, x_t: np.ndarray, states: list[np.ndarray], weights: layouts.RecurrentWeights
) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """One step of a Keras cell: ``(output, new_states)`` as NumPy."""
    cell.build((None, x_t.shape[-1]))
    layouts.set_recurrent_weights(cell, weights)
    output, new_states = cell(x_t, list(states))
    return to_numpy(output), to_numpy(tuple(new_states))


def tape_gradients(
    layer: Any, inputs: np.ndarray, grad_output: np.ndarray
) -> dict[str, np.ndarray]:
    """Gradients of ``sum(layer(inputs) * grad_output)`` by ``tf.GradientTape``.

    ``grad_output`` is the gradient of a loss with respect to the layer's output, so this is
    one step of backpropagation through the real Keras layer, with its weights as they are.

    Returns
    -------
    dict of numpy.ndarray
        One entry per trainable weight, by the variable's name (``"kernel"``,
        ``"recurrent_kernel"``, ``"bias"``), and ``"inputs"``.
    """
    import tensorflow as tf

    x = tf.convert_to_tensor(inputs)
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_sum(layer(x) * tf.convert_to_tensor(grad_output))
    variables = list(layer.trainable_weights)
    grads = tape.gradient(loss, [*variables, x])
    names = [variable.name for variable in variables]
    return {name: np.asarray(g) for name, g in zip([*names, "inputs"], grads)}
