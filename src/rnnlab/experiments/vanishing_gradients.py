"""Vanishing and exploding gradients: how much of the loss's gradient reaches each input step.

The study note says that in a SimpleRNN "the longer the input, the smaller (or larger) the
derivative of the early words becomes". This experiment measures it. A task makes the loss
depend on the **first** input only (its label is the sign of ``x_1``), so learning it needs the
gradient to travel back over every step. For SimpleRNN, LSTM and GRU it records the norm of
``dL/dx_t`` against the distance from the last step, at initialisation and after training;
then, for a SimpleRNN whose recurrent kernel is scaled up, how the gradient explodes, and what
clipping the gradient's norm does to training.

A gated cell's own path back is ``dc_t/dc_{t-1} = diag(f_t)`` (the LSTM) or ``diag(z_t)``
(the GRU's ``z_t * h_{t-1}`` term): no recurrent kernel and no tanh', only the gate. At
Keras's initialisation that gate is about sigmoid(1) = 0.73 (the LSTM's forget bias starts at 1)
or sigmoid(0) = 0.5, so an untrained gate does not keep the gradient either. The experiment
therefore also trains each gated cell with the gate's bias started at `gate_bias` (a gate near
1), and records the keeping gate's mean (`keep_gate`) before and after training.

The SimpleRNN curves come from the chosen implementation's own
`e07_bptt.simple_rnn_backward`, fed the gradient that Keras's classifier head sends into
`h_T`, and are checked against `tf.GradientTape` through `keras.layers.SimpleRNN`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from rnnlab import i18n, layouts
from rnnlab.experiments.impl_layers import ImplementationNotDone
from rnnlab.experiments.protocol import Progress, Run, RunOptions
from rnnlab.experiments.training import figure_pyplot, seed_everything
from rnnlab.grader.checks.compare import ATOL, pick
from rnnlab.grader.checks.keras_reference import tape_gradients
from rnnlab.grader.checks.models import accuracy
from rnnlab.impl import load_impl

if TYPE_CHECKING:
    from typing_extensions import Unpack

NAME = "vanishing-gradients"
TITLE = "Vanishing and exploding gradients: how far back does the gradient reach?"

KINDS = ("SimpleRNN", "LSTM", "GRU")
# The gate that scales a gated cell's own path back: c_t = f_t * c_{t-1} + ... (LSTM) and
# h_t = z_t * h_{t-1} + ... (Keras's GRU); "kept" layers start its bias at Settings.gate_bias.
KEEP_GATE = {"LSTM": "f", "GRU": "z"}


def kept(kind: str, bias: float) -> str:
    """The name of a gated layer whose keeping gate's bias starts at ``bias``.

    Examples
    --------
    >>> kept("LSTM", 3.0), kept("GRU", 3.0)
    ('LSTM (b_f = 3)', 'GRU (b_z = 3)')
    """
    return f"{kind} (b_{KEEP_GATE[kind]} = {bias:g})"


@dataclass(frozen=True)
class Settings:
    """Sizes of one run.

    Attributes
    ----------
    timesteps, features : int
        Length of the task's sequences, and width of each of their steps.
    noise : float
        Scale of the task's distractor steps (every step after the first).
    units : int
        Width of the recurrent layer.
    train_steps, batch : int
        Training steps of each model, and sequences per step (a fresh batch every step).
    learning_rate : float
        Adam's, for the SimpleRNN / LSTM / GRU comparison.
    scales : tuple of float
        The multiples of an orthogonal matrix tried as the SimpleRNN's recurrent kernel.
    explode_scale : float
        The multiple the clipping runs start from.
    sgd_learning_rate : float
        Plain SGD's, for the clipping runs: no Adam to tame the steps.
    clip_norm : float
        The gradient norm clipping cuts down to.
    gate_bias : float
        Where the "kept" LSTM's forget bias and GRU's update bias start (Keras: 1 and 0):
        sigmoid(3) = 0.95, a gate that keeps most of the state, and of the gradient.
    """

    timesteps: int
    train_steps: int
    features: int = 4
    units: int = 16
    batch: int = 64
    noise: float = 0.5
    learning_rate: float = 0.003
    scales: tuple[float, ...] = (0.5, 1.0, 1.5, 3.0)
    explode_scale: float = 3.0
    sgd_learning_rate: float = 0.1
    clip_norm: float = 1.0
    gate_bias: float = 3.0


DEFAULT = Settings(timesteps=50, train_steps=2000, units=32)
QUICK = Settings(timesteps=30, train_steps=600)


@dataclass
class Result:
    """Everything measured, as plain numbers (JSON via `dataclasses.asdict`).

    Attributes
    ----------
    impl : str
        Where `simple_rnn_backward` came from.
    timesteps : int
        Sequence length; distances run from 0 (the last step) to `timesteps - 1`.
    norms : dict
        `norms[when][kind]`: mean over the batch of `|dL/dx_t|`, by distance from the end,
        for `when` in `"initialisation"`, `"trained"`.
    accuracy : dict
        `accuracy[kind]`: held-out accuracy on the remember-the-first-input task after training.
        Kinds are `KINDS` at Keras's initialisation, then the gated ones named by `kept`.
    gate_bias : float
        Where the bias of the kept layers' keeping gate started (`Settings.gate_bias`).
    keep_gate : dict
        `keep_gate[when][kind]`: the mean over the held-out sequences, steps and units of the
        gate on a gated cell's own path back (`KEEP_GATE`), which is that path's Jacobian.
    scales : dict
        `scales[str(scale)]`: the SimpleRNN's `|dL/dx_t|` by distance, with its recurrent kernel
        an orthogonal matrix times `scale` (above 1 the gradient can grow going back).
    clipping : dict
        `clipping[label]["loss"]` and `["grad_norm"]`: loss and gradient norm (before any
        clipping) per SGD step of a SimpleRNN at `explode_scale`, with and without clipping.
    clipping_accuracy : dict
        Held-out accuracy after those runs.
    e07_max_error : float
        Largest `|simple_rnn_backward - tf.GradientTape|` over every SimpleRNN gradient used,
        divided by the gradient's scale (its largest magnitude, at least 1), as the e07 grader
        measures it; the grader's tolerance is `ATOL` = 1e-5. Curves whose gradient grows
        going back are excluded.
    e07_exploding_error : float
        The same on the curves whose gradient grows going back, where float32 rounding grows
        with it.
    """

    impl: str
    timesteps: int
    units: int
    train_steps: int
    explode_scale: float
    clip_norm: float
    sgd_learning_rate: float
    gate_bias: float
    norms: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    accuracy: dict[str, float] = field(default_factory=dict)
    keep_gate: dict[str, dict[str, float]] = field(default_factory=dict)
    scales: dict[str, list[float]] = field(default_factory=dict)
    clipping: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    clipping_accuracy: dict[str, float] = field(default_factory=dict)
    e07_max_error: float = 0.0
    e07_exploding_error: float = 0.0


def first_input_task(
    rng: np.random.Generator, n: int, timesteps: int, features: int, noise: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """Random sequences labelled by the sign of their first step's first feature.

    Everything after step 1 is noise (standard normal times `noise`), so the loss's gradient
    must reach back over the whole sequence for a model to learn it.

    Examples
    --------
    >>> x, y = first_input_task(np.random.default_rng(0), 3, 5, 2)
    >>> x.shape, y.shape, bool(((x[:, 0, 0] > 0) == (y == 1)).all())
    ((3, 5, 2), (3,), True)
    """
    x = rng.standard_normal((n, timesteps, features)).astype(np.float32)  # (n, T, features)
    x[:, 1:] *= noise  # the distractors
    y = (x[:, 0, 0] > 0).astype(np.float32)  # (n,)
    return x, y


def _check_impl(impl: Any, impl_label: str) -> None:
    """Fail early and plainly if e07 (or the e02 it calls) is not written yet."""
    x = np.zeros((1, 2, 1), np.float32)
    try:
        impl.simple_rnn_backward(x, np.zeros((1, 1)), np.zeros((1, 1)), None, np.ones((1, 1)))
    except NotImplementedError as error:
        stub = str(error).split(":", 1)[0]
        which = "e07 is" if stub.startswith("e07") else f"{stub}, which e07 calls, is"
        raise ImplementationNotDone(
            f"{NAME} draws the SimpleRNN curves with your own e07_bptt.simple_rnn_backward "
            f"from {impl_label}/, but {which} not done yet: write it and grade it with "
            f"`nox -s grade -- e07`, or run this experiment with `--impl solutions`."
        ) from None


def _model(kind: str, settings: Settings, gate_bias: float | None = None) -> Any:
    """A ``kind`` layer and a sigmoid head; a gated layer's keeping gate's bias set to
    ``gate_bias`` if given."""
    import keras

    model = keras.Sequential(
        [
            keras.Input((settings.timesteps, settings.features)),
            getattr(keras.layers, kind)(settings.units),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    if gate_bias is not None:
        layer = model.layers[0]
        weights = layouts.recurrent_weights(layer)
        blocks = layouts.split_gates(weights)
        bias = np.zeros_like(blocks[KEEP_GATE[kind]].bias)
        if bias.ndim == 2:  # a reset_after GRU: [input row; recurrent row], which add up
            bias[0] = gate_bias
        else:
            bias[:] = gate_bias
        blocks[KEEP_GATE[kind]] = replace(blocks[KEEP_GATE[kind]], bias=bias)
        layouts.set_recurrent_weights(layer, layouts.join_gates(weights.kind, blocks))
    return model


def keep_gate_mean(layer: Any, x: np.ndarray) -> float:
    """Mean of a gated layer's keeping gate (`KEEP_GATE`) over ``x``'s sequences, steps and
    units: sigmoid of its pre-activation, from the states the layer itself computes."""
    import keras

    weights = layouts.recurrent_weights(layer)
    twin = type(layer).from_config({**layer.get_config(), "return_sequences": True})
    twin.build(x.shape)
    twin.set_weights(layer.get_weights())
    states = np.asarray(keras.ops.convert_to_numpy(twin(x)), np.float64)  # (batch, T, units)
    previous = np.concatenate([np.zeros_like(states[:, :1]), states[:, :-1]], axis=1)
    gate = layouts.split_gates(weights)[KEEP_GATE[type(layer).__name__]]
    bias = np.asarray(gate.bias).sum(axis=0) if np.ndim(gate.bias) == 2 else gate.bias
    pre = x @ gate.kernel + previous @ gate.recurrent_kernel + bias  # (batch, T, units)
    return float(np.mean(1.0 / (1.0 + np.exp(-pre))))


def _head_gradient(model: Any, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """`dL/dh_T`: the gradient the Dense head and the loss send into the recurrent layer.

    `L` sums the loss over the batch, so each row is one sequence's own gradient (a mean
    would divide every curve by the batch size).
    """
    import keras
    import tensorflow as tf

    recurrent, head = model.layers
    h_last = tf.convert_to_tensor(recurrent(x))  # (batch, units)
    loss_fn = keras.losses.BinaryCrossentropy(reduction="sum")
    with tf.GradientTape() as tape:
        tape.watch(h_last)
        loss = loss_fn(y[:, None], head(h_last))
    return np.asarray(tape.gradient(loss, h_last))  # (batch, units)


class _Checker:
    """Compares the implementation's gradients with the tape's, as the e07 grader does.

    Errors are divided by the gradient's scale (its largest magnitude, at least 1), as in the
    grader. Where the gradient grows going back (the exploding side), float32 rounding is
    amplified just as much, so no two float32 implementations agree to 1e-5 there: those
    errors are kept apart, in `exploding_error`.
    """

    def __init__(self) -> None:
        self.max_error = 0.0
        self.exploding_error = 0.0

    def input_norms(self, impl: Any, layer: Any, x: np.ndarray, grad: np.ndarray) -> list[float]:
        """`|dL/dx_t|` by distance from the end, from `impl` (checked against the tape)."""
        kernel, recurrent_kernel, bias = (np.asarray(w) for w in layer.weights)
        got = impl.simple_rnn_backward(x, kernel, recurrent_kernel, bias, grad)
        tape = tape_gradients(layer, x, grad)
        called = f"simple_rnn_backward(inputs of shape {x.shape}, ...)"
        mine = pick(got, tuple(tape), called=called, keras="tf.GradientTape")
        error = 0.0
        for name, expected in tape.items():
            gap = np.abs(np.asarray(mine[name], np.float64) - expected).max()
            error = max(error, float(gap) / max(1.0, float(np.abs(expected).max())))
        curve = _by_distance(np.asarray(mine["inputs"]))
        if curve[-1] > curve[0]:
            self.exploding_error = max(self.exploding_error, error)
        else:
            self.max_error = max(self.max_error, error)
        return curve


def _by_distance(grad_inputs: np.ndarray) -> list[float]:
    """Mean over the batch of `|dL/dx_t|`, reordered so index 0 is the last step."""
    norms = np.linalg.norm(grad_inputs, axis=-1).mean(axis=0)  # (T,)
    return [float(v) for v in norms[::-1]]


def _input_norms(kind: str, model: Any, impl: Any, checker: _Checker, task: _Task) -> list[float]:
    """`|dL/dx_t|` by distance on the held-out sequences: `impl`'s for a SimpleRNN."""
    grad = _head_gradient(model, task.x_eval, task.y_eval)
    layer = model.layers[0]
    if kind == "SimpleRNN":
        return checker.input_norms(impl, layer, task.x_eval, grad)
    return _by_distance(tape_gradients(layer, task.x_eval, grad)["inputs"])


