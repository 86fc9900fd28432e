"""Tables and plots of ``bench/results/*.json`` for the Performance page, made while it builds.

``docs/performance.md`` calls these from ``markdown-exec`` blocks, so every number on that
page comes from a results file a benchmark wrote (or, for the GPU reference figures, from
``cudnn-reference.json``, which says where its numbers come from); none is typed into the page.
"""

from __future__ import annotations

import json
import re
import statistics
from pathlib import Path
from typing import Any

from rnnlab.i18n import LANGUAGES, in_each_language

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
# The same labels on the Korean page (each page in its own language, whatever the builder's).
KO_METHOD_LABELS = {
    "numpy": "NumPy 모범 답안",
    "numpy_projected": "NumPy, 입력을 matmul 한 번으로 투영",
    "keras_eager": "Keras, 즉시 실행(eager)",
    "keras_function": "tf.function 안의 Keras",
}
KO_CUDNN_LABELS = {
    "lstm_cudnn": "LSTM, use_bias=True (GPU에서는 cuDNN 커널)",
    "lstm_generic": "LSTM, use_bias=False (일반 커널, 노트의 경우)",
    "gru_reset_after": "GRU, reset_after=True (GPU에서는 cuDNN 커널)",
    "gru_reset_before": "GRU, reset_after=False (일반 커널)",
    "simple_rnn": "SimpleRNN (cuDNN 커널 없음)",
    "torch_nn_lstm": "torch.nn.LSTM (비교용)",
}
# bench/feedback.py names its figures in English; the Korean page reads them through these.
KO_FEEDBACK_FIGURES = (
    (r"warm grade / import keras", "캐시된 채점 / import keras"),
    (r"unchanged e09 re-graded / import keras", "바뀌지 않은 e09 다시 채점 / import keras"),
    (r"watch: save to result", "watch: 저장부터 결과까지"),
    (r"fresh references / import keras", "참조값 새로 계산 / import keras"),
    (
        r"grade-all of (\d+) / \(one fresh grade \+ (\d+) warm grades\)",
        r"제출물 \1개의 grade-all / (새 채점 한 번 + 캐시된 채점 \2번)",
    ),
    (r"nox -s docs \(environment reused\)", "nox -s docs (환경 재사용)"),
    (r"first nox -s grade, fresh clone, empty uv cache", "새 클론의 첫 nox -s grade, 빈 uv 캐시"),
    (
        r"first nox -s grade, fresh clone, shared uv cache",
        "새 클론의 첫 nox -s grade, 공유 uv 캐시",
    ),
)


def _pick(language: str, en: Any, ko: Any) -> Any:
    """``en`` or ``ko``, by ``language``; anything else is a caller's mistake."""
    if language not in LANGUAGES:
        raise ValueError(
            f"Received an invalid value for argument `language`: expected one of "
            f"{', '.join(LANGUAGES)}. Received: {language!r}."
        )
    return ko if language == "ko" else en


def _methods(language: str) -> dict[str, str]:
    return _pick(language, METHOD_LABELS, KO_METHOD_LABELS)


def feedback_figure(name: str, language: str = "en") -> str:
    """A feedback figure's name (as bench/feedback.py wrote it) in ``language``."""
    if _pick(language, True, False):
        return name
    for pattern, korean in KO_FEEDBACK_FIGURES:
        if re.fullmatch(pattern, name):
            return re.sub(pattern, korean, name)
    return name


def load(name: str) -> dict[str, Any] | None:
    """``bench/results/<name>.json``, or None when that benchmark has not been run."""
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text("utf-8")) if path.exists() else None


def provenance(result: dict[str, Any], language: str = "en") -> str:
    """One line: when, where and under what load the numbers were taken."""
    versions = ", ".join(f"{k} {v}" for k, v in result["versions"].items() if v)
    before, after = result.get("load_avg_before"), result.get("load_avg_after")
    busy = ""
    if before and after:
        busy = _pick(
            language,
            f"; load average (1 min) {before[0]:g} before, {after[0]:g} after",
            f"; 1분 부하 평균: 측정 전 {before[0]:g}, 측정 후 {after[0]:g}",
        )
    machine = _machine(f"{result['machine']} ({result['cpu']})", language)
    return _pick(
        language,
        f"*Measured {result['date_utc']} UTC on {machine}, "
        f"Python {result['python']}, {versions}{busy}.*",
        f"*{result['date_utc']} UTC, {machine}에서 측정. "
        f"Python {result['python']}, {versions}{busy}.*",
    )


