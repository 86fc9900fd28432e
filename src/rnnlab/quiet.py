"""Keep TensorFlow's start-up chatter (oneDNN, CPU features) out of learners' terminals."""

from __future__ import annotations

import os


def quiet_tensorflow() -> None:
    """Hide TensorFlow's C++ info and warning logs unless the learner asked for them.

    Must run before TensorFlow is imported; an explicit ``TF_CPP_MIN_LOG_LEVEL`` wins.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
