"""What the grader and a learner's worker process say to each other, and how it is read safely.

The worker runs untrusted code, so the grader never unpickles arbitrary objects from it:
`load_reply` admits only NumPy arrays, plain Python values and `Opaque`.
`to_portable` (run in the worker) turns whatever a learner's function returned into
those types, keeping tuples and dicts (``lstm(..., return_state=True)`` returns a tuple).
"""

from __future__ import annotations

import io
import os
import pickle
import sys
import threading
import time
from dataclasses import dataclass
from enum import Enum
from typing import Any, BinaryIO

import numpy as np

PICKLE_PROTOCOL = 4
GRADER_PID = "RNNLAB_GRADER_PID"  # the grader tells its workers its pid: they end with it
# What a NumPy-only exercise must not use: the exercise is to write the math itself.
FRAMEWORKS = ("keras", "tensorflow", "torch", "jax")


@dataclass(frozen=True)
class Opaque:
    """A returned value the worker could not turn into an array; only its description travels."""

    type_name: str
    text: str


@dataclass(frozen=True)
class KerasModel:
    """A ``keras.Model`` a learner's function returned (e09), as its JSON config.

    Only the architecture travels, never code or weights: the grader rebuilds the model from
    ``config`` in its own process (see `rnnlab.grader.checks.models`) and trains it there.
    """

    config: str


@dataclass(frozen=True)
class FunctionRef:
    """An argument that names a function of the implementation under test.

    ``bidirectional(layer=...)`` takes the learner's own ``simple_rnn``, ``lstm`` or ``gru``;
    functions cannot cross the process boundary, so the worker resolves this name instead.
    """

    module: str
    name: str

    def __repr__(self) -> str:
        return f"{self.module}.{self.name}"


class Status(str, Enum):
    """How a worker's call (or its import of the learner's module) ended."""

    OK = "ok"
    """It returned; ``value`` holds the result (for the import: the isolation's layers)."""
    RAISED = "raised"
    """The learner's code raised; ``error`` holds type, message and the learner's line."""
    MISSING = "missing"
    """The module has no such function."""
    FORBIDDEN = "forbidden"
    """A NumPy-only exercise imported a framework; ``error`` names them."""
    REFUSED = "refused"
    """Official grading refused an action of the code; ``error`` says which."""


@dataclass(frozen=True)
class Reply:
    """One answer from the worker: a `Status`, then what goes with it.

    ``output`` is what the code printed during the call, already truncated.
    """

    status: Status
    value: Any = None
    error: str = ""
    output: str = ""
    seconds: float = 0.0


_ALLOWED = {
    ("builtins", "complex"),
    ("builtins", "slice"),
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy.core.multiarray", "scalar"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "scalar"),
    ("rnnlab.grader.sandbox.protocol", "Opaque"),
    ("rnnlab.grader.sandbox.protocol", "KerasModel"),
    ("rnnlab.grader.sandbox.protocol", "Reply"),
    ("rnnlab.grader.sandbox.protocol", "Status"),
}


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED or (module == "numpy" and name.startswith("dtypes")):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"the worker sent a forbidden object {module}.{name}")


def send(stream: BinaryIO, message: Any) -> None:
    """Write one message and flush, so the other side can read it at once."""
    pickle.dump(message, stream, protocol=PICKLE_PROTOCOL)
    stream.flush()


def load_reply(stream: BinaryIO) -> Reply:
    """Read one `Reply` from the worker, refusing any other kind of object."""
    reply = _SafeUnpickler(stream).load()
    if not isinstance(reply, Reply):
        raise pickle.UnpicklingError(f"the worker sent {type(reply).__name__}, not a Reply")
    return reply


def loads_reply(data: bytes) -> Reply:
    """`load_reply` from bytes."""
    return load_reply(io.BytesIO(data))


def to_portable(value: Any, depth: int = 0) -> Any:
    """Convert a learner's return value into types `load_reply` accepts.

    Tuples, dicts and lists of arrays keep their structure (``[h, c]`` answers a function
    that returns ``(h, c)``, and a ragged ``[output, h, c]`` cannot be one array); lists of
    numbers and array-likes (TensorFlow or PyTorch tensors too) become arrays; a
    ``keras.Model`` travels as a `KerasModel` config; anything else becomes an
    `Opaque` description. The grader stacks a sequence of equal-shaped arrays when one
    array was expected.

    Examples
    --------
    >>> to_portable([[1.0, 2.0]]).shape
    (1, 2)
    >>> to_portable((np.zeros(2), None))
    (array([0., 0.]), None)
    >>> to_portable([np.zeros(2), np.ones(3)])
    (array([0., 0.]), array([1., 1., 1.]))
    >>> to_portable(print)
    Opaque(type_name='builtin_function_or_method', text='<built-in function print>')
    """
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if depth > 4:
        return Opaque(type(value).__name__, "nested too deeply")
    if isinstance(value, tuple) or (
        isinstance(value, list) and any(not isinstance(v, (bool, int, float)) for v in value)
    ):
        items = tuple(to_portable(item, depth + 1) for item in value)
        if isinstance(value, list) and all(
            isinstance(i, np.ndarray) and i.shape == items[0].shape for i in items
        ):
            return np.stack(items) if items else np.asarray(value)  # a nested list of numbers
        return items
    if isinstance(value, dict):
        return {str(key): to_portable(item, depth + 1) for key, item in value.items()}
    model = _keras_model(value)
    if model is not None:
        return model
    try:
        array = np.asarray(value)
    except Exception as error:  # ragged lists, objects without __array__
        return Opaque(type(value).__name__, f"{repr(value)[:200]} ({error})")
    if array.dtype == object:
        return Opaque(type(value).__name__, repr(value)[:200])
    return np.array(array)  # a plain ndarray, never a subclass


def _keras_model(value: Any) -> KerasModel | Opaque | None:
    """``value`` as a `KerasModel` if it is a ``keras.Model``, else None.

    Keras is looked up, never imported: only a module that imported it can return a model,
    and the worker of a NumPy exercise must not pay Keras's import time.
    """
    keras = sys.modules.get("keras")
    if keras is None or not isinstance(value, keras.Model):
        return None
    try:
        return KerasModel(value.to_json())
    except Exception as error:  # a custom layer without get_config, say
        return Opaque(type(value).__name__, f"its config cannot be saved ({error})"[:300])


def grader_pid() -> int:
    """The grader's pid as it gave it (`GRADER_PID`), else this process's parent.

    Given, not read from ``os.getppid()`` alone: a grader that died while its worker (or
    partner) was still starting would have handed it to another parent already, and go
    unnoticed.
    """
    given = os.environ.get(GRADER_PID, "")
    return int(given) if given.isdigit() else os.getppid()


def end_with(parent: int) -> None:
    """End this process when its grader ``parent`` is gone, even mid-way through a call.

    A grader killed with SIGKILL cannot stop its workers, and a closed pipe is noticed only
    between calls: a learner's endless loop would outlive it. Once the grader dies, this
    process is handed to another parent, which is how it is noticed here.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="rnnlab-parent-watch", daemon=True).start()
