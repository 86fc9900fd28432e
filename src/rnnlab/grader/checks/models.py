"""A learner's Keras model (e09): rebuilt in the grader's process, inspected, trained, scored.

The worker sends a model as its JSON config (`rnnlab.grader.sandbox.protocol.KerasModel`).
`rebuild` makes it again here with ``keras.models.model_from_json`` in Keras's safe mode
(no ``Lambda`` code, no custom classes), under a fixed seed: training and scoring run on code
the learner cannot reach, and a grade never depends on the learner's random state. Every
problem found becomes a `rnnlab.grader.checks.compare.Mismatch` starting with the call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from rnnlab.grader.checks.compare import Mismatch, describe_value
from rnnlab.grader.sandbox.protocol import KerasModel, Opaque
from rnnlab.i18n import text


@dataclass(frozen=True)
class Training:
    """How the grader trains a model on a task: the same for the learner's and the baseline."""

    epochs: int
    batch_size: int = 32
    learning_rate: float = 0.01
    seed: int = 0


def rebuild(got: Any, *, called: str, seed: int = 0) -> Any:
    """The ``keras.Model`` a learner's function returned, rebuilt from its config.

    Parameters
    ----------
    got : Any
        What came back from the worker: a `KerasModel` when the function returned a
        ``keras.Model``.
    called : str
        The learner's call, for messages.
    seed : int
        Seeds the fresh weights.

    Raises
    ------
    Mismatch
        If it is not a model, or its config cannot be rebuilt.
    """
    if not isinstance(got, KerasModel):  # said without importing Keras
        shown = (
            text("models.opaque", type_name=got.type_name, text=got.text)
            if isinstance(got, Opaque)
            else None
        )
        raise Mismatch(text("models.not_a_model", called=called, got=shown or describe_value(got)))
    import keras

    keras.utils.set_random_seed(seed)
    try:
        return keras.models.model_from_json(got.config)
    except Exception as error:
        said = f"{type(error).__name__}: {str(error)[:200]}"
        raise Mismatch(text("models.not_rebuilt", called=called, error=said)) from None


def layers_of(model: Any) -> list[Any]:
    """Every layer of ``model``, nested models flattened, in order (wrappers kept whole)."""
    found = []
    for layer in model.layers:
        if hasattr(layer, "layers") and not hasattr(layer, "return_sequences"):
            found.extend(layers_of(layer))
        else:
            found.append(layer)
    return found


def recurrent_layers(model: Any) -> list[Any]:
    """The layers that read a sequence step by step (SimpleRNN, LSTM, GRU, Bidirectional...)."""
    return [layer for layer in layers_of(model) if hasattr(layer, "return_sequences")]


def check_sizes(
    model: Any, *, vocab_size: int, embedding_dim: int, units: int, called: str
) -> None:
    """The first layer is ``Embedding(vocab_size, embedding_dim)`` and the recurrent one has
    ``units`` units (each direction of a Bidirectional), else `Mismatch`."""
    layers = layers_of(model)
    first = layers[0] if layers else None
    if type(first).__name__ != "Embedding":
        raise Mismatch(
            text(
                "models.first_layer",
                called=called,
                vocab_size=vocab_size,
                embedding_dim=embedding_dim,
                layer=type(first).__name__,
            )
        )
    if (first.input_dim, first.output_dim) != (vocab_size, embedding_dim):
        raise Mismatch(
            text(
                "models.embedding_size",
                called=called,
                input_dim=first.input_dim,
                output_dim=first.output_dim,
                vocab_size=vocab_size,
                embedding_dim=embedding_dim,
            )
        )
    recurrent = recurrent_layers(model)
    if not recurrent:
        raise Mismatch(text("models.no_recurrent", called=called))
    for layer in recurrent:
        inner = getattr(layer, "forward_layer", layer)
        if getattr(inner, "units", units) != units:
            raise Mismatch(
                text(
                    "models.units",
                    called=called,
                    layer=type(layer).__name__,
                    units=inner.units,
                    expected=units,
                )
            )