def _machine(description: str, language: str) -> str:
    """A machine as the benchmarks describe it ("Linux x86_64, 2 cores"), in ``language``."""
    return _pick(language, description, re.sub(r"\b(\d+) cores?\b", r"코어 \1개", description))


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _number(value: float | None, unit: str, language: str = "en") -> str:
    if value is None:
        return _pick(language, "not run", "실행하지 않음")
    return f"{value:.2f}" if unit == "ratio" else f"{value:.2f} s"


def feedback_table(result: dict[str, Any], language: str = "en") -> str:
    """Every feedback figure next to its goal."""
    verdicts = _pick(language, ("yes", "**no**"), ("예", "**아니요**"))
    rows = []
    for row in result["figures"]:
        verdict = {True: verdicts[0], False: verdicts[1], None: "-"}[row["met"]]
        goal = f"<= {row['goal']:g}" + ("" if row["unit"] == "ratio" else " s")
        name = feedback_figure(row["figure"], language)
        if row.get("carried_from"):  # not rerun with the others (feedback.py --grading-only)
            when = row["carried_from"]
            name += _pick(language, f" (measured {when} UTC)", f" ({when} UTC에 측정)")
        rows.append([name, _number(row["value"], row["unit"], language), goal, verdict])
    header = _pick(
        language,
        ["figure", "measured (median)", "goal", "met"],
        ["항목", "측정값 (중앙값)", "목표", "달성"],
    )
    return _table(header, rows)


def feedback_summary() -> str:
    """Start here's short table: each feedback figure, as measured, against its goal."""
    feedback = load("feedback")
    if feedback is None:
        return in_each_language(lambda language: _not_run("feedback.py", language))

    def render(language: str) -> str:
        rows = []
        for figure in feedback["figures"]:
            unit = " s" if figure["unit"] == "s" else "x"
            name = feedback_figure(figure["figure"], language)
            rows.append([name, f"{figure['value']:.2f}{unit}", f"{figure['goal']:g}{unit}"])
        header = _pick(language, ["what", "measured", "goal"], ["항목", "측정값", "목표"])
        where = f"{feedback['machine']}, {feedback['date_utc']} UTC"
        said = _pick(
            language,
            f"Measured by `bench/feedback.py` on {where}.",
            f"`bench/feedback.py`가 {_machine(where, language)}에 측정했습니다.",
        )
        return f"{_table(header, rows)}\n\n{said}"

    return in_each_language(render)


def scaling_headline(result: dict[str, Any], language: str = "en") -> str:
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
        _pick(language, "layer", "층"),
        *_methods(language).values(),
        *_pick(
            language,
            ["projection speed-up", "projected NumPy / tf.function time", "matmul floor (ms)"],
            ["투영으로 빨라진 배수", "투영한 NumPy / tf.function 시간", "matmul 하한 (ms)"],
        ),
    ]
    return _table(header, rows)


def scaling_peak_share(result: dict[str, Any], language: str = "en") -> str:
    """Each method's matmul FLOPs per second as a share of one big ``np.matmul``'s."""
    rows = [
        [LAYER_LABELS[kind], *(f"{layer['share_of_matmul_peak'][m]:.0%}" for m in METHOD_LABELS)]
        for kind, layer in result["headline"]["layers"].items()
    ]
    return _table([_pick(language, "layer", "층"), *_methods(language).values()], rows)


def scaling_fits(result: dict[str, Any], language: str = "en") -> str:
    """The fitted growth in timesteps: ms per step, and the exponent k of time ~ T^k."""
    rows = []
    for kind, growth in result["growth_in_timesteps"].items():
        for method, fit in growth["fit"].items():
            rows.append(
                [
                    LAYER_LABELS[kind],
                    _methods(language)[method],
                    f"{fit['ms_per_step']:.3f}",
                    f"{fit['intercept_ms']:.2f}",
                    f"{fit['exponent']:.2f}",
                    f"{fit['r2']:.3f}",
                ]
            )
    header = _pick(
        language,
        ["layer", "method", "ms per step", "intercept (ms)", "exponent k", "R²"],
        ["층", "방법", "시점당 ms", "절편 (ms)", "지수 k", "R²"],
    )
    return _table(header, rows)


