"""Generate ``notebooks/``: one notebook per exercise and language, from its course page
(``docs/exercises/eNN_*.md``, ``.ko.md``) and its stub (generated from ``solutions/``).

Each notebook holds the page's idea and equations (`rnnlab.notebook.pages`), a cell that loads
the magic, the stub in a ``%%rnnlab eNN`` cell and a ``rnnlab.check`` cell. The files are
never edited by hand: ``python -m rnnlab.notebook.generate`` checks that every notebook equals
what its sources generate (CI, on a fresh clone: ``nox -s stubs``), ``--write`` rewrites them
and records each one's hash in ``notebooks/.generated.json``, which the unit tests compare
(a learner's notebooks hold their work, as ``exercises/`` does). ``--write`` keeps a notebook
that differs from the last generated one unless ``--force`` (which backs it up first). The JSON is
nbformat 4.5, written deterministically: fixed cell ids, no outputs, no execution counts,
no timestamps.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rnnlab.curriculum import Exercise, load_curriculum
from rnnlab.i18n import LANGUAGES, text
from rnnlab.notebook.pages import sections
from rnnlab.safe_io import backup_verified, write_atomic
from rnnlab.stubs import stub_for, stub_hash

FOLDER = Path("notebooks")
HASHES = FOLDER / ".generated.json"  # the last generated notebook of each path
KERNEL = {"display_name": "Python 3", "language": "python", "name": "python3"}


def notebook_path(exercise: Exercise, language: str) -> Path:
    """``notebooks/e02_simple_rnn.ipynb``, ``notebooks/e02_simple_rnn.ko.ipynb``."""
    suffix = "" if language == "en" else f".{language}"
    return FOLDER / f"{exercise.name}{suffix}.ipynb"


def page_path(exercise: Exercise, language: str) -> Path:
    """The exercise's course page in ``language``, relative to ``docs/``."""
    page = Path(exercise.docs)
    return page if language == "en" else page.with_suffix(f".{language}.md")


def _cell(kind: str, source: str, index: int) -> dict[str, Any]:
    lines = source.splitlines(keepends=True)
    cell: dict[str, Any] = {"cell_type": kind, "id": f"cell-{index}", "metadata": {}}
    cell["source"] = lines
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def cells(exercise: Exercise, root: Path, language: str) -> list[tuple[str, str]]:
    """``(kind, source)`` of every cell of one notebook, in order."""
    number = exercise.name.split("_", 1)[0]
    page = page_path(exercise, language)
    fields = {"number": number, "name": exercise.name, "page": page.as_posix()}
    prose = sections((root / "docs" / page).read_text("utf-8"), language=language)
    setup = "%load_ext rnnlab"
    if language != "en":  # the grader's messages in the notebook's language
        setup = f"%env RNNLAB_LANG={language}\n{setup}"
    stub = stub_for(root / "solutions" / f"{exercise.name}.py")
    return [
        ("markdown", prose[0]),
        ("markdown", f"*{text('notebook.generated', language=language, **fields)}*"),
        ("markdown", text("notebook.setup", language=language)),
        ("code", setup),
        *(("markdown", section) for section in prose[1:]),
        ("markdown", text("notebook.write", language=language, **fields)),
        ("code", f"%%rnnlab {number}\n{stub.rstrip()}"),
        ("markdown", text("notebook.check", language=language, **fields)),
        ("code", f'import rnnlab\n\nrnnlab.check("{number}")'),
    ]


def render(exercise: Exercise, root: Path, language: str) -> str:
    """The notebook's JSON text, as written to disk."""
    notebook = {
        "cells": [
            _cell(kind, source, index)
            for index, (kind, source) in enumerate(cells(exercise, root, language))
        ],
        "metadata": {
            "kernelspec": KERNEL,
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def expected(root: Path) -> dict[Path, str]:
    """Every notebook the sources generate: ``{path under root: JSON text}``."""
    return {
        notebook_path(exercise, language): render(exercise, root, language)
        for exercise in load_curriculum()
        for language in LANGUAGES
    }


def recorded_hashes(root: Path) -> dict[str, str]:
    """``{notebook path: hash}`` of the notebooks last written by ``--write``; empty if none."""
    try:
        return json.loads((root / HASHES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def differences(root: Path) -> list[str]:
    """What differs between ``root/notebooks`` (and its recorded hashes) and what the sources
    generate; empty when nothing does."""
    wanted = expected(root)
    hashes = recorded_hashes(root)
    problems = [f"{HASHES} is stale"] if hashes != _hashes(wanted) else []
    problems += [
        f"{path} differs from what its page and stub generate"
        for path, content in wanted.items()
        if not (root / path).is_file() or (root / path).read_text("utf-8") != content
    ]
    stray = sorted(set((root / FOLDER).glob("*.ipynb")) - {root / p for p in wanted})
    problems += [f"{path.relative_to(root)} is generated from no exercise" for path in stray]
    return problems


def _hashes(notebooks: dict[Path, str]) -> dict[str, str]:
    return {path.as_posix(): stub_hash(content) for path, content in notebooks.items()}


def write(root: Path, *, force: bool = False) -> tuple[list[Path], list[Path]]:
    """Rewrite every notebook that differs: ``(written, kept)``.

    A notebook that differs from the one last generated holds a learner's work (their cells,
    their outputs) and is kept unless ``force``, and then backed up first.
    """
    hashes = recorded_hashes(root)
    written, kept = [], []
    for path, content in expected(root).items():
        target = root / path
        current = target.read_text("utf-8") if target.is_file() else None
        if current == content:
            continue
        if current is not None and stub_hash(current) != hashes.get(path.as_posix()):
            if not force:
                kept.append(path)
                continue
            backup_verified(target, root / ".rnnlab" / "backups")
        write_atomic(target, content)
        written.append(path)
    recorded = {**hashes, **_hashes({p: c for p, c in expected(root).items() if p not in kept})}
    write_atomic(root / HASHES, json.dumps(recorded, indent=2, sort_keys=True) + "\n")
    return written, kept


def main(argv: list[str] | None = None) -> int:
    """Check (default) or rewrite ``notebooks/``; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m rnnlab.notebook.generate", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="repository root")
    parser.add_argument("--write", action="store_true", help="rewrite notebooks that differ")
    parser.add_argument(
        "--force", action="store_true", help="with --write: also replace edited notebooks"
    )
    args = parser.parse_args(argv)
    if args.write:
        written, kept = write(args.root, force=args.force)
        for path in written:
            print(f"wrote {path}")
        for path in kept:
            print(f"kept {path}: it differs from the last generated one (--force replaces it)")
        return 1 if kept else 0
    problems = differences(args.root)
    for problem in problems:
        print(f"{problem}: run python -m rnnlab.notebook.generate --write")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
