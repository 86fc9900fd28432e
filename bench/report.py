"""Tables and plots of ``bench/results/*.json`` for the Performance page, made while it builds.

``docs/performance.md`` calls these from ``markdown-exec`` blocks, so every number on that
page comes from a results file a benchmark wrote; none is typed into the page. A file made on
another machine (the GPU runs) keeps a ``provenance`` block, printed under its table, saying
where, when and by what command it was made; ``cudnn-reference.json`` (figures quoted in issue
13, shown only where no GPU run exists) says where its numbers come from.
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


# A results file of bench/cudnn.py: cudnn-<machine>-<backend>.json (cudnn-reference.json is not).
CUDNN_RUN = re.compile(r"cudnn-(?P<machine>[a-z0-9-]+?)-(?P<backend>tensorflow|torch|jax)")
BACKEND_ORDER = ("torch", "jax", "tensorflow")  # the note's big effect first


def cudnn_runs(*, gpu: bool) -> list[dict[str, Any]]:
    """Every ``bench/cudnn.py`` results file made on a GPU (``gpu=True``) or on a CPU, one per
    machine and backend, the torch backend first."""
    runs = []
    for path in RESULTS.glob("cudnn-*.json"):
        match = CUDNN_RUN.fullmatch(path.stem)
        if match:
            runs.append((match["machine"], BACKEND_ORDER.index(match["backend"]), path))
    loaded = [json.loads(path.read_text("utf-8")) for *_, path in sorted(runs)]
    return [run for run in loaded if (run.get("gpu") is not None) == gpu]


def measured_elsewhere(result: dict[str, Any], language: str = "en") -> str:
    """Where a file copied from another machine was measured, from its ``provenance`` block;
    :func:`provenance` for a file this repository's scripts wrote here."""
    if "provenance" not in result:  # the title above names its GPU and backend
        return provenance(result, language)
    made = result["provenance"]
    versions = ", ".join(f"{k} {v}" for k, v in made["versions"].items())
    where = _pick(
        language,
        f"one {made['gpu']} ({made['cpu_cores']} CPU cores)",
        f"{made['gpu']} 한 대(CPU 코어 {made['cpu_cores']}개)",
    )
    if made.get("command"):
        how = _pick(
            language,
            f"by `{made['script']}` at commit {made['commit']}, unchanged: `{made['command']}`",
            f"커밋 {made['commit']}의 `{made['script']}`를 고치지 않고 실행했습니다: "
            f"`{made['command']}`",
        )
    else:
        how = _pick(
            language,
            f"by a one-off script running the code of commit {made['commit']}, unchanged; "
            f"`{made['reproduced_by']}` reproduces it",
            f"커밋 {made['commit']}의 코드를 고치지 않고 일회용 스크립트로 실행했습니다. "
            f"`{made['reproduced_by']}`로 같은 측정을 다시 할 수 있습니다",
        )
    return _pick(
        language,
        f"*Measured {made['date']} on {where}, {how}; {versions}. Copied here from that "
        "machine: no GPU was lent to this repository's own runs, so these figures are not "
        "rerun when the site is built.*",
        f"*{made['date']}에 {where}에서 측정했습니다. {how}. {versions}. 그 컴퓨터에서 옮겨 온 "
        "결과입니다. 이 저장소의 실행에는 GPU가 주어지지 않았으므로, 사이트를 빌드할 때 다시 "
        "재지 않습니다.*",
    )


def _cudnn_gpu_tables(runs: list[dict[str, Any]], language: str) -> list[str]:
    """Each GPU run's table, titled by its GPU and backend, with where it was measured."""
    parts = []
    for run in runs:
        title = _pick(
            language,
            f"**{run['gpu']}, Keras's {run['backend']} backend** (wall-clock ms, median of "
            f"{run['repeat']} calls, each waiting for the GPU):",
            f"**{run['gpu']}, Keras의 {run['backend']} 백엔드** (실제로 걸린 시간 ms, 호출마다 "
            f"GPU가 끝나기를 기다린 {run['repeat']}번의 중앙값):",
        )
        parts += [title, cudnn_table(run, language=language), measured_elsewhere(run, language)]
    return parts


