"""The experiment registry, cache, figures and CLI, and each experiment on tiny settings."""

from __future__ import annotations

import io
import json
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest

from rnnlab import cli, i18n
from rnnlab.experiments import REGISTRY, available, load_experiment, run_experiment, save_figures
from rnnlab.experiments.impl_layers import ImplementationNotDone, recurrent_forward

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "solutions"  # stubs come from the `stubs` fixture, never exercises/

FAKE = """
from dataclasses import dataclass
NAME = "fake"
TITLE = "A fake experiment"
CALLS = []
FIGURE_LANGUAGES = []

@dataclass
class Result:
    value: float
    curve: list

def run(*, quick=False, impl="solutions", seed=0, progress=None):
    CALLS.append((quick, str(impl), seed))
    for step in range(3):
        if progress:
            progress("fitting", step + 1, 3)
    return Result(value=seed + 0.5, curve=[1.0, 0.5])

def summary_rows(result):
    return [{"setting": "only", "value": result.value}]

def figures(result, *, language=None):
    FIGURE_LANGUAGES.append(language)
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    figure, axis = plt.subplots()
    axis.plot(result.curve)
    return {"curve": figure}
"""


@pytest.fixture
def fake(tmp_path, monkeypatch):
    """A registered experiment ``fake`` whose ``CALLS`` list records each real run."""
    (tmp_path / "fake_experiment.py").write_text(FAKE)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(REGISTRY, "fake", "fake_experiment")
    module = load_experiment("fake")
    module.CALLS.clear()
    module.FIGURE_LANGUAGES.clear()
    return module


def test_registry_lists_only_experiments_that_are_present(monkeypatch):
    assert {"long-range-memory", "embeddings", "classify-and-generate"} <= set(available())
    monkeypatch.setitem(REGISTRY, "not-yet", "rnnlab.experiments.not_written_yet")
    assert "not-yet" not in available()


def test_unknown_experiment_suggests_the_closest_name():
    with pytest.raises(ValueError, match=r"Received: 'embedings'\. Did you mean 'embeddings'\?"):
        load_experiment("embedings")


def test_default_runs_are_cached_and_quick_runs_are_not(fake, tmp_path):
    cache = tmp_path / "cache"
    first = run_experiment("fake", seed=2, cache_dir=cache, impl=SOLUTIONS)
    second = run_experiment("fake", seed=2, cache_dir=cache, impl=SOLUTIONS)
    assert (first.from_cache, second.from_cache) == (False, True)
    assert second.result == first.result
    run_experiment("fake", seed=3, cache_dir=cache, impl=SOLUTIONS)  # another seed: new key
    run_experiment("fake", quick=True, cache_dir=cache, impl=SOLUTIONS)
    run_experiment("fake", quick=True, cache_dir=cache, impl=SOLUTIONS)
    assert [call[2] for call in fake.CALLS] == [2, 3, 0, 0]
    assert len(list(cache.glob("fake-*.json"))) == 2


def test_a_changed_implementation_is_not_served_from_the_cache(fake, tmp_path):
    impl = tmp_path / "impl"
    impl.mkdir()
    (impl / "e02_simple_rnn.py").write_text("# version 1\n")
    run_experiment("fake", cache_dir=tmp_path / "cache", impl=impl)
    (impl / "e02_simple_rnn.py").write_text("# version 2\n")
    assert not run_experiment("fake", cache_dir=tmp_path / "cache", impl=impl).from_cache


def test_save_figures_writes_png_and_svg(fake, tmp_path):
    written = save_figures(fake.figures(fake.Result(1.0, [1.0, 2.0])), tmp_path / "out")
    assert sorted(p.name for p in written) == ["curve.png", "curve.svg"]
    assert written[0].read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in written[1].read_bytes()


