"""Step-by-step traces of gates and cell state, from *any* implementation of a step function.

The exercise contract's ``lstm_step`` returns only ``(h, c)`` and ``gru_step`` only ``h``; the
gates stay inside. A trace gets them out without re-implementing the math, by calling the
implementation's own step a few more times per step with one gate block's weights replaced by
a constant (a bias of +-30 makes a sigmoid exactly 1 or 0 and a tanh exactly +-1):

* LSTM: raising ``c_tm1`` by 1 raises ``c`` by ``f``; forcing ``i = 1`` gives the candidate
  ``g``, forcing ``g = 1`` gives ``i``; forcing ``c`` large with ``f = 1, i = 0`` makes ``h = o``.
* GRU: forcing the candidate to +1 and -1 gives ``z``; forcing ``z = 0`` gives the candidate
  ``hh``; replacing the candidate by ``tanh(r)`` gives ``r``.

Each trace then checks that the gates rebuild the step's real output, so an implementation that
is not an LSTM (or GRU) of Keras's form gets a clear error instead of a wrong picture. The same
code traces your ``exercises/`` and the reference ``solutions/``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from types import ModuleType
from typing import Any, TypeVar

import numpy as np

from rnnlab import layouts
from rnnlab.i18n import LANGUAGES, text
from rnnlab.impl import load_impl

BIG = 30.0  # sigmoid(30) == 1 and tanh(30) == 1 in float32
TOLERANCE = 1e-4
T = TypeVar("T")


@dataclass(frozen=True)
class LSTMTrace:
    """Every LSTM gate per step; each array is ``(batch, timesteps, units)``."""

    input_gate: np.ndarray
    forget_gate: np.ndarray
    candidate: np.ndarray
    output_gate: np.ndarray
    cell: np.ndarray
    hidden: np.ndarray


@dataclass(frozen=True)
class GRUTrace:
    """Every GRU gate per step; each array is ``(batch, timesteps, units)``."""

    update_gate: np.ndarray
    reset_gate: np.ndarray
    candidate: np.ndarray
    hidden: np.ndarray


def _weights(layer: Any, kind: str) -> layouts.RecurrentWeights:
    weights = (
        layer if isinstance(layer, layouts.RecurrentWeights) else layouts.recurrent_weights(layer)
    )
    if weights.kind != kind:
        raise ValueError(
            f"Received an invalid value for argument `layer`: expected a Keras {kind} layer or "
            f"its RecurrentWeights. Received: {weights.kind} weights."
        )
    return weights


def _inputs(inputs: Any, weights: layouts.RecurrentWeights) -> np.ndarray:
    inputs = np.asarray(inputs, dtype=np.float64)
    if inputs.ndim != 3 or inputs.shape[2] != weights.input_dim:
        raise ValueError(
            "Received an invalid value for argument `inputs`: expected a 3D array (batch, "
            f"timesteps, {weights.input_dim}). Received: shape={inputs.shape}."
        )
    return inputs


def _with_gate(
    weights: layouts.RecurrentWeights, gate: str, bias: float, *, recurrent_bias: float = 0.0
) -> layouts.RecurrentWeights:
    """``weights`` with ``gate``'s kernel columns zeroed and its bias set to a constant."""
    blocks = layouts.split_gates(_with_bias(weights))
    block = blocks[gate]
    new_bias = np.full_like(block.bias, bias)
    if new_bias.ndim == 2:  # GRU reset_after: [input row; recurrent row]
        new_bias[1] = recurrent_bias
    blocks[gate] = layouts.GateWeights(
        np.zeros_like(block.kernel), np.zeros_like(block.recurrent_kernel), new_bias
    )
    return layouts.join_gates(weights.kind, blocks)


def _with_bias(
    weights: layouts.RecurrentWeights, reset_after: bool = True
) -> layouts.RecurrentWeights:
    """A zero bias where the layer has none, so a gate's bias can be set."""
    if weights.bias is not None:
        return weights
    width = np.shape(weights.kernel)[1]
    shape = (2, width) if weights.kind == "gru" and reset_after else (width,)
    return replace(weights, bias=np.zeros(shape))


def _check(name: str, rebuilt: np.ndarray, actual: np.ndarray, what: str) -> None:
    if not np.allclose(rebuilt, actual, atol=TOLERANCE, rtol=TOLERANCE):
        gap = float(np.max(np.abs(rebuilt - actual)))
        raise ValueError(
            f"{name} does not behave like a Keras-style step: its gates do not rebuild its own "
            f"{what} (largest gap {gap:.3g}). Does it pass its grader?"
        )


