"""Benchmark: how many submissions per minute ``rnnlab grade-all`` grades on one machine.

A class of ``--submissions`` students (copies of the solutions and of the untouched stubs,
alternately) is graded by one seeded ``grade-all`` run, every core busy: its own reference
computation for the seed included, as a teacher pays it. The same run is split into the
reference computation (one seeded grade of the stubs) and the rest, so the rate a larger class
would see is also recorded.

Writes ``bench/results/class_throughput.json`` (``--quick``: ``bench/results/quick/``). Run
with ``python bench/class_throughput.py [--submissions N]`` in an environment with rnnlab.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import ROOT, load, write_results
from feedback import make_submissions

SEED = "20261204"


def timed(arguments: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(arguments, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, help="class size (default 20; 2 quick)")
    parser.add_argument("--quick", action="store_true", help="CI-sized: 2 submissions")
    args = parser.parse_args(argv)
    count = args.submissions or (2 if args.quick else 20)
    load_before = load()
    rnnlab = [sys.executable, "-m", "rnnlab"]
    with tempfile.TemporaryDirectory(prefix="rnnlab-class-") as folder:
        base = Path(folder)
        make_submissions(base / "class", count)
        out = ["--out", str(base / "reports"), "--csv", str(base / "scores.csv")]
        grade_all = timed([*rnnlab, "grade-all", str(base / "class"), "--seed", SEED, *out])
        stubs = base / "class-stubs"  # written by make_submissions beside the class
        references = timed(
            [
                *rnnlab,
                "grade",
                "--impl",
                str(stubs),
                "--fresh-references",
                "--seed",
                SEED,
                "--shared-references",
                str(base / "references"),
                "--format",
                "json",
            ]
        )
    grading = max(grade_all - references, 1e-9)
    result = {
        "submissions": count,
        "jobs": os.cpu_count(),
        "grade_all_s": round(grade_all, 3),
        "references_s": round(references, 3),
        "per_minute": round(count / grade_all * 60, 2),
        "per_minute_without_references": round(count / grading * 60, 2),
    }
    write_results("class_throughput", result, quick=args.quick, load_before=load_before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
