"""Tamper check: the grading tests and the grader carry checksums; an edited one is reported.

``checksums.json`` (next to this file) records a SHA-256 of every grading test module, every
catalogued mistake in ``tests/broken``, every grader module and ``curriculum.toml``. A grading
run whose files differ still grades, but its report says ``"official": false`` and names the
files, so nobody mistakes an edited grader's score for a real one. Line endings are normalised
first, so a Windows checkout is not "edited".

Developers who change a grader run ``python -m rnnlab.grader.integrity --write``; a unit test
fails until they do.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from rnnlab.i18n import text
from rnnlab.modules import exercise_files

PACKAGE = Path(__file__).resolve().parents[1]  # src/rnnlab
MANIFEST = Path(__file__).with_name("checksums.json")


def checksum(path: Path) -> str:
    """SHA-256 of a file with its line endings normalised."""
    return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()


def guarded_files(root: Path) -> dict[str, Path]:
    """Every file the check covers, by its name in the manifest."""
    files = {
        f"tests/grading/{p.name}": p for p in sorted((root / "tests" / "grading").glob("*.py"))
    }
    # The catalogued mistakes run inside the grader's process and decide its diagnoses.
    for path in sorted((root / "tests" / "broken").glob("*.py")):
        files[f"tests/broken/{path.name}"] = path
    # Every module of the grader, in its subpackages too: any of them decides points.
    for path in sorted((PACKAGE / "grader").rglob("*.py")):
        files[path.relative_to(PACKAGE.parent).as_posix()] = path
    files["rnnlab/curriculum.toml"] = PACKAGE / "curriculum.toml"
    return files


def recorded_files(root: Path) -> dict[str, Path]:
    """The guarded files and the reference solutions: every file the manifest records.

    No point depends on a solution, so an edited one does not make a report unofficial; it is
    recorded because the grader runs the solutions' layers around ``e05``'s catalogued
    mistakes, and runs only those that match.
    """
    files = guarded_files(root)
    for path in exercise_files(root / "solutions"):
        files[f"solutions/{path.name}"] = path
    return files


def recorded_checksums() -> dict[str, str]:
    """``{name: sha256}`` as recorded in ``checksums.json``.

    Raises
    ------
    OSError, ValueError
        If the manifest is missing or is not JSON.
    """
    return json.loads(MANIFEST.read_text("utf-8"))


def current_checksums(root: Path) -> dict[str, str]:
    """``{name: sha256}`` of the recorded files as they are now."""
    return {name: checksum(path) for name, path in recorded_files(root).items()}


def tampered(root: Path) -> list[str]:
    """One line per guarded file that differs from the manifest (empty when all match).

    Parameters
    ----------
    root : pathlib.Path
        The checkout holding ``tests/grading``.
    """
    try:
        expected = recorded_checksums()
    except (OSError, ValueError):
        return [text("integrity.unreadable", name=MANIFEST.name)]
    now = {name: checksum(path) for name, path in guarded_files(root).items()}
    # Solutions are recorded for the grader's own use, but no point depends on them.
    expected = {n: digest for n, digest in expected.items() if not n.startswith("solutions/")}
    lines = [
        text("integrity.changed", name=name)
        for name in expected
        if name in now and now[name] != expected[name]
    ]
    # Without tests/broken the grader names no mistakes, but every point is the same.
    optional = () if (root / "tests" / "broken").is_dir() else ("tests/broken/",)
    lines += [
        text("integrity.missing", name=name)
        for name in expected
        if name not in now and not (optional and name.startswith(optional))
    ]
    lines += [text("integrity.added", name=name) for name in now if name not in expected]
    return lines


def main(argv: list[str] | None = None) -> int:
    """Check (default) or ``--write`` the manifest; exit 1 when a check finds differences."""
    parser = argparse.ArgumentParser(prog="python -m rnnlab.grader.integrity")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("--write", action="store_true", help="record the current checksums")
    args = parser.parse_args(argv)
    if args.write:
        MANIFEST.write_text(json.dumps(current_checksums(args.root), indent=2) + "\n", "utf-8")
        print(f"wrote {MANIFEST}")
        return 0
    problems = tampered(args.root)
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
