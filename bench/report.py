"""Tables and plots of ``bench/results/*.json`` for the Performance page, made while it builds.

``docs/performance.md`` calls these from ``markdown-exec`` blocks, so every number on that
page comes from a results file a benchmark wrote (or, for the GPU reference figures, from
``cudnn-reference.json``, which says where its numbers come from); none is typed into the page.
"""

from __future__ import annotations

import io
import json
import statistics
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"

METHOD_LABELS = {
    "numpy": "NumPy solution",
    "numpy_projected": "NumPy, inputs projected by one matmul",
    "keras_eager": "Keras, eager",
    "keras_function": "Keras in tf.function",
}
LAYER_LABELS = {"simple_rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}
CUDNN_LABELS = {
    "lstm_cudnn": "LSTM, use_bias=True (cuDNN kernel on a GPU)",
    "lstm_generic": "LSTM, use_bias=False (generic kernel, the note's case)",
    "gru_reset_after": "GRU, reset_after=True (cuDNN kernel on a GPU)",
    "gru_reset_before": "GRU, reset_after=False (generic kernel)",
    "simple_rnn": "SimpleRNN (no cuDNN kernel)",
    "torch_nn_lstm": "torch.nn.LSTM (for comparison)",
}


def load(name: str) -> dict[str, Any] | None:
    """``bench/results/<name>.json``, or None when that benchmark has not been run."""
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text("utf-8")) if path.exists() else None


def provenance(result: dict[str, Any]) -> str:
    """One line: when, where and under what load the numbers were taken."""
    versions = ", ".join(f"{k} {v}" for k, v in result["versions"].items() if v)
    before, after = result.get("load_avg_before"), result.get("load_avg_after")
    busy = ""
    if before and after:
        busy = f"; load average (1 min) {before[0]:g} before, {after[0]:g} after"
    return (
        f"*Measured {result['date_utc']} UTC on {result['machine']} ({result['cpu']}), "
        f"Python {result['python']}, {versions}{busy}.*"
    )


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "not run"
    return f"{value:.2f}" if unit == "ratio" else f"{value:.2f} s"


def feedback_table(result: dict[str, Any]) -> str:
    """Every feedback figure next to its goal."""
    rows = []
    for row in result["figures"]:
        verdict = {True: "yes", False: "**no**", None: "-"}[row["met"]]
        goal = f"<= {row['goal']:g}" + ("" if row["unit"] == "ratio" else " s")
        rows.append([row["figure"], _number(row["value"], row["unit"]), goal, verdict])
    return _table(["figure", "measured (median)", "goal", "met"], rows)


def scaling_headline(result: dict[str, Any]) -> str:
    """Milliseconds per forward pass at the headline size, and the matmul-bound floor."""
    head = result["headline"]
    rows = []
    for kind, layer in head["layers"].items():
        ms = layer["ms"]
        rows.append(
            [
                LAYER_LABELS[kind],
                *(f"{ms[m]:.1f}" for m in METHOD_LABELS),
                f"{layer['projection_speedup']:.2f}x",
                f"{layer['projected_vs_keras_function']:.2f}x",
                f"{layer['matmul_bound_ms']:.1f}",
            ]
        )
    header = [
        "layer",
        *METHOD_LABELS.values(),
        "projection speed-up",
        "projected NumPy / tf.function time",
        "matmul floor (ms)",
    ]
    return _table(header, rows)


def scaling_peak_share(result: dict[str, Any]) -> str:
    """Each method's matmul FLOPs per second as a share of one big ``np.matmul``'s."""
    rows = [
        [LAYER_LABELS[kind], *(f"{layer['share_of_matmul_peak'][m]:.0%}" for m in METHOD_LABELS)]
        for kind, layer in result["headline"]["layers"].items()
    ]
    return _table(["layer", *METHOD_LABELS.values()], rows)


def scaling_fits(result: dict[str, Any]) -> str:
    """The fitted growth in timesteps: ms per step, and the exponent k of time ~ T^k."""
    rows = []
    for kind, growth in result["growth_in_timesteps"].items():
        for method, fit in growth["fit"].items():
            rows.append(
                [
                    LAYER_LABELS[kind],
                    METHOD_LABELS[method],
                    f"{fit['ms_per_step']:.3f}",
                    f"{fit['intercept_ms']:.2f}",
                    f"{fit['exponent']:.2f}",
                    f"{fit['r2']:.3f}",
                ]
            )
    return _table(["layer", "method", "ms per step", "intercept (ms)", "exponent k", "R²"], rows)


