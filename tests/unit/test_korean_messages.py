"""A Korean run says everything in Korean: messages made in code, not only those in ko.toml.

Each test runs a code path that builds learner- or teacher-facing text (a refusal of official
grading, a pattern among failing checks, a timed-out check, grade-all's summary, an
experiment's progress label, the Performance and Start here tables, a gate figure) with
``RNNLAB_LANG=ko`` and fails on an English word outside code and identifiers. Names that
Korean text writes in Latin letters (Keras, NumPy, LSTM, ...) are allowed by name
(`rnnlab.language_audit.NAMES`, the list the docs build checks the Korean pages with).
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from types import SimpleNamespace

import numpy as np
import pytest
from conftest import ROOT

from rnnlab import i18n
from rnnlab.language_audit import english_words


def korean_part(html: str) -> str:
    """The Korean half of `rnnlab.i18n.in_each_language`'s output."""
    match = re.search(r'<div class="rnnlab-lang" lang="ko" markdown="1">(.*?)</div>', html, re.S)
    assert match, html[:200]
    return match.group(1)


@pytest.fixture
def korean(monkeypatch):
    monkeypatch.setenv("RNNLAB_LANG", "ko")


def test_the_detector_finds_english_and_spares_code():
    assert english_words("이 검사가 제한 시간을 넘겼습니다") == []
    assert english_words("`lstm_step`과 Keras, NumPy, 즉시 실행(eager), os.system") == []
    assert english_words("this check took longer than its time limit") != []
    assert english_words("start a process (os.system)") == ["start", "process"]


def test_an_official_refusal_is_korean(korean, tmp_path):
    from rnnlab.grader.sandbox import isolation

    hook = isolation.make_audit_hook([tmp_path], numpy_only=True)
    refused = len(isolation.REFUSED)
    try:
        for event, args in [
            ("os.system", (b"ls",)),
            ("socket.connect", ()),
            ("open", ("/etc/passwd", "r", 0)),
            ("import", ("subprocess",)),
        ]:
            with pytest.raises(PermissionError) as raised:
                hook(event, args)
            said = str(raised.value).replace("subprocess", "")  # the module's name: code
            assert english_words(said) == [], said
        reasons = [reason.replace("subprocess", "") for reason in isolation.REFUSED[refused:]]
        assert len(reasons) == 4 and all(english_words(r) == [] for r in reasons), reasons
    finally:
        del isolation.REFUSED[refused:]


def test_a_pattern_naming_two_functions_is_korean(korean):
    from rnnlab.grader.diagnosis.patterns import check_labels, summarise

    labels = check_labels({"use_bias": True}, ["lstm", "lstm_step"])
    other = check_labels({"use_bias": False}, ["lstm_cell"])
    sentences = summarise([(labels, False), (other, True)])
    assert sentences and all(english_words(s) == [] for s in sentences), sentences


def test_a_timed_out_check_is_korean(korean):
    from rnnlab.grader.plugin import CheckTimedOut, _failure_message

    message, grader_fault = _failure_message(None, SimpleNamespace(value=CheckTimedOut()))
    assert not grader_fault and english_words(message) == [], message


def test_grade_alls_summary_table_is_korean(korean):
    import io

    from rich.console import Console

    from rnnlab.classroom.scores import summary_table

    rows = [{"student": "ada", "total": 3.0, "possible": 10.0, "official": official, "seed": 1}
            for official in (True, False)]  # fmt: skip
    console = Console(width=100, file=io.StringIO(), color_system=None)
    console.print(summary_table(rows, width=100))
    printed = console.file.getvalue().replace("ada", "")
    assert english_words(printed.replace("grade-all", "")) == [], printed


