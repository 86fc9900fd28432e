"""How a worker process starts and ends, for the supervisor and for `standby` alike.

A worker is ``python -m rnnlab.grader.sandbox.worker`` talking over its stdin and stdout;
what it prints goes to a capture file in its own temporary folder, named by
``RNNLAB_CAPTURE``. A self-study worker inherits the grader's environment, less the run's
secret seed and pytest's own variables; an official one gets only `bare_environment`. Both
the supervisor's workers and `standby`'s spares are started by `launch`, with an environment
from `worker_environment`, and ended by `stop`: a spare taken by a grade is exactly the
worker that grade would have started.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from rnnlab.grader.run import SEED_VARIABLE
from rnnlab.grader.sandbox.protocol import GRADER_PID

CAPTURE = "worker.out"  # the learner's prints, in the worker's own folder

# What an official worker's environment keeps: the interpreter's and the math libraries' own
# settings. Everything else (tokens, paths to the checkout, the teacher's variables) stays out.
_KEPT_PREFIXES = ("PYTHON", "RNNLAB_", "LANG", "LC_", "OPENBLAS", "OMP_", "MKL_", "TZ")


def worker_environment(folder: Path) -> dict[str, str]:
    """A self-study worker's environment: ours, less the run's secret seed and pytest's own
    variables, with its capture file in ``folder`` (its own temporary folder, also its working
    directory).

    pytest sets ``PYTEST_VERSION`` (and ``PYTEST_CURRENT_TEST``) while it grades: a worker
    started then would differ from a spare started between grades for no reason of its own.
    """
    env = {
        k: v for k, v in os.environ.items() if k != SEED_VARIABLE and not k.startswith("PYTEST_")
    }
    env.update(
        RNNLAB_CAPTURE=str(folder / CAPTURE),
        PYTHONDONTWRITEBYTECODE="1",
        **{GRADER_PID: str(os.getpid())},  # the worker ends with it, even if it died first
    )
    return env


def bare_environment(env: dict[str, str]) -> dict[str, str]:
    """What an official worker keeps of ``env`` (see `_KEPT_PREFIXES`), with a system-only
    ``PATH`` and no user site-packages."""
    kept = {k: v for k, v in env.items() if k.startswith(_KEPT_PREFIXES)}
    return {**kept, "PATH": "/usr/bin:/bin", "PYTHONNOUSERSITE": "1"}


def launch(arguments: Sequence[str], env: dict[str, str], folder: str) -> subprocess.Popen[bytes]:
    """Start a worker with ``arguments`` on its command line, in ``folder``, its pipes open."""
    return subprocess.Popen(
        [sys.executable, "-m", "rnnlab.grader.sandbox.worker", *arguments],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=folder,
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    """End a worker: its pipe closed, it exits; killed if it has not within a second."""
    if process.stdin is not None:
        with contextlib.suppress(OSError):
            process.stdin.close()
    try:
        process.wait(timeout=1.0)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
