"""Sparse vs distributed word vectors, on text that packages ship.

(a) One-hot vectors: every pair of different words has cosine 0, so they cannot say that
"king" is closer to "queen" than to "apple". (b) On gensim's Lee news corpus, three ways to
learn dense vectors from co-occurrence: counts + PPMI + SVD (the count-based family GloVe
belongs to), word2vec (skip-gram) and FastText (skip-gram on character n-grams), nearest
neighbours side by side. (c) The pretrained 30522 x 384 word-piece table of all-MiniLM-L6-v2:
neighbours, Spearman correlation with human ratings on WordSim-353 and SimLex-999, and a 2-D
projection. (d) The ELMo idea: a small bidirectional LSTM language model trained on Lee gives
"bank" one vector in "West Bank" and another in "Reserve Bank", while an embedding table gives
every occurrence the same row.
"""

from __future__ import annotations

import functools
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from rnnlab import i18n
from rnnlab.data.corpora import read_lee, split_sentences, tokenize
from rnnlab.data.pretrained import WordPieceTable, load_pretrained_table
from rnnlab.data.shipped import require
from rnnlab.data.vocab import Vocabulary
from rnnlab.data.word_pairs import word_pair_benchmark
from rnnlab.experiments.impl_layers import impl_function
from rnnlab.experiments.protocol import Progress, Run, RunOptions
from rnnlab.experiments.similarity import cosine_matrix, evaluate_pairs, nearest, unit_rows
from rnnlab.experiments.training import epoch_progress, figure_pyplot, seed_everything

if TYPE_CHECKING:
    from typing_extensions import Unpack

NAME = "embeddings"
TITLE = "Sparse vs distributed word vectors"
QUERIES = ("fire", "police", "government", "tuesday")
ONE_HOT_WORDS = ("king", "queen", "man", "woman", "cat", "dog", "paris", "london")
PROJECTION = {
    "animals": ("cat", "dog", "horse", "cow", "lion", "tiger", "mouse", "bird"),
    "countries": ("france", "germany", "china", "japan", "india", "brazil", "canada", "italy"),
    "numbers": ("one", "two", "three", "four", "five", "six", "seven", "eight"),
    "family": ("mother", "father", "sister", "brother", "son", "daughter", "uncle", "aunt"),
    "verbs": ("run", "walk", "eat", "drink", "write", "read", "sing", "swim"),
}
CONTEXT_WORD = "bank"  # "West Bank" (30 times in Lee) and "Reserve Bank" / "central bank"
LEE_METHODS = ("counts+SVD", "word2vec", "FastText")
# Names the results keep in English (as JSON keys), shown in the reader's language: the
# method names that are descriptions rather than proper names, and the senses of "bank".
SHOWN = {
    "counts+SVD": "em_name_counts_svd",
    "one-hot": "em_name_one_hot",
    "MiniLM table": "em_name_minilm_table",
    "biLSTM LM": "em_name_bilstm_lm",
    "West Bank": "em_sense_west_bank",
    "other bank": "em_sense_other_bank",
}


def _shown(name: str, t: Callable[..., str]) -> str:
    """``name`` in the reader's language where `SHOWN` lists it, else as it is."""
    return t(f"experiments.{SHOWN[name]}") if name in SHOWN else name


@dataclass(frozen=True)
class Settings:
    """Sizes of one run.

    Attributes
    ----------
    dim : int
        Width of the vectors each Lee method learns.
    window : int
        How many words on each side of a word count as its context.
    min_count : int
        Lee words seen fewer times get no vector.
    gensim_epochs : int
        Passes of word2vec and FastText over Lee.
    lm_vocab : int
        Words the biLSTM language model knows, padding and unknown included; the rest share
        the unknown id.
    lm_dim, lm_units : int
        Width of its embedding rows and of each of its two LSTMs.
    lm_length : int
        Words per training window.
    lm_epochs : int
        Its passes over Lee.
    contexts_per_sense : int
        Occurrences of "bank" compared, for each of its two senses.
    """

    dim: int = 50
    window: int = 5
    min_count: int = 5
    gensim_epochs: int = 30
    lm_vocab: int = 4000
    lm_dim: int = 64
    lm_units: int = 64
    lm_length: int = 20
    lm_epochs: int = 10
    contexts_per_sense: int = 5


