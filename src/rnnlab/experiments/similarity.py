"""Cosine similarity, nearest neighbours and Spearman's rank correlation, in NumPy."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from rnnlab.data.word_pairs import WordPair


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    """Each row divided by its length (zero rows stay zero)."""
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)  # (n, 1)
    return vectors / np.where(norms == 0, 1.0, norms)


def cosine_matrix(vectors: np.ndarray) -> np.ndarray:
    """``(n, n)`` cosines between the rows of ``vectors``.

    Examples
    --------
    >>> cosine_matrix(np.eye(3)).tolist()
    [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    """
    unit = unit_rows(np.asarray(vectors, dtype=np.float64))  # (n, dim)
    return unit @ unit.T  # (n, n)


def nearest(
    query: np.ndarray, vectors: np.ndarray, words: Sequence[str], k: int, exclude: set[str]
) -> list[str]:
    """The ``k`` words whose rows have the highest cosine with ``query``, skipping ``exclude``.

    Examples
    --------
    >>> table = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]])
    >>> nearest(table[0], table, ["a", "b", "c"], 1, {"a"})
    ['b']
    """
    scores = unit_rows(vectors) @ (query / np.linalg.norm(query))  # (vocab,)
    found = []
    for row in np.argsort(-scores, kind="stable"):
        if words[row] not in exclude:
            found.append(words[row])
            if len(found) == k:
                break
    return found


def _ranks(values: np.ndarray) -> np.ndarray:
    """Ranks starting at 1, ties sharing their mean rank (as scipy.stats.rankdata)."""
    order = np.argsort(values, kind="stable")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(1, len(values) + 1)
    for value in np.unique(values):
        tied = values == value
        ranks[tied] = ranks[tied].mean()
    return ranks


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman's rank correlation: Pearson's correlation of the ranks (ties averaged).

    Examples
    --------
    >>> spearman([1, 2, 3, 4], [10, 20, 30, 45])
    1.0
    >>> round(spearman([1, 2, 3, 4], [4, 3, 3, 1]), 4)
    -0.9487
    """
    rx, ry = _ranks(np.asarray(x, float)), _ranks(np.asarray(y, float))
    return float(np.corrcoef(rx, ry)[0, 1])


def evaluate_pairs(
    pairs: Sequence[WordPair], vector: Callable[[str], np.ndarray | None]
) -> tuple[float, int]:
    """Spearman between human scores and cosines, over the pairs whose words both have vectors.

    Words are lower-cased first; ``vector(word)`` returns ``None`` for a word it does not know,
    and such pairs are skipped, as gensim's ``evaluate_word_pairs`` does.

    Returns
    -------
    rho : float
        Spearman's rank correlation (nan with fewer than 3 covered pairs).
    covered : int
        How many pairs were scored.
    """
    human, model = [], []
    for pair in pairs:
        a, b = vector(pair.word1.lower()), vector(pair.word2.lower())
        if a is None or b is None:
            continue
        human.append(pair.score)
        model.append(float(cosine_matrix(np.stack([a, b]))[0, 1]))
    rho = spearman(human, model) if len(human) >= 3 else float("nan")
    return rho, len(human)
