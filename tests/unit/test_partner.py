"""A grade's partner: the references it computes are the grade's own, and nothing else changes."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import pytest
from conftest import ROOT, run_grader

from rnnlab.grader import partner
from rnnlab.grader.reference_cache import ReferenceStore


def test_adopted_references_count_as_computed_now_and_are_saved(tmp_path, test_file):
    elsewhere = ReferenceStore(tmp_path / "partner", test_file, fresh=True)
    elsewhere.get("a", lambda: np.arange(3.0))
    elsewhere.get("b", lambda: 7)
    elsewhere.save()
    store = ReferenceStore(tmp_path / "cache", test_file, fresh=True)
    store.get("b", lambda: 8)  # computed here first: kept, not replaced
    store.adopt(elsewhere.path)
    assert np.array_equal(store.get("a", lambda: pytest.fail("adopted, not computed")), [0, 1, 2])
    assert store.get("b", lambda: pytest.fail("held")) == 8
    assert (store.computed, store.hits, store.adopted) == (2, 1, 1)  # "a" there, "b" here
    store.get("a", lambda: pytest.fail("adopted"))  # asked again: a plain hit
    assert (store.computed, store.hits, store.adopted) == (2, 2, 1)
    store.save()
    again = ReferenceStore(tmp_path / "cache", test_file)
    assert again.get("a", lambda: None) is not None and again.hits == 1  # saved with the store's


def test_a_file_goes_to_whichever_claims_it_first(tmp_path, test_file):
    assert partner.claim(tmp_path, test_file)
    assert not partner.claim(tmp_path, test_file)


def _partner_running(code: str) -> partner.Partner:
    folder = tempfile.TemporaryDirectory(prefix="rnnlab-partner-")
    return partner.Partner(folder, subprocess.Popen([sys.executable, "-c", code]))


def test_the_grade_computes_a_file_it_claims_first(test_file):
    helper = _partner_running("import time; time.sleep(30)")
    try:
        assert helper.references_of(test_file) is None  # claimed now: no waiting
    finally:
        helper.close()
    assert not helper.folder.exists() and helper.process.returncode is not None


def test_a_partner_that_dies_leaves_its_files_to_the_grade(test_file):
    helper = _partner_running("pass")
    partner.claim(helper.folder, test_file)  # as if the partner took it, then ended
    assert helper.references_of(test_file) is None
    helper.close()


def test_a_stuck_partner_is_waited_for_once(monkeypatch, tmp_path):
    monkeypatch.setattr(partner, "WAIT_LIMIT", 0.3)
    helper = _partner_running("import time; time.sleep(30)")
    first, second = tmp_path / "test_e01_a.py", tmp_path / "test_e02_b.py"
    partner.claim(helper.folder, first)  # as if it took both and never finished
    partner.claim(helper.folder, second)
    try:
        started = time.monotonic()
        assert helper.references_of(first) is None
        assert helper.process.poll() is not None  # stopped after the wait
        assert helper.references_of(second) is None
        assert time.monotonic() - started < 5  # the second file did not wait again
    finally:
        helper.close()


def test_a_finished_partner_hands_over_what_it_saved(test_file):
    helper = _partner_running("import time; time.sleep(30)")
    try:
        partner.claim(helper.folder, test_file)
        saved = ReferenceStore(helper.folder, test_file, fresh=True)
        saved.get("a", lambda: 1)
        saved.save()
        partner.finish(helper.folder)
        assert helper.references_of(test_file) == saved.path
    finally:
        helper.close()


@pytest.mark.parametrize(
    ("official", "seeded", "files", "switch", "expected"),
    [
        (False, False, 2, None, True),
        (True, False, 2, None, False),  # official: computes its own
        (False, True, 2, None, False),  # a secret seed (grade-all's references): the same
        (False, False, 1, None, False),  # one file: nothing to share
        (False, False, 2, "0", False),  # RNNLAB_PARTNER=0
    ],
)
def test_who_gets_a_partner(monkeypatch, tmp_path, official, seeded, files, switch, expected):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    if switch is None:
        monkeypatch.delenv(partner.SWITCH, raising=False)
    else:
        monkeypatch.setenv(partner.SWITCH, switch)
    due = [tmp_path / f"test_e0{n}.py" for n in range(files)]
    assert partner.wanted(due, official=official, seeded=seeded) is expected
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert not partner.wanted(due, official=official, seeded=seeded)


def _fresh_grade(tmp_path, name, switch):
    scratch = tmp_path / f"tmp-{name}"
    scratch.mkdir()
    code, report, printed = run_grader(
        "solutions",
        ["e02", "e09"],
        tmp_path / f"{name}.json",
        "--fresh-references",
        env={"TMPDIR": str(scratch), partner.SWITCH: switch},
    )
    assert code == 0, printed
    assert list(scratch.iterdir()) == []  # the partner's folder and the workers' are gone
    return report


def test_a_fresh_grade_with_a_partner_reports_exactly_what_one_without_does(tmp_path):
    alone = _fresh_grade(tmp_path, "alone", "0")
    together = _fresh_grade(tmp_path, "together", "1")

    def outcome(report):
        return {
            name: [(t["name"], t["earned"], t["message"], t["mistakes"]) for t in e["tests"]]
            for name, e in report["exercises"].items()
        }

    assert list(together["exercises"]) == ["e02_simple_rnn", "e09_models"]  # the course's order
    assert outcome(together) == outcome(alone)
    assert together["earned"] == together["possible"] == alone["earned"]
    # Every reference counts as computed by Keras in this run, wherever it was computed. The
    # grade takes e09 first (its worker and trainings are its own): the partner takes e02.
    computed = alone["references"]["computed_by_keras"]
    assert alone["references"] == {
        "computed_by_keras": computed,
        "from_cache": 0,
        "computed_by_partner": 0,
    }
    assert together["references"]["computed_by_keras"] == computed
    assert together["references"]["from_cache"] == 0
    assert together["references"]["computed_by_partner"] == 27  # e02's, all of them


def _partners_of(grade: int) -> list[int]:
    """The live processes whose parent is ``grade`` and which run as a partner (Linux /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = open(f"/proc/{entry}/stat").read()  # noqa: SIM115 - one read
            command = open(f"/proc/{entry}/cmdline", "rb").read()  # noqa: SIM115
        except OSError:
            continue  # ended meanwhile
        state, parent = stat.rsplit(")", 1)[1].split()[:2]
        if state not in "ZX" and int(parent) == grade and b"--reference-partner" in command:
            found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]  # noqa: SIM115
    except OSError:
        return False
    return state not in "ZX"


def test_a_partner_ends_when_its_grade_is_killed(tmp_path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    command = ["grade", "e02", "e03", "--impl", "solutions", "--fresh-references"]
    grading = subprocess.Popen(
        [sys.executable, "-m", "rnnlab", *command, "--report", str(tmp_path / "report.json")],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "TMPDIR": str(scratch), partner.SWITCH: "1"},
    )
    deadline = time.monotonic() + 60
    while not (found := _partners_of(grading.pid)):
        assert grading.poll() is None and time.monotonic() < deadline, "no partner started"
        time.sleep(0.05)
    grading.kill()
    grading.wait()
    deadline = time.monotonic() + 3  # it looks for its grade twice a second
    while _alive(found[0]):
        assert time.monotonic() < deadline, "the partner outlived its killed grade"
        time.sleep(0.05)