def scaling_plot(result: dict[str, Any], language: str = "en") -> str:
    """SVG: forward time against timesteps, one panel per layer, log-log axes; its words in
    ``language``, kept as text so the page's fonts draw them (Hangul included)."""
    from matplotlib.ticker import NullFormatter

    from rnnlab.figures.plots import page_svg

    def draw() -> Any:
        import matplotlib.pyplot as plt

        growth = result["growth_in_timesteps"]
        figure, axes = plt.subplots(1, len(growth), figsize=(4 * len(growth), 3.4), sharey=True)
        xlabel = _pick(language, "timesteps T", "시점 수 T")
        for axis, (kind, data) in zip(axes, growth.items()):
            steps = [p["timesteps"] for p in data["points"]]
            for method, label in _methods(language).items():
                seconds = [p["seconds"][method] * 1e3 for p in data["points"]]
                axis.plot(steps, seconds, marker="o", label=label)
            axis.set(xscale="log", yscale="log", title=LAYER_LABELS[kind], xlabel=xlabel)
            axis.set_xticks(steps, [str(t) for t in steps])  # the measured T, not 10^k
            axis.xaxis.set_minor_formatter(NullFormatter())
            axis.grid(True, which="both", alpha=0.3)
        axes[0].set_ylabel(_pick(language, "forward pass (ms of CPU time)", "순전파 (CPU 시간 ms)"))
        axes[-1].legend(fontsize=7)
        figure.tight_layout()
        return figure

    import matplotlib.pyplot as plt

    svg = page_svg(draw)
    plt.close("all")
    return svg


def cudnn_table(result: dict[str, Any], key: str = "ms", language: str = "en") -> str:
    """Milliseconds per configuration (``key``: ``ms`` wall, ``cpu_ms`` CPU time), by mode."""
    unit = "ms" if key != "cpu_ms" else _pick(language, "CPU ms", "CPU 시간 ms")
    labels = _pick(language, CUDNN_LABELS, KO_CUDNN_LABELS)
    modes = sorted({mode for ms in result[key].values() for mode in ms})
    rows = [
        [labels.get(name, name), *(f"{ms[m]:.2f}" if m in ms else "-" for m in modes)]
        for name, ms in result[key].items()
    ]
    mode_names = _pick(language, {}, {"forward": "순전파", "forward_backward": "순전파 + 역전파"})
    header = [
        _pick(language, "layer", "층"),
        *(f"{mode_names.get(m, m.replace('_', ' + '))} ({unit})" for m in modes),
    ]
    return _table(header, rows)


def cudnn_reference_caption(reference: dict[str, Any], language: str = "en") -> str:
    """Where the reference GPU figures come from, said plainly."""
    sizes = reference["sizes"]
    if _pick(language, True, False):
        return (
            f"*Reference figures, not measured here: {reference['machine']}, Keras "
            f"{reference['keras']} with the {reference['backend']} backend, {reference['mode']}, "
            f"at B{sizes['batch']} T{sizes['timesteps']} F{sizes['features']} "
            f"U{sizes['units']}; {reference['source']} ({reference['date']}).*"
        )
    # The reference file explains itself in English prose; the Korean page says the same from
    # its fields: the GPU, the versions, the mode, and the day it was copied here.
    mode = {"forward only": "순전파만"}.get(reference["mode"], reference["mode"])
    copied = re.findall(r"\d{4}-\d{2}-\d{2}", reference["date"])
    when = f" 이 저장소에는 {copied[-1]}에 옮겨 적었습니다." if copied else ""
    gpu = reference.get("gpu", reference["machine"])
    return (
        f"*여기서 잰 값이 아니라 인용한 참조 수치입니다: {gpu} 한 대, "
        f"Keras {reference['keras']}, {reference['backend']} 백엔드, {mode}, "
        f"B{sizes['batch']} T{sizes['timesteps']} F{sizes['features']} U{sizes['units']}. "
        "이슈 13의 작성자가 재어 그 이슈에 인용한 값이며, 이 저장소의 `bench/cudnn.py`가 잰 "
        f"값이 아닙니다.{when}*"
    )


