"""Notebooks (issue 25): ``%%rnnlab eNN`` saves a cell as the exercise file and grades it as
``rnnlab grade`` does; the result renders as HTML; ``notebooks/`` is what the pages and stubs
generate.

None of these tests reads the repository's own ``notebooks/`` or ``exercises/`` (a learner's
work): the recorded hashes stand in for the committed notebooks, as for the stubs, and CI runs
``python -m rnnlab.notebook.generate`` on a fresh clone (``nox -s stubs``).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, rnnlab

from rnnlab.curriculum import find_exercise, load_curriculum
from rnnlab.notebook import generate
from rnnlab.notebook.cell import compose, save_cell
from rnnlab.notebook.check import Outcome, find_root
from rnnlab.notebook.magic import parse_line, run_cell
from rnnlab.notebook.pages import sections
from rnnlab.notebook.render import Result
from rnnlab.stubs import stub_for

MAINTAINER_FIX = "a page or stub changed: run `python -m rnnlab.notebook.generate --write`"


def test_recorded_notebook_hashes_are_current():
    recorded = generate.recorded_hashes(ROOT)
    assert recorded == generate._hashes(generate.expected(ROOT)), MAINTAINER_FIX
    assert len(recorded) == 2 * len(load_curriculum())  # English and Korean


@pytest.mark.parametrize("language", ["en", "ko"])
def test_a_notebook_holds_the_page_the_stub_and_a_check(language):
    exercise = find_exercise("e02")
    notebook = json.loads(generate.render(exercise, ROOT, language))
    assert (notebook["nbformat"], notebook["nbformat_minor"]) == (4, 5)
    sources = ["".join(cell["source"]) for cell in notebook["cells"]]
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    stub = stub_for(ROOT / "solutions" / "e02_simple_rnn.py")
    assert f"%%rnnlab e02\n{stub.rstrip()}" in sources
    assert 'rnnlab.check("e02")' in sources[-1]
    assert "%load_ext rnnlab" in sources[3]
    assert ("%env RNNLAB_LANG=ko" in sources[3]) == (language == "ko")
    prose = "\n".join(sources)
    assert "$$\nh_t = \\tanh" in prose  # the equations, in delimiters Jupyter draws
    for site_only in ('exec="on"', "--8<--", "\\(", "::: e02", "!!! note", "{#"):
        assert site_only not in prose, site_only


def test_page_markdown_keeps_prose_and_drops_what_only_the_site_runs():
    page = "\n".join(
        [
            "# e05 Title {#title}",
            "",
            "Read [e02](e02_simple_rnn.md), [the note](../note.md#x) and [uv](https://x.y).",
            "",
            "## Tabs",
            "",
            '=== "forget gate f"',
            "",
            '    ```python exec="on" html="1"',
            "    print('<svg>')",
            "    ```",
            "",
            "    \\(f = \\sigma(z_f)\\) keeps memory.",
            "",
            '!!! note "Both, trained"',
            "    Text under it.",
            "",
            '--8<-- "exercises/e02_simple_rnn.md:keras"',
            "<!-- --8<-- [start:x] -->",
            "## Only code",
            "",
            '```python exec="on"',
            "print(1)",
            "```",
        ]
    )
    assert sections(page, language="ko") == [
        "# e05 Title\n\nRead [e02](e02_simple_rnn.ko.ipynb), the note and [uv](https://x.y).",
        "## Tabs\n\n**forget gate f**\n\n$f = \\sigma(z_f)$ keeps memory.\n\n"
        "**Both, trained**\nText under it.",
    ]


STUB = '# header\n"""Doc."""\n\nimport numpy as np\n\n\ndef f(x):\n    raise NotImplementedError\n'


def test_a_cell_keeps_its_imports_and_gets_the_stubs_after_its_docstring():
    cell = '"""Mine."""\nimport math\n\ndef f(x):\n    return np.sqrt(math.pi)'
    assert compose(cell, STUB) == (
        '"""Mine."""\n\nimport numpy as np\n\nimport math\n\ndef f(x):\n'
        "    return np.sqrt(math.pi)\n"
    )
    assert compose("import numpy as np\ndef f(x): pass", STUB) == (
        "import numpy as np\ndef f(x): pass\n"
    )


@pytest.mark.parametrize("exercise", load_curriculum(), ids=lambda e: e.name)
def test_the_untouched_stub_cell_saves_as_the_stub_itself(exercise):
    stub = stub_for(ROOT / "solutions" / f"{exercise.name}.py")
    assert compose(stub.rstrip(), stub) == stub  # running a fresh notebook changes no file


def test_a_cell_without_the_exercises_functions_is_refused_and_nothing_is_written(checkout):
    target = checkout / "exercises" / "e02_simple_rnn.py"
    before = target.read_text("utf-8")
    with pytest.raises(ValueError, match=r"simple_rnn_step, simple_rnn\)"):
        save_cell("def lstm_step(x):\n    return x\n", find_exercise("e02"), checkout)
    assert target.read_text("utf-8") == before
    assert not (checkout / ".rnnlab" / "backups").exists()


def test_a_saved_cell_backs_up_what_was_there(checkout):
    exercise = find_exercise("e02")
    target, backup = save_cell("def simple_rnn(inputs):\n    return inputs", exercise, checkout)
    assert backup is not None and backup.read_text("utf-8").startswith("# Graded with")
    assert target.read_text("utf-8").startswith("import numpy as np")
    assert save_cell(target.read_text("utf-8"), exercise, checkout)[1] is None  # unchanged


def test_a_cell_that_cannot_be_saved_is_one_line_and_nothing_changes(checkout, monkeypatch):
    """A full disk while the cell is written: the magic says so in one line (a UsageError in
    Jupyter), grades nothing, and leaves the learner's file and no partial copy behind."""
    import errno

    from rnnlab import safe_io

    target = checkout / "exercises" / "e02_simple_rnn.py"
    before = target.read_text("utf-8")

    def full_disk(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safe_io.os, "fsync", full_disk)  # the temp copy is written, then fails
    monkeypatch.chdir(checkout)
    with pytest.raises(
        ValueError, match=r"^Nothing was graded: .*e02_simple_rnn\.py \(disk full\)"
    ):
        run_cell("e02", "def simple_rnn(inputs):\n    return inputs\n")
    assert target.read_text("utf-8") == before
    assert sorted(p.name for p in target.parent.iterdir() if "e02" in p.name) == [target.name]


