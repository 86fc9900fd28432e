"""Run a trained Keras recurrent layer again with an implementation's own NumPy functions.

The experiments train with Keras (fast), then recompute what matters with the chosen
implementation (`--impl exercises` is the learner's e02-e04) and report how far it is from
Keras, so a learner sees their own layers carry the memory and write the text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from rnnlab.impl import load_impl

# Keras class name -> (exercise module, function); weights are Keras's own, in Keras's layout.
LAYERS = {
    "SimpleRNN": ("e02_simple_rnn", "simple_rnn"),
    "LSTM": ("e03_lstm", "lstm"),
    "GRU": ("e04_gru", "gru"),
}
_GATES = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}


class ImplementationNotDone(NotImplementedError):
    """An exercise an experiment runs is still a stub; the message says which, and what to do.

    Each experiment calls the functions it runs once before it trains, so a stub fails at once;
    the CLI prints the message alone and exits with status 2.
    """


def impl_function(impl: str | Path, module: str, function: str) -> Callable[..., Any]:
    """``function`` from ``<impl>/<module>.py``, wrapped so a stub fails with a plain message.

    Raises
    ------
    ValueError
        If the file or the function does not exist.
    """
    found = getattr(load_impl(module, impl), function, None)
    if found is None:
        raise ValueError(f"{Path(impl) / module}.py has no function `{function}`.")

    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return found(*args, **kwargs)
        except NotImplementedError as error:
            raise ImplementationNotDone(
                f"{module}.{function} in {impl}/ is not done yet ({error}); this experiment "
                f"runs it. Finish it (`nox -s grade -- {module[:3]}` checks it) or run the "
                "experiment with `--impl solutions`."
            ) from None

    return call


def recurrent_forward(impl: str | Path, kind: str) -> Callable[..., np.ndarray]:
    """``forward(inputs, kernel, recurrent_kernel, bias, **options)`` of ``impl`` for ``kind``.

    Calls it once on a one-step, one-unit input first, so a stub fails before any training.

    Parameters
    ----------
    impl : str or pathlib.Path
        ``"exercises"``, ``"solutions"`` or a folder of ``eNN_*.py`` files.
    kind : str
        ``"SimpleRNN"``, ``"LSTM"`` or ``"GRU"``.

    Raises
    ------
    ImplementationNotDone
        If the function still raises NotImplementedError.
    """
    if kind not in LAYERS:
        raise ValueError(
            f"Received an invalid value for argument `kind`: expected one of "
            f"{', '.join(LAYERS)}. Received: {kind!r}."
        )
    forward = impl_function(impl, *LAYERS[kind])
    width = _GATES[kind]
    bias = np.zeros((2, width) if kind == "GRU" else (width,), np.float32)
    square = np.zeros((1, width), np.float32)
    forward(np.zeros((1, 1, 1), np.float32), square, square, bias)
    return forward
