"""Read gensim's shipped text: the Lee news corpus and the Pang & Lee polarity sentences.

Both files are plain text, one item a line: `lee_background.cor` holds 300 news documents,
`pang_lee_polarity.cor` 200 movie-review sentences, each prefixed with `__label__pos` or
`__label__neg` (fastText's format), encoded in Windows-1252.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rnnlab.data.shipped import gensim_test_file

# Words, numbers and contractions ("it's"); punctuation is dropped, as in gensim's
# simple_preprocess, so that "fire," and "fire" are one word.
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
LABELS = {"__label__neg": 0, "__label__pos": 1}


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens of ``text``, punctuation dropped.

    Examples
    --------
    >>> tokenize("It's 4:00pm; the fire, near Sydney, spread.")
    ["it's", '4', '00pm', 'the', 'fire', 'near', 'sydney', 'spread']
    """
    return _WORD.findall(text.lower())


def split_sentences(document: str) -> list[str]:
    """Split a document after ``.``, ``!`` or ``?`` followed by a capital letter or a quote.

    Examples
    --------
    >>> split_sentences("Fires burn. Mr Smith said 3.5 ha burnt! Rain came.")
    ['Fires burn.', 'Mr Smith said 3.5 ha burnt!', 'Rain came.']
    """
    return [part for part in _SENTENCE_END.split(document.strip()) if part]


def _lines(path: Path, encoding: str = "utf-8") -> list[str]:
    text = path.read_text(encoding)
    return [line.strip() for line in text.splitlines() if line.strip()]


def read_lee(path: str | Path | None = None) -> list[str]:
    """The Lee background corpus: one news document per string.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        The file; by default gensim's `test/test_data/lee_background.cor`.

    Returns
    -------
    list of str
        300 documents for gensim's file.
    """
    return _lines(Path(path) if path is not None else gensim_test_file("lee_background.cor"))


@dataclass(frozen=True)
class Polarity:
    """Labelled sentences: ``labels[i]`` is 1 for a positive review of ``texts[i]``, else 0."""

    texts: list[str]
    labels: list[int]


def read_polarity(path: str | Path | None = None) -> Polarity:
    """Pang & Lee's polarity sentences in fastText format (``__label__pos text ...``).

    Parameters
    ----------
    path : str or pathlib.Path, optional
        The file; by default gensim's `test/test_data/pang_lee_polarity.cor`.

    Returns
    -------
    Polarity
        200 sentences for gensim's file, 100 positive and 100 negative.

    Raises
    ------
    ValueError
        If a line does not start with `__label__pos` or `__label__neg`.
    """
    source = Path(path) if path is not None else gensim_test_file("pang_lee_polarity.cor")
    texts, labels = [], []
    # The file is Windows-1252 (0x97 is an em dash, 0xe9 an é), not UTF-8.
    for number, line in enumerate(_lines(source, "cp1252"), start=1):
        label, _, text = line.partition(" ")
        if label not in LABELS:
            raise ValueError(
                f"Received an invalid line {number} in {source}: expected it to start with "
                f"{' or '.join(LABELS)}. Received: {line[:60]!r}."
            )
        texts.append(text.strip())
        labels.append(LABELS[label])
    return Polarity(texts, labels)
