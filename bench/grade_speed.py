"""Benchmark: how long grading takes, relative to importing Keras, and on a fresh clone.

Measured in one run, alternating, so both numbers see the same machine load:

- ``import_keras_s``: ``python -c "import keras"`` in the grade environment.
- ``warm_grade_s``: ``nox -R -s grade`` (environment reused, nothing installed), grading all
  exercises; Keras's references come from the cache a first run filled, as for a learner
  who grades again. Goal: ``warm_grade_s / import_keras_s <= 2.0``.
- ``fresh_references_grade_s``: the same with ``--fresh-references``: every reference computed
  by Keras again (an official run, or the first run after Keras changed).
- ``fresh_clone_grade_s`` (with ``--fresh``): ``git clone`` of this checkout into a temporary
  folder, then ``nox -s grade`` there, building its environment from scratch. Goal <= 120 s.
  uv's package cache is shared, as on a learner's machine after any earlier install; pass
  ``--cold-cache`` to give uv an empty cache and count the downloads too.

Writes ``bench/results/grade_speed.json``. Run with ``nox -s bench`` or
``python bench/grade_speed.py [--repeat N] [--fresh] [--cold-cache]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "grade_speed.json"


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Wall seconds of ``command``; raises if it fails (a failed run is no measurement)."""
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def grade_python() -> Path:
    """The Python of the ``grade`` session's environment (created by a first ``nox -s grade``)."""
    scripts = "Scripts" if os.name == "nt" else "bin"
    return ROOT / ".nox" / "grade" / scripts / ("python.exe" if os.name == "nt" else "python")


def nox() -> list[str]:
    return [sys.executable, "-m", "nox"] if shutil.which("nox") is None else ["nox"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--fresh", action="store_true", help="also time a fresh clone")
    parser.add_argument("--cold-cache", action="store_true", help="fresh clone with empty uv cache")
    args = parser.parse_args()

    subprocess.run([*nox(), "-s", "grade"], cwd=ROOT, check=True, capture_output=True)
    python = grade_python()
    imports, grades, fresh = [], [], []
    for _ in range(args.repeat):
        imports.append(timed([str(python), "-c", "import keras"], ROOT))
        grades.append(timed([*nox(), "-R", "-s", "grade"], ROOT))
        fresh.append(timed([*nox(), "-R", "-s", "grade", "--", "--fresh-references"], ROOT))
    result: dict[str, object] = {
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "repeat": args.repeat,
        "import_keras_s": round(statistics.median(imports), 3),
        "warm_grade_s": round(statistics.median(grades), 3),
        "ratio_warm_grade_to_import": round(
            statistics.median(grades) / statistics.median(imports), 3
        ),
        "ratio_goal": 2.0,
        "fresh_references_grade_s": round(statistics.median(fresh), 3),
        "ratio_fresh_references_to_import": round(
            statistics.median(fresh) / statistics.median(imports), 3
        ),
        "all_import_keras_s": [round(t, 3) for t in imports],
        "all_warm_grade_s": [round(t, 3) for t in grades],
    }
    if args.fresh or args.cold_cache:
        with tempfile.TemporaryDirectory(prefix="rnnlab-fresh-") as folder:
            clone = Path(folder) / "rnnlab"
            subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
            env = dict(os.environ)
            if args.cold_cache:
                env["UV_CACHE_DIR"] = str(Path(folder) / "uv-cache")
            result["fresh_clone_grade_s"] = round(timed([*nox(), "-s", "grade"], clone, env), 1)
            result["fresh_clone_uv_cache"] = "empty" if args.cold_cache else "shared"
            result["fresh_clone_goal_s"] = 120
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
