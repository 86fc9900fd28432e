"""Shares of a class: which students the K-th of N shares grades, and the record each share
leaves in its results folder, so that `merge` can tell a whole class from a partial one.

A share is chosen by a hash of the student's name, so it does not depend on the machine, the
order of the folder listing, or the other students. Each run of ``grade-all`` writes
``shard-K-of-N.json``: the seed, the whole class's roster, each graded student's exit code,
the assignment graded and the run's id.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rnnlab.i18n import text
from rnnlab.safe_io import write_atomic

MANIFEST_GLOB = "shard-*-of-*.json"


@dataclass(frozen=True)
class Shard:
    """The ``index``-th (1-based) of ``count`` shares of a class."""

    index: int = 1
    count: int = 1

    def holds(self, student: str) -> bool:
        """Whether this share grades ``student``.

        Examples
        --------
        >>> shares = [Shard(k, 3) for k in (1, 2, 3)]
        >>> [sum(s.holds(name) for s in shares) for name in ("ada", "bob", "cy")]
        [1, 1, 1]
        """
        return zlib.crc32(student.encode("utf-8")) % self.count == self.index - 1

    @property
    def file_name(self) -> str:
        return f"shard-{self.index}-of-{self.count}.json"

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


WHOLE_CLASS = Shard(1, 1)


def parse_shard(value: str) -> Shard:
    """``"K/N"`` with ``1 <= K <= N`` as a `Shard`.

    Raises
    ------
    ValueError
        If ``value`` is not of that form.

    Examples
    --------
    >>> parse_shard("2/3")
    Shard(index=2, count=3)
    """
    index, slash, count = value.partition("/")
    if slash and index.strip().isdigit() and count.strip().isdigit():
        shard = Shard(int(index), int(count))
        if 1 <= shard.index <= shard.count:
            return shard
    raise ValueError(text("classroom.bad_shard", value=repr(value)))


@dataclass
class Manifest:
    """What one share of a class graded: ``graded`` maps each student to the grader's exit
    code (0 when grading worked, whatever the score); ``run`` is the id of the run that wrote
    it last (`rnnlab.classroom.history`)."""

    shard: Shard
    seed: int
    roster: list[str]
    graded: dict[str, int] = field(default_factory=dict)
    # {exercise: points} of the assignment it graded (`rnnlab.assignment`); None: a record
    # written before assignments existed, read as the whole course.
    assignment: dict[str, float] | None = None
    run: str = ""

    def write(self, folder: Path) -> Path:
        path = Path(folder) / self.shard.file_name
        record = {**asdict(self), "shard": str(self.shard)}
        write_atomic(path, json.dumps(record, indent=2, ensure_ascii=False) + "\n")
        return path

    @classmethod
    def read(cls, path: Path) -> Manifest:
        record = json.loads(Path(path).read_text("utf-8"))
        index, count = (int(n) for n in record["shard"].split("/"))
        return cls(
            Shard(index, count),
            record["seed"],
            record["roster"],
            record["graded"],
            record.get("assignment"),
            run=record.get("run", ""),
        )


def read_manifests(folder: Path) -> list[Manifest]:
    """Every share's record in ``folder`` (none if it holds no grade-all results)."""
    return [Manifest.read(path) for path in sorted(Path(folder).glob(MANIFEST_GLOB))]


def whole_class(folder: Path) -> Manifest:
    """The records of ``folder`` joined into one, after checking that they make one class.

    Every share of one N must be there once, graded with one seed from one roster, and every
    student of the roster graded exactly once.

    Raises
    ------
    ValueError
        In one line, naming the students concerned: no results, shares of different seeds or
        counts, a missing share, a student graded twice or never.
    """
    manifests = read_manifests(folder)
    if not manifests:
        raise ValueError(text("classroom.no_results", folder=folder))
    first = manifests[0]
    if any(m.seed != first.seed for m in manifests):
        raise ValueError(text("classroom.mixed_seeds", folder=folder))
    if any(m.assignment != first.assignment for m in manifests):
        raise ValueError(text("assignment.mixed", folder=folder))
    counts = sorted({m.shard.count for m in manifests})
    if len(counts) > 1:
        raise ValueError(text("classroom.mixed_counts", folder=folder, counts=counts))
    roster = sorted(set().union(*(m.roster for m in manifests)))
    graded: dict[str, int] = {}
    twice = set()
    for manifest in manifests:
        twice.update(student for student in manifest.graded if student in graded)
        graded.update(manifest.graded)
    if twice:
        raise ValueError(text("classroom.graded_twice", students=", ".join(sorted(twice))))
    present = {m.shard.index for m in manifests}
    missing = [Shard(k, counts[0]) for k in range(1, counts[0] + 1) if k not in present]
    never = [s for s in roster if s not in graded]
    if missing or never:
        shards = ", ".join(str(s) for s in missing) or "-"
        raise ValueError(text("classroom.missing", shards=shards, students=", ".join(never) or "-"))
    return Manifest(WHOLE_CLASS, first.seed, roster, dict(sorted(graded.items())), first.assignment)
