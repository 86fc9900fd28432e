"""Benchmark: seconds from saving an exercise file to ``rnnlab watch`` having its new result.

Runs ``rnnlab watch`` in a temporary copy of the checkout (references cache included, as on
a learner's machine after the first grade), then saves ``exercises/e02_simple_rnn.py``
alternately as the reference answer and as the stub, and reads the time each re-grade
finished from ``.rnnlab/watch-events.jsonl``. Goal: median <= 1 s.

Writes ``bench/results/watch_latency.json``. Run with ``python bench/watch_latency.py``
(``--repeat N``) in an environment where rnnlab is installed, e.g. ``.nox/grade``.
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
RESULTS = ROOT / "bench" / "results" / "watch_latency.json"
EXERCISE = "e02_simple_rnn"


def events(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def wait_for(predicate, timeout: float, what: str):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.005)
    raise TimeoutError(f"gave up waiting for {what}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rnnlab-watch-") as folder:
        checkout = Path(folder)
        for part in ("exercises", "solutions", "tests/grading"):
            shutil.copytree(ROOT / part, checkout / part)
        shutil.copy(ROOT / "pyproject.toml", checkout)
        if (ROOT / ".rnnlab" / "cache").is_dir():
            shutil.copytree(ROOT / ".rnnlab" / "cache", checkout / ".rnnlab" / "cache")
        log = checkout / ".rnnlab" / "watch-events.jsonl"
        process = subprocess.Popen(
            [sys.executable, "-m", "rnnlab", "watch", "--exit-after", str(args.repeat)],
            cwd=checkout,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            course = len(list((checkout / "exercises").glob("e*.py")))
            wait_for(lambda: len(events(log)) >= course, 300, "the first full grade")
            time.sleep(0.5)  # let the watcher settle on its inotify handles
            versions = [
                (checkout / "solutions" / f"{EXERCISE}.py").read_text("utf-8"),
                (checkout / "exercises" / f"{EXERCISE}.py").read_text("utf-8"),
            ]
            latencies, points = [], []
            for run in range(args.repeat):
                seen = len(events(log))
                saved = time.time()
                (checkout / "exercises" / f"{EXERCISE}.py").write_text(versions[run % 2], "utf-8")
                event = wait_for(lambda n=seen: events(log)[n:], 60, "the re-grade")[0]
                latencies.append(event["finished"] - saved)
                points.append(event["earned"])
                time.sleep(0.3)
        finally:
            process.wait(timeout=60)
    result = {
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "exercise": EXERCISE,
        "repeat": args.repeat,
        "median_save_to_result_s": round(statistics.median(latencies), 3),
        "max_save_to_result_s": round(max(latencies), 3),
        "goal_s": 1.0,
        "all_save_to_result_s": [round(t, 3) for t in latencies],
        "points_each_run": points,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
