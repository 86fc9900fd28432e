"""A full disk during each write rnnlab makes: the grade still shows, nothing half-written stays.

The disk is "full" through ``RLIMIT_FSIZE``: any file the command writes past the limit fails
with ``EFBIG``, which rnnlab reports as a full disk.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import numpy as np

from .faultlib import E01, WRONG_E01, learner_files, points, rnnlab, survived

CACHE_LINE = "references could not be cached (disk full); the next grade computes them again"


def test_references_cut_short_then_the_disk_fills_while_they_are_cached(ws, record):
    """The issue's first two faults at once: e01's references file is cut short (so Keras
    computes them) and the disk is full when they are saved."""
    (references,) = (ws / ".rnnlab" / "cache").glob("test_e01_*.npz")
    cut = references.read_bytes()[:3000]
    references.write_bytes(cut)
    before = learner_files(ws)
    run = rnnlab(ws, "grade", "e01", limit=2048)
    survived(ws, run, code=0, before=before)
    assert points(run) == "6 / 6"
    assert len(run.lines("could not be read (the file is damaged or cut short)")) == 1
    assert run.lines(CACHE_LINE)
    assert references.read_bytes() == cut  # never replaced by half a file
    listing = rnnlab(ws, "list")  # the next run: whole
    survived(ws, listing, code=0, before=before)
    record(
        "grade e01, cold references",
        "references file cut short, then a full disk (2 KiB) while they are cached",
        "grade shown (6 / 6), exit 0; one line says the file could not be read and one that "
        "the references could not be cached; the damaged file untouched, no temp file",
        ko=(
            "e01 채점, 참조값 캐시 없음",
            "참조값 파일이 중간에 잘린 채로, 저장할 때 디스크가 가득 참 (2,048바이트)",
            "점수가 나옴 (6 / 6), 종료 코드 0. 파일을 읽지 못했다는 줄과 "
            "참조값을 캐시하지 못했다는 줄이 하나씩 나옴. "
            "손상된 파일은 그대로이고 임시 파일은 남지 않음",
        ),
    )


def test_disk_full_while_a_diagnosis_is_cached(ws, record):
    shutil.copy(WRONG_E01, ws / "exercises" / f"{E01}.py")
    for mistakes in (ws / ".rnnlab" / "cache").glob("mistakes-test_e01_*"):
        mistakes.unlink()
    before = learner_files(ws)
    run = rnnlab(ws, "grade", "e01", limit=1024)
    survived(ws, run, code=0, before=before)
    assert points(run) == "4 / 6" and "likely mistake" in run.out
    assert run.lines(CACHE_LINE)
    again = rnnlab(ws, "grade", "e01")  # the next run: computes and keeps them
    survived(ws, again, code=0, before=before)
    assert points(again) == "4 / 6" and CACHE_LINE not in again.out
    (kept,) = (ws / ".rnnlab" / "cache").glob("mistakes-test_e01_*.npz")
    with np.load(kept, allow_pickle=False) as data:
        assert "index" in data
    record(
        "grade e01, a wrong answer",
        "full disk (1 KiB) while the catalogued mistakes' outputs are cached",
        "grade and likely mistake shown (4 / 6), exit 0, one line; the next grade caches them",
        ko=(
            "e01 채점, 틀린 답",
            "목록에 있는 실수의 출력값을 캐시할 때 디스크가 가득 참 (1,024바이트)",
            "점수와 흔한 실수가 나옴 (4 / 6), 종료 코드 0, 한 줄 안내. 다음 채점에서 캐시됨",
        ),
    )


def test_disk_full_while_report_and_progress_are_saved(ws, record):
    before = learner_files(ws)
    run = rnnlab(ws, "grade", "e01", limit=100)
    survived(ws, run, code=0, before=before)
    assert points(run) == "6 / 6"
    assert run.lines("the report") and run.lines("could not be saved (disk full)")
    assert run.lines("your progress could not be saved (disk full)")
    assert not (ws / ".rnnlab" / "report.json").exists()
    listing = rnnlab(ws, "list")
    survived(ws, listing, code=0, before=before)
    assert "not graded yet" in listing.lines(E01)[0]  # as the line said
    record(
        "grade e01",
        "full disk (100 B) while report.json and progress.json are written",
        "grade shown (6 / 6), exit 0, one line for each file; `list` works after",
        ko=(
            "e01 채점",
            "report.json과 progress.json을 쓸 때 디스크가 가득 참 (100바이트)",
            "점수가 나옴 (6 / 6), 종료 코드 0, 파일마다 한 줄 안내. 그 뒤에도 `list`가 동작함",
        ),
    )


def test_disk_full_with_json_output_still_prints_the_report(ws, record):
    before = learner_files(ws)
    run = rnnlab(ws, "grade", "e01", "--format", "json", limit=100)
    survived(ws, run, code=0, before=before)
    report = json.loads(run.out[run.out.index("{") : run.out.rindex("}") + 1])
    assert report["exercises"][E01]["earned"] == 6
    record(
        "grade e01 --format json",
        "full disk (100 B) while report.json is written",
        "the report is printed whole (6 / 6), exit 0, one line about report.json",
        ko=(
            "e01 채점 `--format json`",
            "report.json을 쓸 때 디스크가 가득 참 (100바이트)",
            "보고서 전체가 출력됨 (6 / 6), 종료 코드 0, report.json에 대한 한 줄 안내",
        ),
    )


def test_disk_full_while_the_gradescope_file_is_written(ws, record):
    before = learner_files(ws)
    run = rnnlab(ws, "grade", "e01", "--format", "gradescope", limit=100)
    survived(ws, run, code=1, before=before)
    assert run.lines("6 / 6 points, but .rnnlab/results.json could not be written (disk full)")
    assert not (ws / ".rnnlab" / "results.json").exists()
    again = rnnlab(ws, "grade", "e01", "--format", "junit")
    survived(ws, again, code=0, before=before)
    assert (ws / ".rnnlab" / "junit.xml").read_text().startswith('<testsuites tests="15"')
    record(
        "grade e01 --format gradescope",
        "full disk (100 B) while results.json is written",
        "points shown with one line saying the file was not written, exit 1 (the asked-for "
        "file is missing); JUnit output works on the next run",
        ko=(
            "e01 채점 `--format gradescope`",
            "results.json을 쓸 때 디스크가 가득 참 (100바이트)",
            "점수와 함께 파일을 쓰지 못했다는 한 줄이 나옴, 종료 코드 1 "
            "(요청한 파일이 없음). 다음 실행에서 `junit` 출력은 정상",
        ),
    )


def test_disk_full_while_the_hint_count_is_saved(ws, record):
    before = learner_files(ws)
    run = rnnlab(ws, "hint", "e01", limit=10)
    survived(ws, run, code=0, before=before)
    assert "Hint 1 of 4" in run.out and run.lines("the hint count could not be saved")
    again = rnnlab(ws, "hint", "e01")
    survived(ws, again, code=0, before=before)
    assert "Hint 1 of 4" in again.out  # as the line said: given again
    record(
        "hint e01",
        "full disk (10 B) while state.json is written",
        "hint 1 shown, exit 0, one line; the next `hint` gives hint 1 again and keeps it",
        ko=(
            "e01 힌트",
            "state.json을 쓸 때 디스크가 가득 참 (10바이트)",
            "힌트 1이 나옴, 종료 코드 0, 한 줄 안내. 다음 `hint`는 힌트 1을 다시 보여 주고 기록함",
        ),
    )


def test_disk_full_while_reset_backs_up_a_large_file(ws, record):
    target = ws / "exercises" / f"{E01}.py"
    target.write_text(target.read_text() + "# my work\n" * 2000)
    before = learner_files(ws)
    run = rnnlab(ws, "reset", "e01", "--yes", limit=8192)
    survived(ws, run, code=1, before=before)
    assert run.lines("Nothing changed:") and "(disk full)" in run.out
    assert list((ws / ".rnnlab" / "backups").glob("*")) == []  # no partial backup
    done = rnnlab(ws, "reset", "e01", "--yes")
    survived(ws, done, code=0, before=before, changed=[target.name])
    (backup,) = (ws / ".rnnlab" / "backups").glob(f"{E01}.*.py")
    assert backup.read_bytes().endswith(b"# my work\n" * 2000)
    record(
        "reset e01 --yes",
        "full disk (8 KiB) while a 20 KiB learner file is backed up",
        "nothing changed, exit 1, one line; no partial backup; the next reset backs up in full",
        ko=(
            "`reset e01 --yes`",
            "2만 바이트가 넘는 학습자 파일을 백업할 때 디스크가 가득 참 (8,192바이트)",
            "아무것도 바뀌지 않음, 종료 코드 1, 한 줄 안내. "
            "불완전한 백업은 남지 않고, 다음 `reset`은 전체를 백업함",
        ),
    )


def test_disk_full_while_reset_writes_the_stub(ws, record):
    target = ws / "exercises" / f"{E01}.py"
    target.write_text("# a small start\n")
    before = learner_files(ws)
    run = rnnlab(ws, "reset", "e01", "--yes", limit=1024)
    survived(ws, run, code=1, before=before)
    assert run.lines("Nothing changed: the stub could not be written over")
    (backup,) = (ws / ".rnnlab" / "backups").glob(f"{E01}.*.py")
    assert backup.read_text() == "# a small start\n"
    record(
        "reset e01 --yes",
        "full disk (1 KiB) while the stub replaces the learner's file",
        "the learner's file unchanged, exit 1, one line naming the verified backup",
        ko=(
            "`reset e01 --yes`",
            "학습자 파일을 스텁으로 바꿀 때 디스크가 가득 참 (1,024바이트)",
            "학습자 파일은 그대로, 종료 코드 1, 검증된 백업을 알려 주는 한 줄 안내",
        ),
    )


def _in_child(code: str, limit: int) -> subprocess.CompletedProcess:
    prelude = (
        "import resource, signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", prelude + code],
        capture_output=True,
        text=True,
        timeout=120,
        env={"RNNLAB_LANG": "en", "PATH": ""},
    )


def test_disk_full_while_stubs_are_regenerated(tmp_path, record):
    target = tmp_path / "exercises" / "e01_embedding.py"
    target.parent.mkdir()
    target.write_text("old stub\n")
    child = _in_child(
        "from pathlib import Path; from rnnlab.safe_io import write_atomic, reason\n"
        f"try:\n    write_atomic(Path({str(target)!r}), 'x' * 4096)\n"
        "except OSError as error:\n    print('refused:', reason(error))\n",
        limit=1024,
    )
    assert child.returncode == 0 and child.stdout == "refused: disk full\n", child.stderr
    assert target.read_text() == "old stub\n"
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]
    record(
        "write_atomic (stubs, state, outputs)",
        "full disk (1 KiB) while a 4 KiB file replaces an old one",
        "the old file intact, no temp file, the error said as 'disk full'",
        ko=(
            "`write_atomic` (스텁, 상태, 출력 파일)",
            "4,096바이트 파일로 옛 파일을 바꿀 때 디스크가 가득 참 (1,024바이트)",
            "옛 파일은 그대로, 임시 파일 없음, 오류는 '디스크 공간 부족'으로 안내",
        ),
    )
