"""Helpers shared by the package's own tests."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from rnnlab.stubs import write_stubs

ROOT = Path(__file__).resolve().parents[2]
HOOKS = ROOT / "docs" / "hooks"
# The tests read the English messages; Korean ones are tested by setting RNNLAB_LANG=ko
# (tests/unit/test_i18n.py). A Korean system locale must not change what the others expect.
os.environ["RNNLAB_LANG"] = "en"


def load_docs_hook(name: str) -> ModuleType:
    """``docs/hooks/<name>.py`` loaded by path (the hooks are scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(name, HOOKS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_grader(
    impl: Path | str,
    names: list[str],
    report: Path,
    *options: str,
    env: dict[str, str] | None = None,
) -> tuple[int, dict, str]:
    """Run ``python -m rnnlab grade`` in a fresh process, as a learner would (``env``: more
    environment variables, e.g. a ``TMPDIR`` of the test's own)."""
    env = {**os.environ, "COLUMNS": "200", **(env or {})}
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "rnnlab",
            "grade",
            *names,
            "--impl",
            str(impl),
            "--report",
            str(report),
            *options,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    data = json.loads(report.read_text("utf-8")) if report.exists() else {}
    return process.returncode, data, process.stdout + process.stderr


@pytest.fixture
def test_file(tmp_path):
    """A grading module of no exercise, for reference stores to key their files by."""
    path = tmp_path / "test_e99_demo.py"
    path.write_text("# a grading module\n")
    return path


@pytest.fixture
def grader(tmp_path):
    """``grader(impl, names)`` -> (exit code, report dict, printed text)."""

    def run(impl, names=(), *options):
        return run_grader(impl, list(names), tmp_path / "report.json", *options)

    return run


@pytest.fixture(scope="session")
def stubs(tmp_path_factory) -> Path:
    """Pristine stubs generated from solutions/: the repo's own exercises/ are the learner's
    work (solved, half done or broken), so no test may read them."""
    return write_stubs(ROOT, tmp_path_factory.mktemp("stubs"))


@pytest.fixture
def checkout(tmp_path, stubs):
    """A fresh learner's checkout, so nothing here touches the real one.

    It lives in a folder named ``rnnlab``, as a clone does by default: the grader must not
    mistake the learner's files for its own because of that name.
    """
    root = tmp_path / "rnnlab"
    for part in ("solutions", "tests/grading"):
        shutil.copytree(ROOT / part, root / part)
    shutil.copytree(stubs, root / "exercises")
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    cache = ROOT / ".rnnlab" / "cache"
    if cache.is_dir():  # reuse references computed by other tests: same files, same fingerprints
        shutil.copytree(cache, root / ".rnnlab" / "cache")
    return root


def rnnlab(checkout: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m rnnlab ARGS`` in ``checkout``, as a learner would."""
    return subprocess.run(
        [sys.executable, "-m", "rnnlab", *args],
        cwd=checkout,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=600,
        env={"COLUMNS": "200", "PATH": ""},
    )


BIN = Path(sys.executable).parent  # this environment's rnnlab, actionlint and shellcheck


def tool(name: str) -> str:
    """``name`` from this environment (or PATH); missing fails in CI, skips elsewhere."""
    found = shutil.which(name, path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    if found is None:
        why = f"{name} is not installed (the test extra installs it on Linux x86_64)"
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)
    return found


def actionlint(workflow: str, name: str) -> tuple[int, str]:
    """actionlint's exit code and findings for a workflow's text (``name`` in its messages);
    shellcheck from this environment checks the ``run:`` scripts too."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        [tool("actionlint"), "-no-color", "-oneline", "-stdin-filename", name, "-"],
        input=workflow,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    return done.returncode, done.stdout + done.stderr
