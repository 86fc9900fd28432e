"""Families of mistakes: every wrong way to read a layer's weights, generated rather than filed.

A learner who reads the LSTM's four blocks in another order computes exactly what the right
code computes on weights whose blocks were reordered; the same holds for a GRU's three blocks,
the two rows of its ``reset_after`` bias, an update gate read as ``1 - z`` (``sigmoid(-x)``
is ``1 - sigmoid(x)``, so negating the z block inverts it) and a transposed square recurrent
kernel. So each member of a family is a `Transform` of the call's arguments, run through the
trusted reference solution: all 23 wrong LSTM orders and all 5 wrong GRU orders are
recognised without 28 files. A transform also runs a catalogued wrong file on transformed
weights, which recognises two mistakes made at once (a gate order plus a cell that starts at
zero).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

# The weights a gate order or a sign change applies to, by their names in every exercise.
WEIGHTS = ("kernel", "recurrent_kernel", "bias")
# Keras's block order per exercise with gates (ARCHITECTURE.md's exercise contract).
GATE_BLOCKS = {"e03_lstm": "ifco", "e04_gru": "zrh", "e08_peephole": "ifco"}


@dataclass(frozen=True)
class Transform:
    """One member of a family: how the learner's misreading changes the weights.

    Attributes
    ----------
    id : str
        The member's id, e.g. ``"gate_order_f_c_i_o"``; a catalogued mistake's id when the
        member is that mistake (its sentence then comes from the catalogue).
    key : str
        The message key of its sentence (``families.*``), empty for a catalogued id.
    fields : tuple of (str, str)
        The sentence's fields.
    change : callable
        ``arguments -> arguments``: the call's arguments as the right code must see them to
        compute what the learner's code computes.
    kind : str
        Members of one kind never combine with each other (two gate orders make a third).
    """

    id: str
    key: str
    fields: tuple[tuple[str, str], ...]
    change: Callable[[dict[str, Any]], dict[str, Any]]
    kind: str

    def __call__(self, arguments: Mapping[str, Any]) -> dict[str, Any]:
        return self.change(dict(arguments))

    def then(self, other: Transform) -> Transform:
        """Both misreadings at once (``other`` applied to what this one gives)."""
        return Transform(
            f"{self.id}+{other.id}",
            "",
            (),
            lambda arguments: other.change(self.change(arguments)),
            f"{self.kind}+{other.kind}",
        )


def _blockwise(count: int, rearrange: Callable[[list[np.ndarray]], list[np.ndarray]]) -> Any:
    """A change that splits each weight's last axis into ``count`` blocks and rearranges them."""

    def change(arguments: dict[str, Any]) -> dict[str, Any]:
        for name in WEIGHTS:
            weight = arguments.get(name)
            if isinstance(weight, np.ndarray) and weight.ndim and weight.shape[-1] % count == 0:
                blocks = np.split(weight, count, axis=-1)
                arguments[name] = np.concatenate(rearrange(blocks), axis=-1)
        return arguments

    return change


def gate_orders(exercise: str) -> list[Transform]:
    """Every wrong order in which the learner may read the exercise's gate blocks.

    Reading Keras's block ``k`` as gate ``order[k]`` computes what the right code computes
    when the block of gate ``g`` holds the learner's block ``order.index(g)``.

    Examples
    --------
    >>> [t.id for t in gate_orders("e04_gru")]  # doctest: +NORMALIZE_WHITESPACE
    ['gate_order_z_h_r', 'gate_order_r_z_h', 'gate_order_r_h_z', 'gate_order_h_z_r',
     'gate_order_h_r_z']
    >>> len(gate_orders("e03_lstm")), gate_orders("e02_simple_rnn")
    (23, [])
    """
    keras = GATE_BLOCKS.get(exercise)
    if keras is None:
        return []
    members = []
    for order in itertools.permutations(keras):
        if "".join(order) == keras:
            continue
        source = [order.index(gate) for gate in keras]
        members.append(
            Transform(
                "gate_order_" + "_".join(order),
                "families.gate_order",
                (("order", ", ".join(order)), ("keras", ", ".join(keras))),
                _blockwise(len(keras), lambda blocks, source=source: [blocks[i] for i in source]),
                "order",
            )
        )
    return members


def _recurrent_transposed(arguments: dict[str, Any]) -> dict[str, Any]:
    weight = arguments.get("recurrent_kernel")
    if isinstance(weight, np.ndarray) and weight.ndim == 2:  # a square (units, units) kernel
        arguments["recurrent_kernel"] = weight.T
    return arguments


def _bias_rows_swapped(arguments: dict[str, Any]) -> dict[str, Any]:
    bias = arguments.get("bias")
    if isinstance(bias, np.ndarray) and bias.ndim == 2:  # reset_after=True: (2, 3 * units)
        arguments["bias"] = bias[::-1]
    return arguments


def _negate_first(blocks: list[np.ndarray]) -> list[np.ndarray]:
    return [-blocks[0], *blocks[1:]]


def transforms(exercise: str) -> list[Transform]:
    """Every family member of ``exercise``: its gate orders and its other misreadings."""
    members = gate_orders(exercise)
    if exercise == "e02_simple_rnn":
        members.append(
            Transform(
                "recurrent_kernel_transposed",
                "families.recurrent_kernel_transposed",
                (),
                _recurrent_transposed,
                "transposed",
            )
        )
    if exercise == "e04_gru":
        members.append(
            Transform(
                "bias_rows_swapped", "families.bias_rows_swapped", (), _bias_rows_swapped, "bias"
            )
        )
        # The catalogue's own update_gate_inverted, as a transform so that it combines.
        members.append(
            Transform("update_gate_inverted", "", (), _blockwise(3, _negate_first), "update")
        )
    return members


def pairs(exercise: str) -> list[tuple[Transform, Transform]]:
    """The two-member combinations worth trying: members of different kinds, each pair once."""
    members = transforms(exercise)
    return [(a, b) for a, b in itertools.combinations(members, 2) if a.kind != b.kind]
