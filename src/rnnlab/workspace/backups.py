"""Keep a copy of a learner's file before anything replaces it: no line of work is lost."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path


def back_up(path: Path, backup_dir: Path) -> Path:
    """Copy ``path`` to ``backup_dir/<stem>.<timestamp>.py`` and return the copy's path.

    Parameters
    ----------
    path : pathlib.Path
        The file to keep, e.g. ``exercises/e02_simple_rnn.py``.
    backup_dir : pathlib.Path
        Where copies go; created if missing.

    Returns
    -------
    pathlib.Path
        The new copy. Two backups in the same second get distinct names.

    Raises
    ------
    ValueError
        If ``path`` is not an existing file.
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(
            f"Received an invalid value for argument `path`: expected an existing file. "
            f"Received: {str(path)!r}."
        )
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backup_dir / f"{path.stem}.{stamp}{path.suffix}"
    counter = 1
    while target.exists():
        target = backup_dir / f"{path.stem}.{stamp}-{counter}{path.suffix}"
        counter += 1
    shutil.copy2(path, target)
    return target
