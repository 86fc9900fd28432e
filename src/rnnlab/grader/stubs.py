"""Generate the learner's stubs in ``exercises/`` from the reference answers in ``solutions/``.

A solution marks the learner's part of each function with ``# BEGIN SOLUTION`` and
``# END SOLUTION`` lines. The stub keeps everything else (docstrings, signatures, imports)
and replaces each marked block by one ``raise NotImplementedError(...)`` that names the
function, so the two files can never drift apart: a unit test regenerates every stub and
compares it with the committed one.

Run ``python -m rnnlab.grader.stubs`` to check, ``--write`` to rewrite ``exercises/``
(developers only; an existing file that differs is backed up first).
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

from rnnlab.backups import back_up

BEGIN = "# BEGIN SOLUTION"
END = "# END SOLUTION"


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


def generate_stub(source: str, module: str) -> str:
    """Return the stub for one solution file.

    Parameters
    ----------
    source : str
        The text of ``solutions/<module>.py``.
    module : str
        The module name, e.g. ``"e02_simple_rnn"``; it prefixes each error message.

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
    def f(x):
        '''Double.'''
        raise NotImplementedError("e00_demo.f: not written yet; replace this line with your code.")
    <BLANKLINE>
    """
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    out: list[str] = []
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
        for solution in sorted((root / "solutions").glob("e[0-9][0-9]_*.py"))
    ]


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
        stub = generate_stub(solution.read_text(encoding="utf-8"), solution.stem)
        (dest / solution.name).write_text(stub, encoding="utf-8")
    return dest


def main(argv: list[str] | None = None) -> int:
    """Check (default) or rewrite the stubs; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m rnnlab.grader.stubs", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="repository root")
    parser.add_argument("--write", action="store_true", help="rewrite stubs that differ")
    args = parser.parse_args(argv)
    stale = 0
    for solution, exercise in stub_pairs(args.root):
        stub = generate_stub(solution.read_text(encoding="utf-8"), solution.stem)
        current = exercise.read_text(encoding="utf-8") if exercise.exists() else None
        if current == stub:
            continue
        stale += 1
        if args.write:
            if current is not None:
                saved = back_up(exercise, args.root / ".rnnlab" / "backups")
                print(f"backed up {exercise} to {saved}")
            exercise.write_text(stub, encoding="utf-8")
            print(f"wrote {exercise}")
        else:
            print(f"{exercise} differs from the stub generated from {solution}")
    return 0 if args.write or stale == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
