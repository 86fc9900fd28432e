"""Recognise a catalogued mistake in a learner's wrong answer.

When a check fails, the grader calls every catalogued wrong answer of that exercise
(`rnnlab.grader.diagnosis.mistakes`) with the very arguments the learner's function received, and
compares: a learner whose outputs equal a mistake's outputs, within the grading tolerance,
most likely made that mistake. The wrong answers are the grader's own files: they run in the
grader's process (never in the learner's, whose module could have rewritten NumPy), the `e05`
layer they wrap is the reference solution's, never the learner's, and a catalogue or solution
file that differs from `checksums.json` is not run at all. Their outputs are stored beside
Keras's references, under the same fingerprint rules plus the files they come from, so a warm
grade runs none of them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from rnnlab.grader.checks.architecture import architecture_digest
from rnnlab.grader.checks.compare import ATOL, RTOL
from rnnlab.grader.diagnosis import families
from rnnlab.grader.diagnosis.mistakes import Mistake, load_catalogue
from rnnlab.grader.integrity import checksum, recorded_checksums
from rnnlab.grader.reference_cache import ReferenceStore
from rnnlab.grader.sandbox.protocol import FunctionRef, KerasModel, to_portable
from rnnlab.i18n import text
from rnnlab.modules import exercise_files, import_file

NO_ANSWER = np.array("no answer")  # stored for a mistake that raised: it matches nothing
_GRADER = Path(__file__).resolve().parents[1]  # src/rnnlab/grader


@dataclass
class Call:
    """One call a check made to the learner's code, and what came back.

    ``returned`` is False when the call raised (then there is no output to compare).
    """

    function: str
    arguments: dict[str, Any]
    value: Any = None
    returned: bool = False


@dataclass
class Recogniser:
    """Finds which catalogued mistakes explain a failing check; one per grading run.

    Parameters
    ----------
    root : pathlib.Path
        The checkout: ``tests/broken`` holds the catalogue, ``solutions`` the layers that
        ``e05``'s mistakes wrap.
    cache_folder : pathlib.Path
        Where Keras's references are stored; the mistakes' outputs go beside them.
    fresh : bool
        Compute every output again (an official run), as ``--fresh-references`` does.
    salt : str
        The run's fingerprint salt (`rnnlab.grader.reference_cache.salt_for`): an official
        run's inputs differ, and so do the mistakes' outputs.
    """

    root: Path
    cache_folder: Path
    fresh: bool = False
    salt: str = ""
    _catalogue: dict[str, tuple[Mistake, ...]] | None = field(init=False, default=None)
    _stores: dict[Path, ReferenceStore] = field(init=False, default_factory=dict)
    _modules: dict[Path, ModuleType | None] = field(init=False, default_factory=dict)
    _recorded: dict[str, str] = field(init=False, default_factory=dict)
    _families: dict[tuple[str, bool], list[Mistake]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        try:
            self._recorded = recorded_checksums()
        except (OSError, ValueError):
            self._recorded = {}

    @property
    def catalogue(self) -> dict[str, tuple[Mistake, ...]]:
        """The `trusted` catalogue, by exercise; read when a failed check first needs it.

        Most grades never do (every check passed, or failed without an answer to compare),
        and reading and checking every catalogued file is a large share of a ``watch``
        re-grade.
        """
        if self._catalogue is None:
            self._catalogue = trusted(load_catalogue(self.root))
        return self._catalogue

    def recognise(
        self, exercise: str, test_file: Path, check: str, calls: Sequence[Call]
    ) -> tuple[Mistake, ...]:
        """The mistakes whose outputs equal the learner's in every call of one failed check.

        Parameters
        ----------
        exercise : str
            The exercise graded, e.g. ``"e04_gru"``.
        test_file : pathlib.Path
            The grading module of the check (its outputs are stored per module).
        check : str
            The check's name, e.g. ``"test_gru_matches_keras[basic-reset-after-last-step]"``.
        calls : sequence of Call
            What the check called and what the learner's code returned.
        """
        if not calls or not all(call.returned for call in calls):
            return ()
        store = self._store(exercise, Path(test_file))
        singles = self._singles(exercise)
        outputs = self._all_outputs(store, singles, check, calls)
        matched = _matching(singles, outputs, calls)
        if not matched:  # no one mistake explains this check: try two at once
            singles = self._combined(exercise)
            outputs = self._all_outputs(store, singles, f"{check}|two", calls)
            matched = _matching(singles, outputs, calls)
        return tuple(singles[n] for n in _prefer_catalogued(singles, matched, outputs))

    def _all_outputs(
        self, store: ReferenceStore, mistakes: Sequence[Mistake], check: str, calls: Sequence[Call]
    ) -> list[list[Any]]:
        if not mistakes:
            return [[] for _ in calls]
        return [
            self._outputs(store, mistakes, check, index, call) for index, call in enumerate(calls)
        ]

    def _singles(self, exercise: str) -> list[Mistake]:
        """The exercise's catalogued files, then its family members (`families.transforms`)."""
        if (exercise, False) not in self._families:
            self._families[exercise, False] = self._members(exercise)
        return self._families[exercise, False]

    def _members(self, exercise: str) -> list[Mistake]:
        files = list(self.catalogue.get(exercise, ()))
        solution = self._solution(exercise)
        if solution is None:
            return files  # the members run the solution: only the recorded one
        by_id = {m.id: m for m in files}
        members = []
        for transform in families.transforms(exercise):
            if transform.key:
                message = text(transform.key, language="en", **dict(transform.fields))
            elif transform.id in by_id:  # a catalogued mistake, as a transform that combines
                message = by_id[transform.id].message
            else:
                continue
            members.append(Mistake(exercise, transform.id, message, solution, transform))
        return files + members

    def _combined(self, exercise: str) -> list[Mistake]:
        """Two mistakes at once: a family member with a catalogued file, or two members."""
        if (exercise, True) not in self._families:
            self._families[exercise, True] = self._pairs(exercise)
        return self._families[exercise, True]

    def _pairs(self, exercise: str) -> list[Mistake]:
        singles = self._singles(exercise)
        members = {m.id: m for m in singles if m.transform is not None}
        files = [m for m in singles if m.transform is None]
        combined = [
            Mistake(exercise, f"{m.id}+{f.id}", "", f.path, m.transform, (m, f))
            for m in members.values()
            for f in files
            if f.id != m.id
        ]
        for first, second in families.pairs(exercise):
            if first.id in members and second.id in members:
                a, b = members[first.id], members[second.id]
                both = first.then(second)
                combined.append(Mistake(exercise, both.id, "", a.path, both, (a, b)))
        return combined

    def save(self) -> None:
        """Store the outputs computed during this run."""
        for store in self._stores.values():
            store.save()

    def _store(self, exercise: str, test_file: Path) -> ReferenceStore:
        if test_file not in self._stores:
            depends_on = [
                *(m.path for m in self.catalogue.get(exercise, ())),
                *exercise_files(self.root / "solutions"),
                Path(__file__),
                _GRADER / "sandbox" / "protocol.py",
                _GRADER / "checks" / "architecture.py",
                _GRADER / "diagnosis" / "families.py",
            ]
            self._stores[test_file] = ReferenceStore(
                self.cache_folder,
                test_file,
                fresh=self.fresh,
                prefix="mistakes-",
                depends_on=depends_on,
                salt=self.salt,
            )
        return self._stores[test_file]

    def _outputs(
        self,
        store: ReferenceStore,
        mistakes: Sequence[Mistake],
        check: str,
        index: int,
        call: Call,
    ) -> list[Any]:
        """Every mistake's output for one call, in catalogue order, from the store if there."""
        # The arguments' digest is part of the key: the outputs stay right even if a check
        # ever passes the learner's own results on to a later call.
        key = f"{check}|{index}|{call_digest(call.function, call.arguments)}"
        packed = store.get(key, lambda: pack([self._run(mistake, call) for mistake in mistakes]))
        return unpack(packed)

    def _run(self, mistake: Mistake, call: Call) -> Any:
        module = self._module(mistake.path)
        function = getattr(module, call.function, None)
        if function is None:
            return NO_ANSWER
        try:
            arguments = {name: self._resolve(value) for name, value in call.arguments.items()}
            if mistake.transform is not None:
                arguments = mistake.transform(arguments)
            with np.errstate(all="ignore"):
                return comparable(to_portable(function(**arguments)))
        except Exception:  # a wrong answer may well crash on some inputs: then it explains none
            return NO_ANSWER

    def _solution(self, module: str) -> Path | None:
        """``solutions/<module>.py`` if it is exactly as ``checksums.json`` records it."""
        path = self.root / "solutions" / f"{module}.py"
        return path if self._recorded.get(f"solutions/{path.name}") == checksum(path) else None

    def _resolve(self, value: Any) -> Any:
        """A private copy of an argument; a function reference becomes the solution's function."""
        if isinstance(value, FunctionRef):
            path = self._solution(value.module)
            if path is None:
                unrecorded = self.root / "solutions" / f"{value.module}.py"
                raise ValueError(f"{unrecorded} differs from checksums.json: it is not run")
            return getattr(self._module(path), value.name)
        if isinstance(value, np.ndarray):
            return value.copy()
        if isinstance(value, (tuple, list)):
            return type(value)(self._resolve(v) for v in value)
        return value

    def _module(self, path: Path) -> ModuleType | None:
        if path not in self._modules:
            module = None
            if path.is_file():
                # A mistake may build on an earlier exercise (e07 runs `simple_rnn` forward):
                # its sibling imports resolve to the trusted reference solutions.
                solutions = self.root / "solutions"
                module = import_file(path, f"rnnlab_catalogue_{path.stem}", search=[solutions])
            self._modules[path] = module
        return self._modules[path]