def _printed_literals(path, calls):
    """String literals (f-string parts included) that ``calls`` in the file at ``path`` get as
    their first argument or as a ``describe``/``description`` keyword."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in calls:
                said = [k.value for k in node.keywords if k.arg in ("describe", "description")]
                for argument in [*node.args[:1], *said]:
                    parts = argument.values if isinstance(argument, ast.JoinedStr) else [argument]
                    found += [p.value for p in parts if isinstance(p, ast.Constant)]
    return [f"{path.name}: {text!r}" for text in found if isinstance(text, str)]


@pytest.mark.parametrize(
    ("module", "calls"),
    [
        ("cli.py", {"print"}),
        ("classroom/grade_all.py", {"print", "add_task"}),
        ("experiments/display.py", {"print", "add_task"}),
        *[
            (f"experiments/{name}.py", {"progress", "epoch_progress"})
            for name in ("embeddings", "classify_and_generate", "long_range_memory")
        ],
        ("experiments/vanishing_gradients.py", {"progress", "_train"}),
    ],
)
def test_no_english_is_printed_past_the_catalogue(module, calls):
    """Text printed to a learner or a teacher comes from i18n.text, not a literal in code."""
    literals = _printed_literals(ROOT / "src" / "rnnlab" / module, calls)
    english = [said for said in literals if english_words(said.split(": ", 1)[1].strip("'\""))]
    assert english == []


def test_experiment_progress_labels_are_korean(korean):
    from rnnlab.experiments.training import epoch_progress

    seen = []
    epoch_progress(lambda what, done, total: seen.append(what), i18n.text("progress.lee_lm"), 2)
    labels = [
        i18n.text("progress.classifier", init=i18n.text("experiments.cg_init_random"), fold=1),
        i18n.text("progress.scaled", scale=3.0, clipping=i18n.text("experiments.vg_no_clipping")),
        *seen,
    ]
    assert all(english_words(label) == [] for label in labels), labels


def _bench_report(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location("report", ROOT / "bench" / "report.py")
    report = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "report", report)
    spec.loader.exec_module(report)
    return report


@pytest.mark.parametrize(
    "section",
    [
        "feedback_section",
        "feedback_takeaways",
        "feedback_summary",
        "diagnosis_section",
        "classroom_section",
        "scaling_section",
        "scaling_takeaways",
        "cudnn_section",
        "cudnn_gpu_section",
        "scratch_on_gpu_section",
        "scaling_closest_section",
    ],
)
def test_the_performance_pages_korean_half_is_korean(monkeypatch, section):
    """Built by an English locale, the Korean page still reads Korean (RNNLAB_LANG=en here)."""
    report = _bench_report(monkeypatch)
    korean_text = korean_part(getattr(report, section)())
    assert english_words(korean_text) == [], korean_text


def test_a_gate_figure_and_its_caption_are_korean(korean, monkeypatch):
    from rnnlab.figures.plots import page_svg, plot_gates
    from rnnlab.figures.trace import GRUTrace, trace_for_docs

    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("RNNLAB_IMPL", raising=False)
    _, whose = trace_for_docs(lambda impl, layer, inputs: None, "e01_embedding", None, None)
    gates = np.full((1, 3, 2), 0.5)
    trace = GRUTrace(gates, gates, gates, gates)
    svg = page_svg(lambda: plot_gates(trace, ["a", "b", "c"], title="GRU(2)", language="ko"))
    words = re.findall(r"<text[^>]*>([^<]*)</text>", svg)  # svg.fonttype none: words as text
    assert words and english_words(" ".join(words).replace("GRU", "")) == [], words
    assert english_words(whose["ko"]) == [], whose


@pytest.mark.parametrize(
    "name", ["vanishing-gradients", "long-range-memory", "embeddings", "classify-and-generate"]
)
def test_an_experiments_figures_have_korean_titles_and_axes(name):
    """Titles and axes (not the data's own labels: words, senses, methods) on a Korean page."""
    import matplotlib.pyplot as plt

    from rnnlab.experiments.published import published
    from rnnlab.experiments.registry import load_experiment
    from rnnlab.figures.plots import page_text

    module = load_experiment(name)
    result, _ = published(name)
    with page_text():  # as the docs draw them: Hangul left to the page's font
        drawn = module.figures(result, language="ko")
    words = [figure.get_suptitle() for figure in drawn.values()]
    for figure in drawn.values():
        for axis in figure.axes:
            words += [axis.get_title(), axis.get_xlabel(), axis.get_ylabel()]
    plt.close("all")
    english = [w for w in words if english_words(w)]
    assert english == []


def test_every_korean_catalogue_message_is_korean():
    """Every message of ko.toml (hints, titles and mistakes too), placeholders aside, is Korean
    but for code and names."""
    said = {}
    for key, value in i18n.catalogue("ko").items():
        if isinstance(value, str):
            said[key] = value
        elif isinstance(value, dict):  # a content table: {name: text or [texts]}
            for name, entry in value.items():
                entries = entry if isinstance(entry, list) else [entry]
                said |= {f"{key}.{name}.{i}": text for i, text in enumerate(entries)}
    english = {key: words for key, text in said.items() if (words := english_words(text))}
    assert english == {}


def _unreadable():
    raise OSError("no manifest")


def test_why_a_report_is_not_official_is_korean(korean, monkeypatch):
    from rnnlab.grader import integrity

    monkeypatch.setattr(integrity, "recorded_checksums", lambda: {"tests/grading/gone.py": "0"})
    lines = integrity.tampered(ROOT)
    monkeypatch.setattr(integrity, "recorded_checksums", _unreadable)
    lines += integrity.tampered(ROOT)
    assert any("gone.py" in line for line in lines) and len(lines) > 2
    assert [line for line in lines if english_words(line)] == []


def test_an_official_grades_isolation_layers_are_korean(tmp_path):
    """Named in the learner's language, as the report and the console show them."""
    import json
    import os
    import subprocess

    report = tmp_path / "report.json"
    command = ["grade", "e01", "--official", "--impl", "solutions", "--report", str(report)]
    subprocess.run(
        [sys.executable, "-m", "rnnlab", *command],
        cwd=ROOT,
        env={**os.environ, "RNNLAB_LANG": "ko"},
        capture_output=True,
        check=False,
    )
    layers = json.loads(report.read_text("utf-8"))["isolation"]["layers"]
    english = english_words(" ".join(layers))
    assert layers and english == [], layers
