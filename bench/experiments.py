"""Record each experiment's default run for the docs, and time its quick run.

For every experiment (or those named), with seed 0 and `--impl solutions`:

- ``quick_seconds``: wall time of ``run(quick=True)`` in this process (Keras already imported
  by the previous experiment, except for the first), never cached. Goal <= 60 s on 2 cores.
- ``default_seconds``: wall time of the default run; when it comes from the cache
  (`.rnnlab/experiments/cache/`), the time recorded by the run that computed it is kept.
- ``result``: the default run's result, which the docs redraw (`docs/experiments.md`).
- ``load_average``: the 1-minute load average before and after, since the machine may be
  shared; ``cpus``: ``os.cpu_count()``.

Writes ``bench/results/experiment_NAME.json``. Run with ``nox -s bench_experiments [-- NAMES]``
(it installs the `data` extra and the pretrained table) or ``python bench/experiments.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from dataclasses import asdict
from importlib import metadata
from pathlib import Path

from rnnlab.experiments import available, run_experiment
from rnnlab.experiments.published import result_path
from rnnlab.quiet import quiet_tensorflow

ROOT = Path(__file__).resolve().parents[1]


def _versions() -> dict[str, str | None]:
    found = {}
    for package in ("keras", "tensorflow-cpu", "tensorflow", "numpy", "gensim"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = None
    return found


def record(name: str, folder: Path) -> dict:
    """Time the quick run, run (or read back) the default run, and write the JSON record."""
    path = result_path(name, folder)
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    run_experiment(name, quick=True, cache_dir=None)
    quick_seconds = time.perf_counter() - start
    outcome = run_experiment(name, cache_dir=ROOT / ".rnnlab" / "experiments" / "cache")
    default_seconds = outcome.seconds
    if outcome.from_cache and path.is_file():
        default_seconds = json.loads(path.read_text("utf-8")).get("default_seconds")
    entry = {
        "name": name,
        "quick_seconds": round(quick_seconds, 1),
        "default_seconds": None if default_seconds is None else round(default_seconds, 1),
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "versions": _versions(),
        "result": asdict(outcome.result),
    }
    path.write_text(json.dumps(entry, indent=1) + "\n", "utf-8")
    return entry


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="experiments (default: all present)")
    args = parser.parse_args()
    quiet_tensorflow()
    os.chdir(ROOT)  # impl="solutions" and the cache are relative to the checkout
    folder = ROOT / "bench" / "results"
    for name in args.names or available():
        entry = record(name, folder)
        print(
            f"{name}: quick {entry['quick_seconds']} s, default {entry['default_seconds']} s, "
            f"load {entry['load_average']}"
        )


if __name__ == "__main__":
    main()
