"""Keras's weight layouts, and the per-gate blocks the equations talk about.

Keras stores each recurrent layer's weights as three arrays whose columns hold one block per
gate, side by side:

| layer | gates (order) | kernel / recurrent | bias |
|---|---|---|---|
| SimpleRNN | h | (D, U) / (U, U) | (U,) |
| LSTM | i, f, c, o | (D, 4U) / (U, 4U) | (4U,) |
| GRU | z, r, h | (D, 3U) / (U, 3U) | (2, 3U) = [input; recurrent] if `reset_after`, else (3U,) |

(`reset_after=True` is Keras's default for GRU.)

[split_gates][rnnlab.layouts.split_gates] cuts them into per-gate
[GateWeights][rnnlab.layouts.GateWeights], [join_gates][rnnlab.layouts.join_gates] glues
them back bit for bit. The ``*_weights`` helpers read and write a built Keras layer by the
variables' names (never by position), so they work for the layer and its cell alike.
This module needs only NumPy; a "layer" is anything with Keras's ``weights`` attribute.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

GATES: dict[str, tuple[str, ...]] = {
    "simple_rnn": ("h",),
    "lstm": ("i", "f", "c", "o"),
    "gru": ("z", "r", "h"),
}
"""Gate blocks of each recurrent kind, in Keras's column order."""

_KERAS_CLASSES = {
    "SimpleRNN": "simple_rnn",
    "SimpleRNNCell": "simple_rnn",
    "LSTM": "lstm",
    "LSTMCell": "lstm",
    "GRU": "gru",
    "GRUCell": "gru",
}


def _invalid(argument: str, expected: str, received: str) -> ValueError:
    return ValueError(
        f"Received an invalid value for argument `{argument}`: expected {expected}. "
        f"Received: {received}."
    )


def _check_kind(kind: str) -> tuple[str, ...]:
    if kind not in GATES:
        raise _invalid("kind", f"one of {sorted(GATES)}", repr(kind))
    return GATES[kind]


@dataclass(frozen=True)
class RecurrentWeights:
    """The three weights of a SimpleRNN, LSTM or GRU layer in Keras's layout.

    Attributes
    ----------
    kind : str
        ``"simple_rnn"``, ``"lstm"`` or ``"gru"``.
    kernel : numpy.ndarray, shape (input_dim, gates * units)
    recurrent_kernel : numpy.ndarray, shape (units, gates * units)
    bias : numpy.ndarray or None
        ``(gates * units,)``; for a GRU with ``reset_after=True`` ``(2, 3 * units)``;
        None for ``use_bias=False``.
    """

    kind: str
    kernel: np.ndarray
    recurrent_kernel: np.ndarray
    bias: np.ndarray | None = None

    def __post_init__(self) -> None:
        gates = len(_check_kind(self.kind))
        kernel, recurrent = np.asarray(self.kernel), np.asarray(self.recurrent_kernel)
        if recurrent.ndim != 2 or recurrent.shape[1] != gates * recurrent.shape[0]:
            raise _invalid(
                "recurrent_kernel",
                f"a 2D array (units, {gates} * units) for {self.kind}",
                f"shape={recurrent.shape}",
            )
        units = recurrent.shape[0]
        if kernel.ndim != 2 or kernel.shape[1] != gates * units:
            raise _invalid(
                "kernel",
                f"a 2D array (input_dim, {gates * units}) for {self.kind} with {units} units",
                f"shape={kernel.shape}",
            )
        if self.bias is not None:
            bias = np.asarray(self.bias)
            allowed = [(gates * units,)] + ([(2, gates * units)] if self.kind == "gru" else [])
            if bias.shape not in allowed:
                wanted = " or ".join(str(s) for s in allowed)
                raise _invalid("bias", f"shape {wanted} or None", f"shape={bias.shape}")

    @property
    def units(self) -> int:
        """Number of units ``U``."""
        return int(np.shape(self.recurrent_kernel)[0])

    @property
    def input_dim(self) -> int:
        """Number of input features ``D``."""
        return int(np.shape(self.kernel)[0])

    @property
    def reset_after(self) -> bool:
        """True when a GRU bias has Keras's default ``(2, 3U)`` layout."""
        return self.bias is not None and np.ndim(self.bias) == 2

    def as_tuple(self) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """``(kernel, recurrent_kernel, bias)``, the order the exercises take them in."""
        return self.kernel, self.recurrent_kernel, self.bias


@dataclass(frozen=True)
class GateWeights:
    """One gate's slice of the weights: what the equations call ``W_g``, ``U_g`` and ``b_g``.

    ``bias`` is ``(units,)``, ``(2, units)`` for a ``reset_after`` GRU, or None.
    """

    kernel: np.ndarray
    recurrent_kernel: np.ndarray
    bias: np.ndarray | None = None


def split_gates(weights: RecurrentWeights) -> dict[str, GateWeights]:
    """Cut Keras's side-by-side gate blocks apart.

    Parameters
    ----------
    weights : RecurrentWeights
        A layer's weights in Keras's layout.

    Returns
    -------
    dict of str to GateWeights
        Keyed by gate name in Keras's order, e.g. ``i, f, c, o`` for an LSTM.

    Examples
    --------
    >>> w = RecurrentWeights("lstm", np.zeros((100, 256)), np.zeros((64, 256)), np.zeros(256))
    >>> {gate: block.kernel.shape for gate, block in split_gates(w).items()}
    {'i': (100, 64), 'f': (100, 64), 'c': (100, 64), 'o': (100, 64)}
    """
    units = weights.units
    blocks = {}
    for index, gate in enumerate(GATES[weights.kind]):
        columns = slice(index * units, (index + 1) * units)
        bias = None if weights.bias is None else np.asarray(weights.bias)[..., columns]
        blocks[gate] = GateWeights(
            np.asarray(weights.kernel)[:, columns],
            np.asarray(weights.recurrent_kernel)[:, columns],
            bias,
        )
    return blocks


