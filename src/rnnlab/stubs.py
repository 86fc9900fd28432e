"""Generate the learner's stubs in ``exercises/`` from the reference answers in ``solutions/``.

A solution marks the learner's part of each function with ``# BEGIN SOLUTION`` and
``# END SOLUTION`` lines. The stub keeps everything else (docstrings, signatures, imports)
and replaces each marked block by one ``raise NotImplementedError(...)`` that names the
function, so the two files can never drift apart: a unit test regenerates every stub and
compares it with the committed one.

Each stub also gets a header line saying what it may import while graded.

``python -m rnnlab.stubs`` checks (maintainers and CI, on a fresh clone); ``--write``
rewrites the stubs and records a hash of each in ``solutions/.stub-hashes.json``. Writing never
replaces an exercise that differs from its last generated stub (that is a learner's work)
unless ``--force`` is given, and then only after a backup in ``.rnnlab/backups/``.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import sys
from pathlib import Path

from rnnlab.curriculum import load_curriculum
from rnnlab.modules import exercise_files
from rnnlab.safe_io import backup_verified, write_atomic

BEGIN = "# BEGIN SOLUTION"
END = "# END SOLUTION"
HASHES = Path("solutions") / ".stub-hashes.json"  # the last generated stub of each exercise
NUMPY_ONLY_HEADER = "# Graded with Python's standard library and NumPy only: import nothing else.\n"
WITH_KERAS_HEADER = "# Graded with Python's standard library, NumPy and Keras.\n"


def _enclosing_function(tree: ast.Module, lineno: int) -> str:
    """Name of the innermost function whose body holds line ``lineno`` (1-based)."""
    best: ast.FunctionDef | ast.AsyncFunctionDef | None = None
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            end = node.end_lineno or node.lineno
            if node.lineno <= lineno <= end and (best is None or node.lineno > best.lineno):
                best = node
    if best is None:
        raise ValueError(f"line {lineno}: `{BEGIN}` must sit inside a function body.")
    return best.name


def generate_stub(source: str, module: str, *, numpy_only: bool = True) -> str:
    """Return the stub for one solution file.

    Parameters
    ----------
    source : str
        The text of ``solutions/<module>.py``.
    module : str
        The module name, e.g. ``"e02_simple_rnn"``; it prefixes each error message.
    numpy_only : bool
        Whether the exercise is graded with NumPy only (the header line says so) or may use
        Keras too.

    Returns
    -------
    str
        The same text with every marked block replaced by a ``raise NotImplementedError``.

    Raises
    ------
    ValueError
        If the markers are unbalanced, nested, or outside a function, or if there are none.

    Examples
    --------
    >>> src = "def f(x):\\n    '''Double.'''\\n    # BEGIN SOLUTION\\n    return 2 * x\\n"
    >>> print(generate_stub(src + "    # END SOLUTION\\n", "e00_demo"))
    # Graded with Python's standard library and NumPy only: import nothing else.
    def f(x):
        '''Double.'''
        raise NotImplementedError("e00_demo.f: not written yet; replace this line with your code.")
    <BLANKLINE>
    """
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    # First line: a comment, so the module docstring below it stays the docstring.
    out: list[str] = [NUMPY_ONLY_HEADER if numpy_only else WITH_KERAS_HEADER]
    inside = False
    blocks = 0
    for number, line in enumerate(lines, start=1):
        marker = line.strip()
        if marker == BEGIN:
            if inside:
                raise ValueError(f"{module}: line {number}: `{BEGIN}` inside another block.")
            inside = True
            blocks += 1
            indent = line[: len(line) - len(line.lstrip())]
            name = _enclosing_function(tree, number)
            message = f"{module}.{name}: not written yet; replace this line with your code."
            out.append(f'{indent}raise NotImplementedError("{message}")\n')
        elif marker == END:
            if not inside:
                raise ValueError(f"{module}: line {number}: `{END}` without `{BEGIN}`.")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError(f"{module}: `{BEGIN}` is never closed by `{END}`.")
    if blocks == 0:
        raise ValueError(f"{module}: no `{BEGIN}` block found; nothing for the learner to write.")
    return "".join(out)


def stub_pairs(root: Path) -> list[tuple[Path, Path]]:
    """Pairs ``(solutions/eNN_x.py, exercises/eNN_x.py)`` for every solution under ``root``."""
    return [
        (solution, root / "exercises" / solution.name)
        for solution in exercise_files(root / "solutions")
    ]


def stub_for(solution: Path) -> str:
    """The stub generated from one ``solutions/eNN_x.py``, with its curriculum's header."""
    numpy_only = {e.name: e.numpy_only for e in load_curriculum()}.get(solution.stem, True)
    return generate_stub(solution.read_text(encoding="utf-8"), solution.stem, numpy_only=numpy_only)


