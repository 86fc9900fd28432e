"""Matplotlib figures for the docs and for learners' own runs."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np


def plot_gates(trace: Any, words: Sequence[str], *, sample: int = 0, title: str = "") -> Any:
    """One heatmap per traced quantity (units x steps) of an [rnnlab.figures.trace][] result.

    Parameters
    ----------
    trace : LSTMTrace or GRUTrace
        From [lstm_gates][rnnlab.figures.trace.lstm_gates] or
        [gru_gates][rnnlab.figures.trace.gru_gates].
    words : sequence of str
        One label per time step, e.g. ``"What time is it ?".split()``.
    sample : int
        Which sequence of the batch to draw.
    title : str
        Figure title.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``words`` does not have one label per step or ``sample`` is out of range.
    """
    import matplotlib

    matplotlib.use("Agg")  # no display needed: docs builds and CI have none
    import matplotlib.pyplot as plt

    fields = [f.name for f in dataclasses.fields(trace)]
    batch, timesteps, units = getattr(trace, fields[0]).shape
    if len(words) != timesteps:
        raise ValueError(
            f"Received an invalid value for argument `words`: expected {timesteps} labels, one "
            f"per step. Received: {len(words)} ({list(words)!r})."
        )
    if not 0 <= sample < batch:
        raise ValueError(
            f"Received an invalid value for argument `sample`: expected 0 <= sample < {batch}. "
            f"Received: {sample}."
        )
    columns = 3 if len(fields) > 4 else 2
    rows = -(-len(fields) // columns)
    figure, axes = plt.subplots(
        rows, columns, figsize=(3.4 * columns, 0.35 * units * rows + 1.5), squeeze=False
    )
    for axis, name in zip(axes.flat, fields):
        values = getattr(trace, name)[sample].T  # (units, timesteps)
        is_gate = name.endswith("_gate")  # sigmoids: values in (0, 1)
        image = axis.imshow(
            values,
            aspect="auto",
            cmap="viridis" if is_gate else "coolwarm",
            vmin=0.0 if is_gate else -1.0,
            vmax=1.0,
        )
        axis.set_title(name.replace("_", " "), fontsize=10)
        axis.set_xticks(np.arange(timesteps), labels=list(words), fontsize=8)
        axis.set_yticks([])
        axis.set_ylabel("units", fontsize=8)
        figure.colorbar(image, ax=axis, fraction=0.046, pad=0.04)
    for axis in list(axes.flat)[len(fields) :]:
        axis.axis("off")
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return figure
