"""The learner's files: where exercises, solutions and rnnlab's own state live, and how a file
is reset to its stub without losing a line (the old one is backed up first)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from rnnlab import i18n
from rnnlab.curriculum import Exercise
from rnnlab.grader.report import format_points
from rnnlab.safe_io import BackupError, backup_verified, damaged, reason, warn, write_atomic
from rnnlab.stubs import stub_for, stub_hash
from rnnlab.workspace.progress import PROGRESS, file_digest, forget_progress, read_progress


class NotChangedError(RuntimeError):
    """A command that replaces a learner's file could not do so safely; nothing changed."""


@dataclass(frozen=True)
class Workspace:
    """A checkout of rnnlab: ``exercises/``, ``solutions/`` and ``.rnnlab/`` under ``root``."""

    root: Path

    @classmethod
    def here(cls) -> Workspace:
        """The checkout in the current folder; a clear error when run elsewhere."""
        root = Path.cwd()
        if not (root / "exercises").is_dir() or not (root / "solutions").is_dir():
            raise ValueError(i18n.text("cli.not_a_checkout", root=root))
        return cls(root)

    def exercise_file(self, exercise: Exercise) -> Path:
        return self.root / "exercises" / f"{exercise.name}.py"

    def solution_file(self, exercise: Exercise) -> Path:
        return self.root / "solutions" / f"{exercise.name}.py"

    @property
    def state_file(self) -> Path:
        return self.root / ".rnnlab" / "state.json"

    def reset(self, exercise: Exercise) -> Path | None:
        """Back up ``exercises/<name>.py`` and restore its stub.

        Returns the backup's path, or None when there was no file to back up (it was deleted).

        Raises
        ------
        NotChangedError
            When the backup or the stub could not be written in full: the learner's file is
            as it was, and the message says why.
        """
        target = self.exercise_file(exercise)
        stub = stub_for(self.solution_file(exercise))
        shown = target.relative_to(self.root)
        backup = None
        if target.exists():
            try:
                backup = backup_verified(target, self.root / ".rnnlab" / "backups")
            except BackupError as error:
                raise NotChangedError(
                    i18n.text("safe_io.backup_failed", path=shown, why=error.strerror)
                ) from None
        try:
            write_atomic(target, stub)
        except OSError as error:
            why, kept = reason(error), backup or "-"
            raise NotChangedError(
                i18n.text("safe_io.stub_not_written", path=shown, why=why, backup=kept)
            ) from None
        forget_progress(self.root / PROGRESS, exercise.name)  # a fresh stub is "not started"
        return backup

    def status(self, exercise: Exercise) -> tuple[str, str]:
        """``(status, points)`` of one exercise for ``rnnlab list``.

        The status is "missing", "not started" (the file is still the stub), "not graded yet",
        "changed since graded" (saved after its last grade), "passed" or "failing" (graded
        below full marks, a syntax error included); points come from the last grade.
        """
        digest = file_digest(self.exercise_file(exercise))
        entry = read_progress(self.root / PROGRESS).get(exercise.name)
        points = "-" if entry is None else format_points(entry["earned"], entry["possible"])
        t = i18n.text
        if digest is None:
            return t("cli.status_missing", number=exercise.number), points
        if digest == stub_hash(stub_for(self.solution_file(exercise))):
            return t("cli.status_not_started"), points
        if entry is None:
            return t("cli.status_not_graded"), points
        if entry.get("sha256") != digest:
            return t("cli.status_changed"), points
        passed = entry["earned"] >= entry["possible"]
        return t("cli.status_passed" if passed else "cli.status_failing"), points

    def hints_given(self, exercise: Exercise) -> list[str]:
        """The hints of an exercise given so far, in order."""
        given = self._state().get("hints", {}).get(exercise.name, 0)
        return list(i18n.hints(exercise)[:given])

    def next_hint(self, exercise: Exercise) -> tuple[int, str | None]:
        """The next hint's number (1-based) and text, or ``(n + 1, None)`` once all were given."""
        state = self._state()
        given = state.setdefault("hints", {}).get(exercise.name, 0)
        if given >= len(exercise.hints):
            return given + 1, None
        state["hints"][exercise.name] = given + 1
        self._save_state(state)
        return given + 1, i18n.hints(exercise)[given]

    def _state(self) -> dict:
        try:
            state = json.loads(self.state_file.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            warn("safe_io.state_unreadable", path=self.state_file, why=damaged(error))
            return {}
        hints = state.get("hints", {}) if isinstance(state, dict) else None
        if not isinstance(hints, dict) or not all(isinstance(n, int) for n in hints.values()):
            warn("safe_io.state_unreadable", path=self.state_file, why=damaged())
            return {}
        return state

    def _save_state(self, state: dict) -> None:
        try:
            write_atomic(self.state_file, json.dumps(state, indent=2) + "\n")
        except OSError as error:  # the hint is still given; only its count is not kept
            warn("safe_io.state_not_saved", why=reason(error))
