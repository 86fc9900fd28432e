"""Inputs and weights for grading cases: the same label always gives the same data.

In self-study the data come from the public label alone, so references can be cached and a
learner can rerun a check. An official run mixes a secret seed into every label
(`use_official_seed`), so no submission can bring answers computed at home, and adds the hidden
cases to the public ones.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

from rnnlab import layouts

_official_seed: int | None = None


def use_official_seed(seed: int | None) -> None:
    """From now on, mix ``seed`` into every label (an official run), or none (self-study).

    The grading plugin calls it once, when the run starts, before any case is built.

    Raises
    ------
    ValueError
        If ``seed`` is not None and not an integer in ``[0, 2**63)``.
    """
    global _official_seed
    if seed is not None and not (isinstance(seed, int) and 0 <= seed < 2**63):
        raise ValueError(
            "Received an invalid value for argument `seed`: expected an integer in [0, 2**63). "
            f"Received: {seed!r}."
        )
    _official_seed = seed


def official_seed() -> int | None:
    """The seed mixed into every label in this run, or None (self-study)."""
    return _official_seed


def rng_for(label: str) -> np.random.Generator:
    """A generator seeded by ``label`` (e.g. a test's case id), stable across runs and machines.

    In an official run the run's seed is mixed in: the same label then gives other data, which
    only that run knows.

    Examples
    --------
    >>> float(rng_for("basic").random()) == float(rng_for("basic").random())
    True
    >>> use_official_seed(7); official = float(rng_for("basic").random()); use_official_seed(None)
    >>> official == float(rng_for("basic").random())
    False
    """
    key = zlib.crc32(label.encode("utf-8"))
    if _official_seed is None:
        return np.random.default_rng(key)
    return np.random.default_rng([key, _official_seed & 0xFFFFFFFF, _official_seed >> 32])


def uniform(rng: np.random.Generator, shape: tuple[int, ...], scale: float = 0.5) -> np.ndarray:
    """Float32 values uniform in ``[-scale, scale)``: small enough that tanh does not saturate.

    Examples
    --------
    >>> uniform(rng_for("x"), (2, 3)).dtype
    dtype('float32')
    """
    if not scale > 0:
        raise ValueError(
            f"Received an invalid value for argument `scale`: expected a number > 0. "
            f"Received: {scale!r}."
        )
    return rng.uniform(-scale, scale, size=shape).astype(np.float32)


@dataclass(frozen=True)
class RecurrentCase:
    """Sizes of one recurrent grading case (``features`` is Keras's input dim ``D``)."""

    batch: int
    timesteps: int
    features: int
    units: int
    use_bias: bool = True
    initial_state: bool = False


RECURRENT_CASES: tuple[tuple[str, RecurrentCase], ...] = (
    ("basic", RecurrentCase(2, 3, 5, 4)),
    ("batch-1", RecurrentCase(1, 4, 3, 2)),
    ("one-timestep", RecurrentCase(3, 1, 4, 5)),
    ("one-unit", RecurrentCase(2, 6, 3, 1)),
    ("input-dim-equals-units", RecurrentCase(2, 4, 4, 4)),
    ("no-bias", RecurrentCase(2, 5, 3, 4, use_bias=False)),
    ("initial-state", RecurrentCase(3, 4, 2, 3, initial_state=True)),
    ("twenty-steps", RecurrentCase(2, 20, 3, 4)),
    ("note-shapes", RecurrentCase(1, 5, 100, 64, use_bias=False)),
)
"""The labelled cases every recurrent exercise is graded on: batch 1, one timestep, one unit,
input dim equal to and different from units, no bias, an initial state, a long sequence, and
the note's own shapes."""

HIDDEN_RECURRENT_CASES: tuple[tuple[str, RecurrentCase], ...] = (
    ("hidden-long", RecurrentCase(2, 33, 4, 3)),
    ("hidden-wide", RecurrentCase(3, 6, 17, 9)),
    ("hidden-state", RecurrentCase(4, 7, 5, 6, use_bias=False, initial_state=True)),
)
"""Cases only official runs add: other sizes and a longer sequence. Their inputs, expected
values and sizes never appear in feedback; how many of them passed does."""


def recurrent_cases(
    extra: Iterable[tuple[str, RecurrentCase]] = (),
) -> tuple[tuple[str, RecurrentCase], ...]:
    """The public cases and ``extra``, then, in an official run, the hidden ones."""
    hidden = HIDDEN_RECURRENT_CASES if _official_seed is not None else ()
    return (*RECURRENT_CASES, *extra, *hidden)


def case_params(cases: Iterable[tuple[str, Any]]) -> list[Any]:
    """``pytest.param(case, id=label)`` per case; the hidden cases are marked ``hidden``.

    Examples
    --------
    >>> [p.id for p in case_params(RECURRENT_CASES[:2])]
    ['basic', 'batch-1']
    >>> [m.name for m in case_params(HIDDEN_RECURRENT_CASES[:1])[0].marks]
    ['hidden']
    """
    hidden = dict(HIDDEN_RECURRENT_CASES)
    return [
        pytest.param(case, id=label, marks=[pytest.mark.hidden] if label in hidden else [])
        for label, case in cases
    ]


def random_weights(
    kind: str, case: RecurrentCase, rng: np.random.Generator, *, reset_after: bool = True
) -> layouts.RecurrentWeights:
    """Seeded weights in Keras's layout for ``kind``, biases random too (Keras starts them at 0).

    Weights are uniform within Glorot's limit ``sqrt(6 / (fan_in + fan_out))``, the scale of
    Keras's own initializer: pre-activations then stay where tanh and sigmoid are sensitive, so a
    wrong formula cannot hide behind saturated units, even at the note's 100 inputs x 64 units.

    Examples
    --------
    >>> w = random_weights("gru", RecurrentCase(2, 3, 5, 4), rng_for("x"))
    >>> w.kernel.shape, w.bias.shape
    ((5, 12), (2, 12))
    """
    gates = len(layouts.GATES[kind])
    width = gates * case.units
    kernel = uniform(rng, (case.features, width), _glorot(case.features, width))  # (D, gates * U)
    recurrent = uniform(rng, (case.units, width), _glorot(case.units, width))  # (U, gates * U)
    bias = None
    if case.use_bias:
        two_rows = kind == "gru" and reset_after
        bias = uniform(rng, (2, gates * case.units) if two_rows else (gates * case.units,))
    return layouts.RecurrentWeights(kind, kernel, recurrent, bias)


def _glorot(fan_in: int, fan_out: int) -> float:
    return float(np.sqrt(6.0 / (fan_in + fan_out)))


def word_order_task(
    rng: np.random.Generator, n: int, *, length: int = 10, vocab_size: int = 12
) -> tuple[np.ndarray, np.ndarray]:
    """A classification task only word order can solve (e09's classifier learns it).

    Every sequence holds word 0 and word 1 once each, at random places among filler words
    ``2 .. vocab_size - 1``; the label is 1 when word 0 comes first. Both classes contain the
    same words, so a bag of words (which ignores order) stays at chance.

    Returns
    -------
    tuple of numpy.ndarray
        Ids ``(n, length)`` int32 and labels ``(n,)`` float32.

    Examples
    --------
    >>> x, y = word_order_task(rng_for("x"), 4, length=6)
    >>> x.shape, y.shape, sorted(set(y.tolist())) == [0.0, 1.0]
    ((4, 6), (4,), True)
    >>> bool(((x == 0).sum(axis=1) == 1).all() and ((x == 1).sum(axis=1) == 1).all())
    True
    """
    ids = rng.integers(2, vocab_size, size=(n, length))  # (n, length) filler words
    places = np.argsort(rng.random((n, length)), axis=1)[:, :2]  # (n, 2) two distinct places
    rows = np.arange(n)
    ids[rows, places[:, 0]] = 0
    ids[rows, places[:, 1]] = 1
    labels = (places[:, 0] < places[:, 1]).astype(np.float32)  # (n,) word 0 first
    return ids.astype(np.int32), labels


def zen_of_python() -> str:
    """The Zen of Python: English text that ships with every Python (the ``this`` module).

    Examples
    --------
    >>> zen_of_python().splitlines()[0]
    'The Zen of Python, by Tim Peters'
    """
    import codecs
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):  # importing `this` prints the poem
        import this
    return codecs.decode(this.s, "rot13")


def next_char_windows(
    text: str, length: int, stride: int
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Windows of character ids and the ids one step later: a next-character task.

    Returns
    -------
    tuple
        Inputs ``(n, length)`` int32, targets ``(n, length)`` int32 (the inputs shifted by
        one character) and the vocabulary (sorted characters, id = position).

    Examples
    --------
    >>> x, y, chars = next_char_windows("abcabcabc", length=3, stride=2)
    >>> x[0].tolist(), y[0].tolist(), chars
    ([0, 1, 2], [1, 2, 0], ['a', 'b', 'c'])
    """
    chars = sorted(set(text))
    ids = np.array([chars.index(c) for c in text], dtype=np.int32)  # (len(text),)
    starts = range(0, len(ids) - length, stride)
    windows = np.stack([ids[s : s + length + 1] for s in starts])  # (n, length + 1)
    return windows[:, :-1], windows[:, 1:], chars
