"""Long-range memory: the adding problem at growing delays, SimpleRNN vs LSTM vs GRU.

Each sequence holds random values and two markers; the target is the sum of the two marked
values. The first marker sits in the first tenth of the sequence, so it must be remembered for
about `delay` steps. Predicting 1.0 every time scores a mean squared error of 1/6: a layer that
stays near that line remembered nothing. After training with Keras, the test set is run again
through the chosen implementation's own `simple_rnn`, `lstm` and `gru` (e02-e04).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from rnnlab import i18n
from rnnlab.data.synthetic import adding_problem
from rnnlab.experiments.impl_layers import recurrent_forward
from rnnlab.experiments.protocol import Run, RunOptions
from rnnlab.experiments.training import epoch_progress, figure_pyplot, seed_everything

if TYPE_CHECKING:
    from typing_extensions import Unpack

NAME = "long-range-memory"
TITLE = "Long-range memory: the adding problem at growing delays"
KINDS = ("SimpleRNN", "LSTM", "GRU")
BASELINE_MSE = 1.0 / 6.0  # variance of the sum of two uniform [0, 1) values


@dataclass(frozen=True)
class Settings:
    """Sizes of one run.

    Attributes
    ----------
    delays : tuple of int
        The sequence lengths to train at: the first marked value is about that many steps
        before the answer.
    train_samples, test_samples : int
        Sequences to train on, and new ones to measure on, at each delay.
    epochs : int
        Passes over the training sequences, for each layer kind and delay.
    units : int
        Width of each recurrent layer.
    batch_size : int
        Sequences per Adam step.
    learning_rate : float
        Adam's learning rate.
    """

    delays: tuple[int, ...]
    train_samples: int
    test_samples: int
    epochs: int
    units: int
    batch_size: int = 64
    learning_rate: float = 0.01


QUICK = Settings(delays=(10, 30, 60), train_samples=2000, test_samples=500, epochs=8, units=16)
DEFAULT = Settings(
    delays=(10, 30, 60, 120), train_samples=4000, test_samples=1000, epochs=20, units=32
)


@dataclass
class Result:
    """Test MSE per layer and delay (``mse[kind][i]`` at ``delays[i]``), and training curves."""

    delays: list[int]
    kinds: list[str]
    mse: dict[str, list[float]]
    impl_mse: dict[str, list[float]]  # the same models run by the implementation's layers
    impl_error: list[float]  # per delay: max |implementation - Keras| over all test predictions
    loss_curves: dict[str, list[list[float]]]  # kind -> delay index -> training loss per epoch
    baseline_mse: float
    settings: dict[str, Any]


def _dense(outputs: np.ndarray, weights: list[np.ndarray]) -> np.ndarray:
    kernel, bias = weights
    return (outputs @ kernel + bias)[:, 0]  # (batch,)


def run(*, settings: Settings | None = None, **options: Unpack[RunOptions]) -> Result:
    """Train each layer kind at each delay; measure test MSE with Keras and with ``impl``.

    ``impl``'s e02-e04 recompute the trained layers on the test set; ``progress`` is called
    after each epoch.

    Parameters
    ----------
    settings : Settings, optional
        Overrides the sizes (unit tests use tiny ones).
    **options
        ``quick``, ``impl``, ``seed``, ``progress``: see `rnnlab.experiments.protocol.RunOptions`.
    """
    import keras

    call = Run.start(options, settings, QUICK, DEFAULT)
    chosen, progress = call.settings, call.progress
    forwards = {kind: recurrent_forward(call.impl, kind) for kind in KINDS}  # a stub fails here
    seed_everything(call.seed)
    rng = np.random.default_rng(call.seed)
    mse: dict[str, list[float]] = {kind: [] for kind in KINDS}
    impl_mse: dict[str, list[float]] = {kind: [] for kind in KINDS}
    curves: dict[str, list[list[float]]] = {kind: [] for kind in KINDS}
    errors = []
    for delay in chosen.delays:
        max_error = 0.0
        x_train, y_train = adding_problem(chosen.train_samples, delay, rng)
        x_test, y_test = adding_problem(chosen.test_samples, delay, rng)
        for kind in KINDS:
            layer = getattr(keras.layers, kind)(chosen.units)
            head = keras.layers.Dense(1)
            model = keras.Sequential([keras.Input((delay, 2)), layer, head])
            model.compile(keras.optimizers.Adam(chosen.learning_rate), "mse")
            history = model.fit(
                x_train,
                y_train,
                batch_size=chosen.batch_size,
                epochs=chosen.epochs,
                verbose=0,
                shuffle=True,
                callbacks=epoch_progress(
                    progress, i18n.text("progress.at_delay", kind=kind, delay=delay), chosen.epochs
                ),
            )
            keras_pred = model.predict(x_test, verbose=0)[:, 0]  # (test,)
            last_h = forwards[kind](x_test, *layer.get_weights())  # (test, units)
            impl_pred = _dense(np.asarray(last_h), head.get_weights())  # (test,)
            max_error = max(max_error, float(np.max(np.abs(impl_pred - keras_pred))))
            mse[kind].append(float(np.mean((keras_pred - y_test) ** 2)))
            impl_mse[kind].append(float(np.mean((impl_pred - y_test) ** 2)))
            curves[kind].append([float(v) for v in history.history["loss"]])
        errors.append(max_error)
    return Result(
        delays=list(chosen.delays),
        kinds=list(KINDS),
        mse=mse,
        impl_mse=impl_mse,
        impl_error=errors,
        loss_curves=curves,
        baseline_mse=BASELINE_MSE,
        settings=call.record(),
    )


def summary_rows(result: Result, *, language: str | None = None) -> list[dict[str, object]]:
    """One row per delay: each layer's test MSE, the always-1.0 baseline, and how far the
    implementation's own layers are from Keras on the same trained weights.

    Column names are in ``language`` (the learner's by default, `rnnlab.i18n`).
    """
    t = functools.partial(i18n.text, language=language)
    rows = []
    for i, delay in enumerate(result.delays):
        row: dict[str, object] = {t("experiments.lrm_delay"): delay}
        row.update({f"{kind} MSE": result.mse[kind][i] for kind in result.kinds})
        row[t("experiments.lrm_baseline")] = result.baseline_mse
        row[t("experiments.lrm_impl_error")] = result.impl_error[i]
        rows.append(row)
    return rows


def figures(result: Result, *, language: str | None = None) -> dict[str, Any]:
    """``mse_by_delay`` (test MSE against delay) and ``training`` (loss per epoch); their words
    in ``language`` (the learner's by default)."""
    t = functools.partial(i18n.text, language=language)
    plt = figure_pyplot()
    colours = dict(zip(result.kinds, ("tab:red", "tab:blue", "tab:green")))
    by_delay, axis = plt.subplots(figsize=(6, 4))
    for kind in result.kinds:
        axis.plot(result.delays, result.mse[kind], "o-", color=colours[kind], label=kind)
    axis.axhline(result.baseline_mse, color="grey", ls="--", label=t("plots.lrm_baseline"))
    axis.set(
        xlabel=t("plots.lrm_delay_axis"),
        ylabel=t("plots.lrm_test_mse"),
        title=t("plots.lrm_title"),
        ylim=(0, max(0.25, 1.1 * max(max(v) for v in result.mse.values()))),
        xticks=result.delays,
    )
    axis.legend()
    by_delay.tight_layout()
    columns = len(result.delays)
    training, axes = plt.subplots(1, columns, figsize=(3.2 * columns, 3), squeeze=False)
    for i, (axis, delay) in enumerate(zip(axes[0], result.delays)):
        for kind in result.kinds:
            curve = result.loss_curves[kind][i]
            axis.plot(range(1, len(curve) + 1), curve, color=colours[kind], label=kind)
        axis.axhline(result.baseline_mse, color="grey", ls="--")
        axis.set(title=t("plots.lrm_delay", delay=delay), xlabel=t("plots.epoch"), ylim=(0, 0.3))
    axes[0][0].set_ylabel(t("plots.lrm_training_mse"))
    axes[0][0].legend(fontsize=8)
    training.tight_layout()
    return {"mse_by_delay": by_delay, "training": training}
