"""Remember what Keras returned for each check, so a warm grade need not import Keras at all.

Every grading check computes its reference with Keras from seeded NumPy inputs, so the result
is a pure function of the grading test file, rnnlab's grading helpers and the installed
versions of Keras, TensorFlow and NumPy. A :class:`ReferenceStore` keys each module's
references by a fingerprint of exactly those; anything that changes them (a new Keras, an
edited test) changes the fingerprint, and the references are computed by Keras again. Learners
get feedback in about a second instead of waiting for TensorFlow to import; a teacher's
official run can pass ``--fresh-references`` to recompute everything.

The file format is one ``.npz`` per module, read with ``allow_pickle=False`` (its index is a
JSON string inside it): no code runs on load, and one atomic rename publishes it
(`rnnlab.safe_io.write_atomic`). The cache only saves time, so it never costs a grade: a file
that cannot be read (cut short, empty, garbage) is computed again and one that cannot be saved
(a full disk, a read-only folder) is skipped, each with one line on stderr saying so.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import platform
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from rnnlab.safe_io import damaged, reason, warn, write_atomic

_HELPERS = ("cases.py", "keras_reference.py", "models.py")


@functools.cache  # asked once per grading module; reading package metadata is slow
def _version(*names: str) -> str:
    for name in names:
        try:
            return f"{name}=={metadata.version(name)}"
        except metadata.PackageNotFoundError:
            continue
    return f"{names[0]} missing"


def fingerprint(test_file: Path, depends_on: Sequence[Path] = (), salt: str = "") -> str:
    """Hash of everything a module's references depend on (first 16 hex digits).

    ``depends_on`` names further files the stored values depend on (the catalogued mistakes
    whose outputs `rnnlab.grader.diagnosis.recognise` stores); ``salt`` anything else that
    changes the checks' data (an official run's seed).
    """
    digest = hashlib.sha256(salt.encode())
    digest.update(Path(test_file).read_bytes())
    for path in depends_on:
        digest.update(Path(path).read_bytes())
    checks = Path(__file__).parent / "checks"
    for helper in (*(checks / name for name in _HELPERS), checks.parents[1] / "layouts.py"):
        digest.update(helper.read_bytes())
    versions = [_version("keras"), _version("tensorflow", "tensorflow-cpu"), _version("numpy")]
    digest.update(" ".join([*versions, platform.machine()]).encode())
    digest.update(os.environ.get("TF_ENABLE_ONEDNN_OPTS", "").encode())
    return digest.hexdigest()[:16]


def salt_for(seed: int | None) -> str:
    """The fingerprint salt of a run: empty in self-study, the seed in an official run.

    Examples
    --------
    >>> salt_for(None), salt_for(7)
    ('', 'official-seed=7')
    """
    return "" if seed is None else f"official-seed={seed}"


def _encode(value: Any) -> tuple[str, list[np.ndarray]]:
    if isinstance(value, tuple):
        return "tuple", [np.asarray(v) for v in value]
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return "int", [np.asarray(int(value))]
    return "array", [np.asarray(value)]


def _decode(kind: str, arrays: list[np.ndarray]) -> Any:
    if kind == "tuple":
        return tuple(arrays)
    if kind == "int":
        return int(arrays[0])
    return arrays[0]


def stored_path(
    folder: Path,
    test_file: Path,
    *,
    prefix: str = "",
    depends_on: Sequence[Path] = (),
    salt: str = "",
) -> Path:
    """Where a `ReferenceStore` of these arguments keeps its values (it may not exist yet)."""
    key = fingerprint(test_file, depends_on, salt)
    return Path(folder) / f"{prefix}{Path(test_file).stem}-{key}.npz"


class ReferenceStore:
    """References of one grading module, loaded once and saved when new ones were computed.

    Parameters
    ----------
    folder : pathlib.Path
        Where the cache files live, e.g. ``.rnnlab/cache``.
    test_file : pathlib.Path
        The grading test module whose references these are.
    fresh : bool
        Ignore what is stored (but still store what is computed).
    prefix : str
        Put before the file name, so other values of the same module (the catalogued
        mistakes' outputs) live beside its references without replacing them.
    depends_on : sequence of pathlib.Path
        Further files the values depend on; editing one computes them again.
    salt : str
        What else the values depend on: `salt_for` of an official run's seed.
    """

    def __init__(
        self,
        folder: Path,
        test_file: Path,
        *,
        fresh: bool = False,
        prefix: str = "",
        depends_on: Sequence[Path] = (),
        salt: str = "",
    ) -> None:
        self.stem = prefix + Path(test_file).stem
        self.path = stored_path(folder, test_file, prefix=prefix, depends_on=depends_on, salt=salt)
        self.hits = 0
        self.computed = 0
        self.adopted = 0  # of ``computed``, how many another process computed (`adopt`)
        self._values: dict[str, Any] = {} if fresh else self._load(self.path)
        self._adopted: set[str] = set()  # computed by Keras in this run, by another process
        self._dirty = False

    def _load(self, path: Path) -> dict[str, Any]:
        if not path.exists():
            return {}  # never computed here: no news
        try:
            with np.load(path, allow_pickle=False) as data:
                index = json.loads(str(data["index"]))
                return {
                    key: _decode(kind, [data[f"{n}"] for n in names])
                    for key, (kind, names) in index.items()
                }
        # Cut short, empty or garbage, the errors are many (BadZipFile, EOFError, a JSON or
        # Unicode error, a wrong index's TypeError...); any of them means "compute again".
        except Exception as error:
            warn("safe_io.cache_unreadable", path=path, why=damaged(error))
            return {}

    def adopt(self, path: Path) -> None:
        """Take the references another process computed in this run into this store.

        ``path`` is the file a store of the same module and fingerprint saved elsewhere (a
        grade's partner, `rnnlab.grader.partner`, saves into a folder of the run's own). Each
        adopted value counts as computed by Keras now, and is saved with this store's: a
        fresh grade stays fresh. Keys this store already holds keep their values.
        """
        for key, value in self._load(path).items():
            if key not in self._values:
                self._values[key] = value
                self._adopted.add(key)
                self._dirty = True

    def get(self, key: str, compute: Callable[[], Any]) -> Any:
        """The stored reference for ``key``, or ``compute()`` (Keras), remembered for next time."""
        if key in self._adopted:
            self._adopted.discard(key)  # asked again later in this run, it is a plain hit
            self.computed += 1
            self.adopted += 1
            return self._values[key]
        if key in self._values:
            self.hits += 1
            return self._values[key]
        value = compute()
        self.computed += 1
        self._values[key] = value
        self._dirty = True
        return value

    def has(self, key: str) -> bool:
        """Whether a value for ``key`` is stored (or was computed in this run)."""
        return key in self._values

    def forget(self, key: str) -> None:
        """Drop ``key`` (a damaged entry): the next `get` computes it again."""
        self._values.pop(key, None)
        self._adopted.discard(key)

    def save(self) -> None:
        """Write the references if any were computed; remove this module's stale files.

        A failed write (a full disk, a read-only folder) says so in one line and leaves the
        folder as it was: the values were computed, only keeping them for next time failed.
        """
        if not self._dirty:
            return
        arrays: dict[str, np.ndarray] = {}  # named "0", "1", ...; "index" maps keys to them
        index: dict[str, tuple[str, list[str]]] = {}
        for key, value in self._values.items():
            kind, items = _encode(value)
            names = []
            for item in items:
                name = str(len(arrays))
                arrays[name] = item
                names.append(name)
            index[key] = (kind, names)
        arrays["index"] = np.array(json.dumps(index))
        self._dirty = False  # tried once: a failure is said once, not at every save
        try:  # atomic: a concurrent reader sees old or new, never half
            write_atomic(self.path, lambda handle: np.savez(handle, **arrays))
        except OSError as error:
            warn("safe_io.cache_not_saved", why=reason(error))
            return
        for stale in self.path.parent.glob(f"{self.stem}-*"):
            if not stale.name.startswith(self.path.stem):
                with contextlib.suppress(OSError):  # kept is harmless: it is never read
                    stale.unlink()
