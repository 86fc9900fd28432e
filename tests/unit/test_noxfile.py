"""noxfile.py builds the sessions' environments with Python 3.11 to 3.13, or says what to install.

The chooser is tested against fake PATHs of small "python3.x" shell scripts that print a
version; one real `nox -s grade` (where nox is installed) shows the refusal end to end.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOXFILE = ROOT / "noxfile.py"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="shell-script interpreters")


def _fake_nox() -> types.ModuleType:
    """Just enough of nox for noxfile.py to import where nox is not installed."""
    fake = types.ModuleType("nox")
    fake.options = types.SimpleNamespace()
    fake.Session = object

    def session(func=None, /, **kwargs):
        return func if func is not None else (lambda f: f)

    fake.session = session
    return fake


@pytest.fixture(scope="module")
def noxfile() -> types.ModuleType:
    saved = sys.modules.get("nox")
    try:
        import nox  # noqa: F401
    except ImportError:
        sys.modules["nox"] = _fake_nox()
    try:
        spec = importlib.util.spec_from_file_location("rnnlab_noxfile", NOXFILE)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        if saved is None:
            sys.modules.pop("nox", None)
        else:
            sys.modules["nox"] = saved
    return module


def fake_path(folder: Path, **versions: str) -> str:
    """A PATH folder of interpreters named like ``python3_10="3.10.13"`` (``_`` for ``.``)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, version in versions.items():
        script = folder / name.replace("_", ".")
        script.write_text(f"#!/bin/sh\necho {version}\n")
        script.chmod(0o755)
    return str(folder)


def test_only_python_3_10_gives_one_line_naming_what_to_install(noxfile, tmp_path):
    path = fake_path(tmp_path / "bin", python3="3.10.13", python3_10="3.10.13")
    chosen, message = noxfile.choose_python(path, uv=None)
    assert chosen is None
    assert "\n" not in message
    assert message.startswith("rnnlab needs Python 3.11, 3.12 or 3.13; found only 3.10 (python3).")
    assert "sudo apt install python3.11" in message
    assert "uv python install 3.12" in message
    assert message.endswith("run nox again.")


@pytest.mark.parametrize("page", ["getting-started.md", "getting-started.ko.md"])
def test_the_docs_quote_the_refusal_as_it_is(noxfile, tmp_path, page):
    _, message = noxfile.choose_python(fake_path(tmp_path / "bin", python3="3.10.8"), uv=None)
    quoted = f"nox > Session grade aborted: {message}"  # nox's prefix; its full stop is ours
    assert quoted in (ROOT / "docs" / page).read_text(encoding="utf-8").splitlines()


def test_only_python_3_13_is_chosen(noxfile, tmp_path):
    path = fake_path(tmp_path / "bin", python3="3.10.13", python3_13="3.13.0")
    chosen, message = noxfile.choose_python(path, uv=None)
    assert (chosen, message) == (str(tmp_path / "bin" / "python3.13"), "")


def test_python3_itself_counts_when_supported(noxfile, tmp_path):
    path = fake_path(tmp_path / "bin", python3="3.12.3")
    assert noxfile.choose_python(path, uv=None) == (str(tmp_path / "bin" / "python3"), "")


def test_newest_supported_first_and_too_new_refused(noxfile, tmp_path):
    both = fake_path(tmp_path / "both", python3_11="3.11.9", python3_12="3.12.3")
    assert noxfile.choose_python(both, uv=None)[0] == str(tmp_path / "both" / "python3.12")
    too_new = fake_path(tmp_path / "new", python3="3.14.0")
    chosen, message = noxfile.choose_python(too_new, uv=None)
    assert chosen is None
    assert "found only 3.14 (python3)" in message


def test_no_python_at_all_and_broken_interpreters(noxfile, tmp_path):
    path = fake_path(tmp_path / "bin")
    broken = tmp_path / "bin" / "python3.12"
    broken.write_text("#!/bin/sh\necho 'pyenv: python3.12: command not found' >&2\nexit 127\n")
    broken.chmod(0o755)
    chosen, message = noxfile.choose_python(path, uv=None)
    assert chosen is None
    assert "found no python3 on PATH" in message


def test_a_real_interpreter_answers_with_its_own_executable(noxfile, tmp_path):
    link = tmp_path / "bin" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    link.parent.mkdir()
    link.symlink_to(sys.executable)
    if sys.version_info[:2] in noxfile.SUPPORTED:
        chosen, _ = noxfile.choose_python(str(link.parent), uv=None)
        assert chosen is not None and Path(chosen).samefile(sys.executable)


