"""Run a Keras layer or cell with given weights: the reference every check compares with.

Grading code uses this module (and the vanishing-gradients experiment, to check a learner's
e07 against the tape); it imports Keras only when a reference is actually computed (a cached
one needs no Keras; see `rnnlab.grader.reference_cache`).
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from rnnlab import layouts

_BUILT: dict[tuple[Any, ...], Any] = {}  # built layers by configuration; see `keras_layer`
_TAPES: dict[Any, dict[str, np.ndarray]] = {}  # see `tape_gradients`
_PLAIN = (bool, int, float, str, type(None))


def keras_layer(
    name: str, *args: Any, built_for: tuple[int, ...] | None = None, **kwargs: Any
) -> Any:
    """``keras.layers.<name>(*args, **kwargs)``, importing Keras on first use.

    Parameters
    ----------
    name : str
        The class's name in ``keras.layers``.
    *args, **kwargs
        Passed to the class.
    built_for : tuple of int, optional
        An input shape without the batch axis, e.g. ``(timesteps, features)``: return the
        layer already built for it, one object per configuration until `forget_layers`
        (the end of a grading session). Constructing and building a Keras layer costs more
        than calling it, and ~300 checks use a few dozen configurations. A caller that
        asks for this must write every weight before each call
        (`rnnlab.layouts.set_recurrent_weights` refuses to leave one out), so nothing from an
        earlier case, nor Keras's initialisers, can reach a reference. Arguments must then be
        plain values or layers of Keras's own (a wrapped layer counts by its configuration).

    Raises
    ------
    TypeError
        With ``built_for``, if an argument is neither a plain value nor a Keras layer (a
        layer of the caller's own may hold state its configuration does not show).
    """
    import keras

    if built_for is None:
        return getattr(keras.layers, name)(*args, **kwargs)
    key = (name, _key(args), _key(sorted(kwargs.items())), tuple(built_for))
    if key not in _BUILT:
        layer = getattr(keras.layers, name)(*args, **kwargs)
        layer.build((None, *built_for))
        _BUILT[key] = layer
    return _BUILT[key]


def forget_layers() -> None:
    """Drop the layers `keras_layer` kept (``built_for``) and the tapes `tape_gradients`
    remembered, at the end of a grading session."""
    _BUILT.clear()
    _TAPES.clear()


def _key(value: Any) -> Any:
    """``value`` as a hashable key that says everything about it a layer's math sees."""
    if isinstance(value, _PLAIN):
        return (type(value).__name__, value)
    if isinstance(value, (list, tuple)):
        return tuple(_key(v) for v in value)
    if type(value).__module__.startswith("keras.") and hasattr(value, "get_config"):
        config = json.dumps(_nameless(value.get_config()), sort_keys=True, default=repr)
        return (type(value).__name__, config)
    raise TypeError(
        f"keras_layer(built_for=...): arguments must be plain values or Keras's own layers, "
        f"got {type(value).__module__}.{type(value).__name__}"
    )


def _nameless(config: Any) -> Any:
    """A layer's configuration without its ``name`` (unique per object, not part of the math)."""
    if isinstance(config, dict):
        return {k: _nameless(v) for k, v in config.items() if k != "name"}
    if isinstance(config, (list, tuple)):
        return [_nameless(v) for v in config]
    return config


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
    """Build ``layer`` for ``inputs`` (unless `keras_layer` built it), load ``weights`` by
    name, call it, return NumPy.

    Returns a tuple of arrays when the layer returns several (``return_state=True``).
    """
    if not layer.built:
        layer.build((None, *inputs.shape[1:]))
    layouts.set_recurrent_weights(layer, weights)
    return to_numpy(layer(inputs, initial_state=initial_state))


def run_cell(
    cell: Any, x_t: np.ndarray, states: list[np.ndarray], weights: layouts.RecurrentWeights
) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """One step of a Keras cell: ``(output, new_states)`` as NumPy (built here unless
    `keras_layer` built it)."""
    if not cell.built:
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
    For a layer `keras_layer` keeps (``built_for``), the answer is remembered until
    `forget_layers`, by the layer, its weights' values and both arrays: several checks read
    one tape (e07 compares each of four gradients alone), and Keras runs it once.

    Returns
    -------
    dict of numpy.ndarray
        One entry per trainable weight, by the variable's name (``"kernel"``,
        ``"recurrent_kernel"``, ``"bias"``), and ``"inputs"`` (read-only arrays).
    """
    key = None
    if any(layer is kept for kept in _BUILT.values()):  # kept alive there, so its id is its own
        values = [_bytes(w.numpy()) for w in layer.weights]
        key = (id(layer), tuple(values), _bytes(inputs), _bytes(grad_output))
    if key not in _TAPES:
        gradients = _tape(layer, inputs, grad_output)
        if key is None:
            return gradients
        for array in gradients.values():
            array.flags.writeable = False  # shared by every check that asks again
        _TAPES[key] = gradients
    return dict(_TAPES[key])


def _bytes(array: Any) -> tuple[Any, ...]:
    array = np.asarray(array)
    return (array.shape, array.dtype.str, array.tobytes())


def _tape(layer: Any, inputs: np.ndarray, grad_output: np.ndarray) -> dict[str, np.ndarray]:
    import tensorflow as tf

    x = tf.convert_to_tensor(inputs)
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_sum(layer(x) * tf.convert_to_tensor(grad_output))
    variables = list(layer.trainable_weights)
    grads = tape.gradient(loss, [*variables, x])
    names = [variable.name for variable in variables]
    return {name: np.array(g) for name, g in zip([*names, "inputs"], grads)}