QUICK = Settings(gensim_epochs=5, lm_vocab=1000, lm_epochs=2)
DEFAULT = Settings()


@dataclass
class Result:
    """Every number the figures and the summary table show."""

    one_hot_words: list[str]
    one_hot_cosines: list[list[float]]
    pretrained_cosines: list[list[float]]
    lee_tokens: int
    lee_vocab: int
    neighbours: dict[str, dict[str, list[str]]]  # method -> query -> nearest words
    lee_wordsim: dict[str, float]  # method -> Spearman on the WordSim-353 pairs Lee covers
    lee_wordsim_pairs: int
    pretrained_spearman: dict[str, float]  # benchmark -> Spearman over its covered pairs
    pretrained_pairs: dict[str, list[int]]  # benchmark -> [covered, total]
    projection_words: list[str]
    projection_groups: list[str]
    projection_xy: list[list[float]]
    context_snippets: list[str]
    context_senses: list[str]
    context_cosines: list[list[float]]  # biLSTM states of each occurrence, mean state removed
    raw_context_cosines: list[list[float]]  # the same without removing the mean state
    static_cosines: list[list[float]]  # the LM's own embedding rows of the same occurrences
    same_sense_cosine: float
    other_sense_cosine: float
    same_sense_nearest: int  # occurrences whose most similar other occurrence shares its sense
    lm_loss: list[float]
    settings: dict[str, Any]


def _stable_hash(text: str) -> int:
    # gensim seeds each word's initial vector with hash(word); Python's str hash changes per
    # process (PYTHONHASHSEED), so word2vec would differ run to run without this.
    return zlib.crc32(text.encode("utf-8"))


def lee_sentences(documents: list[str]) -> list[list[str]]:
    """Tokenised sentences of the Lee documents, sentences of one word dropped."""
    sentences = (tokenize(s) for document in documents for s in split_sentences(document))
    return [sentence for sentence in sentences if len(sentence) > 1]


def truncated_svd(matrix: np.ndarray, dim: int, rng: np.random.Generator) -> np.ndarray:
    """``U[:, :dim] * sqrt(S[:dim])`` by randomized SVD (Halko, Martinsson and Tropp, 2011).

    A full SVD of a vocabulary-by-vocabulary matrix costs the cube of the vocabulary's size,
    though only ``dim`` directions are kept; projecting on ``dim + 10`` random directions,
    sharpened by two power iterations, costs far less and gives the same leading directions.
    """
    sketch = matrix @ rng.standard_normal((matrix.shape[1], dim + 10))  # (n, dim + 10)
    for _ in range(2):
        sketch = matrix @ (matrix.T @ np.linalg.qr(sketch)[0])
    basis = np.linalg.qr(sketch)[0]  # (n, dim + 10), orthonormal columns
    u_small, s, _ = np.linalg.svd(basis.T @ matrix, full_matrices=False)
    u = basis @ u_small  # (n, dim + 10)
    u *= np.where(u.sum(axis=0) < 0, -1.0, 1.0)  # a fixed sign per direction: reproducible
    return (u[:, :dim] * np.sqrt(s[:dim])).astype(np.float32)  # (n, dim)


def ppmi_svd(
    sentences: list[list[str]], words: list[str], window: int, dim: int, seed: int
) -> np.ndarray:
    """Count co-occurrences within ``window`` (weighted 1/distance), take positive PMI, then
    keep the top ``dim`` singular directions: ``U * sqrt(S)``, one row per word.

    Context counts are raised to the power 0.75 before normalising, which stops rare contexts
    from getting huge PMI (Levy, Goldberg and Dagan, 2015).
    """
    index = {word: i for i, word in enumerate(words)}
    counts = np.zeros((len(words), len(words)))  # (vocab, vocab)
    for sentence in sentences:
        ids = [index.get(word, -1) for word in sentence]
        for i, a in enumerate(ids):
            if a < 0:
                continue
            for distance in range(1, window + 1):
                if i + distance < len(ids) and ids[i + distance] >= 0:
                    b = ids[i + distance]
                    counts[a, b] += 1.0 / distance
                    counts[b, a] += 1.0 / distance
    total = counts.sum()
    word_p = counts.sum(axis=1) / total  # (vocab,)
    context = counts.sum(axis=0) ** 0.75
    context_p = context / context.sum()  # (vocab,)
    with np.errstate(divide="ignore"):
        pmi = np.log(counts / total) - np.log(word_p)[:, None] - np.log(context_p)[None, :]
    ppmi = np.maximum(pmi, 0.0)  # (vocab, vocab); log(0) = -inf becomes 0
    return truncated_svd(ppmi, dim, np.random.default_rng(seed))