def test_uv_is_asked_when_path_has_none(noxfile, tmp_path):
    """A uv that finds an interpreter (here a fake uv printing a fake 3.12's path)."""
    managed = fake_path(tmp_path / "managed", python3_12="3.12.3")
    uv = tmp_path / "uv"
    uv.write_text(f"#!/bin/sh\necho {managed}/python3.12\n")
    uv.chmod(0o755)
    path = fake_path(tmp_path / "bin", python3="3.10.13")
    assert noxfile.choose_python(path, uv=str(uv)) == (f"{managed}/python3.12", "")


def test_environment_made_by_an_older_rnnlab_with_3_10_is_recognised(noxfile, tmp_path):
    (tmp_path / "pyvenv.cfg").write_text("home = /usr/bin\nversion = 3.10.12\n")
    assert noxfile._venv_python(tmp_path) == (3, 10)
    (tmp_path / "pyvenv.cfg").write_text("home = /x\nuv = 0.13.9\nversion_info = 3.12.1\n")
    assert noxfile._venv_python(tmp_path) == (3, 12)
    assert noxfile._venv_python(tmp_path / "missing") is None


def _nox_command() -> list[str] | None:
    if importlib.util.find_spec("nox") is not None:
        return [sys.executable, "-m", "nox"]
    found = shutil.which("nox")
    return [found] if found else None


@pytest.mark.skipif(_nox_command() is None, reason="nox is not installed here (.ci/run runs it)")
def test_nox_grade_with_only_3_10_refuses_in_one_line_installing_nothing(tmp_path):
    path = fake_path(tmp_path / "bin", python3="3.10.13", python3_10="3.10.13")
    env = {
        "PATH": path,
        "HOME": str(tmp_path),
        "UV_PYTHON_INSTALL_DIR": str(tmp_path / "uv-pythons"),  # no uv-managed Pythons
        "NO_COLOR": "1",
    }
    started = time.monotonic()
    run = subprocess.run(
        [*_nox_command(), "-f", str(NOXFILE), "--envdir", str(tmp_path / "envs"), "-s", "grade"],
        capture_output=True,
        text=True,
        env={**env, "SYSTEMROOT": os.environ.get("SYSTEMROOT", "")},
        timeout=120,
        check=False,
    )
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    lines = [line for line in output.splitlines() if "rnnlab needs Python" in line]
    assert len(lines) == 1, output
    assert "found only 3.10 (python3)" in lines[0], output
    assert lines[0].endswith("run nox again."), output
    assert "requires a different Python" not in output
    assert not (tmp_path / "envs" / "grade").exists()
    assert time.monotonic() - started < 60


class _Session:
    """What `watch` asks of a nox session: its posargs, ``run`` (recorded) and ``error``."""

    def __init__(self, *posargs: str) -> None:
        self.posargs = list(posargs)
        self.runs: list[tuple[str, ...]] = []

    def run(self, *args: str, **kwargs: object) -> None:
        self.runs.append(tuple(str(a) for a in args))

    def error(self, message: str) -> None:
        raise SystemExit(message)


def test_nox_watch_runs_rnnlab_watch_in_the_grade_environment(noxfile, tmp_path, monkeypatch):
    monkeypatch.setattr(noxfile, "ROOT", tmp_path)
    monkeypatch.setattr(noxfile, "PYTHON", sys.executable)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    grade_env = tmp_path / ".nox" / "grade"
    python = grade_env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    watching = (str(python), "-m", "rnnlab", "watch", "e02")
    install = (sys.executable, "-m", "nox", "-s", "grade", "--install-only")

    session = _Session("e02")  # no grade environment yet: it is built first
    noxfile.watch(session)
    assert session.runs == [install, watching]

    python.parent.mkdir(parents=True)
    python.touch()
    (grade_env / noxfile.STAMP).write_text(noxfile._install_digest(noxfile._target()))
    session = _Session("e02")  # built and current: nothing installed, no second environment
    noxfile.watch(session)
    assert session.runs == [watching]
    assert not (tmp_path / ".nox" / "watch").exists()


@pytest.mark.parametrize(
    ("page", "command"),
    [
        ("README.md", "nox -s watch -- e02"),
        ("docs/getting-started.md", "nox -s watch -- e02"),
        ("docs/getting-started.ko.md", "nox -s watch -- e02"),
        ("docs/exercises/index.md", "nox -s watch -- eNN"),
        ("docs/exercises/index.ko.md", "nox -s watch -- eNN"),
    ],
)
def test_the_pages_that_mention_watch_give_nox_s_watch(page, command):
    """No learner types `.nox/grade/bin/rnnlab watch`: the pages give the nox session."""
    text = (ROOT / page).read_text("utf-8")
    assert command in text and ".nox/grade/bin/rnnlab watch" not in text