def check_return_sequences(model: Any, *, every_step: bool, called: str) -> None:
    """The recurrent layer feeding the output returns every step (``every_step``) or the last.

    Stacked layers below it must return sequences in any case: the next one reads them.
    """
    recurrent = recurrent_layers(model)
    *below, top = recurrent
    for layer in below:
        if not layer.return_sequences:
            raise Mismatch(text("models.stacked", called=called, layer=type(layer).__name__))
    if top.return_sequences != every_step:
        why = text("models.why_generator" if every_step else "models.why_classifier")
        raise Mismatch(
            text(
                "models.return_sequences",
                called=called,
                layer=type(top).__name__,
                got=top.return_sequences,
                why=why,
                expected=every_step,
            )
        )


def check_output(
    got: np.ndarray, expected_shape: tuple[int, ...], *, kind: str, called: str, keras: str
) -> None:
    """Output shape as the reference model's, values probabilities: sigmoid (``kind="sigmoid"``)
    in [0, 1], or softmax (``kind="softmax"``) summing to 1 over the vocabulary."""
    if got.shape != tuple(expected_shape):
        raise Mismatch(
            text(
                "models.output_shape",
                called=called,
                ids_shape=tuple(expected_shape[:2]),
                shape=got.shape,
                keras=keras,
                expected=tuple(expected_shape),
            )
        )
    if not np.all(np.isfinite(got)) or got.min() < 0 or got.max() > 1:
        raise Mismatch(
            text(
                "models.not_probabilities",
                called=called,
                low=f"{got.min():.3g}",
                high=f"{got.max():.3g}",
                kind=kind,
            )
        )
    if kind == "softmax":
        sums = got.sum(axis=-1)
        if np.abs(sums - 1).max() > 1e-3:
            raise Mismatch(
                text(
                    "models.softmax_sums",
                    called=called,
                    low=f"{sums.min():.3g}",
                    high=f"{sums.max():.3g}",
                )
            )


def train(model: Any, x: np.ndarray, y: np.ndarray, loss: str, training: Training) -> Any:
    """Compile ``model`` with Adam and ``loss``, train it on ``(x, y)`` seeded, return it.

    Without XLA (``jit_compile=False``): Keras turns it off anyway on a CPU, and saying so keeps
    a GPU machine training the same way rather than compiling for seconds to save milliseconds.
    """
    import keras

    keras.utils.set_random_seed(training.seed)
    model.compile(
        optimizer=keras.optimizers.Adam(training.learning_rate), loss=loss, jit_compile=False
    )
    if model.built and all(layer.built for layer in layers_of(model)):
        # Adam's slots made now, not inside the first traced step: TensorFlow traces a step
        # that creates variables a second time. (An unbuilt model gets its weights in that
        # step, so its slots must wait for them.)
        model.optimizer.build(model.trainable_variables)
    model.fit(x, y, epochs=training.epochs, batch_size=training.batch_size, verbose=0)
    return model


def _probabilities(model: Any, x: np.ndarray) -> np.ndarray:
    """``model``'s output on all of ``x`` in one eager call: ``predict`` would trace a
    function for these few hundred rows, which costs more than computing them."""
    return np.asarray(model(x, training=False))


def accuracy(model: Any, x: np.ndarray, y: np.ndarray) -> float:
    """Share of ``y`` (0 or 1) predicted right by a sigmoid output thresholded at 0.5."""
    predicted = _probabilities(model, x).reshape(len(y)) > 0.5  # (n,)
    return float(np.mean(predicted == (y > 0.5)))


def next_token_loss(model: Any, x: np.ndarray, y: np.ndarray) -> float:
    """Mean cross-entropy (nats) of the next token ``y`` under the model's softmax on ``x``."""
    probs = _probabilities(model, x).astype(np.float64)  # (n, steps, vocab)
    picked = np.take_along_axis(probs, y[..., None], axis=-1)[..., 0]  # (n, steps)
    return float(-np.mean(np.log(np.clip(picked, 1e-12, 1.0))))
