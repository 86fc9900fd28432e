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
grader is killed ends itself (its pipe closes; and see ``protocol.end_with``).
"""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rnnlab.grader.sandbox.protocol import send
from rnnlab.grader.sandbox.workers import launch, stop, worker_environment


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
        """End it unused (`rnnlab.grader.sandbox.workers.stop`) and remove its folder."""
        stop(self.process)
        self.folder.cleanup()


_spares: list[Spare] = []
_wanted = 0  # how many spares `fill` keeps; 0 outside `standing_by`
# A grade may start a worker from its Keras-import thread (e09) while the main thread starts
# another: one spare must never go to both.
_lock = threading.Lock()


def _start_spare() -> Spare:
    folder = tempfile.TemporaryDirectory(prefix="rnnlab-")
    environment = worker_environment(Path(folder.name))
    process = launch(["--standby"], environment, folder.name)
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