def _matching(
    mistakes: Sequence[Mistake], outputs: Sequence[Sequence[Any]], calls: Sequence[Call]
) -> list[int]:
    """The indices of the mistakes whose outputs equal the learner's in every call."""
    return [
        number
        for number in range(len(mistakes))
        if all(
            same_answer(comparable(call.value), output[number])
            for call, output in zip(calls, outputs)
        )
    ]


def _prefer_catalogued(
    mistakes: Sequence[Mistake], matched: list[int], outputs: Sequence[Sequence[Any]]
) -> list[int]:
    """``matched`` without the family members that are a catalogued file under another name.

    A member (or a pair) that gives exactly the answers of one with more catalogued files in
    it is that one's mistake: the catalogue's own id and sentence name it.
    """

    def members(number: int) -> int:
        parts = mistakes[number].parts or (mistakes[number],)
        return sum(part.transform is not None for part in parts)

    kept: list[int] = []
    for number in sorted(matched, key=members):
        if not any(all(same_answer(o[number], o[k]) for o in outputs) for k in kept):
            kept.append(number)
    return sorted(kept)


def trusted(catalogue: dict[str, tuple[Mistake, ...]]) -> dict[str, tuple[Mistake, ...]]:
    """The mistakes whose files are exactly as ``checksums.json`` records them.

    The grader runs these files in its own process, so an edited or added one (in a learner's
    checkout, say) is left out rather than run: it costs a diagnosis, never a point.
    """
    try:
        recorded = recorded_checksums()
    except (OSError, ValueError):
        return {}
    kept = {
        exercise: tuple(
            m for m in mistakes if recorded.get(f"tests/broken/{m.path.name}") == checksum(m.path)
        )
        for exercise, mistakes in catalogue.items()
    }
    return {exercise: mistakes for exercise, mistakes in kept.items() if mistakes}


