"""The benchmarks' own logic: what they time must compute the right thing."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import numpy as np
import pytest
from conftest import ROOT

from rnnlab.stubs import stub_for

BENCH = ROOT / "bench"


def _load(name: str, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCH))  # the scripts import bench/benchlib.py
    monkeypatch.setenv("RNNLAB_BENCH_THREADS", "0")  # scaling.py: leave thread settings alone
    spec = importlib.util.spec_from_file_location(f"rnnlab_bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("kind", ["simple_rnn", "lstm", "gru"])
def test_one_matmul_projection_gives_the_solutions_output(kind, monkeypatch):
    scaling = _load("scaling", monkeypatch)
    weights = scaling.weights_for(kind, features=6, units=5)
    inputs = np.random.default_rng(1).uniform(-1, 1, (3, 7, 6)).astype(np.float32)
    plain = scaling.numpy_forward(kind, weights)(inputs)
    projected = scaling.projected_forward(kind, weights)(inputs)
    assert plain.shape == (3, 5)
    np.testing.assert_allclose(projected, plain, rtol=1e-5, atol=1e-6)


def test_already_projected_kernel_returns_the_left_operand(monkeypatch):
    scaling = _load("scaling", monkeypatch)
    x_t = np.arange(6.0).reshape(2, 3)
    assert (x_t @ scaling.AlreadyProjected()) is x_t


def test_growth_fit_recovers_a_line_and_its_exponent(monkeypatch):
    scaling = _load("scaling", monkeypatch)
    points = [{"timesteps": t, "seconds": {"m": 0.002 + 0.0005 * t}} for t in (25, 50, 100)]
    fit = scaling.fit_growth(points, "m")
    assert fit["ms_per_step"] == pytest.approx(0.5)
    assert fit["intercept_ms"] == pytest.approx(2.0)
    assert fit["r2"] == pytest.approx(1.0)
    proportional = [{"timesteps": t, "seconds": {"m": 0.001 * t}} for t in (25, 50, 100, 400)]
    assert scaling.fit_growth(proportional, "m")["exponent"] == pytest.approx(1.0)


def test_matmul_flops_counts_both_matmuls_of_every_gate(monkeypatch):
    scaling = _load("scaling", monkeypatch)
    # LSTM, B64 T200 F128 U256: 2 * 64 * 200 * (128 + 256) * 4 * 256
    assert scaling.matmul_flops("lstm", 64, 200, 128, 256) == 10_066_329_600
    assert scaling.matmul_flops("gru", 1, 1, 2, 3) == 2 * 5 * 9


def test_figures_say_whether_their_goal_is_met(monkeypatch):
    feedback = _load("feedback", monkeypatch)
    assert feedback.figure("x", 0.4, 2.0, "ratio")["met"] is True
    assert feedback.figure("x", 2.5, 2.0, "ratio")["met"] is False
    assert feedback.figure("x", None, 300, "s")["met"] is None


def test_submissions_alternate_solutions_and_stubs(monkeypatch, tmp_path):
    feedback = _load("feedback", monkeypatch)
    students = feedback.make_submissions(tmp_path, 3)
    assert [s.name for s in students] == ["student00", "student01", "student02"]
    name = "e02_simple_rnn.py"
    assert (students[0] / name).read_text() == (ROOT / "solutions" / name).read_text()
    assert (students[1] / name).read_text() == stub_for(ROOT / "solutions" / name)


def test_quick_results_never_replace_the_committed_ones(monkeypatch):
    benchlib = _load("benchlib", monkeypatch)
    assert benchlib.results_path("scaling", quick=False) == BENCH / "results" / "scaling.json"
    assert benchlib.results_path("scaling", quick=True).parent == BENCH / "results" / "quick"


def test_report_marks_unmet_goals_and_missing_runs(monkeypatch, tmp_path):
    report = _load("report", monkeypatch)
    monkeypatch.setattr(report, "RESULTS", tmp_path)
    assert "No results yet" in report.feedback_section()
    assert "No results yet" in report.scaling_takeaways()
    figures = [
        {"figure": "fast", "value": 0.4, "goal": 2.0, "unit": "ratio", "met": True},
        {"figure": "slow", "value": 150.0, "goal": 120, "unit": "s", "met": False},
        {"figure": "skipped", "value": None, "goal": 300, "unit": "s", "met": None},
    ]
    lines = report.feedback_table({"figures": figures}).splitlines()
    assert lines[2] == "| fast | 0.40 | <= 2 | yes |"
    assert lines[3] == "| slow | 150.00 s | <= 120 s | **no** |"
    assert lines[4] == "| skipped | not run | <= 300 s | - |"


def test_without_a_gpu_run_the_issues_figures_are_shown_labelled(monkeypatch, tmp_path):
    report = _load("report", monkeypatch)
    reference = BENCH / "results" / "cudnn-reference.json"
    (tmp_path / reference.name).write_text(reference.read_text())
    monkeypatch.setattr(report, "RESULTS", tmp_path)  # no cudnn.json (GPU) and no CPU run
    section = report.cudnn_section()
    assert "reference figures quoted in issue 13" in section
    assert "| LSTM, use_bias=False (generic kernel, the note's case) | 24.40 |" in section
    assert "one NVIDIA H100, Keras 3.15.1 with the torch backend" in section
    assert "8.7 times slower" in section  # 24.4 / 2.79


def test_reference_cost_is_what_a_fresh_grade_adds_beyond_warm_grade_and_import(monkeypatch):
    feedback = _load("feedback", monkeypatch)
    times = {
        "import_keras_s": [2.0, 3.0, 2.5],
        "warm_grade_s": [1.0, 1.2, 1.1],
        "fresh_references_grade_s": [6.1, 6.5, 6.0],
        "cpu_s": {"import_keras": [2.0], "warm_grade": [1.0], "fresh_references_grade": [5.0]},
    }
    costs = feedback.fresh_reference_costs(times, computed=100)
    assert costs["ms_per_reference_wall"] == pytest.approx((6.1 - 1.1 - 2.5) * 10)
    assert costs["ratio_floor_wall"] == pytest.approx((1.1 + 2.5) / 2.5, abs=1e-3)
    assert costs["ms_per_reference_cpu"] == pytest.approx(20.0)
    assert costs["ratio_floor_cpu"] == pytest.approx(1.5)


def test_figures_not_rerun_are_carried_over_with_their_date(monkeypatch):
    feedback = _load("feedback", monkeypatch)
    before = {
        "date_utc": "2026-11-25 19:02",
        "figures": [feedback.figure("nox -s docs (environment reused)", 10.9, 300, "s")],
    }
    now = [
        feedback.figure("warm grade / import keras", 0.8, 1.0, "ratio"),
        feedback.figure("nox -s docs (environment reused)", None, 300, "s"),
    ]
    kept = feedback.carry_over(now, before)
    assert kept[0] == now[0]
    assert kept[1]["value"] == 10.9 and kept[1]["carried_from"] == "2026-11-25 19:02"
    report = _load("report", monkeypatch)
    assert "(measured 2026-11-25 19:02 UTC)" in report.feedback_table({"figures": kept})