def _train(
    model: Any,
    x: np.ndarray,
    y: np.ndarray,
    settings: Settings,
    *,
    optimizer: Any,
    describe: str,
    progress: Progress | None,
) -> dict[str, list[float]]:
    """Minibatch training with a compiled step; returns loss and gradient norm per step."""
    import keras
    import tensorflow as tf

    loss_fn = keras.losses.BinaryCrossentropy()
    variables = model.trainable_variables
    optimizer.build(variables)  # its slots exist before the step is traced

    @tf.function
    def step(xb: Any, yb: Any) -> tuple[Any, Any]:
        with tf.GradientTape() as tape:
            loss = loss_fn(yb[:, None], model(xb, training=True))
        grads = tape.gradient(loss, variables)
        optimizer.apply(grads, variables)  # clipnorm, if set, acts inside apply
        return loss, tf.linalg.global_norm(grads)

    history: dict[str, list[float]] = {"loss": [], "grad_norm": []}
    for i in range(settings.train_steps):  # a fresh batch every step: nothing to memorise
        batch = slice(i * settings.batch, (i + 1) * settings.batch)
        loss, norm = step(x[batch], y[batch])
        history["loss"].append(float(loss))
        history["grad_norm"].append(float(norm))
        if progress is not None and ((i + 1) % 10 == 0 or i + 1 == settings.train_steps):
            progress(describe, i + 1, settings.train_steps)
    return history