def _gensim_vectors(sentences: list[list[str]], words: list[str], chosen: Settings, seed: int):
    gensim = require("gensim", "The word2vec and FastText part of the embeddings experiment")
    options = {
        "vector_size": chosen.dim,
        "window": chosen.window,
        "min_count": chosen.min_count,
        "sg": 1,
        "epochs": chosen.gensim_epochs,
        "workers": 1,  # one thread: the same vectors every run
        "seed": seed,
        "hashfxn": _stable_hash,
    }
    word2vec = gensim.models.Word2Vec(sentences, **options)
    # 20 000 n-gram buckets instead of 2 million: 4 MB instead of 400 MB, plenty for Lee.
    fasttext = gensim.models.FastText(sentences, bucket=20_000, **options)
    return (
        np.stack([word2vec.wv[word] for word in words]),
        np.stack([fasttext.wv[word] for word in words]),
    )


def _whole_words(table: WordPieceTable) -> tuple[list[str], np.ndarray]:
    rows = [i for i, t in enumerate(table.tokens) if t.isalpha() and not t.startswith("[")]
    return [table.tokens[i] for i in rows], table.vectors[rows]


def _bank_contexts(
    sentences: list[list[str]], per_sense: int
) -> tuple[list[list[str]], list[int], list[str]]:
    found: dict[str, list[tuple[list[str], int]]] = {"West Bank": [], "other bank": []}
    for sentence in map(list, dict.fromkeys(map(tuple, sentences))):  # Lee repeats sentences
        for i, word in enumerate(sentence):
            if word == CONTEXT_WORD:
                sense = "West Bank" if i > 0 and sentence[i - 1] == "west" else "other bank"
                if len(found[sense]) < per_sense:
                    found[sense].append((sentence, i))
    picked = found["West Bank"] + found["other bank"]
    senses = ["West Bank"] * len(found["West Bank"]) + ["other bank"] * len(found["other bank"])
    return [s for s, _ in picked], [i for _, i in picked], senses


def _bilstm_language_model(vocab_size: int, chosen: Settings):
    """Forward LSTM predicts the next word, backward LSTM the previous one (ELMo's two LMs)."""
    import keras

    ids = keras.Input((None,), dtype="int32")
    embedded = keras.layers.Embedding(vocab_size, chosen.lm_dim, name="embedding")(ids)
    forward = keras.layers.LSTM(chosen.lm_units, return_sequences=True, name="forward")(embedded)
    backward = keras.layers.LSTM(
        chosen.lm_units, return_sequences=True, go_backwards=True, name="backward"
    )(embedded)
    backward = keras.ops.flip(backward, axis=1)  # step t again holds the state after word t
    next_word = keras.layers.Dense(vocab_size, name="next")(forward)
    previous_word = keras.layers.Dense(vocab_size, name="previous")(backward)
    model = keras.Model(ids, [next_word, previous_word])
    contextual = keras.Model(ids, keras.ops.concatenate([forward, backward], axis=-1))
    return model, contextual


def _train_language_model(
    sentences: list[list[str]], chosen: Settings, progress: Progress | None
) -> tuple[Vocabulary, Any, Any, list[float]]:
    import keras

    vocab = Vocabulary.build(sentences, max_size=chosen.lm_vocab)
    stream = np.concatenate([vocab.encode(sentence) for sentence in sentences])  # (tokens,)
    span = chosen.lm_length + 2
    starts = np.arange(0, len(stream) - span, chosen.lm_length)
    windows = np.stack([stream[s : s + span] for s in starts])  # (windows, length + 2)
    inputs = windows[:, 1:-1]  # words 1..L; targets: the word after and the word before
    model, contextual = _bilstm_language_model(len(vocab), chosen)
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    model.compile(keras.optimizers.Adam(0.005), [loss, loss])
    history = model.fit(
        inputs,
        [windows[:, 2:], windows[:, :-2]],
        batch_size=64,
        epochs=chosen.lm_epochs,
        verbose=0,
        callbacks=epoch_progress(progress, i18n.text("progress.lee_lm"), chosen.lm_epochs),
    )
    return vocab, model, contextual, [float(v) for v in history.history["loss"]]


