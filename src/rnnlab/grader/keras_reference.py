"""Run a Keras layer or cell with given weights: the reference every check compares with.

Only grading code uses this module, and it imports Keras only when a reference is actually
computed (a cached one needs no Keras; see :mod:`rnnlab.grader.reference_cache`).
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
