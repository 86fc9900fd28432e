"""Helpers shared by the package's own tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_grader(
    impl: Path | str, names: list[str], report: Path, *options: str
) -> tuple[int, dict, str]:
    """Run ``python -m rnnlab grade`` in a fresh process, as a learner would."""
    env = {**os.environ, "COLUMNS": "200"}
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "rnnlab",
            "grade",
            *names,
            "--impl",
            str(impl),
            "--report",
            str(report),
            *options,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    data = json.loads(report.read_text("utf-8")) if report.exists() else {}
    return process.returncode, data, process.stdout + process.stderr


@pytest.fixture
def grader(tmp_path):
    """``grader(impl, names)`` -> (exit code, report dict, printed text)."""

    def run(impl, names=(), *options):
        return run_grader(impl, list(names), tmp_path / "report.json", *options)

    return run
