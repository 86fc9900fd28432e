"""Compare a learner's result with what Keras returned, and say what differs in one line.

Shapes come first (the most common mistake), then NaN or inf, then values. The tolerance is
``1e-5`` absolute and relative: float32 NumPy matches Keras to better than ``1e-6`` on the
grading cases, so anything past ``1e-5`` is a real difference, not rounding. Gradients scale
the absolute part by their largest magnitude (see ``scale``). The dtype is not judged: a list
or a float64 array with the right values passes.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from rnnlab.grader.sandbox.protocol import Opaque
from rnnlab.i18n import part, text

ATOL = 1e-5
RTOL = 1e-5


# The errors of the matches made inside the innermost `recording_matches` block, if any.
_recording: contextvars.ContextVar[list[float] | None] = contextvars.ContextVar(
    "rnnlab_matched_errors", default=None
)


@contextlib.contextmanager
def recording_matches() -> Iterator[list[float]]:
    """Collect the max absolute error of every `assert_matches` that passes inside the block.

    The plugin wraps each check in one, so its report says how close a passing answer was.

    Examples
    --------
    >>> with recording_matches() as errors:
    ...     assert_matches(np.array([1.0]), np.array([1.0]), called="f()", keras="k")
    >>> errors
    [0.0]
    """
    errors: list[float] = []
    token = _recording.set(errors)
    try:
        yield errors
    finally:
        _recording.reset(token)


class Mismatch(AssertionError):
    """The learner's value differs from Keras's; ``str(error)`` is the one-line reason.

    ``steps``, when a check sets it, holds how far the value is from Keras's at each time
    step (the largest error beyond the tolerance, 0 where it matches); the report keeps it.
    """

    steps: list[float] | None = None


def step_errors(got: Any, expected: np.ndarray, *, scale: float = 1.0) -> list[float] | None:
    """Per time step (axis 1), how far ``got`` is beyond the tolerance of ``expected``.

    None when ``got`` is not an array of ``expected``'s shape, or that shape has no time axis.

    Examples
    --------
    >>> expected = np.zeros((1, 3, 2))
    >>> got = expected.copy(); got[0, 0] = 0.5
    >>> [round(e, 3) for e in step_errors(got, expected)]
    [0.5, 0.0, 0.0]
    """
    expected = np.asarray(expected, np.float64)
    if got is None or isinstance(got, (Opaque, tuple)) or expected.ndim < 2:
        return None
    got_array = np.asarray(got)
    if got_array.dtype.kind not in "biuf" or got_array.shape != expected.shape:
        return None
    excess = np.abs(got_array.astype(np.float64) - expected) - (
        ATOL * scale + RTOL * np.abs(expected)
    )
    excess = np.where(np.isfinite(excess), excess, np.inf)
    per_step = np.moveaxis(np.maximum(excess, 0.0), 1, 0).reshape(expected.shape[1], -1)
    return [float(e) for e in per_step.max(axis=1)]


def describe_value(value: Any) -> str:
    """Short description of a value for messages: arrays by shape, other values by repr.

    Examples
    --------
    >>> describe_value(np.zeros((2, 3)))
    '(2, 3)'
    >>> describe_value(True)
    'True'
    >>> describe_value((np.zeros((5, 4)), None))
    '((5, 4), None)'
    """
    if isinstance(value, np.ndarray):
        return str(value.shape) if value.ndim else repr(value.item())
    if isinstance(value, (tuple, list)) and any(isinstance(v, np.ndarray) for v in value):
        return "(" + ", ".join(describe_value(v) for v in value) + ")"
    return repr(value)


def describe_call(function: str, /, **arguments: Any) -> str:
    """How a call reads in feedback, arrays shown by shape.

    Examples
    --------
    >>> describe_call("simple_rnn", inputs=np.zeros((2, 3, 5)), return_sequences=True)
    'simple_rnn(inputs of shape (2, 3, 5), return_sequences=True)'
    """
    parts = []
    for name, value in arguments.items():
        if isinstance(value, np.ndarray) and value.ndim:
            parts.append(text("call.shape", name=name, shape=value.shape))
        elif isinstance(value, (tuple, list)) and any(isinstance(v, np.ndarray) for v in value):
            parts.append(text("call.shapes", name=name, shapes=describe_value(value)))
        else:
            parts.append(f"{name}={value!r}")
    return f"{function}({', '.join(parts)})"


def _format_number(x: float) -> str:
    return f"{x:.6g}"


def assert_matches(
    got: Any,
    expected: np.ndarray,
    *,
    called: str,
    keras: str,
    what: str = "output",
    scale: float = 1.0,
) -> None:
    """Raise `Mismatch` unless ``got`` equals Keras's ``expected`` within tolerance.

    Parameters
    ----------
    got : Any
        What the learner's function returned (already converted by the worker).
    expected : numpy.ndarray
        What Keras returned for the same inputs and weights.
    called : str
        The learner's call, from [describe_call][rnnlab.grader.checks.compare.describe_call].
    keras : str
        The Keras call it is compared with, e.g. ``"keras.layers.SimpleRNN(4)"``.
    what : str
        Which part of the result this is, e.g. ``"output"`` or ``"cell state c"``.
    scale : float
        Multiplies the absolute tolerance. Gradients pass the largest magnitude of Keras's
        gradient (at least 1), so the tolerance follows the gradient's scale: summed over
        steps and a batch, large gradients carry proportionally large float32 rounding.

    Raises
    ------
    Mismatch
        With a message naming the call, what came back and what Keras returned.

    Examples
    --------
    >>> assert_matches([1.0, 2.0], np.array([1.0, 2.0], np.float32), called="f()", keras="k")
    >>> assert_matches(np.zeros(3), np.zeros(2), called="f()", keras="k")
    Traceback (most recent call last):
    ...
    rnnlab.grader.checks.compare.Mismatch: Called f(): your output has shape (3,), k returned (2,)
    >>> assert_matches(None, np.zeros(2), called="f()", keras="k", what="c")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    rnnlab.grader.checks.compare.Mismatch: Called f(): it returned, but your c is None; k gives ...
    """
    expected = np.asarray(expected)
    whole = what == "output"  # else ``got`` is one entry of a returned tuple or dict
    what = part(what)
    said = {"called": called, "what": what, "keras": keras}
    if got is None and whole:
        raise Mismatch(text("compare.returned_none", called=called))
    if got is None:  # the function did return; one entry of what it returned is None
        raise Mismatch(text("compare.entry_none", **said, shape=expected.shape))
    if isinstance(got, Opaque):
        raise Mismatch(
            text(
                "compare.opaque",
                **said,
                type_name=got.type_name,
                text=got.text,
                shape=expected.shape,
            )
        )
    if isinstance(got, tuple):
        raise Mismatch(text("compare.tuple", **said, count=len(got), shape=expected.shape))
    got_array = np.asarray(got)
    if got_array.dtype.kind not in "biuf":
        raise Mismatch(
            text("compare.dtype", **said, dtype=got_array.dtype, expected=expected.dtype)
        )
    if got_array.shape != expected.shape:
        raise Mismatch(
            text("compare.shape", **said, shape=got_array.shape, expected=expected.shape)
        )
    got_float = got_array.astype(np.float64)
    bad = ~np.isfinite(got_float)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise Mismatch(
            text(
                "compare.not_finite",
                **said,
                count=int(bad.sum()),
                index=index,
                value=got_float[index],
                expected=_format_number(float(expected[index])),
            )
        )
    error = np.abs(got_float - expected.astype(np.float64))
    allowed = ATOL * scale + RTOL * np.abs(expected.astype(np.float64))
    if (error > allowed).any():
        index = tuple(int(i) for i in np.unravel_index(np.argmax(error - allowed), error.shape))
        wrong = int((error > allowed).sum())
        raise Mismatch(
            text(
                "compare.values",
                **said,
                shape=expected.shape,
                wrong=wrong,
                size=expected.size,
                index=index,
                yours=_format_number(got_float[index]),
                theirs=_format_number(float(expected[index])),
            )
        )
    errors = _recording.get()
    if errors is not None:
        errors.append(float(error.max()) if error.size else 0.0)


def assert_same_number(got: Any, expected: int, *, called: str, keras: str) -> None:
    """Raise `Mismatch` unless ``got`` is exactly the integer ``expected``.

    Examples
    --------
    >>> assert_same_number(6400, 6400, called="f()", keras="k")
    >>> assert_same_number(6400.5, 6400, called="f()", keras="k")
    Traceback (most recent call last):
    ...
    rnnlab.grader.checks.compare.Mismatch: Called f(): you returned 6400.5, k is 6400
    """
    value = got.item() if isinstance(got, np.ndarray) and got.ndim == 0 else got
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != expected:
        shown = describe_value(got) if not isinstance(value, (int, float)) else repr(value)
        raise Mismatch(
            text("compare.number", called=called, shown=shown, keras=keras, expected=expected)
        )


def assert_all_match(
    got: Any, expected: Sequence[np.ndarray], names: Sequence[str], *, called: str, keras: str
) -> None:
    """`assert_matches` for a function that returns a tuple, e.g. ``(output, h, c)``."""
    items = unpack(got, names, called=called, keras=keras)
    for item, reference, name in zip(items, expected, names):
        assert_matches(item, reference, called=called, keras=keras, what=name)


def unpack(got: Any, names: Sequence[str], *, called: str, keras: str) -> tuple[Any, ...]:
    """The items of a returned tuple such as ``(h, c)``, or `Mismatch` if it is not one.

    Examples
    --------
    >>> h, c = unpack([np.zeros(2), np.ones(2)], ("h", "c"), called="f()", keras="k")
    >>> unpack(np.zeros(2), ("h", "c", "x"), called="f()", keras="k")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    rnnlab.grader.checks.compare.Mismatch: Called f(): expected a tuple (h, c, x) of 3 arrays ...
    """
    if isinstance(got, np.ndarray) and got.ndim and len(got) == len(names):
        got = tuple(got)  # a list of equal-shaped arrays arrived stacked
    if not isinstance(got, (tuple, list)) or len(got) != len(names):
        count = len(got) if isinstance(got, (tuple, list)) else text("compare.not_a_tuple")
        raise Mismatch(
            text(
                "compare.tuple_expected",
                called=called,
                names=", ".join(names),
                count=len(names),
                keras=keras,
                got=describe_value(got),
                got_count=count,
            )
        )
    return tuple(got)


def pick(got: Any, names: Sequence[str], *, called: str, keras: str) -> dict[str, Any]:
    """The entries ``names`` of a returned dict, or `Mismatch` naming what is missing.

    Examples
    --------
    >>> pick({"a": 1, "b": 2}, ("a",), called="f()", keras="k")
    {'a': 1}
    >>> pick({"a": 1}, ("a", "b"), called="f()", keras="k")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    rnnlab.grader.checks.compare.Mismatch: Called f(): expected a dict with the keys ... no key 'b'
    """
    keys = ", ".join(repr(name) for name in names)
    if not isinstance(got, dict):
        raise Mismatch(
            text(
                "compare.dict_expected",
                called=called,
                keys=keys,
                keras=keras,
                got=describe_value(got),
            )
        )
    missing = [name for name in names if name not in got]
    if missing:
        raise Mismatch(
            text(
                "compare.dict_key_missing",
                called=called,
                keys=keys,
                keras=keras,
                key=repr(missing[0]),
            )
        )
    return {name: got[name] for name in names}