def _mean_off_diagonal(cosines: np.ndarray, senses: list[str], same: bool) -> float:
    labels = np.array(senses)
    mask = (labels[:, None] == labels[None, :]) == same
    np.fill_diagonal(mask, False)
    return float(cosines[mask].mean())


def same_sense_nearest(cosines: np.ndarray, senses: list[str]) -> int:
    """How many occurrences have, as their most similar other occurrence, one of the same sense.

    Examples
    --------
    >>> same_sense_nearest(np.array([[1, .9, .1], [.9, 1, .2], [.1, .2, 1]]), ["a", "a", "b"])
    2
    """
    others = np.array(cosines, dtype=float)
    np.fill_diagonal(others, -np.inf)
    nearest_other = others.argmax(axis=1)
    return int(sum(senses[i] == senses[j] for i, j in enumerate(nearest_other)))


def _snippet(sentence: list[str], position: int) -> str:
    return " ".join(sentence[max(0, position - 3) : position + 3])


def _table_row(table: WordPieceTable, word: str) -> np.ndarray | None:
    """The pretrained row of ``word``, or None if the table has no such whole word."""
    return table.vectors[table.index[word]] if word in table.index else None


def _one_hot_part(one_hot: Any, lookup: Any, table: WordPieceTable) -> dict[str, Any]:
    """(a) Cosines of one-hot vectors, and of the pretrained rows of the same words."""
    word_ids = np.array([table.index[word] for word in ONE_HOT_WORDS])
    sparse = np.asarray(one_hot(np.arange(len(ONE_HOT_WORDS)), len(ONE_HOT_WORDS)))
    dense = np.asarray(lookup(table.vectors, word_ids))  # (words, 384)
    return {
        "one_hot_words": list(ONE_HOT_WORDS),
        "one_hot_cosines": cosine_matrix(sparse).tolist(),
        "pretrained_cosines": cosine_matrix(dense).tolist(),
    }


def _neighbours(
    words: list[str], vectors: dict[str, np.ndarray], table: WordPieceTable, lookup: Any
) -> dict[str, dict[str, list[str]]]:
    """The 4 nearest words to each query, by each Lee method and in the MiniLM table."""
    whole_words, whole_vectors = _whole_words(table)
    found: dict[str, dict[str, list[str]]] = {method: {} for method in LEE_METHODS}
    found["MiniLM table"] = {}
    index = {word: i for i, word in enumerate(words)}
    for query in (query for query in QUERIES if query in index):
        for method in LEE_METHODS:
            rows = vectors[method]
            found[method][query] = nearest(rows[index[query]], rows, words, 4, {query})
        row = np.asarray(lookup(table.vectors, np.array([table.index[query]])))[0]
        found["MiniLM table"][query] = nearest(row, whole_vectors, whole_words, 4, {query})
    return found


def _lee_part(
    documents: list[str] | None, table: WordPieceTable, lookup: Any, call: Run[Settings]
) -> tuple[list[list[str]], dict[str, Any]]:
    """(b) Three ways to learn vectors from Lee's co-occurrences: neighbours, and WordSim-353
    on the pairs Lee covers (for the MiniLM table too). Also returns Lee's sentences."""
    chosen, progress, steps = call.settings, call.progress, len(LEE_METHODS)
    described = i18n.text("progress.lee_vectors")
    if progress:
        progress(described, 0, steps)
    sentences = lee_sentences(documents if documents is not None else read_lee())
    counts = Counter(word for sentence in sentences for word in sentence)
    words = [word for word, count in counts.most_common() if count >= chosen.min_count]
    vectors = {"counts+SVD": ppmi_svd(sentences, words, chosen.window, chosen.dim, call.seed)}
    if progress:
        progress(described, 1, steps)
    vectors["word2vec"], vectors["FastText"] = _gensim_vectors(sentences, words, chosen, call.seed)
    if progress:
        progress(described, steps, steps)
    index = {word: i for i, word in enumerate(words)}
    wordsim = word_pair_benchmark("wordsim353")
    covered = [p for p in wordsim if p.word1.lower() in index and p.word2.lower() in index]
    lee_wordsim = {
        method: evaluate_pairs(covered, lambda w, m=method: vectors[m][index[w]])[0]
        for method in LEE_METHODS
    }
    lee_wordsim["MiniLM table"] = evaluate_pairs(covered, functools.partial(_table_row, table))[0]
    return sentences, {
        "lee_tokens": sum(counts.values()),
        "lee_vocab": len(words),
        "neighbours": _neighbours(words, vectors, table, lookup),
        "lee_wordsim": lee_wordsim,
        "lee_wordsim_pairs": len(covered),
    }