def _orthogonal(rng: np.random.Generator, units: int) -> np.ndarray:
    q, r = np.linalg.qr(rng.standard_normal((units, units)))
    return (q * np.sign(np.diag(r))).astype(np.float32)  # (units, units)


@dataclass(frozen=True)
class _Task:
    """The remember-the-first-input task: training batches, and new sequences to measure on."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_eval: np.ndarray
    y_eval: np.ndarray

    @classmethod
    def draw(cls, settings: Settings, rng: np.random.Generator) -> _Task:
        sizes = (settings.timesteps, settings.features, settings.noise)
        x_train, y_train = first_input_task(rng, settings.train_steps * settings.batch, *sizes)
        return cls(x_train, y_train, *first_input_task(rng, 256, *sizes))


def run(*, settings: Settings | None = None, **options: Unpack[RunOptions]) -> Result:
    """Measure `|dL/dx_t|` against the distance from the end, and the effect of clipping.

    The SimpleRNN curves come from ``impl``'s `e07_bptt.simple_rnn_backward` (and the
    `e02_simple_rnn.py` it calls); ``progress`` is called every 10 training steps.

    Parameters
    ----------
    settings : Settings, optional
        Other sizes than `QUICK` or `DEFAULT` (the unit tests use tiny ones).
    **options
        ``quick``, ``impl``, ``seed``, ``progress``: see `rnnlab.experiments.protocol.RunOptions`.

    Raises
    ------
    rnnlab.experiments.impl_layers.ImplementationNotDone
        A `NotImplementedError` saying plainly that e07 (or e02) is not written yet.
    """
    call = Run.start(options, settings, QUICK, DEFAULT)
    chosen = call.settings
    module = load_impl("e07_bptt", call.impl)
    _check_impl(module, str(call.impl))  # before TensorFlow's import: a stub is told at once
    seed_everything(call.seed)
    rng = np.random.default_rng(call.seed)
    task = _Task.draw(chosen, rng)
    result = Result(
        impl=str(call.impl),
        timesteps=chosen.timesteps,
        units=chosen.units,
        train_steps=chosen.train_steps,
        explode_scale=chosen.explode_scale,
        clip_norm=chosen.clip_norm,
        sgd_learning_rate=chosen.sgd_learning_rate,
        gate_bias=chosen.gate_bias,
    )
    checker = _Checker()
    _compare_kinds(result, task, module, checker, chosen, call.progress)
    grad = np.ones((len(task.x_eval), chosen.units), np.float32) / chosen.units  # dL/dh_T
    for scale in chosen.scales:
        layer = _scaled_simple_rnn(chosen, scale, rng)
        result.scales[str(scale)] = checker.input_norms(module, layer, task.x_eval, grad)
    _compare_clipping(result, task, chosen, call.seed, call.progress)
    result.e07_max_error = checker.max_error
    result.e07_exploding_error = checker.exploding_error
    return result


def _compare_kinds(
    result: Result,
    task: _Task,
    impl: Any,
    checker: _Checker,
    settings: Settings,
    progress: Progress | None,
) -> None:
    """Each layer's `|dL/dx_t|` at initialisation and after training with Adam, its accuracy,
    and a gated layer's mean keeping gate: `KINDS` as Keras builds them, then each gated kind
    with its keeping gate's bias at `Settings.gate_bias`."""
    import keras

    result.norms = {"initialisation": {}, "trained": {}}
    result.keep_gate = {"initialisation": {}, "trained": {}}
    layers = [(kind, kind, None) for kind in KINDS]
    layers += [(kept(kind, settings.gate_bias), kind, settings.gate_bias) for kind in KEEP_GATE]
    for name, kind, gate_bias in layers:
        model = _model(kind, settings, gate_bias)
        for when in ("initialisation", "trained"):
            if when == "trained":
                _train(
                    model,
                    task.x_train,
                    task.y_train,
                    settings,
                    optimizer=keras.optimizers.Adam(settings.learning_rate),
                    describe=i18n.text("progress.training", kind=name),
                    progress=progress,
                )
            result.norms[when][name] = _input_norms(kind, model, impl, checker, task)
            if kind in KEEP_GATE:
                result.keep_gate[when][name] = keep_gate_mean(model.layers[0], task.x_eval)
        result.accuracy[name] = accuracy(model, task.x_eval, task.y_eval)