def test_the_checkout_is_found_from_notebooks_and_a_stranger_folder_is_refused(checkout):
    (checkout / "notebooks").mkdir()
    assert find_root(checkout / "notebooks") == checkout
    with pytest.raises(ValueError, match="No rnnlab checkout here"):
        find_root(checkout.parent)


def test_the_magic_line_names_one_exercise():
    assert parse_line("e02 --hint") == ("e02", True)
    with pytest.raises(ValueError, match="Received: ''"):
        parse_line("")
    with pytest.raises(ValueError, match="--hnt"):
        parse_line("e02 --hnt")


def test_load_ext_registers_the_cell_magic_and_rnnlab_imports_without_ipython():
    registered = {}

    class Shell:
        def register_magic_function(self, func, magic_kind, magic_name):
            registered[magic_name] = magic_kind

    import rnnlab

    rnnlab.load_ipython_extension(Shell())
    assert registered == {"rnnlab": "cell"}
    probe = "import sys, rnnlab; rnnlab.check; print('IPython' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_html_shows_points_check_diagnosis_and_hint_in_korean_and_escapes(monkeypatch):
    monkeypatch.setenv("RNNLAB_LANG", "ko")
    entry = {
        "earned": 2.0,
        "possible": 8.0,
        "feedback": "x <b> differs",
        "diagnoses": [{"message": "bias twice", "checks": 3, "failing": 3}],
        "patterns": [],
    }
    outcome = Outcome(find_exercise("e02"), entry, hint=(1, 4, "which shape?"))
    html = Result(outcome)._repr_html_()
    assert "2 / 8" in html and "x &lt;b&gt; differs" in html and "<b>" not in html
    assert "처음 실패한 검사" in html and "bias twice" in html and "힌트 1/4" in html
    assert "처음 실패한 검사" in repr(Result(outcome))


