"""Benchmark: what naming a learner's mistakes costs a warm grade.

When a check fails, the grader compares the learner's answers with every catalogued mistake
and every member of the mistakes' families (all gate orders, two mistakes at once), whose
outputs are stored beside Keras's references. A warm grade reads them back. This times a warm
self-study grade of every exercise with a wrong answer in each (a catalogued mistake, and in
e03/e04 two at once, which makes the grader look for pairs) against a warm grade of the
solutions, alternating the two so both see the same machine load.

Goal: ``wrong_s / right_s <= 1.3`` (median seconds per grade).

Writes ``bench/results/diagnosis_cost.json`` (``--quick``: under ``bench/results/quick/``). Run with
``python bench/diagnosis_cost.py [--repeat N] [--quick]`` in an environment with rnnlab.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import ROOT, load, median_of, write_results

GRADE = [sys.executable, "-m", "rnnlab", "grade", "--format", "json"]
TWO_MISTAKES = ROOT / "tests" / "unit" / "two_mistakes"


def wrong_submission(folder: Path) -> Path:
    """The solutions with every exercise replaced by a wrong answer: the first catalogued
    mistake of each, and in e03 and e04 a file that holds two mistakes at once."""
    shutil.copytree(ROOT / "solutions", folder)
    for solution in sorted((ROOT / "solutions").glob("e[0-9][0-9]_*.py")):
        mistakes = sorted((ROOT / "tests" / "broken").glob(f"{solution.stem}__*.py"))
        two = sorted(TWO_MISTAKES.glob(f"{solution.stem}__*+*.py"))
        wrong = (two or mistakes)[0]
        shutil.copy(wrong, folder / solution.name)
    return folder


def _run(impl: Path, references: Path, report: Path) -> float:
    started = time.perf_counter()
    command = [*GRADE, "--impl", str(impl), "--shared-references", str(references)]
    subprocess.run([*command, "--report", str(report)], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="rounds (default 5)")
    parser.add_argument("--quick", action="store_true", help="2 rounds")
    args = parser.parse_args(argv)
    repeat = 2 if args.quick else args.repeat
    load_before = load()
    with tempfile.TemporaryDirectory(prefix="rnnlab-bench-") as scratch:
        wrong = wrong_submission(Path(scratch) / "wrong")
        references, report = Path(scratch) / "references", Path(scratch) / "report.json"
        for impl in (ROOT / "solutions", wrong):  # warm: references and mistakes' outputs
            _run(impl, references, report)
        diagnosed = json.loads(report.read_text("utf-8"))
        named = sum(bool(e["diagnoses"]) for e in diagnosed["exercises"].values())
        times: dict[str, list[float]] = {"right": [], "wrong": []}
        for _ in range(repeat):
            times["right"].append(_run(ROOT / "solutions", references, report))
            times["wrong"].append(_run(wrong, references, report))
    right, wrong_s = median_of(times["right"]), median_of(times["wrong"])
    result = {
        "rounds": repeat,
        "exercises_named": named,
        "exercises": len(diagnosed["exercises"]),
        "right_s": right,
        "wrong_s": wrong_s,
        "ratio": round(wrong_s / right, 3),
        "goal_ratio": 1.3,
        "samples": {key: [round(t, 3) for t in value] for key, value in times.items()},
    }
    write_results("diagnosis_cost", result, quick=args.quick, load_before=load_before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
