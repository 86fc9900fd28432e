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
# PYTHONDONTWRITEBYTECODE=1, so every `import keras` would compile TensorFlow from source again:
# 15.4 s instead of 4.9 s here. pip compiles by default; uv does when asked.
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
    session.run("python", "-m", "pytest", *session.posargs)


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
    session.run("python", "-m", "rnnlab.grader.stubs", *session.posargs, env={"PYTHONPATH": "src"})


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site with ``mkdocs build --strict`` (``-- serve`` to preview it)."""
    install_project(session, "docs")
    command = session.posargs or ["build", "--strict"]
    session.run("mkdocs", *command)


@nox.session
def autograder_bundle(session: nox.Session) -> None:
    """Build dist/rnnlab-autograder.zip for Gradescope (see docs/teaching.md)."""
    install_project(session)
    session.run("python", "-m", "rnnlab", "autograder-bundle", *session.posargs)


BENCHMARKS = ("feedback", "scaling", "cudnn", "isolation_cost")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks in bench/ (``-- --quick`` for CI-sized runs); results in bench/results/."""
    install_project(session)
    # feedback.py times `nox -s grade` itself: hand it the Python that runs this nox.
    env = {"RNNLAB_NOX_PYTHON": sys.executable}
    for name in BENCHMARKS:
        session.run("python", f"bench/{name}.py", *session.posargs, env=env)
