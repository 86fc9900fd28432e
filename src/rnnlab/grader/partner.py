"""A second process that computes Keras's references while a grade runs: its partner.

A grade whose references must be computed (``--fresh-references``, or a cache that a new Keras
or an edited check made stale) spends most of its time running Keras layers one after the
other, in one process. Where the machine has two cores or more, a self-study grade starts a
partner: ``pytest`` over the same grading files in reverse order, run by the grading plugin in
its partner mode (``--reference-partner FOLDER``). The partner imports Keras beside the grade
and computes the references of the files the grade reaches last, into ``FOLDER`` (a temporary
folder of this grade's own). It never calls the learner's code and starts no worker: its
``learner`` (`NoLearner`) ends each check once the check has asked Keras for its reference.

Grade and partner share the files through claims: whichever first starts a file takes it
(`claim`, an exclusive create). The grade takes files from the front, the partner from the
back, and the partner stops at the first file the grade holds. When the grade reaches a file
the partner holds, it waits for the partner to finish (`Partner.references_of`) and adopts
what it computed (`rnnlab.grader.reference_cache.ReferenceStore.adopt`): computed by Keras in
this run, so a fresh grade stays fresh. Whatever the partner did not compute (it failed, it
took too long, a check asked for its reference only after calling the learner) the grade
computes itself, as it would have alone.

An official grade (a secret seed, isolated workers) never has a partner, nor does one run
with ``RNNLAB_PARTNER=0``.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rnnlab.grader.reference_cache import stored_path
from rnnlab.grader.run import pytest_arguments
from rnnlab.grader.sandbox.protocol import GRADER_PID
from rnnlab.grader.sandbox.supervisor import LearnerError

FINISHED = "finished"  # the partner's last act: every reference it computed is saved
WAIT_LIMIT = 60.0  # seconds a grade waits for its partner before computing alone
_POLL = 0.02  # seconds between two looks at the partner while waiting


SWITCH = "RNNLAB_PARTNER"  # "0": never start a partner (one process, as before it existed)


def wanted(files_to_compute: Sequence[Path], *, official: bool, seeded: bool) -> bool:
    """Whether a grade should start a partner: a self-study grade (not official, no secret
    seed) with references to compute in two files or more, on two cores or more, unless
    ``RNNLAB_PARTNER=0``."""
    cores = os.cpu_count() or 1
    if official or seeded or os.environ.get(SWITCH) == "0":
        return False
    return cores >= 2 and len(files_to_compute) >= 2


def claim(folder: Path, test_file: Path) -> bool:
    """Take ``test_file`` for this process; False if the other one took it first."""
    try:
        os.close(os.open(Path(folder) / f"claim-{Path(test_file).name}", os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return False
    return True


class Partner:
    """A grade's partner process and the folder it computes into (see `start`).

    Parameters
    ----------
    folder : tempfile.TemporaryDirectory
        The folder of this grade's own where claims and the partner's references go.
    process : subprocess.Popen
        The partner.
    """

    def __init__(self, folder: tempfile.TemporaryDirectory[str], process: subprocess.Popen[bytes]):
        self._folder = folder
        self.folder = Path(folder.name)
        self.process = process

    @classmethod
    def start(cls, files: Sequence[Path], root: Path, impl: str) -> Partner:
        """Start a partner for ``files`` (the grading files whose references are due, in the
        grade's order) of the checkout ``root``, grading ``impl`` (``--impl``)."""
        folder = tempfile.TemporaryDirectory(prefix="rnnlab-partner-")
        arguments = [
            *pytest_arguments(list(reversed(files)), root),
            *("--no-table", "--impl", impl, "--fresh-references"),
            *("--reference-cache", folder.name, "--report", str(Path(folder.name) / "report.json")),
            *("--reference-partner", folder.name),
        ]
        process = subprocess.Popen(
            [sys.executable, "-m", "pytest", *arguments],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, GRADER_PID: str(os.getpid())},  # it ends with this grade
            cwd=root,
        )
        return cls(folder, process)

    def references_of(self, test_file: Path) -> Path | None:
        """Where the partner saved ``test_file``'s references, once it has finished; None if
        the grade takes the file (it claimed it first), or if the partner failed or took
        longer than `WAIT_LIMIT` (the grade then computes them itself)."""
        if claim(self.folder, test_file):
            return None
        deadline = time.monotonic() + WAIT_LIMIT
        while not (self.folder / FINISHED).exists():
            if self.process.poll() is not None:
                return None
            if time.monotonic() > deadline:  # stuck: stopped, so no other file waits for it
                self.process.kill()
                self.process.wait()
                return None
            time.sleep(_POLL)
        saved = stored_path(self.folder, test_file)
        return saved if saved.exists() else None

    def close(self) -> None:
        """Stop the partner if it still runs, and remove its folder."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        with contextlib.suppress(OSError):
            self._folder.cleanup()


_owned: dict[Path, bool] = {}  # in the partner: its claim per file, made at the file's first check


def owns(folder: Path, test_file: Path) -> bool:
    """In the partner: whether it holds ``test_file`` (claimed at the file's first check)."""
    if test_file not in _owned:
        _owned[test_file] = claim(folder, test_file)
    return _owned[test_file]


def finish(folder: Path) -> None:
    """In the partner, last: say that every reference it computed is saved."""
    (Path(folder) / FINISHED).touch()


class NoLearner:
    """The partner's ``learner``: any call ends the check, which by then has asked Keras for
    its reference; the grade itself calls the learner's code."""

    last_call = ""

    def __getattr__(self, function: str) -> Any:
        if function.startswith("_"):
            raise AttributeError(function)

        def call(**arguments: Any) -> Any:
            raise LearnerError("a partner computes references only")

        return call
