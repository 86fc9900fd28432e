"""The process that runs a learner's module (``python -m rnnlab.grader.sandbox.worker``).

It imports only the standard library, NumPy, the sandbox's protocol and isolation, and the
small stdlib-only helpers `rnnlab.i18n` and `rnnlab.modules`, so starting it costs a fraction
of a second, and neither Keras nor the grader's comparisons live in it:
nothing a learner's module does at import (monkeypatching NumPy, calling ``os._exit``) can
reach the references. Messages travel over the original stdin/stdout; the learner's own
prints go to a capture file that the grader reads back, truncated.
"""

from __future__ import annotations

import importlib
import linecache
import os
import pickle
import sys
import time
import traceback
from pathlib import Path
from typing import Any, BinaryIO

from rnnlab.grader.sandbox import isolation
from rnnlab.grader.sandbox.protocol import (
    FRAMEWORKS,
    FunctionRef,
    Reply,
    Status,
    end_with,
    grader_pid,
    send,
    to_portable,
)
from rnnlab.i18n import catalogue, current_language, text
from rnnlab.modules import import_file, is_exercise_name

OUTPUT_LIMIT = 2000  # characters of printed output kept per call


def _frameworks_in_use() -> list[str]:
    return [name for name in FRAMEWORKS if name in sys.modules]


def _read_new_output(capture: BinaryIO, start: int) -> tuple[str, int]:
    """What the learner printed since byte ``start``; long output keeps its head and tail."""
    sys.stdout.flush()
    sys.stderr.flush()
    capture.seek(0, os.SEEK_END)
    end = capture.tell()
    size = end - start
    if size <= OUTPUT_LIMIT:
        capture.seek(start)
        text = capture.read(size).decode("utf-8", "replace")
    else:
        half = OUTPUT_LIMIT // 2
        capture.seek(start)
        head = capture.read(half).decode("utf-8", "replace")
        capture.seek(end - half)
        tail = capture.read(half).decode("utf-8", "replace")
        text = f"{head}\n... [{size - 2 * half} bytes of output cut] ...\n{tail}"
    return text, end


def _learner_frame(error: BaseException, impl_dir: Path) -> tuple[str, int, str] | None:
    """``(file name, line number, line)`` of the innermost frame in the folder being graded.

    Frames are kept by where their file lives, not by folder names: a checkout cloned into a
    folder named ``rnnlab`` holds the learner's files too. Only that one frame's source line is
    read (in official grading, no other file may be opened).
    """
    learner = None
    for frame, lineno in traceback.walk_tb(error.__traceback__):
        filename = frame.f_code.co_filename
        try:
            if Path(filename).resolve().is_relative_to(impl_dir):
                learner = (filename, lineno)
        except (OSError, ValueError):  # "<frozen ...>", "<string>": not a learner's file
            continue
    if learner is None:
        return None
    filename, lineno = learner
    return Path(filename).name, lineno, linecache.getline(filename, lineno).strip()


def _syntax_error_text(error: SyntaxError) -> str:
    """The file, line, offending line and a caret under the place Python stopped reading."""
    name = Path(error.filename).name if error.filename else text("worker.your_file")
    said = text(
        "worker.syntax",
        kind=type(error).__name__,
        message=error.msg,
        file=name,
        line=error.lineno,
    )
    if error.text:
        line = error.text.rstrip("\n")
        stripped = line.lstrip()
        caret = max((error.offset or 1) - 1 - (len(line) - len(stripped)), 0)
        said += f":\n    {stripped}\n    {' ' * caret}^"
    return said


def _missing_module_text(error: ModuleNotFoundError, numpy_only: bool) -> str:
    """Say what can be imported while grading, and what a missing sibling exercise means."""
    name = (error.name or "").split(".")[0]
    if is_exercise_name(name, prefix=True):
        return text("worker.sibling_missing", kind=type(error).__name__, error=error, name=name)
    available = text("worker.importable_numpy" if numpy_only else "worker.importable_keras")
    return text(
        "worker.module_missing",
        kind=type(error).__name__,
        error=error,
        available=available,
        name=name or text("worker.that_module"),
    )


def _error_text(error: BaseException, impl_dir: Path, numpy_only: bool) -> str:
    """What went wrong and where in the learner's file: one line (three for a syntax error)."""
    if isinstance(error, SyntaxError):
        return _syntax_error_text(error)
    if isinstance(error, ModuleNotFoundError):
        said = _missing_module_text(error, numpy_only)
    else:
        said = f"{type(error).__name__}: {error}"
    frame = _learner_frame(error, impl_dir)
    if frame is not None:
        name, lineno, line = frame
        said += text("worker.at_line", file=name, line=lineno, code=line)
    return said


def _resolve(value: Any) -> Any:
    """Turn a :class:`FunctionRef` into the function from the implementation's own module."""
    if isinstance(value, FunctionRef):
        return getattr(importlib.import_module(value.module), value.name)
    return value


def _refusal(numpy_only: bool, seen: int) -> str | None:
    """The first action refused by official grading since ``seen`` refusals, as feedback."""
    if len(isolation.REFUSED) <= seen:
        return None
    allowed = text("worker.allowed_numpy" if numpy_only else "worker.allowed_keras")
    return text("worker.refused", action=isolation.REFUSED[seen], allowed=allowed)


