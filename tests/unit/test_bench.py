"""The benchmarks' own logic: what they time must compute the right thing."""

from __future__ import annotations

import importlib.util
import json
import sys
from types import ModuleType, SimpleNamespace

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
    assert "ratio_e09_alone" not in costs  # results written before it was measured


def test_fresh_references_floors_spread_the_cpu_over_the_cores_and_wait_for_e09(monkeypatch):
    feedback = _load("feedback", monkeypatch)
    times = {
        "import_keras_s": [2.0, 3.0, 2.5],
        "warm_grade_s": [1.0],
        "fresh_references_grade_s": [6.0],
        "fresh_e09_grade_s": [5.0, 6.0, 5.5],
        "cpu_s": {"import_keras": [2.0], "warm_grade": [1.0], "fresh_references_grade": [12.0]},
    }
    costs = feedback.fresh_reference_costs(times, computed=100, cores=2)
    assert costs["cores"] == 2
    assert costs["ratio_floor_cores"] == pytest.approx(12.0 / 2 / 2.5)  # CPU / cores / import
    assert costs["ratio_e09_alone"] == pytest.approx(5.5 / 2.5)
    four = feedback.fresh_reference_costs(times, computed=100, cores=4)
    assert four["ratio_floor_cores"] == pytest.approx(12.0 / 4 / 2.5)


def _results_copy(tmp_path, *names):
    """The named committed results files, copied into ``tmp_path`` for a test to alter."""
    for name in names:
        (tmp_path / name).write_text((BENCH / "results" / name).read_text())
    return tmp_path


def _edit(path, change):
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def test_the_gpu_tables_and_their_lessons_come_from_the_results_files(monkeypatch, tmp_path):
    report = _load("report", monkeypatch)
    names = ["cudnn-h200-torch.json", "cudnn-h200-jax.json", "cudnn-cpu-tensorflow.json"]
    monkeypatch.setattr(report, "RESULTS", _results_copy(tmp_path, *names))
    page, performance = report.cudnn_gpu_section(), report.cudnn_section()
    for section in (page, performance):
        assert "**NVIDIA H200, Keras's torch backend**" in section
        assert (
            "| LSTM, use_bias=False (generic kernel, the note's case) | 31.34 | 135.65 |" in section
        )
        assert "`bench/cudnn.py` at commit 3f84fe4, unchanged" in section
    assert "reference figures quoted in issue 13" not in performance
    assert "The same script on this project's CPU machine" in performance
    assert "forward 6.3 times faster" in page  # 31.338 / 4.973
    assert "forward + backward 12.5 times faster" in page  # 135.653 / 10.812
    assert "ran forward 57 times faster" in page  # GRU: 215.465 / 3.794
    assert "2.4 ms against 4.0 ms forward, 8.1 ms against 6.5 ms" in page  # jax
    assert "순전파는 2.4 ms 대 4.0 ms, 순전파 + 역전파는 8.1 ms 대 6.5 ms" in page
    assert "depends on the backend" in page
    # Keras's jax backend has no cuDNN GRU: its GRU rows are compiled loops, labels or not
    assert "Keras's jax backend has no cuDNN GRU" in page
    assert "Keras의 jax 백엔드에는 cuDNN GRU가 없으므로" in page
    assert page.count("| layer | forward (ms) |") == 2  # the CPU run is no GPU table

    def slower(data):
        data["ms"]["lstm_generic"]["forward"] = 62.676

    _edit(tmp_path / "cudnn-h200-torch.json", slower)
    page = report.cudnn_gpu_section()
    assert "| 62.68 | 135.65 |" in page
    assert "forward 12.6 times faster" in page and "31.34" not in page


def test_the_scratch_on_gpu_table_and_lesson_come_from_the_results_file(monkeypatch, tmp_path):
    report = _load("report", monkeypatch)
    monkeypatch.setattr(report, "RESULTS", _results_copy(tmp_path, "scratch-on-gpu-h200.json"))
    section = report.scratch_on_gpu_section()
    assert "| LSTM (`e03_lstm`) | 75.3 | 98.3 | 1.31 | 3.6 | 1.8e-07 |" in section
    assert "took 98 ms on the GPU through CuPy against 75 ms" in section
    assert "with no Python in between: 3.6 ms, 27 times faster" in section
    assert "`bench/scratch_on_gpu.py` reproduces it" in section

    def faster(data):
        data["ms"]["e03_lstm_cupy_gpu"] = 7.2

    _edit(tmp_path / "scratch-on-gpu-h200.json", faster)
    section = report.scratch_on_gpu_section()
    assert "| 75.3 | 7.2 | 0.10 | 3.6 |" in section and "took 7 ms on the GPU" in section
    monkeypatch.setattr(report, "RESULTS", tmp_path / "nothing")
    assert "python bench/scratch_on_gpu.py" in report.scratch_on_gpu_section()