def _reference_figures(language: str) -> list[str]:
    """Issue 13's quoted H100 figures, labelled, for a checkout with no GPU run at all."""
    reference = load("cudnn-reference")
    if reference is None:
        return [_not_run("cudnn.py", language)]
    ms = reference["ms"]
    ratio = ms["lstm_generic"]["forward"] / ms["lstm_cudnn"]["forward"]
    return [
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


def cudnn_gpu_section() -> str:
    """The cuDNN page's GPU figures: each backend's table, then what they show."""
    runs = cudnn_runs(gpu=True)

    def render(language: str) -> str:
        if not runs:
            return "\n\n".join(_reference_figures(language))
        return "\n\n".join([*_cudnn_gpu_tables(runs, language), _cudnn_lessons(runs, language)])

    return in_each_language(render)


def cudnn_section() -> str:
    """The Performance page's cuDNN figures: every GPU run (else the labelled reference ones),
    then every CPU run."""
    gpu_runs, cpu_runs = cudnn_runs(gpu=True), cudnn_runs(gpu=False)

    def render(language: str) -> str:
        parts = _cudnn_gpu_tables(gpu_runs, language) if gpu_runs else []
        parts = parts or _reference_figures(language)
        backend = _pick(language, "*Keras backend: {}.*", "*Keras 백엔드: {}.*")
        for cpu in cpu_runs:
            parts += [
                _pick(
                    language,
                    "The same script on this project's CPU machine, where no layer can use "
                    f"cuDNN (CPU time of the process, median of {cpu['repeat']} calls, as the "
                    "machine was shared with other work):",
                    "같은 스크립트를 어떤 층도 cuDNN을 쓸 수 없는 이 프로젝트의 CPU 컴퓨터에서 "
                    "실행한 결과입니다(다른 작업과 함께 쓰는 컴퓨터였으므로 프로세스의 CPU 시간, "
                    f"{cpu['repeat']}번 호출의 중앙값):",
                ),
                cudnn_table(cpu, "cpu_ms" if "cpu_ms" in cpu else "ms", language),
                provenance(cpu, language) + " " + backend.format(cpu["backend"]),
            ]
        return "\n\n".join(parts)

    return in_each_language(render)


def _ratio(run: dict[str, Any], slow: str, fast: str, mode: str = "forward") -> float:
    return run["ms"][slow][mode] / run["ms"][fast][mode]


def _cudnn_lessons(runs: list[dict[str, Any]], language: str) -> str:
    """What the GPU tables show, backend by backend, with their own numbers."""
    bullets = []
    for run in runs:
        if run["backend"] == "torch":
            bullets.append(_torch_lesson(run, language))
        elif run["backend"] == "jax":
            bullets.append(_jax_lesson(run, language))
    if {run["backend"] for run in runs} >= {"torch", "jax"}:
        bullets.append(
            _pick(
                language,
                "**So what losing cuDNN costs depends on the backend**: a step-by-step loop "
                "launched from Python pays for every step; a loop compiled whole (XLA) or "
                "cuDNN's fused work does not. Keep cuDNN's defaults anyway: then every backend "
                "can take its fastest path.",
                "**그러니 cuDNN을 잃은 대가는 백엔드에 따라 다릅니다.** Python에서 한 시점씩 "
                "실행하는 반복문은 시점마다 비용을 치르고, 통째로 컴파일한 반복문(XLA)이나 "
                "cuDNN의 융합된 계산은 그렇지 않습니다. 그래도 cuDNN의 기본값은 지키세요. "
                "그래야 어느 백엔드든 가장 빠른 길을 탈 수 있습니다.",
            )
        )
    return "\n".join(f"- {bullet}" for bullet in bullets)


def _torch_lesson(run: dict[str, Any], language: str) -> str:
    ms = run["ms"]
    forward = _ratio(run, "lstm_generic", "lstm_cudnn")
    both = _ratio(run, "lstm_generic", "lstm_cudnn", "forward_backward")
    gru = _ratio(run, "gru_reset_before", "gru_reset_after")
    generic, fused = ms["lstm_generic"]["forward"], ms["lstm_cudnn"]["forward"]
    before, after = ms["gru_reset_before"]["forward"], ms["gru_reset_after"]["forward"]
    return _pick(
        language,
        f"**On the torch backend, losing cuDNN is expensive.** The LSTM that qualifies for "
        f"the fused kernel ran forward {forward:.1f} times faster than the note's "
        f"`use_bias=False` one ({fused:.1f} ms against {generic:.1f} ms), and forward + "
        f"backward {both:.1f} times faster: without cuDNN, Keras runs the time loop in "
        "Python, one small PyTorch operation after another, and the backward pass walks it "
        f"again. The GRU with `reset_after=True` (cuDNN's equation) ran forward {gru:.0f} "
        f"times faster than with `reset_after=False` ({after:.1f} ms against {before:.0f} ms).",
        f"**torch 백엔드에서는 cuDNN을 잃은 대가가 큽니다.** 융합 커널을 쓸 수 있는 LSTM은 노트의 "
        f"`use_bias=False` LSTM보다 순전파가 {forward:.1f}배 빨랐고({fused:.1f} ms 대 "
        f"{generic:.1f} ms), 순전파 + 역전파는 {both:.1f}배 빨랐습니다. cuDNN이 없으면 Keras는 "
        "시간 반복문을 Python에서 돌며 작은 PyTorch 연산을 하나씩 실행하고, 역전파는 그 "
        f"반복문을 다시 거슬러 갑니다. `reset_after=True`(cuDNN의 식)인 GRU는 "
        f"`reset_after=False`인 GRU보다 순전파가 {gru:.0f}배 빨랐습니다({after:.1f} ms 대 "
        f"{before:.0f} ms).",
    )


def _jax_lesson(run: dict[str, Any], language: str) -> str:
    ms = run["ms"]
    generic, fused = ms["lstm_generic"], ms["lstm_cudnn"]
    return _pick(
        language,
        "**On the jax backend, under `jax.jit`, losing cuDNN costs little.** XLA compiles the "
        "generic loop (`lax.scan`) into one GPU program, so no step goes back to Python, and "
        "the LSTM without a bias stays in the cuDNN one's range: "
        f"{generic['forward']:.1f} ms against {fused['forward']:.1f} ms forward, "
        f"{generic['forward_backward']:.1f} ms against {fused['forward_backward']:.1f} ms "
        "forward + backward. Keras's jax backend has no cuDNN GRU (jax offers a cuDNN LSTM "
        "only), so on this backend both GRU rows are such compiled loops, whatever their "
        "labels say.",
        "**jax 백엔드에서 `jax.jit`으로 실행하면 cuDNN을 잃은 대가가 작습니다.** XLA가 일반 "
        "반복문(`lax.scan`)을 GPU 프로그램 하나로 컴파일하므로 어느 시점도 Python으로 "
        "돌아오지 않고, 편향이 없는 LSTM도 cuDNN LSTM과 비슷한 시간에 끝납니다. "
        f"순전파는 {generic['forward']:.1f} ms 대 {fused['forward']:.1f} ms, "
        f"순전파 + 역전파는 {generic['forward_backward']:.1f} ms 대 "
        f"{fused['forward_backward']:.1f} ms였습니다. Keras의 jax 백엔드에는 cuDNN GRU가 "
        "없으므로(jax가 제공하는 cuDNN 커널은 LSTM뿐입니다), 이 백엔드에서는 표의 설명과 달리 "
        "GRU 두 줄이 모두 이렇게 컴파일된 반복문입니다.",
    )


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


def _fresh_floors(feedback: dict[str, Any], language: str) -> str:
    """What running a fresh grade's work side by side could reach on this machine: its CPU
    time over the cores, and e09 alone (`bench/feedback.py`'s ``fresh_reference_costs``)."""
    references = feedback["fresh_references"]
    cpu = statistics.median(feedback["cpu_s"]["fresh_references_grade"])
    cores, spread = references["cores"], references["ratio_floor_cores"]
    goal = next(
        row["goal"] for row in feedback["figures"] if row["figure"].startswith("fresh references")
    )
    alone = references.get("ratio_e09_alone")
    reach = spread <= goal
    en = (
        f"**What the cores allow.** That grade used {cpu:.1f} s of CPU time: shared perfectly "
        f"by this machine's {cores} cores, that is {spread:.2f} times the import, "
        + (
            f"within the goal of {goal:.1f}, so running exercises side by side could reach it."
            if reach
            else f"above the goal of {goal:.1f}: no way of running the same work side by side "
            "reaches it here."
        )
    )
    ko = (
        f"**코어가 허락하는 만큼.** 그 채점은 CPU 시간을 {cpu:.1f}초 썼습니다. 이 컴퓨터의 "
        f"코어 {cores}개가 빈틈없이 나눠 맡으면 import의 {spread:.2f}배로, "
        + (
            f"목표인 {goal:.1f}배 안입니다. 연습 문제를 나란히 채점하면 닿을 수 있습니다."
            if reach
            else f"목표인 {goal:.1f}배를 넘습니다. 같은 일을 어떻게 나란히 돌려도 여기서는 닿지 "
            "않습니다."
        )
    )
    if alone is not None:
        waits = alone > goal
        en += (
            " And e09 graded alone the same way (its worker imports Keras too, and four models "
            f"are trained) took {alone:.2f} times the import"
            + (
                ": even a core for each exercise would wait for it, above the goal."
                if waits
                else "."
            )
        )
        ko += (
            " e09만 같은 방식으로 채점해도(워커도 Keras를 import하고, 모델 네 개를 학습합니다) "
            f"import의 {alone:.2f}배가 걸렸습니다."
            + (
                " 연습 문제마다 코어를 하나씩 주더라도 e09를 기다려야 하니 목표를 넘습니다."
                if waits
                else ""
            )
        )
    return _pick(language, en, ko)


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
    partnered = references.get("computed_by_partner", 0)
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
    if partnered:
        en[1] += (
            f" {partnered} of them were computed by the grade's partner, a second process "
            "that imports Keras beside it and takes the exercises the grade reaches last "
            "(`RNNLAB_PARTNER=0` turns it off)."
        )
        ko[1] += (
            f" 그중 {partnered}개는 채점의 파트너가 계산했습니다. 파트너는 채점 옆에서 Keras를 "
            "따로 import하고, 채점이 마지막에 다다를 연습 문제들을 맡는 두 번째 프로세스입니다"
            "(`RNNLAB_PARTNER=0`이면 쓰지 않습니다)."
        )
    if "ratio_floor_cores" in references:
        en.insert(2, _fresh_floors(feedback, "en"))
        ko.insert(2, _fresh_floors(feedback, "ko"))
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
    if feedback.get("watch", {}).get("save_to_result_s"):
        saved = statistics.median(feedback["watch"]["save_to_result_s"])
        en.append(
            f"**`rnnlab watch` answers a save in {saved:.2f} s.** Between saves it keeps a "
            "worker waiting with Python and NumPy loaded; on a save that worker imports your "
            "file (never before), and the checks run on references already cached."
        )
        ko.append(
            f"**`rnnlab watch`는 저장하고 {saved:.2f}초 뒤에 결과를 보여 줍니다.** 저장과 저장 "
            "사이에는 Python과 NumPy를 불러 둔 워커 하나가 기다립니다. 여러분의 파일은 저장한 "
            "뒤에야 이 워커가 import하고(그 전에는 읽지 않습니다), 검사는 이미 캐시된 참조값과 "
            "비교합니다."
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


# bench/scratch_on_gpu.py's rows: the exercise, its layer, and the fused cuDNN floor's key.
SCRATCH_ROWS = (
    ("e02_simple_rnn", "SimpleRNN", None),
    ("e03_lstm", "LSTM", "torch_nn_lstm_cudnn"),
    ("e04_gru", "GRU", "torch_nn_gru_cudnn"),
)


def scratch_on_gpu_table(result: dict[str, Any], language: str = "en") -> str:
    """Each reference solution on the CPU (NumPy) and the GPU (CuPy), and the fused kernel."""
    ms = result["ms"]
    rows = []
    for module, layer, floor in SCRATCH_ROWS:
        cpu, gpu = ms[f"{module}_numpy_cpu"], ms[f"{module}_cupy_gpu"]
        fused = f"{ms[floor]:.1f}" if floor and floor in ms else "-"
        difference = result["max_abs_diff_gpu_vs_cpu"][module]
        rows.append([f"{layer} (`{module}`)", f"{cpu:.1f}", f"{gpu:.1f}", f"{gpu / cpu:.2f}"])
        rows[-1] += [fused, f"{difference:.1e}"]
    header = _pick(
        language,
        [
            "reference solution",
            "NumPy, CPU (ms)",
            "CuPy, GPU (ms)",
            "GPU / CPU time",
            "cuDNN through torch.nn (ms)",
            "largest difference, GPU vs CPU",
        ],
        [
            "모범 답안",
            "NumPy, CPU (ms)",
            "CuPy, GPU (ms)",
            "GPU / CPU 시간",
            "torch.nn의 cuDNN (ms)",
            "GPU와 CPU 출력의 가장 큰 차이",
        ],
    )
    return _table(header, rows)


def scratch_on_gpu_section() -> str:
    """The reference solutions run on a GPU through CuPy, and the lesson of that run."""
    runs = [json.loads(p.read_text("utf-8")) for p in sorted(RESULTS.glob("scratch-on-gpu-*.json"))]
    if not runs:
        return in_each_language(lambda language: _not_run("scratch_on_gpu.py", language))

    def render(language: str) -> str:
        parts = []
        for run in runs:
            parts += [scratch_on_gpu_table(run, language), measured_elsewhere(run, language)]
        return "\n\n".join([*parts, _scratch_lesson(runs[0], language)])

    return in_each_language(render)


def _scratch_lesson(run: dict[str, Any], language: str) -> str:
    ms = run["ms"]
    batch, timesteps, _, units = run["sizes"]
    gpu, cpu = ms["e03_lstm_cupy_gpu"], ms["e03_lstm_numpy_cpu"]
    fused = ms.get("torch_nn_lstm_cudnn")
    per_step = gpu / timesteps
    en = (
        "**Moving a loop of small operations to a GPU does not make it fast; fusion does.** "
        "The reference "
        f"LSTM, unchanged, took {gpu:.0f} ms on the GPU through CuPy against {cpu:.0f} ms with "
        "NumPy on the same machine's CPU. Each of its "
        f"{timesteps} steps launches one GPU kernel per NumPy operation (two matmuls, the "
        f"additions, every gate's `sigmoid`, the `tanh`s), each on a ({batch}, {units}) block far "
        "too small to keep the GPU busy, one after another, since every step waits for the "
        f"one before: {per_step:.2f} ms per step, far more than its arithmetic needs."
    )
    ko = (
        "**작은 연산을 반복하는 코드는 GPU로 옮겨도 빠르지 않습니다. 빠르게 만드는 것은 "
        "융합입니다.** 모범 답안의 LSTM을 고치지 않고 CuPy로 GPU에서 돌리니 "
        f"{gpu:.0f} ms가 걸렸고, 같은 컴퓨터의 CPU에서 NumPy로 돌리면 {cpu:.0f} ms였습니다. "
        f"시점 {timesteps}개 하나하나에서 NumPy 연산 하나에 GPU 커널 하나씩(행렬 곱 두 번, 덧셈, "
        "게이트마다의 `sigmoid`, `tanh`)을 띄우는데, 하나하나가 GPU를 바쁘게 하기에는 턱없이 작은 "
        f"({batch}, {units}) 블록이고, 각 시점은 앞 시점을 기다려야 하므로 차례로 실행됩니다. "
        f"시점 하나에 {per_step:.2f} ms로, 실제 계산에 필요한 시간보다 훨씬 깁니다."
    )
    if fused is not None:
        en += (
            " cuDNN takes the whole sequence in one call: the inputs of every step in one "
            "matmul, then each step's recurrent matmul and one fused kernel for all the gates, "
            f"with no Python in between: {fused:.1f} ms, {gpu / fused:.0f} times faster than the "
            "same GPU running the loop. That path is what the note's warning is about."
        )
        ko += (
            " cuDNN은 시퀀스 전체를 한 번의 호출로 처리합니다. 모든 시점의 입력을 행렬 곱 "
            "한 번으로 계산하고, 시점마다 순환 행렬 곱 하나와 모든 게이트를 합친 융합 커널 "
            f"하나를 돌리며, 그 사이에 Python이 끼지 않습니다. {fused:.1f} ms로, 같은 GPU가 "
            f"반복문을 돌 때보다 {gpu / fused:.0f}배 빠릅니다. 노트의 경고가 말하는 것이 바로 "
            "이 경로입니다."
        )
    return _pick(language, en, ko)


CLOSEST_LABELS = {
    "en": {
        "numpy": "NumPy solution (readable, as in `solutions/`)",
        "numpy_fused": "NumPy, gates fused, buffers preallocated, in place (`out=`)",
        "keras_function": "Keras in tf.function",
        "step_matmuls_alone": "the step's matmuls alone, nothing else",
    },
    "ko": {
        "numpy": "NumPy 모범 답안 (`solutions/`의 읽기 쉬운 코드)",
        "numpy_fused": "NumPy, 게이트를 합치고 버퍼를 미리 만들어 제자리(`out=`)에서 계산",
        "keras_function": "tf.function 안의 Keras",
        "step_matmuls_alone": "시점마다의 행렬 곱만 (다른 계산 없음)",
    },
}


def scaling_closest_section() -> str:
    """How near one core's matmul peak a NumPy LSTM can run: the fused variant beside the
    readable reference and Keras, measured in one run, and what it teaches."""
    scaling = load("scaling")
    if scaling is None or "closest_numpy_lstm" not in scaling:
        return in_each_language(lambda language: _not_run("scaling.py", language))
    return in_each_language(lambda language: _scaling_closest(scaling, language))


def _scaling_closest(scaling: dict[str, Any], language: str) -> str:
    closest = scaling["closest_numpy_lstm"]
    ms, share = closest["ms"], closest["share_of_matmul_peak"]
    labels = CLOSEST_LABELS[_pick(language, "en", "ko")]
    header = _pick(
        language,
        ["LSTM forward", "ms (CPU time)", "share of matmul peak"],
        ["LSTM 순전파", "ms (CPU 시간)", "matmul 최고 속도 대비"],
    )
    rows = [[labels[m], f"{ms[m]:.1f}", f"{share[m]:.0%}"] for m in labels if m in ms]
    size = f"B{closest['batch']} T{closest['timesteps']} F{closest['features']} U{closest['units']}"
    gain = ms["numpy"] / ms["numpy_fused"]
    keras, ceiling = share["keras_function"], share["step_matmuls_alone"]
    en = (
        f"At {size}, one thread, best of {scaling['repeat']} calls taken in turn:\n\n"
        f"{_table(header, rows)}\n\n"
        "Fusing the gates, preallocating the buffers and working in place took the LSTM from "
        f"{share['numpy']:.0%} of the peak to {share['numpy_fused']:.0%} ({gain:.2f} times the "
        f"speed; Keras in `tf.function`: {keras:.0%}). The ceiling is the last row: a step's "
        f"matmul at batch {closest['batch']} reaches only {ceiling:.0%} of the large matmul's "
        "throughput, and "
        "every step must wait for the one before, so code that multiplies step by step cannot pass "
        "it. "
        "The rest of the gap is the gates' elementwise work. This is a lesson in where the time "
        "goes, not a better answer: the exercises ask for the readable version, which the "
        "grader checks against Keras, and the fast one is harder to read and to get right."
    )
    ko = (
        f"{size}, 스레드 하나, 번갈아 잰 {scaling['repeat']}번 호출 중 가장 빠른 값입니다.\n\n"
        f"{_table(header, rows)}\n\n"
        "게이트를 합치고, 버퍼를 미리 만들고, 제자리에서 계산하자 LSTM은 최고 속도의 "
        f"{share['numpy']:.0%}에서 {share['numpy_fused']:.0%}가 되었습니다(속도 {gain:.2f}배. "
        f"`tf.function` 안의 Keras는 {keras:.0%}). 한계는 마지막 줄입니다. 배치 "
        f"{closest['batch']}에서 시점 하나의 행렬 곱은 큰 행렬 곱 처리량의 {ceiling:.0%}에 "
        "그치고, 각 시점은 앞 시점을 기다려야 하므로 이렇게 한 시점씩 곱하는 코드는 이 선을 "
        "넘을 수 없습니다. 나머지 차이는 게이트의 원소별 계산입니다. 이것은 시간이 어디에 "
        "쓰이는지 보여 주는 교훈이지, 더 나은 답이 아닙니다. 연습 문제가 요구하는 것은 채점기가 "
        "Keras와 비교하는 읽기 쉬운 코드이고, 빠른 코드는 읽기도, 맞게 짜기도 더 어렵습니다."
    )
    return _pick(language, en, ko)


def faults_section() -> str:
    """The fault-injection suite's table: every fault a laptop throws at rnnlab, and what
    came of it (``tests/faults/`` writes ``faults.json`` when all its cases pass)."""
    faults = load("faults")
    if faults is None:
        return in_each_language(
            lambda language: _pick(
                language,
                "*No results yet: run `python -m pytest tests/faults` (part of `nox -s tests`).*",
                "*아직 결과가 없습니다: `python -m pytest tests/faults`(`nox -s tests`에 포함)를 "
                "실행하세요.*",
            )
        )

    def render(language: str) -> str:
        header = _pick(language, ["case", "fault", "outcome"], ["경우", "결함", "결과"])
        rows = [
            [row[language][key].replace("|", "\\|") for key in ("case", "fault", "outcome")]
            for row in faults["rows"]
        ]
        summary = _pick(
            language,
            f"*{faults['survived']} of {faults['cases']} fault cases survived, as "
            f"`tests/faults/` last found them on {faults['platform']}.*",
            f"*결함 {faults['cases']}가지 중 {faults['survived']}가지를 견뎠습니다. "
            f"`tests/faults/`가 {faults['platform']}에서 마지막으로 확인한 결과입니다.*",
        )
        return f"{_table(header, rows)}\n\n{summary}"

    return in_each_language(render)
