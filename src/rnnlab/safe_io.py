"""Write rnnlab's own files whole or not at all, and keep a learner's file before replacing it.

A laptop fails in ordinary ways: the disk fills, a copy is cut short, a process is killed, a
folder is read-only. Every file rnnlab writes goes through :func:`write_atomic` (a temp file
beside the target, flushed to disk, then one rename), so a reader sees the old file or the new
one, never half; when the write fails, the temp file goes and the caller gets the ``OSError``
to turn into one line (:func:`reason` says why in the learner's language). A learner's file is
copied by :func:`backup_verified`, which checks the copy's size and hash before anyone may
touch the original.

Other commands that write for a learner (a notebook's cell magic, say) call the same two.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from rnnlab import i18n

TEMP_SUFFIX = ".tmp"
# errno values a learner reads as "the disk is full" and as "not allowed to write here".
_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}
_REFUSED = {errno.EROFS, errno.EACCES, errno.EPERM}

Data = bytes | str | Callable[[BinaryIO], object]


class BackupError(OSError):
    """A backup could not be written in full; the file it was to keep is untouched."""


def _temp_name(target: Path) -> Path:
    # Hidden, beside the target (same file system, so the rename is atomic), and named by
    # process id so `remove_stale_temps` can tell a dead writer's leftovers from a live one's.
    return target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(3).hex()}{TEMP_SUFFIX}")


def write_atomic(path: Path, data: Data, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` in one step: readers see the old file or the new one.

    Parameters
    ----------
    path : pathlib.Path
        The file to write; its folder is created if missing.
    data : bytes, str or callable
        The new content: bytes, text (written as UTF-8, newlines untouched), or a function
        that writes into the open binary file it is given (``numpy.savez``, say).
    durable : bool
        Flush the file to disk before the rename, so a power cut cannot leave it empty.

    Raises
    ------
    OSError
        When any step fails (a full disk, a read-only folder); the temp file is removed and
        ``path`` is as it was.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "state.json", '{"hints": {}}\\n')
    >>> (folder / "state.json").read_text(), sorted(p.name for p in folder.iterdir())
    ('{"hints": {}}\\n', ['state.json'])
    """
    if not isinstance(data, (bytes, str)) and not callable(data):
        raise TypeError(
            "Received an invalid value for argument `data`: expected bytes, str or a function "
            f"that writes into a binary file. Received: {type(data).__name__}."
        )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = _temp_name(path)
    try:
        with open(temp, "xb") as handle:
            if isinstance(data, str):
                handle.write(data.encode("utf-8"))
            elif isinstance(data, bytes):
                handle.write(data)
            else:
                data(handle)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:  # a full disk, or Ctrl-C mid-write: no half file stays behind
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    remove_stale_temps(path.parent)  # those of writers killed mid-write before us


def remove_stale_temps(folder: Path) -> None:
    """Remove temp files that writers killed mid-write left in ``folder`` (not its subfolders).

    A temp file whose writer still runs is kept: it is about to become a real file.
    """
    try:
        temps = list(Path(folder).glob(f".*{TEMP_SUFFIX}"))
    except OSError:
        return
    for temp in temps:
        pid = temp.name.rsplit(".", 3)[-3] if temp.name.count(".") >= 4 else ""
        if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
            with contextlib.suppress(OSError):
                temp.unlink()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but is someone else's
        return True
    return True


def backup_verified(path: Path, backup_dir: Path) -> Path:
    """Copy ``path`` to ``backup_dir/<stem>.<timestamp><suffix>``, checked, and return the copy.

    The copy is read back and its size and SHA-256 compared with the original's before this
    returns: only then may the caller replace the original.

    Parameters
    ----------
    path : pathlib.Path
        The learner's file, e.g. ``exercises/e02_simple_rnn.py``.
    backup_dir : pathlib.Path
        Where copies go; created if missing.

    Returns
    -------
    pathlib.Path
        The verified copy. Two backups in the same second get distinct names.

    Raises
    ------
    ValueError
        If ``path`` is not an existing file.
    BackupError
        If the copy could not be written in full; no partial copy is left behind.
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(
            "Received an invalid value for argument `path`: expected an existing file. "
            f"Received: {str(path)!r}."
        )
    original = path.read_bytes()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = Path(backup_dir) / f"{path.stem}.{stamp}{path.suffix}"
    counter = 1
    while target.exists():
        target = Path(backup_dir) / f"{path.stem}.{stamp}-{counter}{path.suffix}"
        counter += 1
    try:
        write_atomic(target, original)
        copy = target.read_bytes()
    except OSError as error:
        raise BackupError(error.errno, reason(error), str(target)) from error
    if len(copy) != len(original) or _sha256(copy) != _sha256(original):
        target.unlink(missing_ok=True)
        raise BackupError(errno.EIO, i18n.text("safe_io.backup_differs"), str(target))
    os.utime(target, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns))  # as copy2 did
    return target


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def reason(error: OSError) -> str:
    """Why a read or write failed, in a few words of the learner's language ("disk full")."""
    if error.errno in _FULL:
        return i18n.text("safe_io.disk_full")
    if error.errno in _REFUSED:
        return i18n.text("safe_io.not_allowed")
    return error.strerror or type(error).__name__


def damaged(error: Exception | None = None) -> str:
    """Why a file of ours could not be read: the system's words for an ``OSError`` (no
    permission, say), else "the file is damaged or cut short" (it was read but made no sense).
    """
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return i18n.text("safe_io.damaged")


# While pytest captures output (a grade), lines are held here and said after the table.
_held: list[str] | None = None


def warn(key: str, /, **fields: object) -> None:
    """Say one line on stderr: something was not saved or read, and what it costs.

    Between `hold_warnings` and `release_warnings` the line waits instead, so that a grade's
    output capture does not swallow it.
    """
    line = i18n.text(key, **fields)
    if _held is not None:
        if line not in _held:
            _held.append(line)
        return
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def hold_warnings() -> None:
    """Keep `warn`'s lines until `release_warnings` (the grader's pytest run)."""
    global _held
    _held = []


def release_warnings() -> list[str]:
    """The lines held since `hold_warnings`, in order; `warn` prints at once again."""
    global _held
    lines, _held = _held or [], None
    return lines