def test_cudnn_names_its_results_file_by_machine_and_backend(monkeypatch):
    cudnn = _load("cudnn", monkeypatch)
    assert cudnn.result_name("NVIDIA H200", "torch") == "cudnn-h200-torch"
    assert cudnn.result_name("NVIDIA H200", "jax") == "cudnn-h200-jax"
    assert cudnn.result_name("NVIDIA GeForce RTX 4090", "tensorflow") == "cudnn-rtx-4090-tensorflow"
    assert cudnn.result_name(None, "tensorflow") == "cudnn-cpu-tensorflow"
    with pytest.raises(ValueError, match=r"argument `backend`.*Received: 'theano'"):
        cudnn.result_name(None, "theano")
    report = _load("report", monkeypatch)  # every name it writes is one the pages read
    for name in ("cudnn-h200-torch", "cudnn-rtx-4090-tensorflow", "cudnn-cpu-jax"):
        assert report.CUDNN_RUN.fullmatch(name)
    assert not report.CUDNN_RUN.fullmatch("cudnn-reference")


def _fake_cupy(devices):
    """NumPy dressed as CuPy, with ``devices`` GPUs (or raising, for a missing driver)."""
    fake = ModuleType("cupy")
    fake.__dict__.update({k: v for k, v in vars(np).items() if not k.startswith("__")})

    def count():
        if isinstance(devices, Exception):
            raise devices
        return devices

    fake.cuda = SimpleNamespace(
        runtime=SimpleNamespace(
            getDeviceCount=count, getDeviceProperties=lambda i: {"name": b"NVIDIA Fake 9"}
        ),
        Device=lambda: SimpleNamespace(synchronize=lambda: None),
    )
    fake.asnumpy = np.asarray
    return fake


