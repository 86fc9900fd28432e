"""Truncated, empty and garbage versions of each state file: read, said once, rebuilt."""

from __future__ import annotations

import importlib.util
import json
import py_compile
import shutil
from pathlib import Path

import numpy as np
import pytest

from rnnlab.grader.reference_cache import ReferenceStore

from .faultlib import E01, ROOT, WRONG_E01, learner_files, points, rnnlab, survived

DAMAGE_KO = {"cut short": "중간에 잘림", "empty": "비어 있음", "garbage": "쓰레기 값"}
DAMAGE = {
    "cut short": lambda good: good[: len(good) // 2],
    "empty": lambda good: b"",
    "garbage": lambda good: b"\xff\xfe\x00garbage\x9c" * 7,
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_progress_is_rebuilt(ws, record, damage):
    progress = ws / ".rnnlab" / "progress.json"
    good = json.dumps({E01: {"earned": 6, "possible": 6, "feedback": "", "sha256": None}})
    progress.write_bytes(DAMAGE[damage](good.encode()))
    before = learner_files(ws)
    listing = rnnlab(ws, "list")
    survived(ws, listing, code=0, before=before)
    assert len(listing.lines("your progress file")) == 1 and "not graded yet" in listing.out
    if damage == "garbage":  # the next grade writes it whole again
        run = rnnlab(ws, "grade", "e01")
        survived(ws, run, code=0, before=before)
        assert json.loads(progress.read_text())[E01]["earned"] == 6
    record(
        "list (then grade e01)" if damage == "garbage" else "list",
        f"progress.json {damage}",
        "the table shown, exit 0, one line saying it is rebuilt"
        + ("; the next grade writes it whole" if damage == "garbage" else ""),
        ko=(
            "`list` (그다음 e01 채점)" if damage == "garbage" else "`list`",
            f"progress.json이 {DAMAGE_KO[damage]}",
            "표가 나옴, 종료 코드 0, 다시 만든다는 한 줄 안내"
            + (". 다음 채점이 파일을 온전히 씀" if damage == "garbage" else ""),
        ),
    )


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_hint_state_starts_again(ws, record, damage):
    state = ws / ".rnnlab" / "state.json"
    state.write_bytes(DAMAGE[damage](json.dumps({"hints": {E01: 2}}).encode()))
    before = learner_files(ws)
    run = rnnlab(ws, "hint", "e01")
    survived(ws, run, code=0, before=before)
    assert "Hint 1 of 4" in run.out and len(run.lines("the hint count in")) == 1
    again = rnnlab(ws, "hint", "e01")
    survived(ws, again, code=0, before=before)
    assert "Hint 2 of 4" in again.out and "the hint count" not in again.out
    record(
        "hint e01",
        f"state.json {damage}",
        "hint 1 shown, exit 0, one line; the next hint is 2 (state rebuilt)",
        ko=(
            "e01 힌트",
            f"state.json이 {DAMAGE_KO[damage]}",
            "힌트 1이 나옴, 종료 코드 0, 한 줄 안내. 다음 힌트는 2 (상태를 다시 만듦)",
        ),
    )


def test_damaged_diagnosis_cache_is_computed_again(ws, record):
    shutil.copy(WRONG_E01, ws / "exercises" / f"{E01}.py")
    cached = sorted((ws / ".rnnlab" / "cache").glob("mistakes-test_e01_*.npz"))
    for mistakes in cached:  # the one this grade reads among them
        mistakes.write_bytes(mistakes.read_bytes()[:500])
    before = learner_files(ws)
    run = rnnlab(ws, "grade", "e01")
    survived(ws, run, code=0, before=before)
    assert points(run) == "4 / 6" and "likely mistake" in run.out
    assert "grader error" not in run.out and len(run.lines("could not be read")) == 1
    (whole,) = [p for p in cached if p.exists()]  # written whole again; the others removed
    with np.load(whole, allow_pickle=False) as data:
        assert "index" in data
    record(
        "grade e01, a wrong answer",
        "the catalogued mistakes' cache file cut short (was: BadZipFile, every check 0)",
        "grade and likely mistake shown (4 / 6), exit 0, one line; the file written whole",
        ko=(
            "e01 채점, 틀린 답",
            "목록에 있는 실수의 캐시 파일이 중간에 잘림 (이전: `BadZipFile`, 모든 검사 0점)",
            "점수와 흔한 실수가 나옴 (4 / 6), 종료 코드 0, 한 줄 안내. 파일은 온전히 다시 쓰임",
        ),
    )


def test_a_bytecode_file_cut_short_beside_the_catalogue(ws, record):
    """CPython publishes a .pyc cut short by a full disk as if whole; rnnlab's own imports
    read source, so a grade still works."""
    shutil.copy(WRONG_E01, ws / "exercises" / f"{E01}.py")
    for source in (ws / "tests" / "broken").glob("e01_*.py"):
        compiled = Path(importlib.util.cache_from_source(str(source)))
        py_compile.compile(str(source), cfile=str(compiled), doraise=True)
        compiled.write_bytes(compiled.read_bytes()[:200])  # a valid header, then cut short
    for mistakes in (ws / ".rnnlab" / "cache").glob("mistakes-test_e01_*"):
        mistakes.unlink()  # so the catalogue is imported, not read from the cache
    before = learner_files(ws)
    run = rnnlab(ws, "grade", "e01")
    survived(ws, run, code=0, before=before)
    assert points(run) == "4 / 6" and "likely mistake" in run.out and "grader error" not in run.out
    record(
        "grade e01, a wrong answer",
        "the catalogue's .pyc files cut short (was: EOFError: marshal data too short)",
        "grade and likely mistake shown (4 / 6), exit 0",
        ko=(
            "e01 채점, 틀린 답",
            "실수 목록의 .pyc 파일이 중간에 잘림 (이전: `EOFError: marshal data too short`)",
            "점수와 흔한 실수가 나옴 (4 / 6), 종료 코드 0",
        ),
    )


@pytest.mark.parametrize("damage", ["empty", "garbage"])
def test_damaged_reference_file_is_computed_again(tmp_path, record, damage, capsys):
    """The reference cache's read and write path in the grader's process (the e09 results
    cache shares it); a truncated one is graded for real in test_full_disk.py."""
    test_file = ROOT / "tests" / "grading" / "test_e01_embedding.py"
    store = ReferenceStore(tmp_path, test_file)
    assert store.get("case", lambda: np.arange(3.0)) is not None
    store.save()
    store.path.write_bytes(DAMAGE[damage](store.path.read_bytes()))
    again = ReferenceStore(tmp_path, test_file)
    said = capsys.readouterr().err
    assert "could not be read (the file is damaged or cut short)" in said, said
    assert np.array_equal(again.get("case", lambda: np.arange(3.0)), np.arange(3.0))
    assert again.computed == 1
    again.save()
    third = ReferenceStore(tmp_path, test_file)
    third.get("case", lambda: pytest.fail("computed although cached"))
    assert sorted(p.name for p in Path(tmp_path).iterdir()) == [store.path.name]
    record(
        "reference cache (references, e09 results)",
        f"a cached references file {damage}",
        "one line; computed again and saved whole; the next load reads it",
        ko=(
            "참조값 캐시 (참조값, e09 결과)",
            f"캐시된 참조값 파일이 {DAMAGE_KO[damage]}",
            "한 줄 안내. 다시 계산해 온전히 저장하고, 다음에 읽을 때 그 값을 씀",
        ),
    )
