"""How the fault suite breaks a learner's laptop, runs rnnlab on it, and judges what came out.

Every case runs ``python -m rnnlab ...`` in a copy of one prepared checkout, under one fault:
a full disk (``RLIMIT_FSIZE`` in the child, with ``SIGXFSZ`` ignored so a write fails with
``EFBIG`` instead of killing it), a damaged state file, a kill, a second grade at once, or a
read-only ``.rnnlab/``. `survived` then checks what every case must: the exit status the
docs promise, no traceback, no temp file left behind, no learner file changed unless the
command was meant to change it.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results" / "faults.json"
E01 = "e01_embedding"
# A wrong e01 that a catalogued mistake explains: its diagnosis is computed without Keras, and
# stored in the same kind of cache file as the references (cheap to make cold).
WRONG_E01 = ROOT / "tests" / "broken" / "e01_embedding__lookup_by_column.py"


@dataclass(frozen=True)
class Run:
    """What one command did: its exit status and everything it printed."""

    code: int
    out: str

    def lines(self, needle: str) -> list[str]:
        return [line for line in self.out.splitlines() if needle in line]


def full_disk(limit: int) -> Callable[[], None]:
    """A ``preexec_fn``: no file of this process may grow past ``limit`` bytes."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def read_only_prefix() -> list[str] | None:
    """What to run a command under so that a folder without write bits really is read-only.

    Root ignores permission bits; in a user namespace where root is an ordinary user it does
    not. None where neither an ordinary user nor ``unshare`` is at hand.
    """
    if os.geteuid() != 0:
        return []
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    probe = subprocess.run(
        [unshare, "--user", "--map-user=1000", "true"], capture_output=True, timeout=30
    )
    return [unshare, "--user", "--map-user=1000"] if probe.returncode == 0 else None


def start(
    ws: Path, *args: str, limit: int | None = None, prefix: Sequence[str] = ()
) -> subprocess.Popen:
    """Start ``python -m rnnlab ARGS`` in ``ws``, as a learner would (English messages)."""
    env = {
        "COLUMNS": "200",
        "PATH": os.environ.get("PATH", ""),
        "RNNLAB_LANG": "en",
        "TMPDIR": str(ws.parent / "tmp"),
        # Part of the references' fingerprint: keep it, so the warm caches stay warm.
        **{k: v for k, v in os.environ.items() if k == "TF_ENABLE_ONEDNN_OPTS"},
    }
    if limit is not None or prefix:
        # Under a fault, Python must not write bytecode: CPython publishes a .pyc cut short by
        # a full disk whole, which would break this environment's later imports (rnnlab's own
        # imports of learner and catalogue files read source; see rnnlab.modules).
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    (ws.parent / "tmp").mkdir(exist_ok=True)
    return subprocess.Popen(
        [*prefix, sys.executable, "-m", "rnnlab", *args],
        cwd=ws,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        preexec_fn=full_disk(limit) if limit is not None else None,
        start_new_session=True,  # a kill of the group ends the grader and its workers
    )


def rnnlab(ws: Path, *args: str, limit: int | None = None, prefix: Sequence[str] = ()) -> Run:
    """Run ``python -m rnnlab ARGS`` in ``ws`` to the end."""
    process = start(ws, *args, limit=limit, prefix=prefix)
    out, _ = process.communicate(timeout=600)
    return Run(process.returncode, out)


def learner_files(ws: Path) -> dict[str, str]:
    """SHA-256 of every file in ``exercises/``: what no fault may change."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((ws / "exercises").iterdir())
    }


def temp_files(ws: Path) -> list[str]:
    """Temp files anywhere in the checkout: a write cut short must leave none."""
    return sorted(
        str(p.relative_to(ws))
        for p in ws.rglob("*")
        if p.name.endswith(".tmp") or ".tmp." in p.name
    )


def survived(
    ws: Path, run: Run, *, code: int, before: dict[str, str], changed: Sequence[str] = ()
) -> None:
    """What every case asserts: the documented exit status, no traceback, no temp file, and
    no learner file changed but ``changed`` (by a command meant to change them)."""
    assert run.code == code, f"exit status {run.code}:\n{run.out}"
    assert "Traceback" not in run.out, run.out
    assert temp_files(ws) == [], run.out
    after = learner_files(ws)
    assert {k: v for k, v in after.items() if k not in changed} == {
        k: v for k, v in before.items() if k not in changed
    }


def points(run: Run, exercise: str = E01) -> str:
    """The points the table shows for ``exercise`` ("6 / 6"), or "" when no grade is shown."""
    for line in run.lines(exercise):
        cells = [cell.strip() for cell in line.split("│")]
        if len(cells) > 2 and "/" in cells[2]:
            return cells[2]
    return ""
