"""The learner's progress: each exercise's latest points, kept across partial grades.

``report.json`` describes one grading run (perhaps of one exercise); ``progress.json`` keeps
the latest result of every exercise of ``exercises/`` that was ever graded, for ``rnnlab list``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

PROGRESS = Path(".rnnlab/progress.json")


def file_digest(path: Path) -> str | None:
    """SHA-256 of a file's bytes, or None when it does not exist: how a later ``rnnlab list``
    tells that the learner changed the file since it was graded."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def read_progress(path: Path) -> dict[str, dict[str, Any]]:
    """``{exercise: {earned, possible, feedback}}``; empty when nothing was graded yet."""
    try:
        return json.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def _write(path: Path, progress: dict[str, dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(progress, indent=2, ensure_ascii=False) + "\n", "utf-8")


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
