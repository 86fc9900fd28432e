"""Spare workers for ``rnnlab watch``: started while the learner types, handed work on a save.

Starting a worker (Python, then NumPy) is most of what a watch re-grade of one exercise waits
for. A spare is that worker started ahead of need, ``python -m rnnlab.grader.sandbox.worker
--standby``: it loads what every worker loads and then waits on its pipe. Nothing of the
learner's is read before a grade hands it its arguments (the folder and module to import),
exactly those a worker started then would get on its command line; from there on it is that
worker. A spare is used only by self-study grades, never official ones (their workers start
isolated, in a bare environment), and only if it was started with the environment a worker
would get now.

The next spare starts once the grade is over (`fill`, called by ``watch``), not when one is
taken: started during a grade, it would take a core from that grade.
Spares are kept only inside `standing_by`, which ends them all on the way out; a spare whose
grader is killed ends itself (its pipe closes; and see ``worker._die_with``).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rnnlab.grader.run import SEED_VARIABLE
from rnnlab.grader.sandbox.protocol import GRADER_PID, send

CAPTURE = "worker.out"  # the learner's prints, in the worker's own folder


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


def _same_but_capture(one: dict[str, str], other: dict[str, str]) -> bool:
    return {**one, "RNNLAB_CAPTURE": ""} == {**other, "RNNLAB_CAPTURE": ""}


@dataclass
class Spare:
    """One started worker waiting for its arguments, with the folder it runs in."""

    process: subprocess.Popen[bytes]
    folder: tempfile.TemporaryDirectory[str]
    environment: dict[str, str] = field(repr=False)

    def hand(self, arguments: Sequence[str]) -> bool:
        """Give it its work (the worker's command-line arguments); False if it is gone."""
        if self.process.poll() is not None or self.process.stdin is None:
            return False
        try:
            send(self.process.stdin, list(arguments))
        except OSError:  # BrokenPipeError: it died while waiting
            return False
        return True

    def close(self) -> None:
        """End it unused: its pipe closed, it exits; killed if it has not within a second."""
        if self.process.stdin is not None:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        try:
            self.process.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.folder.cleanup()


_spares: list[Spare] = []
_wanted = 0  # how many spares `fill` keeps; 0 outside `standing_by`
# A grade may start a worker from its Keras-import thread (e09) while the main thread starts
# another: one spare must never go to both.
_lock = threading.Lock()


def _start_spare() -> Spare:
    folder = tempfile.TemporaryDirectory(prefix="rnnlab-")
    environment = worker_environment(Path(folder.name))
    process = subprocess.Popen(
        [sys.executable, "-m", "rnnlab.grader.sandbox.worker", "--standby"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=environment,
        cwd=folder.name,
    )
    return Spare(process, folder, environment)


def fill() -> None:
    """Start spares until as many wait as `standing_by` asked for (none outside it)."""
    with _lock:
        while len(_spares) < _wanted:
            _spares.append(_start_spare())


def take() -> Spare | None:
    """A waiting spare started with the environment a worker would get now, or None (a spare
    that died or was started under other settings, ``RNNLAB_LANG`` say, is ended instead)."""
    while True:
        with _lock:
            if not _spares:
                return None
            spare = _spares.pop(0)
        now = worker_environment(Path(spare.folder.name))
        if spare.process.poll() is None and _same_but_capture(spare.environment, now):
            return spare
        spare.close()


@contextlib.contextmanager
def standing_by(count: int = 1) -> Iterator[Callable[[], None]]:
    """Keep up to ``count`` spares while the block runs; yields `fill`, to call once a grade
    is over (a spare then starts while the learner types, not during a grade).

    Raises
    ------
    ValueError
        If ``count`` is not a positive integer.
    """
    global _wanted
    if not isinstance(count, int) or count < 1:
        raise ValueError(
            "Received an invalid value for argument `count`: expected an integer >= 1. "
            f"Received: {count!r}."
        )
    _wanted = count
    try:
        yield fill
    finally:
        with _lock:
            _wanted = 0
            left, _spares[:] = list(_spares), []
        for spare in left:
            spare.close()