def _not_run(script: str, language: str = "en") -> str:
    return _pick(
        language,
        f"*No results yet: run `python bench/{script}` (or `nox -s bench`).*",
        f"*아직 결과가 없습니다: `python bench/{script}`(또는 `nox -s bench`)를 실행하세요.*",
    )


def feedback_section() -> str:
    """The feedback figures against their goals, and where they were measured."""
    feedback = load("feedback")
    if feedback is None:
        return in_each_language(lambda language: _not_run("feedback.py", language))
    return in_each_language(
        lambda language: f"{feedback_table(feedback, language)}\n\n{provenance(feedback, language)}"
    )


def scaling_section() -> str:
    """Headline times, shares of the matmul peak, and the growth fits, with their provenance."""
    scaling = load("scaling")
    if scaling is None:
        return in_each_language(lambda language: _not_run("scaling.py", language))
    return in_each_language(lambda language: _scaling_section(scaling, language))


def _scaling_section(scaling: dict[str, Any], language: str) -> str:
    head = scaling["headline"]
    peak = scaling["matmul_peak"]["flops_per_s"] / 1e9
    threads = scaling.get("threads")
    size = f"B{head['batch']} T{head['timesteps']} F{head['features']} U{head['units']}"
    lstm_steps = scaling["lstm_growth_in_batch"][0]["timesteps"]
    threads = _pick(
        language,
        f"{threads} thread per library" if isinstance(threads, int) else "default threads",
        f"라이브러리마다 스레드 {threads}개" if isinstance(threads, int) else "기본 스레드 수",
    )
    en = [
        f"Milliseconds per forward pass at {size}: CPU time of the process, best of "
        f"{scaling['repeat']} calls, {threads}. The matmul floor is the time the layer's "
        "matrix products alone would take at the speed of one large `np.matmul` measured "
        f"in the same run ({peak:.0f} GFLOP/s):",
        "The same, as a share of that matmul throughput (100% is the physical limit):",
        f"The LSTM at T{lstm_steps} as the batch and "
        "the units grow (same method, best of the same number of calls):",
        "Growth in timesteps, fitted as `time = intercept + slope * T`, and the exponent k "
        "of `time ~ T^k` (k = 1 is linear):",
    ]
    ko = [
        f"{size}에서 순전파 한 번에 걸린 밀리초: 프로세스의 CPU 시간, "
        f"{scaling['repeat']}번 호출 중 가장 빠른 값, {threads}. matmul 하한은 같은 실행에서 잰 "
        f"큰 `np.matmul` 한 번의 속도({peak:.0f} GFLOP/s)로 층의 행렬 곱만 계산했을 때 걸릴 "
        "시간입니다:",
        "같은 결과를 그 matmul 처리량에 대한 비율로 나타낸 것입니다(100%가 물리적 한계):",
        f"T{lstm_steps}의 LSTM에서 배치와 유닛을 늘려 갈 때(같은 방법, 같은 호출 횟수 중 "
        "가장 빠른 값):",
        "시점 수에 따른 증가를 `time = intercept + slope * T`로 맞춘 결과와, "
        "`time ~ T^k`의 지수 k(k = 1이면 선형):",
    ]
    intro = _pick(language, en, ko)
    tables = [
        scaling_headline(scaling, language),
        scaling_peak_share(scaling, language),
        scaling_sweeps(scaling, language),
        scaling_fits(scaling, language),
    ]
    parts = [piece for pair in zip(intro, tables) for piece in pair]
    return "\n\n".join([*parts, provenance(scaling, language)])


def scaling_figure() -> str:
    """The growth plot as SVG in each language, or a note that there is nothing to plot yet."""
    scaling = load("scaling")
    if scaling is None:
        return in_each_language(lambda language: _not_run("scaling.py", language))
    return in_each_language(lambda language: scaling_plot(scaling, language))


def cudnn_section() -> str:
    """GPU figures when a GPU run exists, else the labelled reference ones; then the CPU run."""
    return in_each_language(_cudnn_section)