def stub_hash(text: str) -> str:
    """The hash recorded for a generated stub."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def recorded_hashes(root: Path) -> dict[str, str]:
    """``{module: hash}`` of the stubs last written by ``--write``; empty when none."""
    try:
        return json.loads((root / HASHES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_stubs(root: Path, dest: Path) -> Path:
    """Write pristine stubs, generated from ``root/solutions``, into the folder ``dest``.

    The package's own tests and the docs grade these instead of ``exercises/``, which holds the
    learner's work and may be solved, half done or broken.

    Parameters
    ----------
    root : pathlib.Path
        The checkout whose ``solutions/`` the stubs are generated from.
    dest : pathlib.Path
        A folder to write ``eNN_*.py`` stubs into; created if missing.

    Returns
    -------
    pathlib.Path
        ``dest``, ready to pass as ``rnnlab grade --impl DEST``.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for solution, _ in stub_pairs(root):
        (dest / solution.name).write_text(stub_for(solution), encoding="utf-8")
    return dest


def _write(root: Path, force: bool) -> int:
    """Regenerate the stubs, keeping every file that holds a learner's work unless forced."""
    hashes = recorded_hashes(root)
    kept = 0
    for solution, exercise in stub_pairs(root):
        stub = stub_for(solution)
        current = exercise.read_text(encoding="utf-8") if exercise.exists() else None
        if current != stub:
            untouched = current is None or stub_hash(current) == hashes.get(solution.stem)
            if not untouched and not force:
                kept += 1
                print(
                    f"kept {exercise}: it differs from the last generated stub, so it holds "
                    "someone's work; --force backs it up and replaces it"
                )
                continue
            if current is not None and not untouched:
                backup = backup_verified(exercise, root / ".rnnlab" / "backups")
                print(f"backed up {exercise} to {backup}")
            write_atomic(exercise, stub)
            print(f"wrote {exercise}")
        hashes[solution.stem] = stub_hash(stub)
    write_atomic(root / HASHES, json.dumps(hashes, indent=2, sort_keys=True) + "\n")
    return 1 if kept else 0


def _check(root: Path) -> int:
    """Every exercise equals its generated stub and every recorded hash is current."""
    hashes = recorded_hashes(root)
    problems = 0
    for solution, exercise in stub_pairs(root):
        stub = stub_for(solution)
        if hashes.get(solution.stem) != stub_hash(stub):
            problems += 1
            print(f"{HASHES} is stale for {solution.stem}: run --write")
        current = exercise.read_text(encoding="utf-8") if exercise.exists() else None
        if current != stub:
            problems += 1
            print(f"{exercise} differs from the stub generated from {solution}")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    """Check (default) or rewrite the stubs; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m rnnlab.stubs", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="repository root")
    parser.add_argument("--write", action="store_true", help="rewrite stubs that differ")
    parser.add_argument(
        "--force",
        action="store_true",
        help="with --write: also replace exercises holding someone's work (backed up first)",
    )
    args = parser.parse_args(argv)
    return _write(args.root, args.force) if args.write else _check(args.root)


if __name__ == "__main__":
    sys.exit(main())