def scaling_plot(result: dict[str, Any]) -> str:
    """SVG: forward time against timesteps, one panel per layer, log-log axes."""
    import matplotlib

    matplotlib.use("Agg")  # no display when the docs build
    import matplotlib.pyplot as plt
    from matplotlib.ticker import NullFormatter

    growth = result["growth_in_timesteps"]
    figure, axes = plt.subplots(1, len(growth), figsize=(4 * len(growth), 3.4), sharey=True)
    for axis, (kind, data) in zip(axes, growth.items()):
        steps = [p["timesteps"] for p in data["points"]]
        for method, label in METHOD_LABELS.items():
            seconds = [p["seconds"][method] * 1e3 for p in data["points"]]
            axis.plot(steps, seconds, marker="o", label=label)
        axis.set(xscale="log", yscale="log", title=LAYER_LABELS[kind], xlabel="timesteps T")
        axis.set_xticks(steps, [str(t) for t in steps])  # the measured T, not 10^k
        axis.xaxis.set_minor_formatter(NullFormatter())
        axis.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("forward pass (ms of CPU time)")
    axes[-1].legend(fontsize=7)
    figure.tight_layout()
    svg = io.StringIO()
    figure.savefig(svg, format="svg")
    plt.close(figure)
    return svg.getvalue()


def cudnn_table(result: dict[str, Any], key: str = "ms") -> str:
    """Milliseconds per configuration (``key``: ``ms`` wall, ``cpu_ms`` CPU time), by mode."""
    unit = "CPU ms" if key == "cpu_ms" else "ms"
    modes = sorted({mode for ms in result[key].values() for mode in ms})
    rows = [
        [CUDNN_LABELS.get(name, name), *(f"{ms[m]:.2f}" if m in ms else "-" for m in modes)]
        for name, ms in result[key].items()
    ]
    return _table(["layer", *(f"{m.replace('_', ' + ')} ({unit})" for m in modes)], rows)


def cudnn_reference_caption(reference: dict[str, Any]) -> str:
    """Where the reference GPU figures come from, said plainly."""
    sizes = reference["sizes"]
    return (
        f"*Reference figures, not measured here: {reference['machine']}, Keras "
        f"{reference['keras']} with the {reference['backend']} backend, {reference['mode']}, "
        f"at B{sizes['batch']} T{sizes['timesteps']} F{sizes['features']} U{sizes['units']}; "
        f"{reference['source']} ({reference['date']}).*"
    )


def _not_run(script: str) -> str:
    return f"*No results yet: run `python bench/{script}` (or `nox -s bench`).*"


def feedback_section() -> str:
    """The feedback figures against their goals, and where they were measured."""
    feedback = load("feedback")
    if feedback is None:
        return _not_run("feedback.py")
    return f"{feedback_table(feedback)}\n\n{provenance(feedback)}"


def scaling_section() -> str:
    """Headline times, shares of the matmul peak, and the growth fits, with their provenance."""
    scaling = load("scaling")
    if scaling is None:
        return _not_run("scaling.py")
    head = scaling["headline"]
    peak = scaling["matmul_peak"]["flops_per_s"] / 1e9
    threads = scaling.get("threads")
    threads = f"{threads} thread per library" if isinstance(threads, int) else "default threads"
    return "\n\n".join(
        [
            f"Milliseconds per forward pass at B{head['batch']} T{head['timesteps']} "
            f"F{head['features']} U{head['units']}: CPU time of the process, best of "
            f"{scaling['repeat']} calls, {threads}. The matmul floor is the time the layer's "
            "matrix products alone would take at the speed of one large `np.matmul` measured "
            f"in the same run ({peak:.0f} GFLOP/s):",
            scaling_headline(scaling),
            "The same, as a share of that matmul throughput (100% is the physical limit):",
            scaling_peak_share(scaling),
            f"The LSTM at T{scaling['lstm_growth_in_batch'][0]['timesteps']} as the batch and "
            "the units grow (same method, best of the same number of calls):",
            scaling_sweeps(scaling),
            "Growth in timesteps, fitted as `time = intercept + slope * T`, and the exponent k "
            "of `time ~ T^k` (k = 1 is linear):",
            scaling_fits(scaling),
            provenance(scaling),
        ]
    )


def scaling_figure() -> str:
    """The growth plot as SVG, or a note that there is nothing to plot yet."""
    scaling = load("scaling")
    return _not_run("scaling.py") if scaling is None else scaling_plot(scaling)


