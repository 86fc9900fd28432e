"""Synthetic tasks that need long memory: the adding problem and the copy task.

Both come from Hochreiter and Schmidhuber (1997), the LSTM paper, where they showed that a
plain RNN fails once the relevant input lies far back.
"""

from __future__ import annotations

import numpy as np


def _check_positive(name: str, value: int, minimum: int = 1) -> None:
    if value < minimum:
        raise ValueError(
            f"Received an invalid value for argument `{name}`: expected an integer >= {minimum}. "
            f"Received: {value!r}."
        )


def adding_problem(
    samples: int, timesteps: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Sequences of (value, marker) pairs; the target is the sum of the two marked values.

    The first marker sits in the first tenth of the sequence (at step 0 for fewer than 20
    steps), the second anywhere after it, so the first marked value must be carried over
    about ``timesteps`` steps. Values are uniform in [0, 1): always answering 1.0 gives a
    mean squared error of 1/6 (the variance of the sum), the baseline to beat.

    Parameters
    ----------
    samples : int
        Number of sequences.
    timesteps : int
        Sequence length, at least 2.
    rng : numpy.random.Generator
        Source of randomness (seed it for reproducible data).

    Returns
    -------
    inputs : numpy.ndarray
        ``(samples, timesteps, 2)`` float32: channel 0 the values, channel 1 the markers.
    targets : numpy.ndarray
        ``(samples,)`` float32.

    Examples
    --------
    >>> x, y = adding_problem(4, 30, np.random.default_rng(0))
    >>> x.shape, y.shape, x[..., 1].sum(axis=1).tolist()
    ((4, 30, 2), (4,), [2.0, 2.0, 2.0, 2.0])
    """
    _check_positive("samples", samples)
    _check_positive("timesteps", timesteps, 2)
    values = rng.random((samples, timesteps)).astype(np.float32)  # (samples, timesteps)
    first = rng.integers(0, max(1, timesteps // 10), size=samples)  # (samples,)
    second = rng.integers(first + 1, timesteps)  # (samples,)
    markers = np.zeros((samples, timesteps), dtype=np.float32)  # (samples, timesteps)
    rows = np.arange(samples)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    targets = values[rows, first] + values[rows, second]  # (samples,)
    return np.stack([values, markers], axis=-1), targets.astype(np.float32)


def copy_task(
    samples: int, length: int, delay: int, symbols: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Show ``length`` symbols, wait ``delay`` blank steps, then ask for the symbols back.

    Ids: 0 is blank, 1..symbols are symbols, ``symbols + 1`` is the "recall now" cue. The
    input is ``symbols, blanks (delay), cue, blanks (length - 1)``; the target is blank
    everywhere except the last ``length`` steps, which hold the symbols in order.

    Returns
    -------
    inputs, targets : numpy.ndarray
        ``(samples, length + delay + length)`` int64 ids each.

    Examples
    --------
    >>> x, y = copy_task(1, length=3, delay=2, symbols=4, rng=np.random.default_rng(1))
    >>> x.tolist(), y.tolist()
    ([[2, 3, 4, 0, 0, 5, 0, 0]], [[0, 0, 0, 0, 0, 2, 3, 4]])
    """
    _check_positive("samples", samples)
    _check_positive("length", length)
    _check_positive("delay", delay, 0)
    _check_positive("symbols", symbols)
    timesteps = 2 * length + delay
    data = rng.integers(1, symbols + 1, size=(samples, length))  # (samples, length)
    inputs = np.zeros((samples, timesteps), dtype=np.int64)  # (samples, timesteps)
    targets = np.zeros((samples, timesteps), dtype=np.int64)  # (samples, timesteps)
    inputs[:, :length] = data
    inputs[:, length + delay] = symbols + 1
    targets[:, length + delay :] = data
    return inputs, targets
