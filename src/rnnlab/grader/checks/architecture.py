"""What makes two Keras models the same answer (e09): their layers' kinds and settings.

Names, initialisers and seeds do not matter. The grader compares a learner's model with a
catalogued mistake's by this digest, and stores it beside the references. What a model
reaches when trained depends on more (dropout rates, initialisers, the wiring of a functional
model), so results of training are keyed by `training_digest`: the whole config, names aside.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np

# The settings that make two layers of the same kind the same answer.
_ARCHITECTURE_KEYS = (
    "units",
    "output_dim",
    "input_dim",
    "activation",
    "return_sequences",
    "return_state",
    "go_backwards",
    "use_bias",
    "reset_after",
    "merge_mode",
)


def architecture(config: Any) -> list[Any]:
    """The layers of a Keras model config (JSON text or parsed), as kinds and settings.

    Examples
    --------
    >>> architecture('{"class_name": "Sequential", "config": {"name": "m", "layers": ['
    ...              '{"class_name": "Dense", "config": {"name": "d", "units": 1,'
    ...              ' "activation": "sigmoid", "kernel_initializer": {}}}]}}')
    [['Dense', [['activation', 'sigmoid'], ['units', 1]]]]
    """
    if isinstance(config, str):
        config = json.loads(config)
    if isinstance(config, list):
        return [architecture(item) for item in config]
    if not isinstance(config, dict):
        return []
    inner = config.get("config", {})
    if "layers" in inner:  # a model: its layers, in order
        return [architecture(layer) for layer in inner["layers"]]
    settings = [[key, inner[key]] for key in sorted(_ARCHITECTURE_KEYS) if key in inner]
    wrapped = [architecture(inner["layer"])] if isinstance(inner.get("layer"), dict) else []
    return [config.get("class_name"), settings, *wrapped]


def architecture_digest(config: Any) -> np.ndarray:
    """16 bytes of a SHA-256 of a model config's
    [architecture][rnnlab.grader.checks.architecture.architecture].

    Two models have the same digest exactly when their layers are the same kinds with the same
    settings.

    Examples
    --------
    >>> a = '{"class_name": "Dense", "config": {"name": "a", "units": 2}}'
    >>> b = '{"class_name": "Dense", "config": {"name": "b", "units": 2}}'
    >>> bool((architecture_digest(a) == architecture_digest(b)).all())
    True
    """
    return _digest(architecture(config))


def training_digest(config: Any) -> str:
    """Hex digest of everything in a model config that training depends on: every setting of
    every layer and how they are wired, with the layers' names replaced by their order.

    Keras numbers automatic names per process (``lstm_3``), so names say nothing about the
    model; any other change (a dropout rate, an initialiser's seed) gives another digest.

    Examples
    --------
    >>> a = '{"class_name": "Dense", "config": {"name": "a", "units": 2, "rate": 0.1}}'
    >>> b = '{"class_name": "Dense", "config": {"name": "b", "units": 2, "rate": 0.1}}'
    >>> training_digest(a) == training_digest(b)
    True
    >>> training_digest(a) == training_digest(a.replace("0.1", "0.5"))
    False
    """
    if isinstance(config, str):
        config = json.loads(config)
    names: dict[str, str] = {}

    def collect(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("name"), str):
                names.setdefault(value["name"], f"#{len(names)}")
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    def renamed(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: renamed(item) for key, item in value.items()}
        if isinstance(value, list):
            return [renamed(item) for item in value]
        return names.get(value, value) if isinstance(value, str) else value

    collect(config)
    return bytes(_digest(renamed(config))).hex()


def _digest(value: Any) -> np.ndarray:
    """16 bytes of a SHA-256 of ``value`` as canonical JSON."""
    text = json.dumps(value, sort_keys=True).encode()
    return np.frombuffer(hashlib.sha256(text).digest()[:16], dtype=np.uint8).copy()
