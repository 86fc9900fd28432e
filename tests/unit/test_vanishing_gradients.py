"""The vanishing-gradients experiment on tiny settings: its data, its checks, its refusals."""

from __future__ import annotations

import io
import json
import shutil
from dataclasses import asdict

import pytest
from conftest import ROOT

from rnnlab.experiments import vanishing_gradients as vg
from rnnlab.grader.checks.compare import ATOL
from rnnlab.stubs import write_stubs

TINY = vg.Settings(timesteps=5, train_steps=3, units=3, batch=8, scales=(0.5, 3.0))
LAYERS = {*vg.KINDS, "LSTM (b_f = 3)", "GRU (b_z = 3)"}  # Keras's start, then gates near 1


@pytest.fixture(scope="module")
def result():
    calls = []
    res = vg.run(impl=ROOT / "solutions", settings=TINY, progress=lambda *a: calls.append(a))
    res.progress_calls = calls  # for the test below; not a field of Result
    return res


def test_result_holds_one_value_per_distance_and_is_json(result):
    assert set(result.norms) == {"initialisation", "trained"}
    for curves in result.norms.values():
        assert set(curves) == LAYERS
        assert all(len(curve) == TINY.timesteps for curve in curves.values())
    assert set(result.scales) == {"0.5", "3.0"}
    assert set(result.accuracy) == LAYERS
    assert all(0.0 <= a <= 1.0 for a in result.accuracy.values())
    for when in ("initialisation", "trained"):
        assert set(result.keep_gate[when]) == LAYERS - {"SimpleRNN"}
    for history in result.clipping.values():
        assert len(history["loss"]) == len(history["grad_norm"]) == TINY.train_steps
    json.dumps(asdict(result))  # the CLI writes it as JSON


def test_scaled_recurrent_kernel_shrinks_or_grows_the_gradient(result):
    shrinking, growing = result.scales["0.5"], result.scales["3.0"]
    assert shrinking[-1] < shrinking[0]  # x0.5: each step back multiplies by < 0.5
    assert growing[-1] > growing[0]  # x3: by more than 1 while tanh is not saturated


def test_reference_e07_matches_keras_and_the_summary_says_so(result):
    assert result.e07_max_error <= ATOL
    rows = vg.summary_rows(result)
    assert "matches Keras" in str(rows[-1]["note"])
    assert len(rows) == 2 * len(LAYERS) + len(TINY.scales) + 2 + 1


def test_progress_is_reported_up_to_the_end_of_each_run(result):
    ends = {(d, done) for d, done, total in result.progress_calls if done == total}
    assert len(ends) == len(LAYERS) + 2  # five models, then with and without clipping


def test_keeping_gates_start_where_the_bias_puts_them(result):
    # At Keras's start the forget gate is about sigmoid(1) = 0.73 and the update gate about
    # sigmoid(0) = 0.5; with the bias at 3, about sigmoid(3) = 0.95 (the inputs move them a bit).
    start = result.keep_gate["initialisation"]
    assert start["LSTM"] == pytest.approx(0.73, abs=0.08)
    assert start["GRU"] == pytest.approx(0.5, abs=0.08)
    assert start["LSTM (b_f = 3)"] == pytest.approx(0.95, abs=0.05)
    assert start["GRU (b_z = 3)"] == pytest.approx(0.95, abs=0.05)
    rows = vg.summary_rows(result, language="en")
    assert "mean f 0." in rows[1]["note"] and "mean z 0." in rows[2]["note"]


@pytest.mark.parametrize(
    ("kind", "module", "trace"),
    [("LSTM", "e03_lstm", "lstm_gates"), ("GRU", "e04_gru", "gru_gates")],
)
def test_keep_gate_mean_is_the_traced_gate(kind, module, trace):
    import numpy as np

    from rnnlab.figures import trace as traces
    from rnnlab.impl import load_impl

    x = np.random.default_rng(1).standard_normal((4, 6, TINY.features)).astype(np.float32)
    layer = vg._model(kind, TINY, gate_bias=2.0).layers[0]
    traced = getattr(traces, trace)(load_impl(module, ROOT / "solutions"), layer, x)
    gate = traced.forget_gate if kind == "LSTM" else traced.update_gate
    assert vg.keep_gate_mean(layer, x) == pytest.approx(float(gate.mean()), abs=1e-6)