def _cudnn_section(language: str) -> str:
    parts = []
    gpu = load("cudnn")
    backend = _pick(language, "*Keras backend: {}.*", "*Keras 백엔드: {}.*")
    if gpu is not None:
        parts += [
            cudnn_table(gpu, language=language),
            provenance(gpu, language) + " " + backend.format(gpu["backend"]),
        ]
    else:
        reference = load("cudnn-reference")
        ms = reference["ms"]
        ratio = ms["lstm_generic"]["forward"] / ms["lstm_cudnn"]["forward"]
        parts += [
            _pick(
                language,
                "No GPU was available to this project's benchmark runs, so these are the "
                "reference figures quoted in issue 13, labelled as such:",
                "이 프로젝트의 벤치마크 실행에는 GPU가 없었으므로, 아래는 이슈 13에 인용된 참조 "
                "수치이며 그렇게 표시해 둡니다:",
            ),
            cudnn_table(reference, language=language),
            cudnn_reference_caption(reference, language),
            _pick(
                language,
                f"Dropping the bias made the LSTM's forward pass {ratio:.1f} times slower there: "
                "the generic kernel runs the time loop one step at a time.",
                f"그곳에서는 편향을 빼자 LSTM의 순전파가 {ratio:.1f}배 느려졌습니다. 일반 커널은 "
                "시간 반복문을 한 시점씩 돌기 때문입니다.",
            ),
        ]
    cpu = load("cudnn-cpu")
    if cpu is not None:
        parts += [
            _pick(
                language,
                "The same script on this project's CPU machine, where no layer can use cuDNN "
                f"(CPU time of the process, median of {cpu['repeat']} calls, as the machine was "
                "shared with other work):",
                "같은 스크립트를 어떤 층도 cuDNN을 쓸 수 없는 이 프로젝트의 CPU 컴퓨터에서 "
                f"실행한 결과입니다(다른 작업과 함께 쓰는 컴퓨터였으므로 프로세스의 CPU 시간, "
                f"{cpu['repeat']}번 호출의 중앙값):",
            ),
            cudnn_table(cpu, "cpu_ms" if "cpu_ms" in cpu else "ms", language),
            provenance(cpu, language) + " " + backend.format(cpu["backend"]),
        ]
    return "\n\n".join(parts)


def scaling_takeaways() -> str:
    """The lessons of the scaling run, each with this run's own numbers, in each language."""
    scaling = load("scaling")
    if scaling is None:
        return in_each_language(lambda language: _not_run("scaling.py", language))
    return in_each_language(lambda language: _scaling_takeaways(scaling, language))


