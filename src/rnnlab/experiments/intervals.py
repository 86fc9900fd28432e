"""Bootstrap intervals for two accuracies measured on the same examples, and their difference.

Each example is scored once by each of two models (e.g. the classifier from a random and from a
pretrained embedding table). Resampling the examples with replacement, the same draw for both,
keeps the pairing: the interval of the difference is then much narrower than the two intervals
side by side suggest when the models mostly agree, and honest when they do not.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Interval:
    """A measured value and the bounds of its percentile bootstrap interval."""

    value: float
    low: float
    high: float

    def holds(self, point: float) -> bool:
        """Whether ``point`` lies inside the interval (bounds included)."""
        return self.low <= point <= self.high


def _as_outcomes(name: str, correct: object) -> np.ndarray:
    array = np.asarray(correct)
    if array.ndim != 1 or array.size == 0 or not np.isin(array, (0, 1)).all():
        raise ValueError(
            f"Received an invalid {name}: expected a non-empty 1-D sequence of 0 (wrong) and "
            f"1 (right), one per example. Received: shape {array.shape}, values "
            f"{np.unique(array)[:5].tolist()}."
        )
    return array.astype(np.float64)


def paired_bootstrap(
    correct_a: object,
    correct_b: object,
    *,
    resamples: int = 10_000,
    level: float = 0.95,
    seed: int = 0,
) -> tuple[Interval, Interval, Interval]:
    """Percentile bootstrap intervals of accuracy A, accuracy B and B - A.

    Parameters
    ----------
    correct_a, correct_b : sequence of 0 or 1, shape (examples,)
        Whether each model got each example right; position ``i`` is the same example in both.
    resamples : int
        Bootstrap draws of the examples (with replacement, the same draw for both models).
    level : float
        Coverage of each interval, between 0 and 1 (0.95: from the 2.5th to the 97.5th
        percentile of the resampled values).
    seed : int
        Seeds the draws: the same seed gives the same bounds.

    Returns
    -------
    tuple of Interval
        Accuracy A, accuracy B, and B - A, each with its interval.

    Raises
    ------
    ValueError
        If the two sequences are not 0/1 outcomes of the same length, ``resamples`` is below 1
        or ``level`` is not strictly between 0 and 1.

    Examples
    --------
    >>> a, b, gap = paired_bootstrap([1, 0, 1, 1], [1, 0, 1, 1], resamples=200)
    >>> a == b, gap
    (True, Interval(value=0.0, low=0.0, high=0.0))
    """
    a, b = _as_outcomes("correct_a", correct_a), _as_outcomes("correct_b", correct_b)
    if a.shape != b.shape:
        raise ValueError(
            f"Received correct_a of {a.size} examples and correct_b of {b.size}: expected the "
            "same examples, scored once by each model."
        )
    if resamples < 1:
        raise ValueError(
            f"Received an invalid resamples: expected 1 or more. Received: {resamples}."
        )
    if not 0 < level < 1:
        raise ValueError(
            f"Received an invalid level: expected a coverage between 0 and 1, e.g. 0.95. "
            f"Received: {level}."
        )
    draws = np.random.default_rng(seed).integers(0, a.size, size=(resamples, a.size))
    tail = 100 * (1 - level) / 2
    out = []
    for measured, resampled in (
        (a.mean(), a[draws].mean(axis=1)),  # (resamples,)
        (b.mean(), b[draws].mean(axis=1)),
        (b.mean() - a.mean(), (b - a)[draws].mean(axis=1)),
    ):
        low, high = np.percentile(resampled, [tail, 100 - tail])
        out.append(Interval(float(measured), float(low), float(high)))
    return out[0], out[1], out[2]
