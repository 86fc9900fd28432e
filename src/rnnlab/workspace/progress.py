"""The learner's progress: each exercise's latest points, kept across partial grades.

``report.json`` describes one grading run (perhaps of one exercise); ``progress.json`` keeps
the latest result of every exercise of ``exercises/`` that was ever graded, for ``rnnlab list``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from rnnlab.safe_io import damaged, reason, warn, write_atomic

PROGRESS = Path(".rnnlab/progress.json")


def file_digest(path: Path) -> str | None:
    """SHA-256 of a file's bytes, or None when it does not exist: how a later ``rnnlab list``
    tells that the learner changed the file since it was graded."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def read_progress(path: Path) -> dict[str, dict[str, Any]]:
    """``{exercise: {earned, possible, feedback, sha256}}``; empty when nothing was graded yet.

    A file that cannot be read or is not such a table (cut short, empty, garbage) counts as
    empty, said once per process: the next grade writes a whole one again.
    """
    try:
        progress = json.loads(Path(path).read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        return _unreadable(path, damaged(error))
    if not _is_progress(progress):
        return _unreadable(path, damaged())
    return progress


def _is_progress(progress: Any) -> bool:
    return isinstance(progress, dict) and all(
        isinstance(entry, dict)
        and isinstance(entry.get("earned"), (int, float))
        and isinstance(entry.get("possible"), (int, float))
        for entry in progress.values()
    )


_told: set[Path] = set()  # `rnnlab list` reads the file once per exercise: one line is enough


def _unreadable(path: Path, why: str) -> dict[str, dict[str, Any]]:
    if Path(path) not in _told:
        _told.add(Path(path))
        warn("safe_io.progress_unreadable", path=path, why=why)
    return {}


def _write(path: Path, progress: dict[str, dict[str, Any]]) -> None:
    try:
        write_atomic(path, json.dumps(progress, indent=2, ensure_ascii=False) + "\n")
    except OSError as error:  # the grade was shown; only `rnnlab list` misses it
        warn("safe_io.progress_not_saved", why=reason(error))


def record_progress(
    path: Path, report: dict[str, Any], digests: dict[str, str | None] | None = None
) -> None:
    """Merge a grading report's exercises into the progress file.

    Parameters
    ----------
    path : pathlib.Path
        ``.rnnlab/progress.json``.
    report : dict
        A ``report.json`` document.
    digests : dict, optional
        ``{exercise: file_digest(...)}`` of each graded file, taken before grading began.
    """
    progress = read_progress(path)
    digests = digests or {}
    for name, entry in report["exercises"].items():
        progress[name] = {key: entry[key] for key in ("earned", "possible", "feedback")}
        progress[name]["sha256"] = digests.get(name)
    _write(path, progress)


def forget_progress(path: Path, exercise: str) -> None:
    """Drop one exercise's result (its file was reset to the stub)."""
    progress = read_progress(path)
    if progress.pop(exercise, None) is not None:
        _write(path, progress)