@pytest.mark.parametrize(
    ("cupy", "said"),
    [
        (None, "CuPy is not installed"),
        (_fake_cupy(0), "CuPy finds no GPU."),
        (_fake_cupy(RuntimeError("no CUDA driver")), "CuPy finds no GPU (no CUDA driver)."),
    ],
)
def test_scratch_on_gpu_refuses_in_one_line_without_cupy_or_a_gpu(
    monkeypatch, tmp_path, capsys, cupy, said
):
    scratch = _load("scratch_on_gpu", monkeypatch)
    monkeypatch.setitem(sys.modules, "cupy", cupy)  # None: `import cupy` raises ImportError
    monkeypatch.setattr(sys.modules["benchlib"], "RESULTS", tmp_path)
    assert scratch.main(["--quick"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith("scratch_on_gpu.py needs CuPy and a CUDA GPU: ") and said in err
    assert list(tmp_path.iterdir()) == []


def test_scratch_on_gpu_runs_the_solutions_through_cupy_and_writes_the_committed_shape(
    monkeypatch, tmp_path, capsys
):
    scratch = _load("scratch_on_gpu", monkeypatch)
    fake = _fake_cupy(1)
    monkeypatch.setitem(sys.modules, "cupy", fake)
    benchlib = sys.modules["benchlib"]
    monkeypatch.setattr(benchlib, "RESULTS", tmp_path)
    monkeypatch.setattr(benchlib, "ROOT", tmp_path)
    with scratch.numpy_is(fake):  # a solution loaded inside gets CuPy as `np`
        assert scratch.load_impl("e03_lstm", ROOT / "solutions").np is fake
    assert sys.modules["numpy"] is np
    assert scratch.main(["--quick"]) == 0
    written = json.loads((tmp_path / "quick" / "scratch-on-gpu-fake-9.json").read_text())
    committed = json.loads((BENCH / "results" / "scratch-on-gpu-h200.json").read_text())
    assert written["gpu"] == "NVIDIA Fake 9" and written["sizes"] == [4, 10, 8, 16]
    expected = {k for k in committed["ms"] if not k.startswith("torch")}
    assert expected <= set(written["ms"]) and set(written["ms"]) <= set(committed["ms"])
    assert set(written["max_abs_diff_gpu_vs_cpu"]) == set(committed["max_abs_diff_gpu_vs_cpu"])
    assert max(written["max_abs_diff_gpu_vs_cpu"].values()) < 1e-6  # same code, same numbers


def test_the_fused_numpy_lstm_gives_the_solutions_output(monkeypatch):
    scaling = _load("scaling", monkeypatch)
    weights = scaling.weights_for("lstm", features=6, units=5)
    inputs = np.random.default_rng(2).uniform(-1, 1, (3, 7, 6)).astype(np.float32)
    plain = scaling.numpy_forward("lstm", weights)(inputs)
    fused = scaling.fused_lstm(inputs, *weights.as_tuple())
    np.testing.assert_allclose(fused, plain, rtol=1e-5, atol=1e-6)


def test_how_close_numpy_gets_comes_from_the_scaling_file(monkeypatch, tmp_path):
    report = _load("report", monkeypatch)
    closest = {
        "timesteps": 200,
        "batch": 64,
        "features": 128,
        "units": 256,
        "ms": {
            "numpy": 120.0,
            "numpy_fused": 100.0,
            "keras_function": 90.0,
            "step_matmuls_alone": 70.0,
        },
        "share_of_matmul_peak": {
            "numpy": 0.5,
            "numpy_fused": 0.6,
            "keras_function": 0.667,
            "step_matmuls_alone": 0.857,
        },
    }
    (tmp_path / "scaling.json").write_text(json.dumps({"repeat": 5, "closest_numpy_lstm": closest}))
    monkeypatch.setattr(report, "RESULTS", tmp_path)
    section = report.scaling_closest_section()
    assert (
        "| NumPy, gates fused, buffers preallocated, in place (`out=`) | 100.0 | 60% |" in section
    )
    assert (
        "from 50% of the peak to 60% (1.20 times the speed; Keras in `tf.function`: 67%)" in section
    )
    assert "reaches only 86% of the large matmul's throughput" in section


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


def test_only_watch_measures_the_watch_alone_and_keeps_the_rest(monkeypatch, tmp_path):
    feedback = _load("feedback", monkeypatch)
    path = tmp_path / "feedback.json"
    before = {
        "benchmark": "feedback",
        "date_utc": "2026-11-25 19:02",
        "figures": [
            feedback.figure("warm grade / import keras", 0.8, 1.0, "ratio"),
            feedback.figure("watch: save to result", 0.46, 0.2, "s"),
        ],
        "import_keras_s": [2.6],
        "watch": {"save_to_result_s": [0.46]},
    }
    path.write_text(json.dumps(before))
    monkeypatch.setattr(feedback, "results_path", lambda name, quick: path)
    monkeypatch.setattr(feedback, "watch_latencies", lambda python, saves: ([0.1, 0.12], [8, 0]))
    written = {}
    monkeypatch.setattr(feedback, "write_results", lambda name, result, **_: written.update(result))
    feedback.only_watch(tmp_path / "python", 1, None)
    warm, watch = written["figures"]
    assert warm["value"] == 0.8 and warm["carried_from"] == "2026-11-25 19:02"
    assert watch["value"] == 0.11 and "carried_from" not in watch and watch["met"] is True
    assert written["import_keras_s"] == [2.6]  # the samples behind a carried figure, kept
    assert written["watch"]["save_to_result_s"] == [0.1, 0.12]
    assert "date_utc" not in written  # write_results dates the file anew


def test_the_fresh_grade_floors_say_whether_side_by_side_could_reach_the_goal(
    monkeypatch, tmp_path
):
    report = _load("report", monkeypatch)
    monkeypatch.setattr(report, "RESULTS", _results_copy(tmp_path, "feedback.json"))

    def floors(spread, alone):
        def change(data):
            data["cpu_s"]["fresh_references_grade"] = [26.0, 27.0]
            data["fresh_references"].update(
                cores=2, ratio_floor_cores=spread, ratio_e09_alone=alone
            )

        _edit(tmp_path / "feedback.json", change)
        return report.feedback_takeaways()

    above = floors(2.6, 2.15)
    assert "That grade used 26.5 s of CPU time" in above
    assert "2.60 times the import, above the goal of 2.0" in above
    assert "took 2.15 times the import: even a core for each exercise" in above
    assert "2.60배로, 목표인 2.0배를 넘습니다" in above
    within = floors(1.4, 1.8)
    assert "1.40 times the import, within the goal of 2.0" in within
    assert "took 1.80 times the import." in within
    assert "even a core for each exercise" not in within


def test_the_page_says_how_many_references_the_partner_computed(monkeypatch, tmp_path):
    report = _load("report", monkeypatch)
    monkeypatch.setattr(report, "RESULTS", _results_copy(tmp_path, "feedback.json"))
    _edit(tmp_path / "feedback.json", lambda d: d["fresh_references"].pop("computed_by_partner", 0))
    assert "partner" not in report.feedback_takeaways()  # results from before it existed
    _edit(
        tmp_path / "feedback.json", lambda d: d["fresh_references"].update(computed_by_partner=150)
    )
    said = report.feedback_takeaways()
    assert "150 of them were computed by the grade's partner" in said
    assert "그중 150개는 채점의 파트너가 계산했습니다" in said
