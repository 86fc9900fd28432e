"""Benchmark: what an official grade costs per student against a self-study grade.

``grade-all`` grades each student in its own ``rnnlab grade`` process against references it
computed once for its seed. This times exactly that per-student run, for the same submissions,
as a seeded official run (inputs drawn from the run's secret seed, the hidden checks added, a
private copy of the submission, a bare environment, Landlock, the audit hook and, as root, the
network namespace) and as a self-study run (the public inputs), each against references
computed beforehand for its own inputs, alternating the two so both see the same machine
load. Half the class holds the solutions, half the untouched stubs.

Goal: ``official_s / self_study_s <= 1.3`` (median per-student seconds).

Writes ``bench/results/isolation_cost.json``. Run with
``python bench/isolation_cost.py [--students N] [--repeat N]`` in an environment with rnnlab.
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

from rnnlab.stubs import write_stubs

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "isolation_cost.json"
GRADE = [sys.executable, "-m", "rnnlab", "grade", "--format", "json"]
SEED = 20261204  # any seed: what matters is that its references were computed beforehand


def _run(arguments: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([*GRADE, *arguments], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=4, help="submissions (default 4)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--quick", action="store_true", help="2 students, 1 round")
    args = parser.parse_args(argv)
    students, repeat = (2, 1) if args.quick else (args.students, args.repeat)
    with tempfile.TemporaryDirectory(prefix="rnnlab-bench-") as scratch:
        scratch = Path(scratch)
        stubs = write_stubs(ROOT, scratch / "stubs")
        public, seeded = scratch / "references", scratch / "seeded-references"
        _run(["--impl", str(stubs), "--fresh-references", "--shared-references", str(public)])
        seed = ["--seed", str(SEED)]
        _run(
            ["--impl", str(stubs), "--fresh-references", *seed, "--shared-references", str(seeded)]
        )
        submissions = []
        for number in range(students):
            folder = scratch / f"student{number}"
            shutil.copytree(ROOT / "solutions" if number % 2 == 0 else stubs, folder)
            submissions.append(folder)
        times: dict[str, list[float]] = {"self_study": [], "official": []}
        for _ in range(repeat):
            for folder in submissions:
                impl = ["--impl", str(folder)]
                times["self_study"].append(_run([*impl, "--shared-references", str(public)]))
                official = [*impl, "--official", *seed, "--shared-references", str(seeded)]
                times["official"].append(_run(official))
    self_study = statistics.median(times["self_study"])
    official = statistics.median(times["official"])
    result = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
        "python": platform.python_version(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "students": students,
        "rounds": repeat,
        "self_study_s": round(self_study, 3),
        "official_s": round(official, 3),
        "ratio": round(official / self_study, 3),
        "goal_ratio": 1.3,
        "seeded_official": True,
        "samples": {key: [round(t, 3) for t in value] for key, value in times.items()},
    }
    # --quick (CI-sized, as `nox -s bench -- --quick` runs it) never replaces committed figures.
    path = RESULTS.parent / "quick" / RESULTS.name if args.quick else RESULTS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print(json.dumps({k: result[k] for k in ("self_study_s", "official_s", "ratio")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