def cudnn_section() -> str:
    """GPU figures when a GPU run exists, else the labelled reference ones; then the CPU run."""
    parts = []
    gpu = load("cudnn")
    if gpu is not None:
        parts += [cudnn_table(gpu), provenance(gpu) + f" *Keras backend: {gpu['backend']}.*"]
    else:
        reference = load("cudnn-reference")
        ms = reference["ms"]
        ratio = ms["lstm_generic"]["forward"] / ms["lstm_cudnn"]["forward"]
        parts += [
            "No GPU was available to this project's benchmark runs, so these are the reference "
            "figures quoted in issue 13, labelled as such:",
            cudnn_table(reference),
            cudnn_reference_caption(reference),
            f"Dropping the bias made the LSTM's forward pass {ratio:.1f} times slower there: "
            "the generic kernel runs the time loop one step at a time.",
        ]
    cpu = load("cudnn-cpu")
    if cpu is not None:
        parts += [
            "The same script on this project's CPU machine, where no layer can use cuDNN "
            f"(CPU time of the process, median of {cpu['repeat']} calls, as the machine was "
            "shared with other work):",
            cudnn_table(cpu, "cpu_ms" if "cpu_ms" in cpu else "ms"),
            provenance(cpu) + f" *Keras backend: {cpu['backend']}.*",
        ]
    return "\n\n".join(parts)


def scaling_takeaways() -> str:
    """The lessons of the scaling run, each with this run's own numbers."""
    scaling = load("scaling")
    if scaling is None:
        return _not_run("scaling.py")
    head = scaling["headline"]
    layers = head["layers"]
    lstm = layers["lstm"]
    smallest = min(scaling["lstm_growth_in_batch"], key=lambda p: p["batch"])
    # float32 projected inputs of the headline LSTM: (batch, timesteps, 4 * units)
    projected_mb = head["batch"] * head["timesteps"] * 4 * head["units"] * 4 / 2**20
    exponents = [
        growth["fit"][method]["exponent"]
        for growth in scaling["growth_in_timesteps"].values()
        for method in METHOD_LABELS
    ]
    speedups = ", ".join(
        f"{LAYER_LABELS[k]} {v['projection_speedup']:.2f}x" for k, v in layers.items()
    )
    eager = lstm["ms"]["keras_eager"] / lstm["ms"]["keras_function"]
    bullets = [
        "**Cost grows linearly with the sequence.** Every step needs the previous step's hidden "
        "state, so the steps cannot run at the same time: twice the timesteps, twice the time. "
        f"The fitted exponents lie between {min(exponents):.2f} and {max(exponents):.2f} "
        "(1 is linear; a fixed cost per call pulls it below 1 at small sizes, and a burst of "
        "load elsewhere on the machine moves it either way: see R²).",
        "**Project all inputs with one matmul before the loop.** `x_t @ kernel` does not "
        "depend on the hidden state, so all timesteps can be multiplied in one large matrix "
        "product and only `h_tm1 @ recurrent_kernel` stays inside the loop; every framework "
        "does this. It saves no arithmetic: it turns many small products into one large one, "
        "so it pays where the per-step products are small, as with one sequence at a time: "
        f"for the LSTM at batch {smallest['batch']}, "
        f"{smallest['seconds']['numpy'] / smallest['seconds']['numpy_projected']:.2f}x "
        "(your own step functions, handed the projected inputs). With a large batch NumPy "
        "already multiplies efficiently at every step, and the projected inputs of all steps "
        f"({projected_mb:.0f} MB for the LSTM at batch {head['batch']}, more than a CPU "
        "cache holds) are read back from memory one step at a time, so the gain shrinks"
        + (" and here turns into a loss" if lstm["projection_speedup"] < 1 else "")
        + f": at batch {head['batch']}, {speedups}. In a framework, every operation taken "
        "out of the loop also saves its dispatch overhead.",
        "**Eager Keras pays Python for every operation of every step.** Inside `tf.function` "
        f"the same LSTM ran {eager:.1f} times faster "
        f"({lstm['ms']['keras_eager']:.0f} ms eager, {lstm['ms']['keras_function']:.0f} ms).",
        "**The physical limit is the matmul throughput.** At these sizes the matrix products "
        f"alone need {lstm['matmul_bound_ms']:.0f} ms for the LSTM at this machine's peak; "
        "whatever a method spends beyond that is overhead (Python, small-matrix "
        "inefficiency, the elementwise gates).",
    ]
    return "\n".join(f"- {b}" for b in bullets)


def feedback_takeaways() -> str:
    """What the feedback figures mean for a learner, with this run's own numbers."""
    feedback = load("feedback")
    if feedback is None:
        return _not_run("feedback.py")
    keras = statistics.median(feedback["import_keras_s"])
    warm = statistics.median(feedback["warm_grade_s"])
    fresh = statistics.median(feedback["fresh_references_grade_s"])
    references = feedback["fresh_references"]
    bullets = [
        f"**Grading again is cheap.** A full grade with cached references took {warm:.1f} s "
        f"against {keras:.1f} s for importing Keras alone: the expected values come from "
        "`.rnnlab/cache/` and your code runs in plain NumPy, so no Keras is imported.",
        f"**Keras's references cost Keras's time.** Recomputing all "
        f"{references['computed_by_keras']} references took {fresh:.1f} s: importing Keras, "
        f"then about {references['ms_per_reference_cpu']:.0f} ms of CPU time per reference, "
        "each check building a Keras layer and running it eagerly. Even free references would "
        "leave a warm grade plus the import: "
        f"{references['ratio_floor_cpu']:.2f} times the import in CPU time.",
    ]
    return "\n".join(f"- {b}" for b in bullets)


