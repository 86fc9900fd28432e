"""What every benchmark records next to its numbers: machine, versions, date, load; and where.

Each script in ``bench/`` calls :func:`write_results` once. A full run writes
``bench/results/<name>.json`` (committed; the docs read it). ``--quick`` runs write
``bench/results/quick/<name>.json`` instead (ignored by git), so a CI-sized run never replaces
the figures the docs quote.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import re
import statistics
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


def results_path(name: str, *, quick: bool) -> Path:
    """``bench/results/<name>.json``, or ``bench/results/quick/<name>.json`` for ``--quick``."""
    return (RESULTS / "quick" if quick else RESULTS) / f"{name}.json"


def gpu_slug(gpu: str | None) -> str:
    """A GPU's model as a results file names it, or ``cpu`` for None.

    Lower case, vendor and product-line words dropped: ``NVIDIA H200`` gives ``h200``,
    ``NVIDIA GeForce RTX 4090`` gives ``rtx-4090``.
    """
    if gpu is None:
        return "cpu"
    words = [word for word in re.split(r"[^a-z0-9]+", gpu.lower()) if word]
    return "-".join(w for w in words if w not in {"nvidia", "geforce", "tesla"}) or "gpu"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text("utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version(*names: str) -> str | None:
    for name in names:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return None


def load() -> list[float] | None:
    """1, 5 and 15-minute load averages (``os.getloadavg``), or None where there is none."""
    try:
        return [round(v, 2) for v in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def environment() -> dict[str, Any]:
    """Machine, versions and the UTC date, as every results file records them."""
    return {
        "date_utc": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores",
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "versions": {
            name: _version(*dists)
            for name, dists in {
                "numpy": ("numpy",),
                "keras": ("keras",),
                "tensorflow": ("tensorflow-cpu", "tensorflow"),
                "torch": ("torch",),
                "jax": ("jax",),
            }.items()
        },
    }


def median_of(samples: Sequence[float], digits: int = 3) -> float:
    """The median, rounded: what every table reports (one noisy run cannot move it far)."""
    return round(statistics.median(samples), digits)


def clocked(function: Callable[[], Any]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (this process, all its threads) of one call of ``function``.

    On a machine shared with other work, the wall clock also counts the time the process
    waited for a core; the CPU clock counts only the work itself.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - wall, time.process_time() - cpu


def write_results(
    name: str, result: dict[str, Any], *, quick: bool, load_before: list[float] | None
) -> Path:
    """Add the environment and load to ``result``, write it as JSON, print it, return the path.

    ``load_before`` and the load now go into the file as ``load_avg_before`` and
    ``load_avg_after``: a number taken while the machine was busy with other work says so.
    """
    path = results_path(name, quick=quick)
    record = {
        "benchmark": name,
        "quick": quick,
        **environment(),
        "load_avg_before": load_before,
        "load_avg_after": load(),
        **result,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(record, indent=2))
    print(f"wrote {path.relative_to(ROOT)}")
    return path