def _pretrained_part(table: WordPieceTable) -> dict[str, Any]:
    """(c) The pretrained table on the full benchmarks, and a 2-D projection of word groups."""
    spearman, pairs = {}, {}
    for benchmark in ("wordsim353", "simlex999"):
        pair_list = word_pair_benchmark(benchmark)
        rho, n = evaluate_pairs(pair_list, functools.partial(_table_row, table))
        spearman[benchmark], pairs[benchmark] = rho, [n, len(pair_list)]
    projected = [(g, w) for g, group in PROJECTION.items() for w in group if w in table.index]
    points = unit_rows(table.vectors[[table.index[w] for _, w in projected]])  # (n, 384)
    centred = points - points.mean(axis=0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    xy = centred @ components[:2].T  # (n, 2): the two directions of largest variance
    return {
        "pretrained_spearman": spearman,
        "pretrained_pairs": pairs,
        "projection_words": [w for _, w in projected],
        "projection_groups": [g for g, _ in projected],
        "projection_xy": xy.tolist(),
    }


def _context_part(
    sentences: list[list[str]], chosen: Settings, progress: Progress | None
) -> dict[str, Any]:
    """(d) "bank" in its sentences: the states of a biLSTM language model trained on Lee, and
    the model's own embedding rows of the same occurrences."""
    vocab, _, contextual, lm_loss = _train_language_model(sentences, chosen, progress)
    context_sentences, positions, senses = _bank_contexts(sentences, chosen.contexts_per_sense)
    embedding = contextual.get_layer("embedding").get_weights()[0]  # (vocab, lm_dim)
    states, static, everywhere = [], [], []
    for sentence, position in zip(context_sentences, positions):
        ids = vocab.encode(sentence)[None, :]  # (1, words)
        sequence = np.asarray(contextual(ids))[0]  # (words, 2 * units)
        states.append(sequence[position])
        everywhere.append(sequence)
        static.append(embedding[ids[0, position]])
    # Some LSTM units sit near +-1 for every word, which pushes every raw cosine towards 1;
    # subtracting the mean state over all words of these sentences leaves what context adds.
    mean_state = np.concatenate(everywhere).mean(axis=0)  # (2 * units,)
    context_cosines = cosine_matrix(np.stack(states) - mean_state)
    return {
        "context_snippets": [_snippet(s, i) for s, i in zip(context_sentences, positions)],
        "context_senses": senses,
        "context_cosines": context_cosines.tolist(),
        "raw_context_cosines": cosine_matrix(np.stack(states)).tolist(),
        "static_cosines": cosine_matrix(np.stack(static)).tolist(),
        "same_sense_cosine": _mean_off_diagonal(context_cosines, senses, True),
        "other_sense_cosine": _mean_off_diagonal(context_cosines, senses, False),
        "same_sense_nearest": same_sense_nearest(context_cosines, senses),
        "lm_loss": lm_loss,
    }


def run(
    *,
    settings: Settings | None = None,
    lee: list[str] | None = None,
    table: WordPieceTable | None = None,
    **options: Unpack[RunOptions],
) -> Result:
    """Run parts (a) to (d); see the module docstring.

    ``impl``'s e01 `one_hot` and `embedding_lookup` make the one-hot vectors and read the
    pretrained rows.

    Parameters
    ----------
    settings, lee, table : optional
        Override the sizes, the Lee documents and the pretrained table (unit tests use tiny
        ones); by default the shipped data.
    **options
        ``quick``, ``impl``, ``seed``, ``progress``: see `rnnlab.experiments.protocol.RunOptions`.
    """
    call = Run.start(options, settings, QUICK, DEFAULT)
    one_hot = impl_function(call.impl, "e01_embedding", "one_hot")
    lookup = impl_function(call.impl, "e01_embedding", "embedding_lookup")
    table = table if table is not None else load_pretrained_table()
    seed_everything(call.seed)
    one_hot_part = _one_hot_part(one_hot, lookup, table)
    sentences, lee_part = _lee_part(lee, table, lookup, call)
    return Result(
        **one_hot_part,
        **lee_part,
        **_pretrained_part(table),
        **_context_part(sentences, call.settings, call.progress),
        settings=call.record(),
    )


def summary_rows(result: Result, *, language: str | None = None) -> list[dict[str, object]]:
    """Neighbours side by side, Spearman correlations, and the one-hot and biLSTM cosines.

    The measures are named in ``language`` (the learner's by default, `rnnlab.i18n`).
    """
    t = functools.partial(i18n.text, language=language)
    measure = t("experiments.em_measure")
    columns = (measure, "one-hot", *LEE_METHODS, "MiniLM table", "biLSTM LM")
    different = ~np.eye(len(result.one_hot_words), dtype=bool)
    one_hot = np.array(result.one_hot_cosines)[different]
    dense = np.array(result.pretrained_cosines)[different]
    rows: list[dict[str, object]] = [
        {
            **dict.fromkeys(columns, ""),
            measure: t("experiments.em_cosine", words=len(result.one_hot_words)),
            "one-hot": f"{one_hot.min():.3g}..{one_hot.max():.3g}",
            "MiniLM table": f"{dense.min():.2f}..{dense.max():.2f}",
        }
    ]
    rows.append(
        {
            measure: t("experiments.em_lee_counts"),
            "counts+SVD": f"{result.lee_tokens} / {result.lee_vocab}",
        }
    )
    for query in result.neighbours["counts+SVD"]:
        row: dict[str, object] = {measure: t("experiments.em_nearest", word=query)}
        # Quoted: they are the corpus's words, data in any language.
        row.update(
            {
                m: ", ".join(f'"{w}"' for w in found[query][:3])
                for m, found in result.neighbours.items()
            }
        )
        rows.append(row)
    rows.append(
        {measure: t("experiments.em_wordsim_lee", pairs=result.lee_wordsim_pairs)}
        | result.lee_wordsim
    )
    for benchmark, label in (("wordsim353", "WordSim-353"), ("simlex999", "SimLex-999")):
        covered, total = result.pretrained_pairs[benchmark]
        rows.append(
            {
                measure: t("experiments.em_benchmark", name=label, covered=covered, total=total),
                "MiniLM table": result.pretrained_spearman[benchmark],
            }
        )
    rows.append(
        {
            measure: t("experiments.em_bank_cosine"),
            "biLSTM LM": f"{result.same_sense_cosine:.2f} / {result.other_sense_cosine:.2f}",
            "MiniLM table": t("experiments.em_one_row"),
        }
    )
    rows.append(
        {
            measure: t("experiments.em_bank_nearest"),
            "biLSTM LM": t(
                "experiments.em_of",
                count=result.same_sense_nearest,
                total=len(result.context_senses),
            ),
        }
    )
    return [{_shown(column, t): value for column, value in row.items()} for row in rows]


def _one_hot_figure(plt: Any, result: Result, t: Callable[..., str]) -> Any:
    """(a) The two cosine matrices side by side."""
    words = result.one_hot_words
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.4))
    for axis, values, title in (
        (axes[0], result.one_hot_cosines, t("plots.em_one_hot")),
        (axes[1], result.pretrained_cosines, t("plots.em_pretrained_rows")),
    ):
        image = axis.imshow(values, cmap="viridis", vmin=0, vmax=1)
        axis.set_xticks(range(len(words)), words, rotation=45, ha="right")
        axis.set_yticks(range(len(words)), words)
        axis.set_title(title)
        fig.colorbar(image, ax=axis, fraction=0.046, pad=0.04, label=t("plots.em_cosine"))
    fig.tight_layout()
    return fig


