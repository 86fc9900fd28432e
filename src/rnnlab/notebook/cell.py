"""Save a notebook cell as the learner's exercise file: the cell's own code, with the stub's
imports it lacks, after a backup of what was there.

A cell that defines none of the exercise's functions is refused (it was most likely run with
the wrong exercise number), so no work is replaced by something unrelated.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from rnnlab import i18n
from rnnlab.curriculum import Exercise
from rnnlab.safe_io import backup_verified, write_atomic
from rnnlab.stubs import stub_for


def exercise_functions(stub: str) -> list[str]:
    """The top-level functions a stub asks the learner to write, in order.

    Examples
    --------
    >>> exercise_functions("import numpy as np\\ndef f(x):\\n    pass\\ndef g():\\n    pass\\n")
    ['f', 'g']
    """
    tree = ast.parse(stub)
    return [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]


def defined_names(cell: str) -> set[str]:
    """Names of the functions a cell defines at top level; a cell that is not valid Python is
    read line by line (``def name(``), so the grader can still report its syntax error."""
    try:
        tree = ast.parse(cell)
    except SyntaxError:
        return set(re.findall(r"^def\s+([A-Za-z_]\w*)\s*\(", cell, flags=re.MULTILINE))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


def _imports(tree: ast.Module) -> list[ast.stmt]:
    return [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]


def _insert_at(cell: str) -> int:
    """The line index after the cell's module docstring and ``__future__`` imports: where
    missing imports may go without changing what either means."""
    try:
        tree = ast.parse(cell)
    except SyntaxError:
        return 0
    line = 0
    for index, node in enumerate(tree.body):
        docstring = (
            index == 0
            and isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        )
        future = isinstance(node, ast.ImportFrom) and node.module == "__future__"
        if not (docstring or future):
            break
        line = node.end_lineno or node.lineno
    return line


def compose(cell: str, stub: str) -> str:
    """The exercise file for ``cell``: the cell itself, plus each of the stub's imports that the
    cell does not make (the stub's code may rely on ``np``), placed after the cell's docstring.

    Examples
    --------
    >>> print(compose("def f():\\n    return np.ones(2)\\n", "import numpy as np\\n"), end="")
    import numpy as np
    <BLANKLINE>
    def f():
        return np.ones(2)
    >>> compose("import numpy as np\\ndef f(): pass", "import numpy as np\\n")
    'import numpy as np\\ndef f(): pass\\n'
    """
    cell = cell if cell.endswith("\n") else cell + "\n"
    try:
        made = {ast.unparse(node) for node in _imports(ast.parse(cell))}
    except SyntaxError:
        made = set()
    missing = [ast.unparse(node) for node in _imports(ast.parse(stub))]
    missing = [line for line in missing if line not in made]
    if not missing:
        return cell
    lines = cell.splitlines(keepends=True)
    at = _insert_at(cell)
    block = [line + "\n" for line in missing]
    block = ([] if at == 0 else ["\n"]) + block + ["\n"]
    return "".join(lines[:at] + block + lines[at:])


def replace_file(target: Path, text: str, backup_dir: Path) -> Path | None:
    """Write ``text`` to ``target``, backing up what was there first; the backup's path, or
    None when there was nothing to back up. An unchanged file is left alone.

    The one place a cell reaches the disk (the way ``rnnlab reset`` replaces a file): the
    backup is verified before the file is touched, and the file is replaced whole or not at
    all (`rnnlab.safe_io`). Either failing raises ``OSError`` (``safe_io.BackupError`` for the
    backup) with the learner's file as it was.
    """
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return None
    backup = backup_verified(target, backup_dir) if target.exists() else None
    write_atomic(target, text)
    return backup


def save_cell(cell: str, exercise: Exercise, root: Path) -> tuple[Path, Path | None]:
    """Save a ``%%rnnlab`` cell as ``root/exercises/<name>.py``.

    Parameters
    ----------
    cell : str
        The cell's code, without its ``%%rnnlab`` line.
    exercise : Exercise
        The exercise the cell answers.
    root : pathlib.Path
        The learner's checkout.

    Returns
    -------
    tuple of pathlib.Path and (pathlib.Path or None)
        The exercise file, and the backup of what it held (None: nothing replaced).

    Raises
    ------
    ValueError
        If the cell defines none of the exercise's functions.
    """
    stub = stub_for(root / "solutions" / f"{exercise.name}.py")
    wanted = exercise_functions(stub)
    if not defined_names(cell) & set(wanted):
        raise ValueError(
            i18n.text("notebook.no_functions", name=exercise.name, functions=", ".join(wanted))
        )
    target = root / "exercises" / f"{exercise.name}.py"
    backup = replace_file(target, compose(cell, stub), root / ".rnnlab" / "backups")
    return target, backup
