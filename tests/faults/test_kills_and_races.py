"""A grade killed with SIGKILL, then run again; two grades at once; a read-only ``.rnnlab/``."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import time

import pytest

from .faultlib import (
    E01,
    WRONG_E01,
    Run,
    learner_files,
    points,
    read_only_prefix,
    rnnlab,
    start,
    survived,
)


def _wait_for(path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.05)


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


def _kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)


def test_killed_while_the_learners_code_runs(ws, record):
    marker = ws.parent / "worker.pid"
    solution = (ws / "solutions" / f"{E01}.py").read_text()
    slow = solution + (
        "\n\nimport os as _os, time as _time\n"
        "_lookup = embedding_lookup\n"
        "def embedding_lookup(*args, **kwargs):\n"
        f"    open({str(marker)!r}, 'w').write(str(_os.getpid()))\n"
        "    _time.sleep(60)\n"
        "    return _lookup(*args, **kwargs)\n"
    )
    (ws / "exercises" / f"{E01}.py").write_text(slow)
    before = learner_files(ws)
    grading = start(ws, "grade", "e01")
    _wait_for(marker)
    _kill(grading)
    assert _gone(int(marker.read_text())), "the worker outlived its grader"
    (ws / "exercises" / f"{E01}.py").write_text(solution)
    again = rnnlab(ws, "grade", "e01")
    survived(ws, again, code=0, before=learner_files(ws))
    assert points(again) == "6 / 6" and before != learner_files(ws)
    record(
        "grade e01",
        "SIGKILL while the learner's code runs in its worker",
        "no worker left behind; the next grade whole (6 / 6), exit 0, no temp file",
        ko=(
            "e01 채점",
            "학습자 코드가 작업 프로세스에서 도는 동안 `SIGKILL`",
            "남는 작업 프로세스 없음. 다음 채점은 온전함 (6 / 6), 종료 코드 0, 임시 파일 없음",
        ),
    )


@pytest.mark.parametrize("after", [0.3, 1.5])
def test_killed_early_in_a_grade(ws, record, after):
    before = learner_files(ws)
    grading = start(ws, "grade", "e01")
    time.sleep(after)
    os.killpg(grading.pid, signal.SIGKILL)
    grading.communicate(timeout=60)
    again = rnnlab(ws, "grade", "e01")
    survived(ws, again, code=0, before=before)
    assert points(again) == "6 / 6"
    assert json.loads((ws / ".rnnlab" / "progress.json").read_text())[E01]["earned"] == 6
    record(
        "grade e01",
        f"SIGKILL of the grade's process group {after:g} s after it started",
        "the next grade whole (6 / 6), exit 0; report and progress whole",
        ko=(
            "e01 채점",
            f"채점을 시작하고 {after:g}초 뒤 프로세스 그룹에 `SIGKILL`",
            "다음 채점은 온전함 (6 / 6), 종료 코드 0. 보고서와 진행 상황도 온전함",
        ),
    )


def test_killed_between_temp_file_and_rename(ws, record):
    """What a kill in the middle of any write leaves: temp files of a writer that is gone."""
    gone = subprocess.Popen(["true"])
    gone.wait()
    leftovers = [
        ws / ".rnnlab" / f".report.json.{gone.pid}.a1b2c3.tmp",
        ws / ".rnnlab" / f".progress.json.{gone.pid}.a1b2c3.tmp",
        ws / ".rnnlab" / "cache" / f".mistakes-test_e01.npz.{gone.pid}.a1b2c3.tmp",
    ]
    for leftover in leftovers:
        leftover.write_bytes(b"half of something")
    before = learner_files(ws)
    shutil.copy(WRONG_E01, ws / "exercises" / f"{E01}.py")
    for mistakes in (ws / ".rnnlab" / "cache").glob("mistakes-test_e01_*"):
        mistakes.unlink()  # so the cache folder is written too
    run = rnnlab(ws, "grade", "e01")
    survived(ws, run, code=0, before=learner_files(ws))
    assert points(run) == "4 / 6" and before != learner_files(ws)
    record(
        "grade e01",
        "SIGKILL between a temp file and its rename (report, progress, cache)",
        "the next grade whole (4 / 6), exit 0, and the dead writer's temp files removed",
        ko=(
            "e01 채점",
            "임시 파일과 이름 바꾸기 사이의 `SIGKILL` (보고서, 진행 상황, 캐시)",
            "다음 채점은 온전함 (4 / 6), 종료 코드 0. 죽은 프로세스의 임시 파일은 지워짐",
        ),
    )


def test_two_grades_at_once(ws, record):
    shutil.copy(WRONG_E01, ws / "exercises" / f"{E01}.py")
    for mistakes in (ws / ".rnnlab" / "cache").glob("mistakes-test_e01_*"):
        mistakes.unlink()  # both compute the diagnosis and save it at once
    before = learner_files(ws)
    first, second = start(ws, "grade", "e01"), start(ws, "grade", "e01")
    printed = [p.communicate(timeout=600)[0] for p in (first, second)]
    runs = [Run(p.returncode, out) for p, out in zip((first, second), printed)]
    for run in runs:
        survived(ws, run, code=0, before=before)
        assert points(run) == "4 / 6" and "likely mistake" in run.out
    assert json.loads((ws / ".rnnlab" / "report.json").read_text())["earned"] == 4
    assert json.loads((ws / ".rnnlab" / "progress.json").read_text())[E01]["earned"] == 4
    assert len(list((ws / ".rnnlab" / "cache").glob("mistakes-test_e01_*.npz"))) == 1
    record(
        "grade e01 twice at once",
        "two grades of a wrong answer on a cold diagnosis cache",
        "both show 4 / 6 with the likely mistake, exit 0; report, progress and cache whole",
        ko=(
            "e01 채점 두 번 동시에",
            "진단 캐시가 빈 상태에서 틀린 답을 동시에 두 번 채점",
            "둘 다 흔한 실수와 함께 4 / 6, 종료 코드 0. 보고서, 진행 상황, 캐시 모두 온전함",
        ),
    )


@pytest.fixture
def read_only(ws):
    prefix = read_only_prefix()
    if prefix is None:
        pytest.skip("no way to make a folder read-only for root here (no user namespaces)")
    folders = [ws / ".rnnlab", *(p for p in (ws / ".rnnlab").rglob("*") if p.is_dir())]
    for folder in folders:
        folder.chmod(0o555)
    yield prefix
    for folder in folders:
        folder.chmod(0o755)


def test_read_only_state_folder_grade(ws, read_only, record):
    before = learner_files(ws)
    run = rnnlab(ws, "grade", "e01", prefix=read_only)
    survived(ws, run, code=0, before=before)
    assert points(run) == "6 / 6"
    assert run.lines("could not be saved (not allowed to write there)")
    hint = rnnlab(ws, "hint", "e01", prefix=read_only)
    survived(ws, hint, code=0, before=before)
    assert "Hint 1 of 4" in hint.out and hint.lines("the hint count could not be saved")
    record(
        "grade e01, hint e01",
        "a read-only .rnnlab/",
        "grade shown (6 / 6) and hint 1 shown, exit 0, one line for each file not saved",
        ko=(
            "e01 채점, e01 힌트",
            "읽기 전용 .rnnlab/",
            "점수 (6 / 6)와 힌트 1이 나옴, 종료 코드 0, 저장하지 못한 파일마다 한 줄 안내",
        ),
    )


def test_read_only_state_folder_reset(ws, read_only, record):
    target = ws / "exercises" / f"{E01}.py"
    before = learner_files(ws)
    run = rnnlab(ws, "reset", "e01", "--yes", prefix=read_only)
    survived(ws, run, code=1, before=before)
    assert run.lines("Nothing changed:") and "not allowed to write there" in run.out
    listing = rnnlab(ws, "list", prefix=read_only)
    survived(ws, listing, code=0, before=before)
    assert target.read_text() == (ws / "solutions" / f"{E01}.py").read_text()
    record(
        "reset e01 --yes, then list",
        "a read-only .rnnlab/ (no room for the backup)",
        "nothing changed, exit 1, one line; `list` works",
        ko=(
            "`reset e01 --yes`, 그다음 `list`",
            "읽기 전용 .rnnlab/ (백업할 자리가 없음)",
            "아무것도 바뀌지 않음, 종료 코드 1, 한 줄 안내. `list`는 동작함",
        ),
    )