def _projection_figure(plt: Any, result: Result, t: Callable[..., str]) -> Any:
    """(c) The word groups on the pretrained rows' first two principal components."""
    fig, axis = plt.subplots(figsize=(7, 5.5))
    xy = np.array(result.projection_xy)
    for group in dict.fromkeys(result.projection_groups):
        members = [i for i, g in enumerate(result.projection_groups) if g == group]
        axis.scatter(xy[members, 0], xy[members, 1], label=t(f"plots.em_group_{group}"), s=25)
        for i in members:
            axis.annotate(
                result.projection_words[i],
                xy[i],
                fontsize=8,
                xytext=(3, 2),
                textcoords="offset points",
            )
    axis.set(
        title=t("plots.em_projection_title"),
        xlabel=t("plots.em_component", number=1),
        ylabel=t("plots.em_component", number=2),
    )
    axis.legend(fontsize=8)
    fig.tight_layout()
    return fig


def _similarity_figure(plt: Any, result: Result, t: Callable[..., str]) -> Any:
    """(b) and (c) Spearman with human ratings, one bar per method and benchmark."""
    fig, axis = plt.subplots(figsize=(7, 3.8))
    labels = [_shown(method, t) for method in result.lee_wordsim]
    labels += [t("plots.em_minilm_on", name=name) for name in ("WordSim-353", "SimLex-999")]
    values = [*result.lee_wordsim.values(), *result.pretrained_spearman.values()]
    colours = ["tab:blue"] * len(result.lee_wordsim) + ["tab:orange"] * 2
    axis.barh(labels[::-1], values[::-1], color=colours[::-1])
    for y, value in enumerate(values[::-1]):
        axis.text(value + 0.01, y, f"{value:.2f}", va="center", fontsize=8)
    axis.set(
        xlim=(min(0.0, min(values)) - 0.05, 1.0),
        xlabel=t("plots.em_spearman"),
        title=t("plots.em_similarity_title", pairs=result.lee_wordsim_pairs),
    )
    axis.axvline(0, color="grey", lw=0.8)
    fig.tight_layout()
    return fig