def _scaling_takeaways(scaling: dict[str, Any], language: str) -> str:
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
    low, high = min(exponents), max(exponents)
    speedups = ", ".join(
        f"{LAYER_LABELS[k]} {v['projection_speedup']:.2f}x" for k, v in layers.items()
    )
    small_gain = smallest["seconds"]["numpy"] / smallest["seconds"]["numpy_projected"]
    eager = lstm["ms"]["keras_eager"] / lstm["ms"]["keras_function"]
    loss = lstm["projection_speedup"] < 1
    batch, small_batch = head["batch"], smallest["batch"]
    eager_ms, function_ms = lstm["ms"]["keras_eager"], lstm["ms"]["keras_function"]
    en = [
        "**Cost grows linearly with the sequence.** Every step needs the previous step's hidden "
        "state, so the steps cannot run at the same time: twice the timesteps, twice the time. "
        f"The fitted exponents lie between {low:.2f} and {high:.2f} "
        "(1 is linear; a fixed cost per call pulls it below 1 at small sizes, and a burst of "
        "load elsewhere on the machine moves it either way: see R²).",
        "**Project all inputs with one matmul before the loop.** `x_t @ kernel` does not "
        "depend on the hidden state, so all timesteps can be multiplied in one large matrix "
        "product and only `h_tm1 @ recurrent_kernel` stays inside the loop; every framework "
        "does this. It saves no arithmetic: it turns many small products into one large one, "
        "so it pays where the per-step products are small, as with one sequence at a time: "
        f"for the LSTM at batch {small_batch}, {small_gain:.2f}x "
        "(your own step functions, handed the projected inputs). With a large batch NumPy "
        "already multiplies efficiently at every step, and the projected inputs of all steps "
        f"({projected_mb:.0f} MB for the LSTM at batch {batch}, more than a CPU "
        "cache holds) are read back from memory one step at a time, so the gain shrinks"
        + (" and here turns into a loss" if loss else "")
        + f": at batch {batch}, {speedups}. In a framework, every operation taken "
        "out of the loop also saves its dispatch overhead.",
        "**Eager Keras pays Python for every operation of every step.** Inside `tf.function` "
        f"the same LSTM ran {eager:.1f} times faster "
        f"({eager_ms:.0f} ms eager, {function_ms:.0f} ms).",
        "**The physical limit is the matmul throughput.** At these sizes the matrix products "
        f"alone need {lstm['matmul_bound_ms']:.0f} ms for the LSTM at this machine's peak; "
        "whatever a method spends beyond that is overhead (Python, small-matrix "
        "inefficiency, the elementwise gates).",
    ]
    ko = [
        "**비용은 시퀀스 길이에 비례해 늘어납니다.** 각 시점은 이전 시점의 은닉 상태가 있어야 "
        "하므로 여러 시점을 동시에 계산할 수 없습니다. 시점 수가 두 배면 시간도 두 배입니다. "
        f"맞춘 지수는 {low:.2f}에서 {high:.2f} 사이입니다(1이면 선형입니다. 크기가 작을 때는 "
        "호출마다 드는 고정 비용 때문에 1보다 작아지고, 컴퓨터의 다른 작업이 잠깐 몰리면 어느 "
        "쪽으로든 움직입니다. R²를 보세요).",
        "**반복문에 들어가기 전에 모든 입력을 matmul 한 번으로 투영하세요.** `x_t @ kernel`은 "
        "은닉 상태와 상관이 없으므로 모든 시점을 큰 행렬 곱 하나로 계산할 수 있고, 반복문 "
        "안에는 `h_tm1 @ recurrent_kernel`만 남습니다. 모든 프레임워크가 이렇게 합니다. 계산량이 "
        "줄지는 않습니다. 작은 곱 여러 개를 큰 곱 하나로 바꿀 뿐이므로, 시퀀스를 하나씩 처리할 "
        "때처럼 시점마다의 곱이 작을 때 이득입니다: "
        f"배치 {small_batch}의 LSTM에서 {small_gain:.2f}x"
        "(여러분의 시점 함수에 투영한 입력을 넘긴 경우). 배치가 크면 NumPy는 이미 시점마다 "
        "효율적으로 곱하고, 모든 시점의 투영된 입력"
        f"(배치 {batch}의 LSTM에서 {projected_mb:.0f} MB, CPU 캐시보다 큽니다)을 한 시점씩 "
        "메모리에서 다시 읽어야 하므로 이득이 줄어듭니다"
        + ("(여기서는 오히려 손해입니다)" if loss else "")
        + f": 배치 {batch}에서 {speedups}. 프레임워크에서는 반복문 밖으로 꺼낸 연산마다 "
        "디스패치 오버헤드도 줄어듭니다.",
        "**즉시 실행(eager) Keras는 모든 시점의 모든 연산마다 Python 비용을 치릅니다.** "
        f"`tf.function` 안에서는 같은 LSTM이 {eager:.1f}배 빨랐습니다"
        f"(즉시 실행 {eager_ms:.0f} ms, {function_ms:.0f} ms).",
        "**물리적 한계는 matmul 처리량입니다.** 이 크기에서 LSTM의 행렬 곱만 해도 이 컴퓨터의 "
        f"최고 속도로 {lstm['matmul_bound_ms']:.0f} ms가 걸립니다. 어떤 방법이든 그보다 더 "
        "쓰는 시간은 오버헤드입니다(Python, 작은 행렬의 비효율, 원소별 게이트 계산).",
    ]
    return "\n".join(f"- {b}" for b in _pick(language, en, ko))


def feedback_takeaways() -> str:
    """What the feedback figures mean for a learner, with this run's own numbers."""
    feedback = load("feedback")
    if feedback is None:
        return in_each_language(lambda language: _not_run("feedback.py", language))
    return in_each_language(lambda language: _feedback_takeaways(feedback, language))