def _compare_clipping(
    result: Result, task: _Task, settings: Settings, seed: int, progress: Progress | None
) -> None:
    """Plain SGD on a SimpleRNN whose recurrent kernel is `explode_scale` times an orthogonal
    matrix, from the same start with and without clipping the gradient's norm."""
    import keras

    clip_label = f"clipnorm={settings.clip_norm}"
    for label, clipnorm in (("no clipping", None), (clip_label, settings.clip_norm)):
        keras.utils.set_random_seed(seed)
        model = _model("SimpleRNN", settings)
        model.layers[0].cell.recurrent_kernel.assign(
            settings.explode_scale * _orthogonal(np.random.default_rng(seed), settings.units)
        )
        result.clipping[label] = _train(
            model,
            task.x_train,
            task.y_train,
            settings,
            optimizer=keras.optimizers.SGD(settings.sgd_learning_rate, clipnorm=clipnorm),
            describe=i18n.text(
                "progress.scaled",
                scale=settings.explode_scale,
                clipping=i18n.text("experiments.vg_no_clipping") if clipnorm is None else label,
            ),
            progress=progress,
        )
        result.clipping_accuracy[label] = accuracy(model, task.x_eval, task.y_eval)


def _scaled_simple_rnn(settings: Settings, scale: float, rng: np.random.Generator) -> Any:
    import keras

    layer = keras.layers.SimpleRNN(settings.units)
    layer.build((None, settings.timesteps, settings.features))
    layer.cell.recurrent_kernel.assign(scale * _orthogonal(rng, settings.units))
    return layer


