"""Keep TensorFlow's start-up chatter out of learners' terminals, and its kernels deterministic."""

from __future__ import annotations

import os


def quiet_tensorflow() -> None:
    """Silence TensorFlow's C++ logs and turn oneDNN's custom kernels off.

    TensorFlow announces at every import that oneDNN "may give slightly different numerical
    results"; with ``TF_ENABLE_ONEDNN_OPTS=0`` the references learners are graded against come
    from the same plain kernels on every machine, and the announcement disappears, at no cost
    in import time (bench/results/ holds the timings). Must run before TensorFlow is imported;
    values the learner set explicitly win.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
