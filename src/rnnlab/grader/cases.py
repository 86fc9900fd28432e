"""Deterministic inputs and weights for grading cases: the same label always gives the same data."""

from __future__ import annotations

import zlib

import numpy as np


def rng_for(label: str) -> np.random.Generator:
    """A generator seeded by ``label`` (e.g. a test's case id), stable across runs and machines.

    Examples
    --------
    >>> float(rng_for("basic").random()) == float(rng_for("basic").random())
    True
    """
    return np.random.default_rng(zlib.crc32(label.encode("utf-8")))


def uniform(rng: np.random.Generator, shape: tuple[int, ...], scale: float = 0.5) -> np.ndarray:
    """Float32 values uniform in ``[-scale, scale)``: small enough that tanh does not saturate.

    Examples
    --------
    >>> uniform(rng_for("x"), (2, 3)).dtype
    dtype('float32')
    """
    return rng.uniform(-scale, scale, size=shape).astype(np.float32)