def _feedback_takeaways(feedback: dict[str, Any], language: str) -> str:
    keras = statistics.median(feedback["import_keras_s"])
    warm = statistics.median(feedback["warm_grade_s"])
    fresh = statistics.median(feedback["fresh_references_grade_s"])
    references = feedback["fresh_references"]
    count, per = references["computed_by_keras"], references["ms_per_reference_cpu"]
    floor = references["ratio_floor_cpu"]
    en = [
        f"**Grading again is cheap.** A full grade with cached references took {warm:.1f} s "
        f"against {keras:.1f} s for importing Keras alone: the expected values come from "
        "`.rnnlab/cache/` and your code runs in plain NumPy, so no Keras is imported.",
        f"**Keras's references cost Keras's time.** Recomputing all "
        f"{count} references took {fresh:.1f} s: importing Keras, "
        f"then about {per:.0f} ms of CPU time per reference, "
        "each check building a Keras layer and running it eagerly. Even free references would "
        "leave a warm grade plus the import: "
        f"{floor:.2f} times the import in CPU time.",
    ]
    ko = [
        "**다시 채점하는 데는 비용이 거의 들지 않습니다.** 참조값을 캐시해 둔 전체 채점은 "
        f"{warm:.1f}초로, Keras를 import하는 데만 드는 {keras:.1f}초보다 짧았습니다. 기대값은 "
        "`.rnnlab/cache/`에서 읽고 여러분의 코드는 순수한 NumPy로 실행되므로 Keras를 import하지 "
        "않습니다.",
        "**Keras의 참조값은 Keras의 시간만큼 듭니다.** "
        f"참조값 {count}개를 모두 다시 계산하는 데 {fresh:.1f}초가 걸렸습니다. Keras를 import한 "
        f"뒤, 참조값 하나마다 CPU 시간으로 약 {per:.0f} ms가 듭니다. 검사마다 Keras 층을 만들어 "
        "즉시 실행(eager)으로 돌리기 때문입니다. 참조값이 공짜라 해도 캐시된 채점에 import를 "
        f"더한 시간은 남습니다: CPU 시간으로 import의 {floor:.2f}배입니다.",
    ]
    if feedback.get("unchanged_e09_grade_s"):
        e09 = statistics.median(feedback["unchanged_e09_grade_s"])
        en.insert(
            1,
            f"**An unchanged e09 is not trained again.** Re-grading it took {e09:.1f} s: what its "
            "models reached, and the configs its builders returned, are remembered in "
            "`.rnnlab/cache/` per model, so neither its worker nor Keras runs. Change the model "
            "and it is trained again; an official grade always trains afresh.",
        )
        ko.insert(
            1,
            f"**바뀌지 않은 e09는 다시 학습하지 않습니다.** 다시 채점하는 데 {e09:.1f}초가 "
            "걸렸습니다. 모델이 도달한 결과와 빌더가 돌려준 설정을 모델마다 `.rnnlab/cache/`에 "
            "기억해 두므로 워커도 Keras도 실행되지 않습니다. 모델을 바꾸면 다시 학습하고, 공식 "
            "채점은 언제나 새로 학습합니다.",
        )
    return "\n".join(f"- {b}" for b in _pick(language, en, ko))


def scaling_sweeps(result: dict[str, Any], language: str = "en") -> str:
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
    methods = _methods(language)
    header = [*_pick(language, ["batch", "units"], ["배치", "유닛"])]
    header += [methods[m] + " (ms)" for m in ("numpy", "numpy_projected")]
    header += [_pick(language, "projection speed-up", "투영으로 빨라진 배수")]
    header += [methods["keras_function"] + " (ms)"]
    return _table(header, rows)


def classroom_section() -> str:
    """A class graded on one machine: submissions per minute, and what a seeded official grade
    costs per student against a self-study grade, in the page's language."""
    throughput, official = load("class_throughput"), load("isolation_cost")
    if throughput is None or official is None:
        script = "class_throughput.py` and `python bench/isolation_cost.py"
        return in_each_language(lambda language: _not_run(script, language))
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

    return _figures_table(labels, values, throughput)


def diagnosis_section() -> str:
    """What naming a learner's mistakes costs a warm grade, in the page's language."""
    cost = load("diagnosis_cost")
    if cost is None:
        return in_each_language(lambda language: _not_run("diagnosis_cost.py", language))
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

    return _figures_table(labels, values, cost)


def _figures_table(
    labels: dict[str, tuple[str, ...]], values: list[str], measured: dict[str, Any]
) -> str:
    """A two-column table (the header, then one label per value) in each page language, with
    where ``measured`` was taken."""

    def render(language: str) -> str:
        figure, value, *rows = labels[language]
        table = _table([figure, value], [[row, cell] for row, cell in zip(rows, values)])
        return f"{table}\n\n{provenance(measured, language)}"

    return in_each_language(render)