def _ratio(curve: list[float]) -> float:
    return curve[-1] / curve[0] if curve[0] else float("nan")


def _update_sizes(result: Result, label: str, grad_norms: np.ndarray) -> np.ndarray:
    """Length of each SGD step: learning rate times the gradient norm, after clipping."""
    clipped = label != "no clipping"
    norms = np.minimum(grad_norms, result.clip_norm) if clipped else grad_norms
    return result.sgd_learning_rate * norms


def _row(
    columns: list[str], curve_label: str, note: str, curve: list[float] | None = None
) -> dict[str, object]:
    """A row of the summary table: `curve`'s last-step and first-step values and their ratio."""
    numbers = ("", "", "") if curve is None else (curve[0], curve[-1], _ratio(curve))
    return dict(zip(columns, (curve_label, *numbers, note)))


def summary_rows(result: Result, *, language: str | None = None) -> list[dict[str, object]]:
    """One row per curve: `|dL/dx|` at the last and the first step, and their ratio.

    Column names and notes are in ``language`` (the learner's by default, `rnnlab.i18n`).
    """
    t = functools.partial(i18n.text, language=language)
    columns = [t(f"experiments.vg_{column}") for column in ("curve", "last", "ratio", "note")]
    columns.insert(2, t("experiments.vg_first", steps=result.timesteps - 1))
    row = functools.partial(_row, columns)
    rows = []
    for when, curves in result.norms.items():
        for kind, curve in curves.items():
            notes = []
            if kind in result.keep_gate.get(when, {}):
                gate = KEEP_GATE[kind.split(" ", 1)[0]]
                value = f"{result.keep_gate[when][kind]:.2f}"
                notes.append(t("experiments.vg_keep_gate", gate=gate, value=value))
            if when == "trained":
                notes.append(t("experiments.vg_accuracy", accuracy=f"{result.accuracy[kind]:.1%}"))
            rows.append(row(f"{kind}, {t(f'experiments.vg_{when}')}", ", ".join(notes), curve))
    for scale, curve in result.scales.items():
        label = t("experiments.vg_scaled_curve", scale=scale)
        rows.append(row(label, t("experiments.vg_scaled_note"), curve))
    for label, history in result.clipping.items():
        norms = np.array(history["grad_norm"])
        clipping = t("experiments.vg_no_clipping") if label == "no clipping" else label
        note = t(
            "experiments.vg_sgd_note",
            norm=f"{norms.max():.3g}",
            step=f"{_update_sizes(result, label, norms).max():.3g}",
            accuracy=f"{result.clipping_accuracy[label]:.1%}",
        )
        rows.append(
            row(t("experiments.vg_sgd_curve", scale=result.explode_scale, label=clipping), note)
        )
    matches = result.e07_max_error <= ATOL
    note = t(
        "experiments.vg_e07_matches" if matches else "experiments.vg_e07_differs",
        error=f"{result.e07_max_error:.2g}",
        exploding=f"{result.e07_exploding_error:.2g}",
    )
    rows.append(row(t("experiments.vg_e07_curve", impl=result.impl), note))
    return rows