def test_a_cell_grades_as_the_terminal_does(checkout, monkeypatch):
    """A catalogued mistake, through the magic and through `rnnlab grade`: the same verdict."""
    shutil.copytree(ROOT / "tests" / "broken", checkout / "tests" / "broken")  # the catalogue
    monkeypatch.chdir(checkout)
    wrong = (ROOT / "tests" / "broken" / "e02_simple_rnn__bias_added_twice.py").read_text("utf-8")
    result = run_cell("e02", wrong)
    notebook = json.loads((checkout / ".rnnlab" / "report.json").read_text("utf-8"))
    assert 0 < result.earned < 8
    assert result.outcome.entry["diagnoses"], "the diagnosis must be named"
    html = result._repr_html_()
    assert result.outcome.entry["diagnoses"][0]["message"][:40] in html.replace("&#x27;", "'")
    terminal = rnnlab(checkout, "grade", "e02", "--format", "json")
    assert terminal.returncode == 0, terminal.stderr
    again = json.loads(terminal.stdout)["exercises"]["e02_simple_rnn"]
    mine = notebook["exercises"]["e02_simple_rnn"]
    keys = ("earned", "possible", "feedback", "diagnoses", "patterns")
    assert {k: mine[k] for k in keys} == {k: again[k] for k in keys}


def test_grading_is_refused_in_one_line_without_tensorflow(monkeypatch, capsys, checkout):
    import importlib.util

    from rnnlab import cli

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "tensorflow" else real(name)
    )
    monkeypatch.delenv("KERAS_BACKEND", raising=False)
    assert cli.main(["grade", "e02"]) == 2
    said = " ".join(capsys.readouterr().out.split())
    assert 'pip install "rnnlab[tensorflow]"' in said
    monkeypatch.chdir(checkout)
    stub = (checkout / "exercises" / "e02_simple_rnn.py").read_text("utf-8")
    with pytest.raises(ModuleNotFoundError, match="TensorFlow is not installed"):
        run_cell("e02", "def simple_rnn(inputs):\n    return inputs")  # the notebook too
    assert (checkout / "exercises" / "e02_simple_rnn.py").read_text("utf-8") == stub


def test_an_installed_tensorflow_is_kept_the_extra_brings_one():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    names = [re.split(r"[\s;<>=!~\[]", req)[0] for req in project["dependencies"]]
    assert not [name for name in names if name.startswith("tensorflow")], names
    extra = " ".join(project["optional-dependencies"]["tensorflow"])
    assert "tensorflow-cpu>=" in extra and "tensorflow>=" in extra


def _venv_with_tensorflow(tmp_path: Path, uv: str, version: str) -> Path:
    """A fresh venv holding only a `tensorflow` dist-info (no download): what pip and uv
    see on Colab or a GPU machine."""
    venv = tmp_path / "venv"
    subprocess.run([uv, "venv", "--seed", "--quiet", str(venv)], check=True)
    site = next((venv / "lib").glob("python3.*/site-packages"))
    info = site / f"tensorflow-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: tensorflow\nVersion: {version}\n", "utf-8"
    )
    (info / "INSTALLER").write_text("pip\n", "utf-8")
    (info / "RECORD").write_text("", "utf-8")
    return venv


@pytest.mark.slow
def test_installing_rnnlab_beside_a_tensorflow_plans_no_second_one(tmp_path):
    """Needs the package registry (a dry run resolves keras and the rest; nothing is
    installed and TensorFlow is never downloaded)."""
    uv = str(Path(sys.executable).parent / "uv")
    venv = _venv_with_tensorflow(tmp_path, uv, "2.19.0")
    planned = subprocess.run(
        [uv, "pip", "install", "--dry-run", "--python", str(venv / "bin" / "python"), "-e", ROOT],
        capture_output=True,
        text=True,
        check=True,
    )
    plan = [line for line in planned.stderr.splitlines() if line.lstrip().startswith(("+", "-"))]
    assert plan and not [line for line in plan if "tensorflow" in line], plan
    report = tmp_path / "pip.json"
    pip = [venv / "bin" / "python", "-m", "pip", "install", "--dry-run", "--quiet"]
    subprocess.run([*pip, "--report", report, "-e", ROOT], check=True)
    names = [item["metadata"]["name"] for item in json.loads(report.read_text())["install"]]
    assert "keras" in names and not [n for n in names if n.startswith("tensorflow")], names
