"""What a learner's Keras model (e09) did when trained, remembered between self-study grades.

Training the learner's model is most of e09's grading time, yet its outcome is a pure function
of the model's config (not its weights: the grader rebuilds it with fresh, seeded ones), of the
grading module (its data, seeds and epochs), of rnnlab's grading helpers and of the installed
Keras, TensorFlow and NumPy: exactly a reference's fingerprint
(`rnnlab.grader.reference_cache.fingerprint`) plus the model's
`rnnlab.grader.checks.architecture.training_digest`. So a model the learner has not changed
is never trained twice; any change to it trains it again. Each check keeps what it found (a
score, the outputs, or the `Mismatch` it raised) through a `ReferenceStore`, in the same
``.npz`` files as Keras's references, read with no code run.

The learner's builders themselves are remembered too, per source: while the learner's file
(and any sibling ``eNN_*`` module it names) is byte for byte the same, what each call returned
(a model config) is replayed without starting its worker, whose first act would be to import
Keras. An unchanged e09 is then re-graded without Keras at all.

Official runs neither read nor write any of it: they run and train every model afresh.
``--fresh-references`` does not read it either, and stores what it computes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from rnnlab.grader.checks.architecture import training_digest
from rnnlab.grader.checks.compare import Mismatch
from rnnlab.grader.diagnosis.recognise import call_digest
from rnnlab.grader.reference_cache import ReferenceStore
from rnnlab.grader.sandbox.protocol import KerasModel
from rnnlab.i18n import current_language, text

_PASSED, _RAISED = "value", "mismatch"  # the first item of a stored entry says which it is
_CHECKS = Path(__file__).parent / "checks"


class ModelResults:
    """The results of one grading module's checks on learners' models, per model config.

    Parameters
    ----------
    folder : pathlib.Path
        The reference cache's folder (``.rnnlab/cache``).
    test_file : pathlib.Path
        The grading module (e09's); its fingerprint covers the training data, seeds and epochs.
    fresh : bool
        Compute every result again (``--fresh-references``), still storing it.
    warn : callable
        Told one line when a stored result cannot be read and is computed again.
    """

    def __init__(
        self, folder: Path, test_file: Path, *, fresh: bool, warn: Callable[[str], None]
    ) -> None:
        self._store = ReferenceStore(
            folder,
            test_file,
            fresh=fresh,
            prefix="models-",
            depends_on=[_CHECKS / "architecture.py", Path(__file__)],
        )
        self._warn = warn
        self._incomplete: set[str] = set()

    def get(self, check: str, got: Any, compute: Callable[[], Any]) -> tuple[Any, bool]:
        """What ``compute()`` returns (or raises as a `Mismatch`) for the learner's model
        ``got`` in ``check``, and whether it was remembered rather than computed now.

        ``got`` that is no `KerasModel` is not remembered: ``compute()`` finds that out fast.
        """
        if not isinstance(got, KerasModel):
            return compute(), False
        key = f"{check}|{current_language()}|{training_digest(got.config)}"
        before = self._store.hits
        stored = self._store.get(key, lambda: _outcome(compute))
        remembered = self._store.hits > before
        try:
            value = _value(stored)
        except ValueError as error:  # damaged or from another rnnlab: compute it again
            self._warn(text("grade.cache_damaged", path=str(self._store.path), error=error))
            self._store.forget(key)
            value, remembered = _value(self._store.get(key, lambda: _outcome(compute))), False
        return value, remembered

    def replayable(self, source: str) -> bool:
        """Whether every call of an earlier run on ``source`` is stored (no worker needed)."""
        return self._store.has(f"complete|{source}")

    def call(
        self, source: str, function: str, arguments: dict[str, Any], run: Callable[[], Any]
    ) -> Any:
        """What the learner's ``function(**arguments)`` returned, replayed if it returned a
        model config for this ``source`` before, else ``run()`` (the worker's call)."""
        key = f"call|{source}|{call_digest(function, arguments)}"
        if self._store.has(key):
            stored = self._store.get(key, run)
            if isinstance(stored, np.ndarray) and stored.dtype.kind == "U" and stored.ndim == 0:
                return KerasModel(str(stored))
            self._warn(text("grade.cache_damaged", path=str(self._store.path), error=key))
            self._store.forget(key)
        try:
            value = run()
        except BaseException:
            self._incomplete.add(source)
            raise
        if isinstance(value, KerasModel):
            self._store.get(key, lambda: np.array(value.config))
        else:  # only configs are replayed: this source needs its worker
            self._incomplete.add(source)
        return value

    def finish(self, source: str) -> None:
        """Mark ``source`` replayable if each of its calls this run was stored, then save."""
        if source not in self._incomplete:
            self._store.get(f"complete|{source}", lambda: np.array(1))
        self._store.save()

    def save(self) -> None:
        """Store what was computed in this run."""
        self._store.save()


def source_digest(impl_dir: Path, module: str) -> str:
    """Hex digest of ``<impl_dir>/<module>.py`` and of every sibling ``eNN_*`` module it names;
    empty when the file is missing (nothing is replayed then)."""
    path = Path(impl_dir) / f"{module}.py"
    try:
        code = path.read_bytes()
    except OSError:
        return ""
    digest = hashlib.sha256(code)
    for name in sorted(set(re.findall(rb"\be\d\d_\w+", code)) - {module.encode()}):
        sibling = Path(impl_dir) / f"{name.decode()}.py"
        if sibling.is_file():
            digest.update(name + sibling.read_bytes())
    return digest.hexdigest()[:16]


def _outcome(compute: Callable[[], Any]) -> tuple[np.ndarray, np.ndarray]:
    """``compute()``'s value, or the message of the `Mismatch` it raised, as storable arrays."""
    try:
        return np.array(_PASSED), np.asarray(compute())
    except Mismatch as mismatch:
        return np.array(_RAISED), np.array(str(mismatch))


def _value(stored: Any) -> Any:
    """The value an entry holds, or its `Mismatch` raised; `ValueError` if it is damaged."""
    if not (isinstance(stored, tuple) and len(stored) == 2):
        raise ValueError(f"expected a (kind, value) pair, found {type(stored).__name__}")
    kind, value = (str(stored[0]), stored[1])
    if kind == _RAISED and value.dtype.kind == "U" and value.ndim == 0:
        raise Mismatch(str(value))
    if kind == _PASSED and value.dtype.kind in "fiu":
        return value
    raise ValueError(f"expected a stored value or message, found {kind!r} of {value.dtype}")