def lstm_gates(impl: Any, layer: Any, inputs: Any) -> LSTMTrace:
    """Trace ``impl.lstm_step`` over ``inputs`` with a Keras LSTM's weights.

    Parameters
    ----------
    impl : module
        Anything with ``lstm_step(x_t, h_tm1, c_tm1, kernel, recurrent_kernel, bias)``, e.g.
        ``rnnlab.impl.load_impl("e03_lstm")`` (yours) or ``load_impl("e03_lstm", "solutions")``.
    layer : keras.layers.LSTM or RecurrentWeights
        A built layer (or its weights) whose weights are used.
    inputs : array_like, shape (batch, timesteps, features)

    Returns
    -------
    LSTMTrace
        Gates, candidate, cell and hidden state at every step, starting from zero states.

    Raises
    ------
    ValueError
        For a wrong layer or input shape, or a step that is not an LSTM step.
    """
    weights = _weights(layer, "lstm")
    inputs = _inputs(inputs, weights)
    step = impl.lstm_step
    name = f"{getattr(impl, '__name__', 'impl')}.lstm_step"
    force_i = _with_gate(weights, "i", BIG)  # i == 1
    force_g = _with_gate(weights, "c", BIG)  # candidate g == 1
    keep_all = _with_gate(_with_gate(weights, "f", BIG), "i", -BIG)  # f == 1, i == 0
    batch, timesteps, _ = inputs.shape
    h = np.zeros((batch, weights.units))  # (batch, units)
    c = np.zeros((batch, weights.units))  # (batch, units)
    rows: dict[str, list[np.ndarray]] = {k: [] for k in ("i", "f", "g", "o", "c", "h")}
    for t in range(timesteps):
        x_t = inputs[:, t]  # (batch, features)
        h_new, c_new = (np.asarray(a, np.float64) for a in step(x_t, h, c, *weights.as_tuple()))
        _, c_plus = step(x_t, h, c + 1.0, *weights.as_tuple())
        f = np.asarray(c_plus) - c_new  # c rises by f when c_tm1 rises by 1
        _, c_forced = step(x_t, h, c, *force_i.as_tuple())
        g = np.asarray(c_forced) - f * c  # with i == 1: c = f * c_tm1 + g
        o, _ = step(x_t, h, np.full_like(c, BIG), *keep_all.as_tuple())  # tanh(c) == 1: h == o
        o = np.asarray(o, np.float64)
        _, c_unit = step(x_t, h, c, *force_g.as_tuple())
        i = np.asarray(c_unit) - f * c  # with g == 1: c = f * c_tm1 + i
        _check(name, f * c + i * g, c_new, "cell state c")
        _check(name, o * np.tanh(c_new), h_new, "hidden state h")
        for key, value in zip("ifgoch", (i, f, g, o, c_new, h_new)):
            rows[key].append(value)
        h, c = h_new, c_new
    stack = {key: np.stack(value, axis=1) for key, value in rows.items()}
    return LSTMTrace(stack["i"], stack["f"], stack["g"], stack["o"], stack["c"], stack["h"])


def gru_gates(impl: Any, layer: Any, inputs: Any) -> GRUTrace:
    """Trace ``impl.gru_step`` over ``inputs`` with a Keras GRU's weights.

    Parameters
    ----------
    impl : module
        Anything with ``gru_step(x_t, h_tm1, kernel, recurrent_kernel, bias, *, reset_after)``.
    layer : keras.layers.GRU or RecurrentWeights
        A built layer (or its weights); ``reset_after`` is read from the layer.
    inputs : array_like, shape (batch, timesteps, features)

    Returns
    -------
    GRUTrace
        Update and reset gates, candidate and hidden state at every step, from a zero state.

    Raises
    ------
    ValueError
        For a wrong layer or input shape, or a step that is not a GRU step.
    """
    weights = _weights(layer, "gru")
    reset_after = bool(getattr(layer, "reset_after", weights.reset_after or weights.bias is None))
    weights = _with_bias(weights, reset_after)
    inputs = _inputs(inputs, weights)
    name = f"{getattr(impl, '__name__', 'impl')}.gru_step"

    def step(x_t: np.ndarray, h: np.ndarray, w: layouts.RecurrentWeights) -> np.ndarray:
        return np.asarray(impl.gru_step(x_t, h, *w.as_tuple(), reset_after=reset_after), np.float64)

    plus, minus = _with_gate(weights, "h", BIG), _with_gate(weights, "h", -BIG)  # hh == +-1
    no_update = _with_gate(weights, "z", -BIG)  # z == 0: h == hh
    batch, timesteps, _ = inputs.shape
    units = weights.units
    h = np.zeros((batch, units))  # (batch, units)
    rows: dict[str, list[np.ndarray]] = {k: [] for k in ("z", "r", "hh", "h")}
    for t in range(timesteps):
        x_t = inputs[:, t]  # (batch, features)
        h_new = step(x_t, h, weights)
        z = 1.0 - (step(x_t, h, plus) - step(x_t, h, minus)) / 2.0  # h+ - h- == 2 (1 - z)
        hh = step(x_t, h, no_update)
        r = _reset_gate(step, x_t, h, no_update, reset_after)
        _check(name, z * h + (1.0 - z) * hh, h_new, "hidden state h")
        for key, value in zip(("z", "r", "hh", "h"), (z, r, hh, h_new)):
            rows[key].append(value)
        h = h_new
    stack = {key: np.stack(value, axis=1) for key, value in rows.items()}
    return GRUTrace(stack["z"], stack["r"], stack["hh"], stack["h"])


