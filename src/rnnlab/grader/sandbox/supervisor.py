"""Run one exercise module of a learner in its own process, with a time budget.

A [Sandbox][rnnlab.grader.sandbox.supervisor.Sandbox] starts
``python -m rnnlab.grader.sandbox.worker`` for one module, imports it there, and forwards calls.
Whatever the learner's code does (raise, hang, ``os._exit``, print megabytes, rewrite NumPy)
stays in that process and comes back as a
[LearnerError][rnnlab.grader.sandbox.supervisor.LearnerError] with one friendly line, so it
costs only that exercise's points.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from rnnlab.grader.sandbox import standby
from rnnlab.grader.sandbox.protocol import Reply, Status, load_reply, send
from rnnlab.grader.sandbox.workers import bare_environment, launch, stop, worker_environment
from rnnlab.i18n import text
from rnnlab.modules import EXERCISE_PATTERN


class LearnerError(Exception):
    """The learner's code did not return a value; ``str(error)`` is the one-line reason."""


_EOF = object()


class Sandbox:
    """One worker process for one exercise module.

    Parameters
    ----------
    impl_dir : pathlib.Path
        The folder holding ``<module>.py`` (``exercises/``, ``solutions/`` or a submission).
    module : str
        The exercise module name, e.g. ``"e02_simple_rnn"``.
    time_limit : float
        Seconds of learner code this exercise may use in all, import included. Once spent,
        every further call fails at once, so an infinite loop costs one wait, not one per test.
    numpy_only : bool
        The exercise must be written with NumPy: using Keras, TensorFlow, PyTorch or JAX
        fails every check of it, with the reason.
    when_missing : str, optional
        What every check says when ``<module>.py`` is not in ``impl_dir``: in a learner's
        checkout, how to get the stub back; for a class's submissions, "not submitted".
    official : bool
        Official grading: the worker gets a private copy of the submission's ``.py`` files and
        a bare environment, and isolates itself before importing them
        (`rnnlab.grader.sandbox.isolation`); ``isolation`` then says which layers held.
    """

    def __init__(
        self,
        impl_dir: Path,
        module: str,
        *,
        time_limit: float = 60.0,
        numpy_only: bool = False,
        when_missing: str | None = None,
        official: bool = False,
    ) -> None:
        if time_limit <= 0:
            raise ValueError(
                "Received an invalid value for argument `time_limit`: expected seconds > 0. "
                f"Received: {time_limit!r}."
            )
        self.impl_dir = Path(impl_dir).resolve()
        self.module = module
        self.time_limit = float(time_limit)
        self.time_used = 0.0
        self.numpy_only = numpy_only
        self.official = official
        self.isolation: dict[str, list[str]] | None = None  # from the worker, when official
        self._process: subprocess.Popen[bytes] | None = None
        self._replies: queue.Queue[Any] = queue.Queue()
        self._fatal: str | None = None  # once set, every call fails with this reason
        self._importing = False  # started, import reply not read yet
        self._capture_dir = tempfile.TemporaryDirectory(prefix="rnnlab-")
        self._starting = threading.Lock()
        if not (self.impl_dir / f"{module}.py").is_file():
            # No process to start: say so plainly instead of an import error from importlib.
            self._fatal = when_missing or text(
                "sandbox.not_submitted", module=module, folder=self.impl_dir
            )

    # -- process management ---------------------------------------------------------------
    def start(self) -> None:
        """Start the worker and let it import the module, without waiting for it.

        The grader starts the workers while it imports Keras, so their start-up overlaps the
        import instead of adding to it. Safe to call from several threads: one worker starts.
        A self-study grade takes a spare worker (`rnnlab.grader.sandbox.standby`) where
        ``rnnlab watch`` keeps one.
        """
        with self._starting:  # the grader may start it from its Keras-import thread
            if self._process is None and self._fatal is None:
                self._start()

    def _start(self) -> None:
        flags = ["--numpy-only"] if self.numpy_only else []
        flags += ["--official"] if self.official else []
        spare = None if self.official else standby.take()
        if spare is not None and spare.hand([str(self.impl_dir), self.module, *flags]):
            self._capture_dir.cleanup()
            self._capture_dir, self._process = spare.folder, spare.process
        else:
            if spare is not None:
                spare.close()
            self._process = self._spawn(flags)
        self._replies = queue.Queue()
        threading.Thread(target=self._read_replies, args=(self._process,), daemon=True).start()
        self._importing = True

    def _spawn(self, flags: list[str]) -> subprocess.Popen[bytes]:
        """A worker started now, its arguments on its command line."""
        env = worker_environment(Path(self._capture_dir.name))
        impl_dir = self.impl_dir
        if self.official:
            impl_dir = _private_copy(self.impl_dir, Path(self._capture_dir.name) / "submission")
            # A scratch folder of its own (writable only where Keras runs), which is also its
            # home: ~/.keras, ~/.cache and /tmp are outside what the worker may touch.
            scratch = impl_dir.parent / "scratch"
            shutil.rmtree(scratch, ignore_errors=True)
            scratch.mkdir(mode=0o700)
            _give_to_nobody(scratch)
            env = {
                **bare_environment(env),
                "TMPDIR": str(scratch),
                "HOME": str(scratch),
                "MPLCONFIGDIR": str(scratch / "matplotlib"),
            }
        return launch([str(impl_dir), self.module, *flags], env, self._capture_dir.name)

    def _finish_import(self) -> None:
        self._importing = False
        reply = self._wait(text("sandbox.doing_import"))
        if self.official and isinstance(reply.value, dict):
            self.isolation = reply.value
        self._refuse_frameworks(reply)
        if reply.status != Status.OK:
            self._fatal = text("sandbox.not_importable", module=self.module, error=reply.error)
            raise LearnerError(self._fatal)

    def _read_replies(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        try:
            while True:
                self._replies.put(load_reply(process.stdout))
        except EOFError:
            pass
        except Exception as error:  # a forged or corrupt message: treat as a crash
            self._replies.put(text("sandbox.not_a_reply", error=error))
        self._replies.put(_EOF)

    def _wait(self, doing: str) -> Reply:
        remaining = self.time_limit - self.time_used
        started = time.perf_counter()
        try:
            item = self._replies.get(timeout=max(remaining, 0.0))
        except queue.Empty:
            self.time_used = self.time_limit
            self._kill()
            self._fatal = text(
                "sandbox.time_limit",
                seconds=f"{self.time_limit:g}",
                module=self.module,
                doing=doing,
            )
            raise LearnerError(self._fatal) from None
        self.time_used += time.perf_counter() - started
        if isinstance(item, Reply):
            return item
        code = self._process.wait() if self._process else None
        self._process = None
        reason = item if isinstance(item, str) else text("sandbox.exit_code", code=code)
        raise LearnerError(text("sandbox.ended", module=self.module, doing=doing, reason=reason))

    def close(self) -> None:
        """Stop the worker process (idempotent)."""
        process, self._process = self._process, None
        if process is not None:
            stop(process)

    def discard(self) -> None:
        """Stop the worker and remove its temporary folder now, not when Python exits (the
        ``rnnlab`` command may end without the interpreter's teardown; see `rnnlab.cli.run`)."""
        self.close()
        self._capture_dir.cleanup()

    def _refuse_frameworks(self, reply: Reply) -> None:
        if reply.status == Status.REFUSED:  # official grading refused an action: no retry
            self._fatal = reply.error
            self._kill()
            raise LearnerError(self._fatal)
        if reply.status == Status.FORBIDDEN:
            self._fatal = text("sandbox.forbidden", module=self.module, frameworks=reply.error)
            self._kill()
            raise LearnerError(self._fatal)

    def _kill(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.wait()

    def __del__(self) -> None:
        if getattr(self, "_process", None) is not None:
            self.close()

    # -- calls ------------------------------------------------------------------------------
    def call(self, function: str, description: str, *args: Any, **kwargs: Any) -> Reply:
        """Call ``function(*args, **kwargs)`` in the worker and return its `Reply`.

        Parameters
        ----------
        function : str
            Name of the function in the learner's module.
        description : str
            How the call reads in messages, e.g. ``"simple_rnn(inputs (2, 3, 5), ...)"``.
        *args, **kwargs
            Arguments; they are copied into the worker, so in-place changes cannot leak back.

        Raises
        ------
        LearnerError
            If the code raised, is missing, timed out or killed its process.
        """
        if self._fatal is not None:
            raise LearnerError(self._fatal)
        if self._process is None:
            self.start()
        if self._importing:
            self._finish_import()
        assert self._process is not None and self._process.stdin is not None
        try:
            send(self._process.stdin, (function, args, kwargs))
        except (BrokenPipeError, OSError):
            self._process = None
            raise LearnerError(text("sandbox.gone", module=self.module)) from None
        reply = self._wait(text("sandbox.doing_call", description=description))
        self._refuse_frameworks(reply)
        if reply.status == Status.MISSING:
            raise LearnerError(text("sandbox.missing_function", error=reply.error))
        if reply.status == Status.RAISED:
            raise LearnerError(_explain_raise(function, description, reply))
        return reply


def _private_copy(impl_dir: Path, target: Path) -> Path:
    """Copy the submission's top-level ``.py`` files into ``target``, a folder of this grading
    run's own: the worker's view of the disk then ends at the submission, and its parent is no
    class folder. As root, ``nobody`` is made its owner (the worker becomes ``nobody``)."""
    shutil.rmtree(target, ignore_errors=True)  # a restarted worker gets a fresh copy
    target.mkdir(mode=0o700)
    for source in impl_dir.glob("*.py"):
        if source.is_file():
            shutil.copyfile(source, target / source.name)
    if _give_to_nobody(target, *target.iterdir()):
        os.chmod(target.parent, 0o711)  # nobody may pass through to its own folder, not list
    return target


def _give_to_nobody(*paths: Path) -> bool:
    """As root, make ``nobody`` (whom an official worker becomes) the owner of ``paths``.

    Returns whether it did, i.e. whether the grader runs as root.
    """
    if not (hasattr(os, "geteuid") and os.geteuid() == 0):
        return False
    from rnnlab.grader.sandbox.isolation import NOBODY

    for path in paths:
        os.chown(path, NOBODY, NOBODY)
    return True


STUB_NAME = re.compile(rf"^({EXERCISE_PATTERN}\.\w+):")


def _explain_raise(function: str, description: str, reply: Reply) -> str:
    if reply.error.startswith("NotImplementedError"):
        # A stub's message starts with its qualified name, e.g. "e02_simple_rnn.simple_rnn: ...";
        # a bare `raise NotImplementedError` has none.
        stub = STUB_NAME.match(reply.error.removeprefix("NotImplementedError: "))
        if stub and stub.group(1).rsplit(".", 1)[1] != function:
            return text("sandbox.stub_calls", stub=stub.group(1), function=function)
        return text("sandbox.not_written", function=function)
    output = reply.output.strip()
    printed = text("sandbox.printed", output=output[-300:]) if output else ""
    return text("sandbox.raised", description=description, error=reply.error, printed=printed)