def _contexts_figure(plt: Any, result: Result, t: Callable[..., str]) -> Any:
    """(d) Cosines between the occurrences of "bank": biLSTM states, then embedding rows."""
    fig, axes = plt.subplots(1, 2, figsize=(12, 5))
    labels = [
        f"{_shown(sense, t)} | {snippet}"
        for sense, snippet in zip(result.context_senses, result.context_snippets)
    ]
    # One colour scale for both panels, from the lowest contextual cosine up to 1: on a -1..1
    # scale every cell looks alike, since all contextual cosines are fairly high.
    low = np.floor(10 * min(np.min(result.context_cosines), np.min(result.static_cosines))) / 10
    boundary = result.context_senses.count(result.context_senses[0]) - 0.5
    for axis, values, title in (
        (axes[0], result.context_cosines, t("plots.em_contexts")),
        (axes[1], result.static_cosines, t("plots.em_static")),
    ):
        image = axis.imshow(values, cmap="viridis", vmin=low, vmax=1)
        axis.axhline(boundary, color="white", lw=1.5)  # between the two senses
        axis.axvline(boundary, color="white", lw=1.5)
        axis.set_title(title, fontsize=10)
        axis.set_xticks(range(len(labels)), range(1, len(labels) + 1))
        axis.set_yticks(
            range(len(labels)), labels if axis is axes[0] else range(1, len(labels) + 1), fontsize=7
        )
        fig.colorbar(image, ax=axis, fraction=0.046, pad=0.04, label=t("plots.em_cosine"))
    fig.tight_layout()
    return fig


def figures(result: Result, *, language: str | None = None) -> dict[str, Any]:
    """``one_hot_vs_dense``, ``projection``, ``word_similarity`` and ``contexts``; their words
    in ``language`` (the learner's by default)."""
    plt = figure_pyplot()
    t = functools.partial(i18n.text, language=language)
    return {
        "one_hot_vs_dense": _one_hot_figure(plt, result, t),
        "projection": _projection_figure(plt, result, t),
        "word_similarity": _similarity_figure(plt, result, t),
        "contexts": _contexts_figure(plt, result, t),
    }