def _reset_gate(
    step: Any, x_t: np.ndarray, h: np.ndarray, no_update: Any, reset_after: bool
) -> np.ndarray:
    """Make the candidate ``tanh(r)`` (with ``z == 0`` the step returns it) and invert it."""
    blocks = layouts.split_gates(no_update)
    old = blocks["h"]
    if reset_after:  # hh = tanh(x_h + r * (h @ R_h + b_rec)): zero all but b_rec = 1
        blocks["h"] = layouts.GateWeights(
            np.zeros_like(old.kernel),
            np.zeros_like(old.recurrent_kernel),
            np.array([0.0, 1.0])[:, None] * np.ones_like(old.bias),
        )
        return np.arctanh(step(x_t, h, layouts.join_gates("gru", blocks)))
    # hh = tanh(x_h + (r * h) @ R_h): per row, feed h = 1 with R_h = I, and fold the real
    # h @ R_r into the reset gate's bias so r is unchanged.
    units = h.shape[1]
    rows = []
    for b in range(h.shape[0]):
        gates = dict(blocks)
        gates["h"] = layouts.GateWeights(
            np.zeros_like(old.kernel), np.eye(units), np.zeros_like(old.bias)
        )
        reset = gates["r"]
        gates["r"] = layouts.GateWeights(
            reset.kernel,
            np.zeros_like(reset.recurrent_kernel),
            reset.bias + h[b] @ reset.recurrent_kernel,
        )
        ones = np.ones((1, units))
        rows.append(np.arctanh(step(x_t[b : b + 1], ones, layouts.join_gates("gru", gates)))[0])
    return np.stack(rows)


def trace_for_docs(
    trace: Callable[[ModuleType, Any, Any], T], name: str, layer: Any, inputs: Any
) -> tuple[T, dict[str, str]]:
    """Trace the answer the docs are built with, falling back to the reference if it fails.

    The docs trace `solutions/` by default; `RNNLAB_IMPL=exercises nox -s docs` (or any folder)
    draws every traced figure from that answer instead. An unfinished or wrong exercise must not
    break the learner's build of the other pages, so a failure falls back to the reference
    solution, and the returned sentence says so (pages print it under the figure).

    Parameters
    ----------
    trace : callable
        `lstm_gates` or `gru_gates`.
    name : str
        The exercise module, e.g. `"e03_lstm"`.
    layer, inputs
        Passed on to `trace`.

    Returns
    -------
    tuple
        The trace, and one sentence saying whose code it shows, in every language
        (``{language: sentence}``, ready for `rnnlab.i18n.in_each_language`).
    """
    folder = os.environ.get("RNNLAB_IMPL", "solutions")
    if folder == "solutions":
        return trace(load_impl(name, "solutions"), layer, inputs), _said("figures.drawn_solutions")
    path = f"{folder}/{name}.py"
    try:
        return trace(load_impl(name, folder), layer, inputs), _said(
            "figures.drawn_yours", path=path
        )
    except Exception as error:  # any failure of the learner's code: show the reference instead
        reason = f"{type(error).__name__}: {error}".splitlines()[0]
        said = _said("figures.drawn_fallback", path=path, reason=reason)
        return trace(load_impl(name, "solutions"), layer, inputs), said


def _said(key: str, **fields: Any) -> dict[str, str]:
    """The message ``key`` in every language: a docs page shows its own."""
    return {language: text(key, language=language, **fields) for language in LANGUAGES}