def scaling_sweeps(result: dict[str, Any]) -> str:
    """The LSTM as batch and units grow: where projecting the inputs first pays."""
    points = result["lstm_growth_in_batch"] + result["lstm_growth_in_units"]
    rows = []
    for point in points:
        ms = {m: s * 1e3 for m, s in point["seconds"].items()}
        rows.append(
            [
                point["batch"],
                point["units"],
                f"{ms['numpy']:.1f}",
                f"{ms['numpy_projected']:.1f}",
                f"{ms['numpy'] / ms['numpy_projected']:.2f}x",
                f"{ms['keras_function']:.1f}",
            ]
        )
    header = ["batch", "units", *(METHOD_LABELS[m] + " (ms)" for m in ("numpy", "numpy_projected"))]
    header += ["projection speed-up", METHOD_LABELS["keras_function"] + " (ms)"]
    return _table(header, rows)


def classroom_section() -> str:
    """A class graded on one machine: submissions per minute, and what a seeded official grade
    costs per student against a self-study grade, in the page's language."""
    from rnnlab.i18n import in_each_language

    throughput, official = load("class_throughput"), load("isolation_cost")
    if throughput is None or official is None:
        return _not_run("class_throughput.py` and `python bench/isolation_cost.py")
    labels = {
        "en": (
            "figure",
            "value",
            f"grade-all, {throughput['submissions']} submissions on {throughput['jobs']} cores",
            "of which computing the references for the run's seed",
            "submissions per minute (references included)",
            "submissions per minute once the references are computed",
            "one student, seeded official grade (hidden checks, isolation)",
            "one student, self-study grade",
            "official / self-study",
        ),
        "ko": (
            "항목",
            "값",
            f"grade-all, 제출물 {throughput['submissions']}개, 코어 {throughput['jobs']}개",
            "그중 이번 실행의 시드로 참조값을 계산한 시간",
            "분당 채점한 제출물 수 (참조값 계산 포함)",
            "참조값을 계산한 뒤 분당 채점한 제출물 수",
            "학생 한 명, 시드를 쓴 공식 채점 (숨은 검사, 격리)",
            "학생 한 명, 자습 채점",
            "공식 / 자습",
        ),
    }
    values = [
        f"{throughput['grade_all_s']:.1f} s",
        f"{throughput['references_s']:.1f} s",
        f"{throughput['per_minute']:.1f}",
        f"{throughput['per_minute_without_references']:.1f}",
        f"{official['official_s']:.2f} s",
        f"{official['self_study_s']:.2f} s",
        f"{official['ratio']:.2f}",
    ]

    def render(language: str) -> str:
        figure, value, *rows = labels[language]
        return _table([figure, value], [[row, cell] for row, cell in zip(rows, values)])

    return f"{in_each_language(render)}\n\n{provenance(throughput)}"


def diagnosis_section() -> str:
    """What naming a learner's mistakes costs a warm grade, in the page's language."""
    from rnnlab.i18n import in_each_language

    cost = load("diagnosis_cost")
    if cost is None:
        return _not_run("diagnosis_cost.py")
    labels = {
        "en": (
            "figure",
            "value",
            "warm grade of the solutions (every check passes)",
            f"warm grade of wrong answers ({cost['exercises_named']} of {cost['exercises']} "
            "exercises named)",
            f"wrong / right (goal <= {cost['goal_ratio']:g})",
        ),
        "ko": (
            "항목",
            "값",
            "모범 답안의 캐시된 채점 (모든 검사 통과)",
            f"틀린 답의 캐시된 채점 (연습 문제 {cost['exercises']}개 중 "
            f"{cost['exercises_named']}개에서 실수를 짚음)",
            f"틀린 답 / 맞는 답 (목표 <= {cost['goal_ratio']:g})",
        ),
    }
    values = [f"{cost['right_s']:.2f} s", f"{cost['wrong_s']:.2f} s", f"{cost['ratio']:.2f}"]

    def render(language: str) -> str:
        figure, value, *rows = labels[language]
        return _table([figure, value], [[row, cell] for row, cell in zip(rows, values)])

    when = f"*Measured {cost['date']} on {cost['machine']}, Python {cost['python']}.*"
    return f"{in_each_language(render)}\n\n{when}"