def test_cli_experiment_prints_the_table_and_writes_figures(fake, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = cli.main(["experiment", "fake", "--quick", "--seed", "4", "--out", "figs"])
    printed = capsys.readouterr().out
    assert code == 0
    assert "fitting: started (3 steps)" in printed and "fitting: done" in printed
    assert "A fake experiment" in printed and "4.5" in printed
    assert sorted(p.name for p in (tmp_path / "figs").iterdir()) == ["curve.png", "curve.svg"]


@pytest.mark.parametrize("font", ["NanumGothic", None])
def test_cli_experiment_draws_figures_in_korean_where_a_hangul_font_is(
    fake, tmp_path, capsys, monkeypatch, font
):
    from rnnlab.figures import plots

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RNNLAB_LANG", "ko")
    monkeypatch.setattr(plots, "hangul_font", lambda: font)
    assert cli.main(["experiment", "fake", "--quick", "--out", "figs"]) == 0
    printed = " ".join(capsys.readouterr().out.split())
    note = " ".join(i18n.text("cli.figures_in_english", language="ko").split())
    languages = list(fake.FIGURE_LANGUAGES)  # each figures() call's language
    assert languages == (["ko"] if font else ["en"])
    assert (note in printed) is (font is None)


def test_korean_figure_text_is_drawn_with_an_installed_hangul_font(recwarn):
    from rnnlab.figures import plots

    if plots.hangul_font() is None:
        pytest.skip("no Hangul font installed (CI installs fonts-nanum)")
    with plots.file_text("ko") as language:
        figure, axis = plots._pyplot().subplots()
        axis.set_title(i18n.text("plots.cg_heldout_accuracy", language=language))
        figure.savefig(io.BytesIO(), format="png")
    assert language == "ko"
    assert not [w for w in recwarn if "missing from font" in str(w.message)]


def test_cli_experiment_unknown_name_is_a_clear_error(capsys):
    assert cli.main(["experiment", "long-range"]) == 2
    assert "Did you mean 'long-range-memory'?" in " ".join(capsys.readouterr().out.split())


def test_stub_implementation_says_which_exercise_is_not_done(stubs):
    with pytest.raises(ImplementationNotDone, match=r"e02_simple_rnn.simple_rnn .* not done yet"):
        recurrent_forward(stubs, "SimpleRNN")


def test_long_range_memory_on_tiny_settings_is_deterministic():
    from rnnlab.experiments import long_range_memory as lrm

    tiny = lrm.Settings(delays=(3,), train_samples=64, test_samples=16, epochs=2, units=4)
    first = lrm.run(impl=SOLUTIONS, settings=tiny)
    again = lrm.run(impl=SOLUTIONS, settings=tiny)
    assert asdict(first) == asdict(again)
    json.dumps(asdict(first))  # plain numbers only: the cache stores it as JSON
    assert first.delays == [3] and set(first.mse) == {"SimpleRNN", "LSTM", "GRU"}
    assert all(len(curve) == 2 for curves in first.loss_curves.values() for curve in curves)
    assert max(first.impl_error) < 1e-4  # the solutions' layers reproduce Keras's predictions
    np.testing.assert_allclose(first.impl_mse["LSTM"], first.mse["LSTM"], rtol=1e-3)
    assert [row["delay (steps)"] for row in lrm.summary_rows(first)] == [3]
    assert set(lrm.figures(first)) == {"mse_by_delay", "training"}


def test_long_range_memory_on_stubs_fails_before_training(stubs):
    from rnnlab.experiments import long_range_memory as lrm

    with pytest.raises(ImplementationNotDone, match="--impl solutions"):
        lrm.run(impl=stubs, settings=lrm.QUICK)  # QUICK trains for a while: it must not start


TINY_LEE = [
    "The fire spread near the West Bank town. Police said the fire was out on Tuesday. "
    "The government and the Reserve Bank met. Police and fire crews met the government.",
    "Troops in the West Bank opened fire. The Reserve Bank kept rates on Tuesday. "
    "The government said police would watch the bank.",
] * 3


def _tiny_table():
    from rnnlab.data.pretrained import WordPieceTable
    from rnnlab.experiments import embeddings

    words = {"[UNK]", *embeddings.ONE_HOT_WORDS, *embeddings.QUERIES}
    words |= {w for group in embeddings.PROJECTION.values() for w in group}
    words |= {"tiger", "cat", "love", "sex", "old", "new"}
    tokens = sorted(words)
    return WordPieceTable(tokens, np.random.default_rng(0).normal(size=(len(tokens), 8)))


def test_embeddings_on_tiny_settings():
    from rnnlab.experiments import embeddings

    tiny = embeddings.Settings(
        dim=3,
        window=2,
        min_count=1,
        gensim_epochs=1,
        lm_vocab=60,
        lm_dim=4,
        lm_units=4,
        lm_length=4,
        lm_epochs=1,
        contexts_per_sense=2,
    )
    result = embeddings.run(impl=SOLUTIONS, settings=tiny, lee=TINY_LEE, table=_tiny_table())
    json.dumps(asdict(result))
    one_hot = np.array(result.one_hot_cosines)
    np.testing.assert_array_equal(one_hot, np.eye(len(embeddings.ONE_HOT_WORDS)))
    assert set(result.neighbours) == {"counts+SVD", "word2vec", "FastText", "MiniLM table"}
    assert set(result.neighbours["word2vec"]) == set(embeddings.QUERIES)
    assert result.context_senses == ["West Bank", "West Bank", "other bank", "other bank"]
    np.testing.assert_allclose(result.static_cosines, 1.0, atol=1e-6)  # one row for every 'bank'
    assert result.pretrained_pairs["wordsim353"][1] == 353
    assert len(result.projection_xy) == len(result.projection_words) == 40
    assert embeddings.summary_rows(result)[0]["one-hot"] == "0..0"
    assert set(embeddings.figures(result)) == {
        "one_hot_vs_dense",
        "projection",
        "word_similarity",
        "contexts",
    }


def test_truncated_svd_finds_the_leading_directions():
    from rnnlab.experiments.embeddings import truncated_svd

    rng = np.random.default_rng(1)
    matrix = (
        rng.normal(size=(60, 8))
        @ np.diag([9, 7, 5, 3, 1, 0.5, 0.2, 0.1])
        @ rng.normal(size=(8, 60))
    )
    u, s, _ = np.linalg.svd(matrix)
    expected = np.abs(u[:, :3] * np.sqrt(s[:3]))
    np.testing.assert_allclose(np.abs(truncated_svd(matrix, 3, rng)), expected, atol=1e-6)


def test_classify_and_generate_on_tiny_settings():
    from rnnlab.experiments import classify_and_generate as cg

    tiny = cg.Settings(
        folds=2,
        max_words=6,
        classifier_units=3,
        classifier_epochs=1,
        window=8,
        generator_dim=4,
        generator_units=5,
        generator_epochs=2,
        sample_chars=7,
    )
    texts = ["a joy to watch", "dull and flat", "warm and witty", "a tedious mess"] * 3
    polarity = (texts, [1, 0, 1, 0] * 3)
    lee = [" ".join(TINY_LEE)] * 40  # the last 30 documents are the held-out text
    kwargs = {"impl": SOLUTIONS, "settings": tiny, "polarity": polarity, "lee": lee}
    result = cg.run(**kwargs, table=_tiny_table())
    again = cg.run(**kwargs, table=_tiny_table())
    assert asdict(result) == asdict(again)
    json.dumps(asdict(result))
    assert {init: len(acc) for init, acc in result.fold_accuracy.items()} == {
        "random": 2,
        "pretrained": 2,
    }
    assert len(result.train_loss) == len(result.heldout_loss) == 2
    assert result.uniform_loss == pytest.approx(np.log(len(result.chars)))
    for prompt, sample in result.samples.items():
        assert sample.startswith(prompt) and len(sample) == len(prompt) + 7
        assert set(sample[len(prompt) :]) <= set(result.chars)
    assert max(result.max_impl_error.values()) < 1e-4
    assert set(cg.figures(result)) == {"classifier_accuracy", "generator_loss"}
    for init in cg.INITS:  # each sentence scored once, when its fold was held out
        correct = result.heldout_correct[init]
        assert len(correct) == 12 and set(correct) <= {0, 1}
        assert result.intervals[init][0] == pytest.approx(np.mean(correct))
        assert np.mean(correct) == pytest.approx(np.mean(result.fold_accuracy[init]))
    difference = np.mean(result.heldout_correct["pretrained"]) - np.mean(
        result.heldout_correct["random"]
    )
    assert result.intervals["difference"][0] == pytest.approx(difference)
    rows = cg.summary_rows(result, language="en")
    assert len(rows) == 17
    assert rows[-9]["value"] == cg.conclusion(result, language="en")


def test_pretrained_rows_average_word_pieces():
    from rnnlab.data.pretrained import WordPieceTable
    from rnnlab.data.vocab import Vocabulary
    from rnnlab.experiments.classify_and_generate import pretrained_rows

    table = WordPieceTable(["[UNK]", "bush", "##fire"], np.array([[9.0, 9], [1, 2], [3, 4]]))
    rows = pretrained_rows(Vocabulary.build([["bushfire", "bush"]]), table)
    np.testing.assert_array_equal(rows, [[0, 0], [9, 9], [2, 3], [1, 2]])


def test_classify_and_generate_on_stubs_fails_before_training(stubs):
    from rnnlab.experiments import classify_and_generate as cg

    not_done = r"e01_embedding\.embedding_lookup .* not done yet"
    with pytest.raises(ImplementationNotDone, match=not_done):
        cg.run(impl=stubs, quick=True)


def test_progress_bar_in_a_terminal():
    from rich.console import Console

    from rnnlab.experiments.display import progress_reporter

    console = Console(force_terminal=True, width=100, record=True)
    with progress_reporter(console) as progress:
        for done in range(4):
            progress("LSTM at delay 10", done, 3)
    text = console.export_text()
    assert "LSTM at delay 10" in text and "3/3" in text


def test_summary_table_has_a_column_per_key_in_first_seen_order():
    from rich.console import Console

    from rnnlab.experiments.display import summary_table

    table = summary_table("t", [{"a": 1, "b": 0.123456}, {"c": "x", "a": 2}])
    assert [column.header for column in table.columns] == ["a", "b", "c"]
    console = Console(width=80, record=True)
    console.print(table)
    assert "0.1235" in console.export_text()


def test_summary_table_prints_names_and_values_as_they_are():
    from rich.console import Console

    from rnnlab.experiments.display import summary_table

    table = summary_table("title [x]", [{"needs [data]": "[bold]b[/bold] and [/x]"}])
    console = Console(width=120, record=True)
    console.print(table)
    printed = console.export_text()
    for shown in ("title [x]", "needs [data]", "[bold]b[/bold] and [/x]"):
        assert shown in printed


def test_embeddings_on_stubs_says_e01_is_not_done(stubs):
    from rnnlab.experiments import embeddings

    with pytest.raises(ImplementationNotDone, match=r"e01_embedding\.one_hot .* not done yet"):
        embeddings.run(impl=stubs, table=_tiny_table(), lee=TINY_LEE)


def test_published_results_are_read_back_as_the_experiments_result(fake, tmp_path):
    from rnnlab.experiments.published import published, result_path, svg

    result_path("fake", tmp_path).write_text(
        json.dumps({"default_seconds": 1.5, "result": {"value": 2.5, "curve": [3.0, 1.0]}})
    )
    result, record = published("fake", tmp_path)
    assert result == fake.Result(2.5, [3.0, 1.0]) and record["default_seconds"] == 1.5
    assert svg(fake.figures(result)["curve"]).lstrip().startswith("<?xml")


def test_missing_published_result_names_the_command(tmp_path):
    from rnnlab.experiments.published import published

    with pytest.raises(FileNotFoundError, match=r"nox -s bench_experiments -- embeddings"):
        published("embeddings", tmp_path)


def test_fresh_recomputes_and_replaces_the_cached_run(fake, tmp_path):
    cache = tmp_path / "cache"
    run_experiment("fake", cache_dir=cache, impl=SOLUTIONS)
    outcome = run_experiment("fake", cache_dir=cache, impl=SOLUTIONS, fresh=True)
    assert not outcome.from_cache and len(fake.CALLS) == 2
    assert run_experiment("fake", cache_dir=cache, impl=SOLUTIONS).from_cache


def test_cli_table_is_wide_in_a_log(fake, tmp_path, capsys, monkeypatch):
    sample = "the fire " + "spread towards the town " * 4  # 105 characters
    monkeypatch.setattr(fake, "summary_rows", lambda result: [{"sample": sample}])
    monkeypatch.chdir(tmp_path)
    cli.main(["experiment", "fake", "--quick", "--out", "figs"])
    assert sample.strip() in capsys.readouterr().out  # on one line, not wrapped at 80
