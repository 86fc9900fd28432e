"""Spare workers (``rnnlab watch``): started early, they read the learner's file only once a
grade hands it to them, and none outlives its watch."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

import pytest

from rnnlab.grader.sandbox import standby, workers
from rnnlab.grader.sandbox.protocol import GRADER_PID
from rnnlab.grader.sandbox.supervisor import Sandbox


def _gone(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.05)
    return False


def _spare_pid() -> int:
    assert len(standby._spares) == 1
    return standby._spares[0].process.pid


def test_a_spare_reads_the_learners_file_only_when_handed_it(tmp_path):
    marker = tmp_path / "imported"
    with standby.standing_by(1) as fill:
        fill()
        spare = _spare_pid()
        time.sleep(1.0)  # long enough to have imported anything it would import unasked
        # Written after the spare started: what it grades is the file as it is now.
        (tmp_path / "e01_demo.py").write_text(
            f"open({str(marker)!r}, 'w').close()\ndef f():\n    return 7.0\n"
        )
        assert not marker.exists()
        box = Sandbox(tmp_path, "e01_demo", time_limit=20)
        assert box.call("f", "f()").value == 7.0
        assert box._process is not None and box._process.pid == spare  # the spare did it
        assert marker.exists() and standby._spares == []
        box.close()


def test_spares_end_with_the_watch(tmp_path):
    with standby.standing_by(1) as fill:
        fill()
        spare = standby._spares[0]  # held here: its pipe is not closed by the garbage collector
    assert _gone(spare.process.pid, seconds=2)
    assert standby._spares == []
    standby.fill()  # outside standing_by: no spare is kept
    assert standby._spares == []


def test_a_spare_started_under_other_settings_is_not_used(tmp_path, monkeypatch):
    (tmp_path / "e01_demo.py").write_text("import os\ndef f():\n    return os.environ['X']\n")
    monkeypatch.setenv("X", "before")
    with standby.standing_by(1) as fill:
        fill()
        spare = _spare_pid()
        monkeypatch.setenv("X", "after")  # e.g. RNNLAB_LANG changed since the spare started
        box = Sandbox(tmp_path, "e01_demo", time_limit=20)
        assert box.call("f", "f()").value == "after"
        assert box._process is not None and box._process.pid != spare
        assert _gone(spare, seconds=2)
        box.close()


def test_an_official_worker_never_takes_a_spare(tmp_path, monkeypatch):
    def refuse() -> None:
        raise AssertionError("an official sandbox asked for a spare")

    monkeypatch.setattr(standby, "take", refuse)
    (tmp_path / "e01_demo.py").write_text("def f():\n    return 1.0\n")
    box = Sandbox(tmp_path, "e01_demo", time_limit=20, official=True)
    box.start()
    box.close()


def test_a_spare_ends_when_its_grader_is_killed(tmp_path):
    code = (
        "import sys, time\n"
        "from rnnlab.grader.sandbox import standby\n"
        "with standby.standing_by(1) as fill:\n"
        "    fill()\n"
        "    print(standby._spares[0].process.pid, flush=True)\n"
        "    time.sleep(600)\n"
    )
    grader = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert grader.stdout is not None
    spare = int(grader.stdout.readline())
    time.sleep(0.5)
    grader.send_signal(signal.SIGKILL)
    grader.wait(timeout=30)
    assert _gone(spare), "a spare worker outlived its watch"


@pytest.mark.parametrize("count", [0, -1, 1.5])
def test_standing_by_names_a_bad_count(count):
    with pytest.raises(ValueError, match=r"`count`.*Received: "), standby.standing_by(count):
        pass


def test_a_grade_run_by_pytest_still_finds_the_spare(tmp_path, monkeypatch):
    """pytest sets PYTEST_VERSION while it grades, never between grades, when spares start."""
    (tmp_path / "e01_demo.py").write_text(
        "import os\ndef f():\n    return 'PYTEST_VERSION' in os.environ\n"
    )
    monkeypatch.delenv("PYTEST_VERSION", raising=False)
    with standby.standing_by(1) as fill:
        fill()
        spare = _spare_pid()
        monkeypatch.setenv("PYTEST_VERSION", "9.2.0")
        box = Sandbox(tmp_path, "e01_demo", time_limit=20)
        assert box.call("f", "f()").value is False  # pytest's variables are not the worker's
        assert box._process is not None and box._process.pid == spare
        box.close()


def test_a_worker_whose_grader_died_before_it_started_ends(tmp_path):
    # The grader's pid comes in the environment: a worker (here a spare, waiting for its
    # arguments) whose grader is already gone when it starts must not wait forever.
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    env = {
        **workers.worker_environment(tmp_path),
        GRADER_PID: str(gone.pid),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "rnnlab.grader.sandbox.worker", "--standby"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        env=env,
        cwd=tmp_path,
    )
    try:
        assert worker.wait(timeout=30) == 1  # ended by its parent watch, pipe still open
    finally:
        worker.kill()
        worker.wait()
