"""Seeding and progress reporting for the experiments' Keras training runs."""

from __future__ import annotations

from typing import Any

from rnnlab.experiments.protocol import Progress
from rnnlab.quiet import quiet_tensorflow

# Experiments import Keras inside run(), after importing this module: turning oneDNN off here
# (as the CLI and the grader do) gives a script the same numbers as `rnnlab experiment`.
quiet_tensorflow()


def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and TensorFlow, ask for deterministic kernels, quiet its warnings.

    With both, a run on CPU gives the same numbers every time (tested on tiny settings).
    oneDNN's kernels, which round differently, are turned off when this module is imported
    before TensorFlow (see `rnnlab.quiet`).
    """
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    # Predicting fold after fold retraces tf.functions, and TensorFlow warns about it each
    # time; harmless here (small models), and noise in a learner's terminal.
    tf.get_logger().setLevel("ERROR")


def epoch_progress(progress: Progress | None, description: str, epochs: int) -> list[Any]:
    """Keras callbacks that report ``progress(description, epoch, epochs)`` after each epoch."""
    import keras

    if progress is None:
        return []
    progress(description, 0, epochs)

    class _Report(keras.callbacks.Callback):
        def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
            progress(description, epoch + 1, epochs)

    return [_Report()]


def figure_pyplot() -> Any:
    """``matplotlib.pyplot`` on the Agg backend: docs builds and CI have no display."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt
