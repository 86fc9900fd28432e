"""Classification reads the last step; generation needs every step.

Classifier: Embedding -> LSTM (last step only) -> one sigmoid, on gensim's 200 labelled
`pang_lee_polarity` sentences. Held-out accuracy comes from k-fold cross-validation (each
sentence is scored once by a model that never saw it; vocabulary built on the training folds
only; a fixed number of epochs, no peeking at the held-out fold), once with a random embedding
table and once initialised with the pretrained MiniLM word-piece rows. Both runs score the same
sentences, so a paired bootstrap over the sentences (`rnnlab.experiments.intervals`) gives an
interval for each accuracy and for their difference: with 200 sentences, whether the difference
is more than chance is the interval's to say.

Generator: Embedding -> LSTM (every step) -> softmax over characters, on the Lee corpus; the
last 30 documents are held out. Samples are drawn step by step with the chosen
implementation's own `lstm_step` (e03) on the trained weights.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from rnnlab import i18n
from rnnlab.data.corpora import read_lee, read_polarity, tokenize
from rnnlab.data.pretrained import WordPieceTable, load_pretrained_table
from rnnlab.data.vocab import Vocabulary
from rnnlab.experiments.impl_layers import impl_function
from rnnlab.experiments.intervals import Interval, paired_bootstrap
from rnnlab.experiments.protocol import Progress, Run, RunOptions
from rnnlab.experiments.training import epoch_progress, figure_pyplot, seed_everything

if TYPE_CHECKING:
    from typing_extensions import Unpack

NAME = "classify-and-generate"
TITLE = "Classify the last step, generate at every step"
INITS = ("random", "pretrained")
PROMPTS = ("the fire ", "police said ")


@dataclass(frozen=True)
class Settings:
    """Sizes of one run.

    Attributes
    ----------
    folds : int
        Cross-validation folds of the classifier.
    max_words : int
        Sentences are cut or padded to this many words.
    classifier_units, classifier_epochs : int
        Width of the classifier's LSTM, and its passes over the training folds.
    text_chars : int or None
        Characters of Lee's training documents the generator learns from; None: all of them.
    window : int
        Characters per training window of the generator.
    generator_dim, generator_units, generator_epochs : int
        Width of its character rows and of its LSTM, and its passes over the text.
    sample_chars : int
        Characters written after each prompt.
    temperature : float
        Divides the logits before sampling: below 1, likely characters are picked more often.
    resamples : int
        Bootstrap draws of the sentences for the accuracies' intervals.
    level : float
        Coverage of those intervals.
    """

    folds: int = 5
    max_words: int = 40
    classifier_units: int = 32
    classifier_epochs: int = 12
    text_chars: int | None = None
    window: int = 64
    generator_dim: int = 32
    generator_units: int = 128
    generator_epochs: int = 10
    sample_chars: int = 160
    temperature: float = 0.6
    resamples: int = 10_000
    level: float = 0.95


QUICK = Settings(
    folds=2,
    classifier_epochs=8,
    text_chars=60_000,
    generator_units=64,
    generator_epochs=3,
    sample_chars=100,
)
DEFAULT = Settings()


@dataclass
class Result:
    """Cross-validated accuracies, the generator's losses, and its samples."""

    fold_accuracy: dict[str, list[float]]  # init -> held-out accuracy of each fold
    train_accuracy: dict[str, list[float]]  # init -> accuracy on its own training folds
    heldout_correct: dict[str, list[int]]  # init -> 1 where its held-out answer was right
    # init or "difference" (pretrained - random) -> [accuracy, low, high] of the paired bootstrap
    intervals: dict[str, list[float]]
    sentences: int
    positive: int
    max_impl_error: dict[str, float]  # model -> max |implementation - Keras| of its outputs
    chars: str  # the generator's alphabet, in id order
    train_loss: list[float]  # nats per character, per epoch
    heldout_loss: list[float]
    unigram_loss: float  # held-out loss of predicting training character frequencies
    uniform_loss: float  # log(alphabet size)
    samples: dict[str, str]  # prompt -> prompt + generated text
    settings: dict[str, Any]


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def pretrained_rows(vocab: Vocabulary, table: WordPieceTable) -> np.ndarray:
    """One pretrained row per vocabulary word (mean of its word pieces); padding row 0."""
    rows = np.stack([table.word_vector(word) for word in vocab.words])  # (vocab, dim)
    rows[0] = 0.0
    rows[1] = table.vectors[table.index["[UNK]"]] if "[UNK]" in table.index else 0.0
    return rows.astype(np.float32)


def _folds(labels: np.ndarray, folds: int, rng: np.random.Generator) -> np.ndarray:
    """A fold number per sentence, each fold with the same share of positives."""
    assignment = np.empty(len(labels), dtype=np.int64)
    for label in (0, 1):
        members = rng.permutation(np.flatnonzero(labels == label))
        assignment[members] = np.arange(len(members)) % folds
    return assignment


def _classify(
    texts: list[list[str]],
    labels: np.ndarray,
    table: WordPieceTable,
    chosen: Settings,
    seed: int,
    impl: str | Path,
    progress: Progress | None,
) -> tuple[dict[str, list[float]], dict[str, list[float]], dict[str, np.ndarray], float]:
    """Cross-validate both inits: per-fold held-out and training accuracy, whether each
    sentence was classified right when held out (sentence order), and the largest gap between
    the implementation's probabilities and Keras's."""
    import keras

    lstm = impl_function(impl, "e03_lstm", "lstm")
    lookup = impl_function(impl, "e01_embedding", "embedding_lookup")
    assignment = _folds(labels, chosen.folds, np.random.default_rng(seed))
    heldout: dict[str, list[float]] = {init: [] for init in INITS}
    train_acc: dict[str, list[float]] = {init: [] for init in INITS}
    correct = {init: np.zeros(len(labels), np.int64) for init in INITS}  # (sentences,)
    max_error = 0.0
    for fold in range(chosen.folds):
        train, test = assignment != fold, assignment == fold
        vocab = Vocabulary.build([t for t, keep in zip(texts, train) if keep])
        x = vocab.pad(texts, chosen.max_words)  # (sentences, max_words), unseen words -> 1
        dim = table.vectors.shape[1]
        for init in INITS:
            keras.utils.set_random_seed(seed + fold)  # both inits start from the same weights
            initializer = (
                keras.initializers.Constant(pretrained_rows(vocab, table))
                if init == "pretrained"
                else "uniform"
            )
            embedding = keras.layers.Embedding(len(vocab), dim, embeddings_initializer=initializer)
            recurrent = keras.layers.LSTM(chosen.classifier_units)  # last step only
            head = keras.layers.Dense(1, activation="sigmoid")
            model = keras.Sequential([keras.Input((chosen.max_words,)), embedding, recurrent, head])
            model.compile(keras.optimizers.Adam(0.002), "binary_crossentropy")
            model.fit(
                x[train],
                labels[train],
                batch_size=16,
                epochs=chosen.classifier_epochs,
                verbose=0,
                callbacks=epoch_progress(
                    progress,
                    i18n.text(
                        "progress.classifier",
                        init=i18n.text(f"experiments.cg_init_{init}"),
                        fold=fold + 1,
                    ),
                    chosen.classifier_epochs,
                ),
            )
            keras_prob = model.predict(x[test], verbose=0)[:, 0]  # (test,)
            vectors = np.asarray(lookup(embedding.get_weights()[0], x[test]))
            last_h = np.asarray(lstm(vectors, *recurrent.get_weights()))  # (test, units)
            kernel, bias = head.get_weights()
            impl_prob = _sigmoid(last_h @ kernel + bias)[:, 0]  # (test,)
            max_error = max(max_error, float(np.max(np.abs(impl_prob - keras_prob))))
            correct[init][test] = (impl_prob > 0.5) == labels[test]
            heldout[init].append(float(np.mean(correct[init][test])))
            train_prob = model.predict(x[train], verbose=0)[:, 0]
            train_acc[init].append(float(np.mean((train_prob > 0.5) == labels[train])))
    return heldout, train_acc, correct, max_error


def _generate(
    model_weights: list[np.ndarray],
    chars: str,
    prompt: str,
    count: int,
    temperature: float,
    step: Any,
    rng: np.random.Generator,
) -> str:
    """Feed ``prompt``, then sample ``count`` characters one step at a time with ``step``."""
    table, kernel, recurrent_kernel, bias, dense_kernel, dense_bias = model_weights
    index = {c: i for i, c in enumerate(chars)}
    units = recurrent_kernel.shape[0]
    h = np.zeros((1, units), np.float32)  # (1, units)
    c = np.zeros((1, units), np.float32)
    text = prompt
    logits = None
    for char in prompt:
        h, c = step(table[[index.get(char, 0)]], h, c, kernel, recurrent_kernel, bias)
        logits = np.asarray(h) @ dense_kernel + dense_bias  # (1, alphabet)
    for _ in range(count):
        z = logits[0] / temperature
        p = np.exp(z - z.max())
        char_id = int(rng.choice(len(chars), p=p / p.sum()))
        text += chars[char_id]
        h, c = step(table[[char_id]], h, c, kernel, recurrent_kernel, bias)
        logits = np.asarray(h) @ dense_kernel + dense_bias
    return text


def _char_windows(ids: np.ndarray, window: int) -> np.ndarray:
    starts = np.arange(0, len(ids) - window - 1, window)
    return np.stack([ids[s : s + window + 1] for s in starts])  # (windows, window + 1)


def _train_generator(
    documents: list[str], chosen: Settings, seed: int, impl: str | Path, progress: Progress | None
) -> dict[str, Any]:
    import keras

    step = impl_function(impl, "e03_lstm", "lstm_step")
    lstm = impl_function(impl, "e03_lstm", "lstm")
    train_text = "\n".join(documents[:-30]).lower()[: chosen.text_chars]
    heldout_text = "\n".join(documents[-30:]).lower()
    chars = "".join(sorted(set(train_text)))
    index = {c: i for i, c in enumerate(chars)}

    def encode(text: str) -> np.ndarray:
        return np.array([index.get(c, 0) for c in text])  # (chars,)

    train = _char_windows(encode(train_text), chosen.window)
    heldout = _char_windows(encode(heldout_text), chosen.window)
    keras.utils.set_random_seed(seed)
    embedding = keras.layers.Embedding(len(chars), chosen.generator_dim)
    recurrent = keras.layers.LSTM(chosen.generator_units, return_sequences=True)  # every step
    head = keras.layers.Dense(len(chars))
    model = keras.Sequential([keras.Input((chosen.window,)), embedding, recurrent, head])
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    model.compile(keras.optimizers.Adam(0.005), loss)
    history = model.fit(
        train[:, :-1],
        train[:, 1:],
        validation_data=(heldout[:, :-1], heldout[:, 1:]),
        batch_size=32,
        epochs=chosen.generator_epochs,
        verbose=0,
        callbacks=epoch_progress(
            progress, i18n.text("progress.lee_generator"), chosen.generator_epochs
        ),
    )
    frequencies = np.bincount(encode(train_text), minlength=len(chars)) + 1.0
    unigram = -np.log(frequencies / frequencies.sum())[heldout[:, 1:]].mean()
    weights = [*embedding.get_weights(), *recurrent.get_weights(), *head.get_weights()]
    sample = heldout[:4, :-1]
    keras_logits = np.asarray(model.predict(sample, verbose=0))  # (4, window, alphabet)
    states = np.asarray(lstm(weights[0][sample], *weights[1:4], return_sequences=True))
    impl_logits = states @ weights[4] + weights[5]  # (4, window, alphabet)
    rng = np.random.default_rng(seed)
    samples = {
        prompt: _generate(
            weights, chars, prompt, chosen.sample_chars, chosen.temperature, step, rng
        )
        for prompt in PROMPTS
    }
    return {
        "chars": chars,
        "train_loss": [float(v) for v in history.history["loss"]],
        "heldout_loss": [float(v) for v in history.history["val_loss"]],
        "unigram_loss": float(unigram),
        "uniform_loss": float(np.log(len(chars))),
        "samples": samples,
        "max_error": float(np.max(np.abs(impl_logits - keras_logits))),
    }


def _probe(impl: str | Path) -> None:
    """Call each function this experiment uses once on a one-unit input."""
    square, zeros = np.zeros((1, 4), np.float32), np.zeros(4, np.float32)
    impl_function(impl, "e01_embedding", "embedding_lookup")(square, np.zeros((1, 1), np.int64))
    impl_function(impl, "e03_lstm", "lstm")(np.zeros((1, 1, 1), np.float32), square, square, zeros)
    impl_function(impl, "e03_lstm", "lstm_step")(
        np.zeros((1, 1), np.float32),
        np.zeros((1, 1), np.float32),
        np.zeros((1, 1), np.float32),
        square,
        square,
        zeros,
    )


def run(
    *,
    settings: Settings | None = None,
    polarity: tuple[list[str], list[int]] | None = None,
    lee: list[str] | None = None,
    table: WordPieceTable | None = None,
    **options: Unpack[RunOptions],
) -> Result:
    """Cross-validate the classifier with both initialisations, then train the generator.

    ``impl``'s e01 `embedding_lookup` and e03 `lstm` score the held-out sentences, and its
    `lstm_step` writes the samples; ``progress`` is called after each epoch.

    Parameters
    ----------
    settings, polarity, lee, table : optional
        Override the sizes and the data (unit tests use tiny ones); by default the shipped data.
    **options
        ``quick``, ``impl``, ``seed``, ``progress``: see `rnnlab.experiments.protocol.RunOptions`.
    """
    call = Run.start(options, settings, QUICK, DEFAULT)
    chosen, impl, seed, progress = call.settings, call.impl, call.seed, call.progress
    _probe(impl)  # a stub fails here, before any training
    if polarity is None:
        shipped = read_polarity()
        polarity = (shipped.texts, shipped.labels)
    table = table if table is not None else load_pretrained_table()
    seed_everything(seed)
    texts = [tokenize(text) for text in polarity[0]]
    labels = np.array(polarity[1], dtype=np.int64)
    heldout, train_acc, correct, classifier_error = _classify(
        texts, labels, table, chosen, seed, impl, progress
    )
    random_init, pretrained, difference = paired_bootstrap(
        correct["random"],
        correct["pretrained"],
        resamples=chosen.resamples,
        level=chosen.level,
        seed=seed,
    )
    generator = _train_generator(
        lee if lee is not None else read_lee(), chosen, seed, impl, progress
    )
    return Result(
        fold_accuracy=heldout,
        train_accuracy=train_acc,
        heldout_correct={init: [int(v) for v in correct[init]] for init in INITS},
        intervals={
            "random": _bounds(random_init),
            "pretrained": _bounds(pretrained),
            "difference": _bounds(difference),
        },
        sentences=len(texts),
        positive=int(labels.sum()),
        max_impl_error={"classifier": classifier_error, "generator": generator.pop("max_error")},
        **generator,
        settings=call.record(),
    )


def _bounds(interval: Interval) -> list[float]:
    return [interval.value, interval.low, interval.high]


def _interval(result: Result, which: str) -> Interval:
    """The recorded interval of an init's accuracy, or of ``"difference"``."""
    return Interval(*result.intervals[which])


def conclusion(result: Result, *, language: str | None = None) -> str:
    """What the interval of the difference allows one to say, in ``language``.

    If it holds 0, the two initialisations cannot be told apart on these sentences; otherwise
    the sign of the difference is what the data support, and no more. A classifier whose own
    interval holds the majority-class accuracy is said not to be shown better than that.
    """

    def init_name(init: str) -> str:
        return i18n.text(f"experiments.cg_init_{init}", language=language)

    gap = _interval(result, "difference")
    fields = {
        "sentences": result.sentences,
        "level": f"{result.settings['level']:.0%}",
        "low": f"{gap.low:+.3f}",
        "high": f"{gap.high:+.3f}",
    }
    if gap.holds(0.0):
        said = [i18n.text("experiments.cg_conclusion_same", language=language, **fields)]
    else:
        better = init_name("pretrained" if gap.low > 0 else "random")
        said = [
            i18n.text("experiments.cg_conclusion_better", language=language, init=better, **fields)
        ]
    majority = _majority(result)
    # An interval holding the majority rate: that classifier is not shown to beat guessing so.
    guessing = [init for init in INITS if _interval(result, init).holds(majority)]
    key = "experiments.cg_conclusion_majority"
    if len(guessing) == len(INITS):  # one sentence for both, not the same one twice
        said.append(i18n.text(f"{key}_all", language=language, majority=f"{majority:.3f}"))
    else:
        said += [
            i18n.text(key, language=language, init=init_name(init), majority=f"{majority:.3f}")
            for init in guessing
        ]
    return " ".join(said)


def _shown(interval: Interval, sign: str = "") -> str:
    """``0.515 [0.445, 0.585]``: the value and its interval, three decimals."""
    value, low, high = (f"{v:{sign}.3f}" for v in (interval.value, interval.low, interval.high))
    return f"{value} [{low}, {high}]"


def _majority(result: Result) -> float:
    """Accuracy of always answering the more frequent label."""
    return max(result.positive, result.sentences - result.positive) / result.sentences


