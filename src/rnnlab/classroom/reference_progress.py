"""A pytest plugin for grade-all's reference run: it says which check starts, so the teacher
sees which exercise Keras is computing instead of a silent wait.

``grade-all`` loads it into its one ``rnnlab grade`` run over the untouched stubs (through
``PYTEST_ADDOPTS``; never into a student's run) and reads its lines from the run's stderr:
``<PREFIX> total N`` once the checks are collected, then ``<PREFIX> <module> <i>`` as the
i-th check starts, ``<module>`` the grading test's module (``test_e02_simple_rnn``). It writes
to a copy of stderr made when pytest loads it, before pytest captures the real one.
"""

from __future__ import annotations

import os
from typing import Any

PREFIX = "rnnlab-references:"
PLUGIN = "rnnlab.classroom.reference_progress"
_stream = os.fdopen(os.dup(2), "w", buffering=1, encoding="utf-8")
_started = 0


def pytest_collection_finish(session: Any) -> None:
    _stream.write(f"{PREFIX} total {len(session.items)}\n")


def pytest_runtest_logstart(nodeid: str, location: tuple[str, int | None, str]) -> None:
    global _started  # one count per process: the run is one pytest session
    _started += 1
    module = os.path.splitext(os.path.basename(location[0]))[0]
    _stream.write(f"{PREFIX} {module} {_started}\n")
