"""Read word-similarity benchmarks: WordSim-353 and SimLex-999 as gensim ships them.

Both are tab-separated ``word1 word2 score`` lines after ``#`` comment lines; the score is the
mean human rating (0-10): WordSim-353 rates relatedness (cup, coffee), SimLex-999 similarity
proper (a cup is not like coffee).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rnnlab.data.shipped import gensim_test_file

BENCHMARKS = {"wordsim353": "wordsim353.tsv", "simlex999": "simlex999.txt"}


@dataclass(frozen=True)
class WordPair:
    """Two words and their mean human rating."""

    word1: str
    word2: str
    score: float


def read_word_pairs(path: str | Path) -> list[WordPair]:
    """Parse a ``word1<TAB>word2<TAB>score`` file, skipping ``#`` comments and blank lines.

    Raises
    ------
    ValueError
        If a line does not have three tab-separated fields with a numeric score.
    """
    pairs = []
    for number, line in enumerate(Path(path).read_text("utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.rstrip("\n").split("\t")
        try:
            word1, word2, score = fields
            pairs.append(WordPair(word1, word2, float(score)))
        except ValueError:
            raise ValueError(
                f"Received an invalid line {number} in {path}: expected word1<TAB>word2<TAB>"
                f"score. Received: {line[:60]!r}."
            ) from None
    return pairs


def word_pair_benchmark(name: str) -> list[WordPair]:
    """``"wordsim353"`` (353 pairs) or ``"simlex999"`` (999 pairs) from gensim's test data.

    Raises
    ------
    ValueError
        If ``name`` is not one of them.
    """
    if name not in BENCHMARKS:
        raise ValueError(
            f"Received an invalid value for argument `name`: expected one of "
            f"{', '.join(BENCHMARKS)}. Received: {name!r}."
        )
    return read_word_pairs(gensim_test_file(BENCHMARKS[name]))
