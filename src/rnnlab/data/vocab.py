"""Map words to integer ids for an Embedding layer: 0 pads, 1 stands for unknown words."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

PAD, UNK = "<pad>", "<unk>"


@dataclass(frozen=True)
class Vocabulary:
    """Words in id order; ``words[0]`` is the padding token and ``words[1]`` the unknown one."""

    words: list[str]
    index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {word: i for i, word in enumerate(self.words)})

    @classmethod
    def build(
        cls, texts: Iterable[Sequence[str]], *, min_count: int = 1, max_size: int | None = None
    ) -> Vocabulary:
        """The words seen at least ``min_count`` times, most frequent first (ties: first seen).

        Examples
        --------
        >>> Vocabulary.build([["a", "b", "a"], ["c", "a", "b"]], min_count=2).words
        ['<pad>', '<unk>', 'a', 'b']
        """
        counts = Counter(word for text in texts for word in text)
        kept = [word for word, count in counts.most_common() if count >= min_count]
        return cls([PAD, UNK, *kept[: None if max_size is None else max_size - 2]])

    def __len__(self) -> int:
        return len(self.words)

    def encode(self, tokens: Sequence[str]) -> np.ndarray:
        """Ids of ``tokens``, unknown words as 1.

        Examples
        --------
        >>> Vocabulary.build([["a", "b"]]).encode(["b", "z"])
        array([3, 1])
        """
        return np.array([self.index.get(token, 1) for token in tokens], dtype=np.int64)

    def pad(self, texts: Sequence[Sequence[str]], length: int) -> np.ndarray:
        """Encode and left-pad with 0 (or keep the last ``length`` tokens) to ``(n, length)``.

        Padding on the left keeps each text's last word at the last step, which a
        last-step classifier reads.

        Examples
        --------
        >>> Vocabulary.build([["a", "b", "c"]]).pad([["a"], ["a", "b", "c"]], 2)
        array([[0, 2],
               [3, 4]])
        """
        ids = np.zeros((len(texts), length), dtype=np.int64)  # (n, length)
        for row, tokens in enumerate(texts):
            encoded = self.encode(tokens)[-length:]
            if len(encoded):
                ids[row, length - len(encoded) :] = encoded
        return ids