def comparable(value: Any) -> Any:
    """A value in the form `pack` stores and `same_answer` compares.

    A dict of results (e07's gradients) becomes a tuple of its values in key order, leaving
    out None (no bias). A Keras model (e09) becomes 16 bytes of a hash of its
    [architecture][rnnlab.grader.checks.architecture.architecture]: two models are the same
    answer when their layers are. Other values are unchanged.

    Examples
    --------
    >>> comparable({"kernel": 1.0, "bias": None, "inputs": 2.0})
    (2.0, 1.0)
    """
    if isinstance(value, dict):
        return tuple(value[key] for key in sorted(value) if value[key] is not None)
    if isinstance(value, KerasModel):
        return architecture_digest(value.config)
    return value


def pack(values: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Several mistakes' outputs as two arrays: all numbers, flat, and how to cut them apart.

    One stored entry per call instead of one per mistake and array keeps a warm grade's
    loading fast. The layout holds, per output: 0 (no answer), or 1 (one array) or 2 (a
    tuple), the number of arrays, then each array's ``ndim`` and shape. Values that are not
    numbers (an output that raised, a ``None`` inside a tuple) become `NO_ANSWER`.

    Examples
    --------
    >>> values, layout = pack([np.ones((2, 3)), NO_ANSWER, (np.zeros(2), np.ones(1)), 7])
    >>> values.shape, layout.tolist()
    ((10,), [4, 1, 1, 2, 2, 3, 0, 2, 2, 1, 2, 1, 1, 1, 1, 0])
    >>> back = unpack((values, layout))
    >>> back[0].shape, back[1] is NO_ANSWER, [a.shape for a in back[2]], float(back[3])
    ((2, 3), True, [(2,), (1,)], 7.0)
    """
    flat: list[np.ndarray] = []
    layout = [len(values)]
    for value in values:
        items = value if isinstance(value, tuple) else (value,)
        arrays = [np.asarray(item) if item is not None else None for item in items]
        if not arrays or any(a is None or a.dtype.kind not in "biuf" for a in arrays):
            layout.append(0)
            continue
        layout += [2 if isinstance(value, tuple) else 1, len(arrays)]
        for array in arrays:
            layout += [array.ndim, *array.shape]
            flat.append(array.astype(np.float64).ravel())
    values_flat = np.concatenate(flat) if flat else np.zeros(0)
    return values_flat, np.array(layout, dtype=np.int64)


def unpack(packed: tuple[np.ndarray, np.ndarray]) -> list[Any]:
    """The outputs `pack` packed, in order (arrays as float64)."""
    values, layout = packed
    layout = [int(n) for n in layout]
    outputs: list[Any] = []
    at, start = 1, 0
    for _ in range(layout[0]):
        kind = layout[at]
        at += 1
        if kind == 0:
            outputs.append(NO_ANSWER)
            continue
        count = layout[at]
        at += 1
        arrays = []
        for _ in range(count):
            ndim = layout[at]
            shape = tuple(layout[at + 1 : at + 1 + ndim])
            at += 1 + ndim
            size = int(np.prod(shape, dtype=np.int64))
            arrays.append(values[start : start + size].reshape(shape))
            start += size
        outputs.append(tuple(arrays) if kind == 2 else arrays[0])
    return outputs


def call_digest(function: str, arguments: dict[str, Any]) -> str:
    """16 hex digits of a SHA-256 of a call: the function, each argument's name and value."""
    digest = hashlib.sha256(function.encode())

    def add(value: Any) -> None:
        if isinstance(value, np.ndarray):
            digest.update(f"{value.dtype.str}{value.shape}".encode())
            digest.update(np.ascontiguousarray(value).tobytes())
        elif isinstance(value, (tuple, list)):
            digest.update(f"{type(value).__name__}{len(value)}".encode())
            for item in value:
                add(item)
        else:
            digest.update(repr(value).encode())

    for name in sorted(arguments):
        digest.update(name.encode())
        add(arguments[name])
    return digest.hexdigest()[:16]


def same_answer(got: Any, expected: Any) -> bool:
    """Whether a learner's value equals a mistake's, within the grading tolerance.

    Tuples are compared item by item (a list of equal-shaped arrays arrives stacked);
    anything that is not numbers, such as `NO_ANSWER`, equals nothing.

    Examples
    --------
    >>> same_answer(np.array([1.0, 2.0]), np.array([1.0, 2.000001]))
    True
    >>> same_answer((np.zeros(2), np.ones(2)), (np.zeros(2), np.zeros(2)))
    False
    >>> same_answer(6400, 6400), same_answer(np.zeros(2), NO_ANSWER)
    (True, False)
    """
    if isinstance(expected, tuple):
        if isinstance(got, np.ndarray) and got.ndim and len(got) == len(expected):
            got = tuple(got)
        return (
            isinstance(got, (tuple, list))
            and len(got) == len(expected)
            and all(same_answer(g, e) for g, e in zip(got, expected))
        )
    if isinstance(got, (tuple, list, dict)) or got is None:
        return False
    wanted = np.asarray(expected)
    mine = np.asarray(got)
    if wanted.dtype.kind not in "biuf" or mine.dtype.kind not in "biuf":
        return False
    if mine.shape != wanted.shape:
        return False
    mine, wanted = mine.astype(np.float64), wanted.astype(np.float64)
    if not np.isfinite(mine).all():
        return False
    return bool(np.all(np.abs(mine - wanted) <= ATOL + RTOL * np.abs(wanted)))