def reading(result: Result, *, language: str | None = None) -> str:
    """The run's gated-path numbers in sentences, for the Experiments page, in ``language``:
    the keeping gates at Keras's start and the gradient they let through, the accuracies
    reached, and the same for the layers whose keeping gate started near 1."""
    t = functools.partial(i18n.text, language=language)
    start, trained = result.keep_gate["initialisation"], result.keep_gate["trained"]
    ratio = {kind: _ratio(curve) for kind, curve in result.norms["initialisation"].items()}
    shown = {kind: f"{value:.1%}" for kind, value in result.accuracy.items()}
    bias = result.gate_bias
    lstm, gru = kept("LSTM", bias), kept("GRU", bias)
    sentences = [
        t(
            "experiments.vg_read_start",
            lstm_gate=f"{start['LSTM']:.2f}",
            gru_gate=f"{start['GRU']:.2f}",
            steps=result.timesteps - 1,
            lstm_ratio=f"{ratio['LSTM']:.1e}",
            gru_ratio=f"{ratio['GRU']:.1e}",
            rnn_ratio=f"{ratio['SimpleRNN']:.1e}",
        ),
        t(
            "experiments.vg_read_trained",
            train_steps=result.train_steps,
            rnn=shown["SimpleRNN"],
            lstm=shown["LSTM"],
            gru=shown["GRU"],
        ),
        t(
            "experiments.vg_read_kept",
            bias=f"{bias:g}",
            lstm_gate=f"{start[lstm]:.2f}",
            gru_gate=f"{start[gru]:.2f}",
            steps=result.timesteps - 1,
            lstm_ratio=f"{ratio[lstm]:.1e}",
            gru_ratio=f"{ratio[gru]:.1e}",
            lstm=shown[lstm],
            gru=shown[gru],
            lstm_after=f"{trained[lstm]:.2f}",
            gru_after=f"{trained[gru]:.2f}",
        ),
    ]
    return " ".join(sentences)