def summary_rows(result: Result, *, language: str | None = None) -> list[dict[str, object]]:
    """Held-out accuracy per initialisation, the generator's losses, and the samples.

    Column names and labels are in ``language`` (the learner's by default, `rnnlab.i18n`).
    """
    t = functools.partial(i18n.text, language=language)
    model_, measure_, value_ = (t(f"experiments.cg_{c}") for c in ("model", "measure", "value"))
    folds = len(next(iter(result.fold_accuracy.values())))
    level, resamples = f"{result.settings['level']:.0%}", result.settings["resamples"]
    classifier, generator = t("experiments.cg_classifier"), t("experiments.cg_generator")
    rows: list[dict[str, object]] = []
    for init in INITS:
        accuracy = np.array(result.fold_accuracy[init])
        model = t("experiments.cg_classifier_init", init=t(f"experiments.cg_init_{init}"))
        shown = ", ".join(f"{a:.2f}" for a in accuracy)
        rows.append(
            {
                model_: model,
                measure_: t("experiments.cg_heldout", folds=folds, sentences=result.sentences),
                value_: t("experiments.cg_folds", mean=f"{accuracy.mean():.3f}", folds=shown),
            }
        )
        rows.append(
            {
                model_: model,
                measure_: t("experiments.cg_interval", level=level, resamples=resamples),
                value_: _shown(_interval(result, init)),
            }
        )
        rows.append(
            {
                model_: model,
                measure_: t("experiments.cg_train_accuracy"),
                value_: f"{np.mean(result.train_accuracy[init]):.3f}",
            }
        )
    rows.append(
        {
            model_: classifier,
            measure_: t("experiments.cg_majority"),
            value_: f"{_majority(result):.3f}",
        }
    )
    names = {init: t(f"experiments.cg_init_{init}") for init in INITS}
    rows.append(
        {
            model_: classifier,
            measure_: t("experiments.cg_difference", level=level, resamples=resamples, **names),
            value_: _shown(_interval(result, "difference"), sign="+"),
        }
    )
    rows.append(
        {
            model_: classifier,
            measure_: t("experiments.cg_conclusion"),
            value_: conclusion(result, language=language),
        }
    )
    for measure, value in (
        (t("experiments.cg_heldout_loss"), result.heldout_loss[-1]),
        (t("experiments.cg_train_loss"), result.train_loss[-1]),
        (t("experiments.cg_unigram_loss"), result.unigram_loss),
        (t("experiments.cg_uniform", chars=len(result.chars)), result.uniform_loss),
    ):
        rows.append({model_: generator, measure_: measure, value_: f"{value:.3f}"})
    for prompt, text in result.samples.items():
        rows.append(
            {
                model_: generator,
                measure_: t("experiments.cg_sample", prompt=repr(prompt)),
                value_: repr(text),
            }
        )
    shown = {"classifier": classifier, "generator": generator}  # the results' keys, named
    for model, error in result.max_impl_error.items():
        rows.append(
            {model_: shown[model], measure_: t("experiments.cg_impl_error"), value_: f"{error:.2e}"}
        )
    return rows


def figures(result: Result, *, language: str | None = None) -> dict[str, Any]:
    """``classifier_accuracy`` (per fold) and ``generator_loss`` (per epoch); their words in
    ``language`` (the learner's by default)."""
    t = functools.partial(i18n.text, language=language)
    plt = figure_pyplot()
    fig, axis = plt.subplots(figsize=(6, 3.8))
    folds = len(result.fold_accuracy[INITS[0]])
    width = 0.38
    for offset, init in zip((-width / 2, width / 2), INITS):
        values = result.fold_accuracy[init]
        positions = np.arange(folds) + offset
        interval = _interval(result, init)
        label = t(
            "plots.cg_init_mean",
            init=t(f"experiments.cg_init_{init}"),
            mean=f"{interval.value:.2f}",
            level=f"{result.settings['level']:.0%}",
            low=f"{interval.low:.2f}",
            high=f"{interval.high:.2f}",
        )
        axis.bar(positions, values, width, label=label)
    axis.axhline(_majority(result), color="grey", ls="--", label=t("plots.cg_majority"))
    axis.set(
        xticks=range(folds),
        xticklabels=[t("plots.cg_fold", fold=i + 1) for i in range(folds)],
        ylim=(0, 1),
        ylabel=t("plots.cg_heldout_accuracy"),
        title=t("plots.cg_classifier_title"),
    )
    axis.legend(fontsize=8, loc="upper right")
    fig.tight_layout()
    out = {"classifier_accuracy": fig}
    fig, axis = plt.subplots(figsize=(6, 3.8))
    epochs = range(1, len(result.train_loss) + 1)
    axis.plot(epochs, result.train_loss, "o-", label=t("plots.cg_training"))
    axis.plot(epochs, result.heldout_loss, "o-", label=t("plots.cg_heldout_documents"))
    axis.axhline(result.unigram_loss, color="grey", ls="--", label=t("plots.cg_frequencies"))
    axis.axhline(result.uniform_loss, color="grey", ls=":", label=t("plots.cg_uniform"))
    axis.set(
        xticks=list(epochs),
        xlabel=t("plots.epoch"),
        ylabel=t("plots.cg_loss"),
        title=t("plots.cg_generator_title"),
        ylim=(0, result.uniform_loss * 1.05),
    )
    axis.legend(fontsize=8)
    fig.tight_layout()
    out["generator_loss"] = fig
    return out
