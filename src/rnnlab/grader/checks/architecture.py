"""What makes two Keras models the same answer (e09): their layers' kinds and settings.

Names, initialisers and seeds do not matter. The grader compares a learner's model with a
catalogued mistake's by this digest, and stores it beside the references.
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
    layers = json.dumps(architecture(config), sort_keys=True).encode()
    return np.frombuffer(hashlib.sha256(layers).digest()[:16], dtype=np.uint8).copy()