def test_figures_are_drawn(result):
    figures = vg.figures(result)
    assert set(figures) == {"gradient-vs-distance", "exploding", "clipping"}
    for figure in figures.values():
        figure.savefig(io.BytesIO(), format="png")


def test_same_seed_same_numbers():
    first = vg.run(impl=ROOT / "solutions", settings=TINY, seed=3)
    again = vg.run(impl=ROOT / "solutions", settings=TINY, seed=3)
    assert asdict(first) == asdict(again)


def test_untouched_stubs_say_e07_is_not_done(tmp_path):
    stubs = write_stubs(ROOT, tmp_path / "stubs")
    with pytest.raises(NotImplementedError, match=r"but e07 is not done yet: write it"):
        vg.run(impl=stubs, settings=TINY)


def test_e07_done_but_e02_not_names_e02(tmp_path):
    stubs = write_stubs(ROOT, tmp_path / "stubs")
    shutil.copy(ROOT / "solutions" / "e07_bptt.py", stubs / "e07_bptt.py")
    with pytest.raises(NotImplementedError, match=r"e02_simple_rnn.simple_rnn, which e07 calls"):
        vg.run(impl=stubs, settings=TINY)


def test_a_wrong_e07_is_flagged_against_keras(tmp_path):
    folder = tmp_path / "mine"
    shutil.copytree(ROOT / "solutions", folder)
    broken = ROOT / "tests" / "broken" / "e07_bptt__through_u_not_transposed.py"
    shutil.copy(broken, folder / "e07_bptt.py")
    result = vg.run(impl=folder, settings=TINY)
    assert result.e07_max_error > ATOL
    assert "DIFFERS from Keras" in str(vg.summary_rows(result)[-1]["note"])


def test_the_command_says_plainly_that_e07_is_not_done_on_the_stubs(stubs):
    """`rnnlab experiment vanishing-gradients --impl <untouched stubs>`: one sentence, no
    traceback, exit 2, before TensorFlow is even imported."""
    import subprocess
    import sys

    from conftest import ROOT

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "rnnlab",
            "experiment",
            "vanishing-gradients",
            "--quick",
            "--impl",
            str(stubs),
            "--out",
            str(stubs.parent / "figures"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"COLUMNS": "200", "PATH": ""},
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "e07 is not done yet" in done.stdout and "Traceback" not in done.stdout + done.stderr


def test_reading_puts_the_runs_numbers_in_each_language(result):
    english, korean = (vg.reading(result, language=lang) for lang in ("en", "ko"))
    lstm_start = f"{result.keep_gate['initialisation']['LSTM']:.2f}"
    assert f"forget gate averages {lstm_start}" in english
    assert f"LSTM 망각 게이트의 평균은 {lstm_start}" in korean
    reached = f"{result.accuracy['LSTM (b_f = 3)']:.1%}"
    assert reached in english and reached in korean


def test_the_recorded_run_shows_what_the_experiments_page_says():
    """The page's prose (docs/experiments.md) reads the recorded default run this way."""
    from rnnlab.experiments.published import published

    recorded, _ = published(vg.NAME, ROOT / "bench" / "results")
    start = recorded.keep_gate["initialisation"]
    ratio = {kind: vg._ratio(c) for kind, c in recorded.norms["initialisation"].items()}
    for kind in vg.KEEP_GATE:
        near_one = vg.kept(kind, recorded.gate_bias)
        assert start[kind] < 0.8 < 0.9 < start[near_one]  # Keras's start, then near 1
        assert ratio[kind] < ratio["SimpleRNN"] < ratio[near_one]  # passes back less, then more
        assert recorded.accuracy[near_one] > 0.9 > recorded.accuracy[kind]  # learns, or not