def figures(result: Result, *, language: str | None = None) -> dict[str, Any]:
    """`gradient-vs-distance` (init and trained), `exploding` (scales) and `clipping`; their
    words in ``language`` (the learner's by default)."""
    t = functools.partial(i18n.text, language=language)
    plt = figure_pyplot()
    distance = np.arange(result.timesteps)
    mine = t("plots.vg_mine", folder=Path(result.impl).name)  # whose simple_rnn_backward drew it
    out: dict[str, Any] = {}

    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    for ax, (when, curves) in zip(axes, result.norms.items()):
        for kind, curve in curves.items():
            label = f"{kind} ({mine})" if kind == "SimpleRNN" else kind
            style = "-" if kind in KINDS else "--"  # dashed: a keeping gate started near 1
            ax.semilogy(distance, curve, style, label=label)
        ax.set_title(t(f"experiments.vg_{when}"))
        ax.set_xlabel(t("plots.vg_distance_t"))
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel(t("plots.vg_mean_gradient"))
    axes[1].legend()
    fig.suptitle(t("plots.vg_reaches"))
    fig.tight_layout()
    out["gradient-vs-distance"] = fig

    fig, ax = plt.subplots(figsize=(6, 4))
    for scale, curve in result.scales.items():
        ax.semilogy(distance, curve, label=t("plots.vg_kernel_scale", scale=scale))
    ax.set_xlabel(t("plots.vg_distance"))
    ax.set_ylabel(t("plots.vg_mean_gradient_of", mine=mine))
    ax.set_title(t("plots.vg_exploding"))
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    out["exploding"] = fig

    fig, axes = plt.subplots(1, 3, figsize=(14, 4))
    for label, history in result.clipping.items():
        norms = np.array(history["grad_norm"])
        shown = t("experiments.vg_no_clipping") if label == "no clipping" else label
        axes[0].semilogy(norms, label=shown)
        axes[1].semilogy(_update_sizes(result, label, norms), label=shown)
        axes[2].plot(history["loss"], label=shown)
    axes[0].axhline(result.clip_norm, color="grey", linestyle=":", label=t("plots.vg_clip_norm"))
    axes[0].set_title(t("plots.vg_gradient_norm", scale=result.explode_scale))
    axes[1].set_title(t("plots.vg_step_size"))
    axes[2].set_title(t("plots.training_loss"))
    for ax in axes:
        ax.set_xlabel(t("plots.training_step"))
        ax.grid(True, alpha=0.3)
        ax.legend()
    fig.tight_layout()
    out["clipping"] = fig
    return out