def serve(
    impl_dir: Path,
    module_name: str,
    requests: BinaryIO,
    replies: BinaryIO,
    numpy_only: bool,
    official: bool = False,
) -> None:
    """Import the learner's module, then answer call requests until stdin closes.

    With ``numpy_only``, a module that imports Keras, TensorFlow, PyTorch or JAX (at import or
    inside a call) gets `Status.FORBIDDEN`: the exercise is to write the math. With
    ``official``, the worker is isolated first (:mod:`rnnlab.grader.sandbox.isolation`), the import
    reply carries the isolation's layers, and any refused action gets `Status.REFUSED`.
    """
    capture = open(os.environ["RNNLAB_CAPTURE"], "w+b")  # noqa: SIM115 - lives as long as we do
    offset = 0
    impl_dir = impl_dir.resolve()
    layers = None
    catalogue(current_language())  # read now: once isolated, the worker may not open files
    if official:
        # Once reads are restricted, the import system must not probe where nothing is allowed:
        # the worker's own folder (its cwd, first on sys.path under -m) and entries that do not
        # exist (python311.zip), which it would otherwise try to open on a later import.
        sys.path[:] = [p for p in sys.path if p not in ("", os.getcwd()) and os.path.exists(p)]
        scratch = Path(os.environ["TMPDIR"]) if "TMPDIR" in os.environ else None
        layers = isolation.isolate(impl_dir, numpy_only=numpy_only, scratch=scratch).as_dict()
    sys.path.insert(0, str(impl_dir))
    started = time.perf_counter()
    module = None
    try:
        module = import_file(impl_dir / f"{module_name}.py", module_name, register=True)
        status, error = Status.OK, ""
    except BaseException as exc:  # SyntaxError, SystemExit, KeyboardInterrupt at import too
        status, error = Status.RAISED, _error_text(exc, impl_dir, numpy_only)
    if status == Status.OK and numpy_only and _frameworks_in_use():
        status, error = Status.FORBIDDEN, ", ".join(_frameworks_in_use())
    refused = _refusal(numpy_only, 0)
    if refused:
        status, error = Status.REFUSED, refused
    output, offset = _read_new_output(capture, offset)
    send(replies, Reply(status, layers, error, output, time.perf_counter() - started))
    if module is None or status != Status.OK:
        return
    while True:
        try:
            request = pickle.load(requests)
        except EOFError:
            return
        name, args, kwargs = request
        function = getattr(module, name, None)
        started = time.perf_counter()
        value, error = None, ""
        if not callable(function):
            status, error = (
                Status.MISSING,
                text("worker.no_function", module=module_name, name=name),
            )
        else:
            try:
                args = [_resolve(a) for a in args]
                kwargs = {key: _resolve(v) for key, v in kwargs.items()}
                status, value = Status.OK, to_portable(function(*args, **kwargs))
            except BaseException as exc:  # BaseException too: sys.exit() is reported, not obeyed
                status, error = Status.RAISED, _error_text(exc, impl_dir, numpy_only)
            if numpy_only and _frameworks_in_use():
                status, value, error = Status.FORBIDDEN, None, ", ".join(_frameworks_in_use())
            refused = _refusal(numpy_only, 0)
            if refused:
                status, value, error = Status.REFUSED, None, refused
        output, offset = _read_new_output(capture, offset)
        send(replies, Reply(status, value, error, output, time.perf_counter() - started))


STANDBY = "--standby"


def _arguments(requests: BinaryIO) -> list[str]:
    """``IMPL_DIR MODULE [--numpy-only]...``: the command line's, or, for a worker started
    with `STANDBY`, the first message its grader sends once there is work.

    A standby worker (`rnnlab.grader.sandbox.standby`) has Python and NumPy loaded while the
    learner types; it reads nothing of theirs before that message. Its grader closing the pipe
    first (the watch ended, or it was replaced) ends it quietly.
    """
    if sys.argv[1:] != [STANDBY]:
        return sys.argv[1:]
    try:
        return [str(argument) for argument in pickle.load(requests)]
    except EOFError:
        os._exit(0)  # nothing of the learner's ran: no teardown to wait for either


def main() -> None:
    """``python -m rnnlab.grader.sandbox.worker IMPL_DIR MODULE [--numpy-only] [--official]``,
    or ``... worker --standby`` (the same arguments come later, as a message)."""
    end_with(grader_pid())
    requests = sys.stdin.buffer
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    # From here on, fd 1 and 2 point at the capture file: prints cannot corrupt the replies.
    capture_fd = os.open(os.environ["RNNLAB_CAPTURE"], os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    os.dup2(capture_fd, 1)
    os.dup2(capture_fd, 2)
    sys.stdin = open(os.devnull)  # noqa: SIM115 - input() in learner code reads EOF, never hangs
    arguments = _arguments(requests)
    impl_dir, module_name = Path(arguments[0]), arguments[1]
    numpy_only = "--numpy-only" in arguments[2:]
    official = "--official" in arguments[2:]
    serve(impl_dir, module_name, requests, replies, numpy_only, official)
    # Every reply is sent and flushed. Skip the interpreter's teardown: with TensorFlow loaded
    # (e09) the grader would wait for it, and no learner code (exit handlers) may run after.
    os._exit(0)


if __name__ == "__main__":
    main()