def join_gates(kind: str, gates: Mapping[str, GateWeights]) -> RecurrentWeights:
    """Glue per-gate blocks back into Keras's layout (the inverse of `split_gates`).

    Parameters
    ----------
    kind : str
        ``"simple_rnn"``, ``"lstm"`` or ``"gru"``.
    gates : mapping of str to GateWeights
        Exactly the gates of ``kind``; all with a bias or all without.

    Returns
    -------
    RecurrentWeights

    Examples
    --------
    >>> w = RecurrentWeights("gru", np.ones((3, 6)), np.ones((2, 6)), np.ones((2, 6)))
    >>> join_gates("gru", split_gates(w)).bias.shape
    (2, 6)
    """
    names = _check_kind(kind)
    if set(gates) != set(names):
        raise _invalid("gates", f"exactly the gates {names} of {kind}", f"{sorted(gates)}")
    ordered = [gates[name] for name in names]
    with_bias = [g.bias is not None for g in ordered]
    if any(with_bias) and not all(with_bias):
        raise _invalid("gates", "a bias in every gate or in none", f"bias present in {with_bias}")
    bias = np.concatenate([g.bias for g in ordered], axis=-1) if all(with_bias) else None
    return RecurrentWeights(
        kind,
        np.concatenate([g.kernel for g in ordered], axis=1),
        np.concatenate([g.recurrent_kernel for g in ordered], axis=1),
        bias,
    )


def keras_kind(layer: Any) -> str:
    """``"simple_rnn"``, ``"lstm"`` or ``"gru"`` for a Keras recurrent layer or cell."""
    name = type(layer).__name__
    if name not in _KERAS_CLASSES:
        raise _invalid("layer", f"a Keras {', '.join(sorted(_KERAS_CLASSES))} layer", f"a {name}")
    return _KERAS_CLASSES[name]


def _variables_by_name(layer: Any) -> dict[str, Any]:
    weights = getattr(layer, "weights", None)
    if not weights:
        raise _invalid("layer", "a built Keras layer (call it once or build it)", "no weights")
    return {variable.name.split("/")[-1].split(":")[0]: variable for variable in weights}


def recurrent_weights(layer: Any) -> RecurrentWeights:
    """Read a built Keras SimpleRNN, LSTM or GRU layer (or cell) into
    [RecurrentWeights][rnnlab.layouts.RecurrentWeights].

    Examples
    --------
    >>> import keras
    >>> layer = keras.layers.LSTM(64, use_bias=False)
    >>> _ = layer(np.zeros((1, 5, 100), np.float32))
    >>> recurrent_weights(layer).kernel.shape
    (100, 256)
    """
    kind = keras_kind(layer)
    variables = _variables_by_name(layer)
    bias = variables.get("bias")
    return RecurrentWeights(
        kind,
        np.asarray(variables["kernel"].numpy()),
        np.asarray(variables["recurrent_kernel"].numpy()),
        None if bias is None else np.asarray(bias.numpy()),
    )


def set_recurrent_weights(layer: Any, weights: RecurrentWeights) -> None:
    """Write ``weights`` into a built Keras layer (or cell) of the same kind and shapes."""
    kind = keras_kind(layer)
    if kind != weights.kind:
        raise _invalid("weights", f"{kind} weights for a {type(layer).__name__}", weights.kind)
    variables = _variables_by_name(layer)
    wanted = {"kernel": weights.kernel, "recurrent_kernel": weights.recurrent_kernel}
    if weights.bias is not None:
        wanted["bias"] = weights.bias
    if set(wanted) != set(variables):
        raise _invalid(
            "weights",
            f"exactly the layer's variables {sorted(variables)}",
            f"{sorted(wanted)} (use_bias must match)",
        )
    for name, value in wanted.items():
        variable = variables[name]
        if tuple(variable.shape) != np.shape(value):
            raise _invalid(name, f"shape {tuple(variable.shape)}", f"shape={np.shape(value)}")
        variable.assign(np.asarray(value, dtype=np.float32))


def bidirectional_weights(layer: Any) -> tuple[RecurrentWeights, RecurrentWeights]:
    """``(forward, backward)`` weights of a built ``keras.layers.Bidirectional``."""
    if not (hasattr(layer, "forward_layer") and hasattr(layer, "backward_layer")):
        raise _invalid("layer", "a keras.layers.Bidirectional", f"a {type(layer).__name__}")
    return recurrent_weights(layer.forward_layer), recurrent_weights(layer.backward_layer)


def embedding_table(layer: Any) -> np.ndarray:
    """The ``(input_dim, output_dim)`` table of a built ``keras.layers.Embedding``."""
    variables = _variables_by_name(layer)
    if "embeddings" not in variables:
        raise _invalid("layer", "a built keras.layers.Embedding", f"a {type(layer).__name__}")
    return np.asarray(variables["embeddings"].numpy())
