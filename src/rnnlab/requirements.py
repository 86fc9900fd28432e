"""What rnnlab needs besides its declared dependencies: a TensorFlow for Keras to run on.

rnnlab's own requirements name no TensorFlow distribution, so installing it keeps whichever
one a machine has (Colab's, a GPU build); the ``tensorflow`` extra adds one where rnnlab makes
the environment itself (nox, Gradescope, Classroom). A command that grades checks here first
and, with none installed, says in one line what to install instead of a traceback from deep
inside Keras.
"""

from __future__ import annotations

import importlib.util
import os

from rnnlab import i18n
from rnnlab.data.shipped import MissingPackageError


def tensorflow_missing() -> bool:
    """Whether Keras would look for TensorFlow and find none.

    Keras runs on TensorFlow unless ``KERAS_BACKEND`` names another backend; only then is a
    missing TensorFlow no matter of ours.
    """
    backend = os.environ.get("KERAS_BACKEND", "tensorflow").strip() or "tensorflow"
    return backend == "tensorflow" and importlib.util.find_spec("tensorflow") is None


def require_tensorflow() -> None:
    """Return quietly when TensorFlow is there (or not needed).

    Raises
    ------
    MissingPackageError
        If Keras needs TensorFlow and none is installed; the message says what to install.
    """
    if tensorflow_missing():
        raise MissingPackageError(i18n.text("install.no_tensorflow"), name="tensorflow")
