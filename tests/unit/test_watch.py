"""rnnlab watch grades everything, then re-grades an exercise as soon as its file is saved."""

import json
import shutil
import subprocess
import sys
import time

from conftest import ROOT, rnnlab


def _events(checkout):
    path = checkout / ".rnnlab" / "watch-events.jsonl"  # written by bench/watch_events.py
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_saving_a_file_regrades_only_that_exercise(checkout):
    process = subprocess.Popen(
        [sys.executable, ROOT / "bench" / "watch_events.py", ".rnnlab/watch-events.jsonl", "1"],
        cwd=checkout,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    course = len(list((ROOT / "solutions").glob("e*.py")))
    deadline = time.time() + 300
    while len(_events(checkout)) < course and time.time() < deadline:
        time.sleep(0.05)
    assert len(_events(checkout)) == course, "the first full grade never finished"
    assert all(event["earned"] == 0 for event in _events(checkout))
    time.sleep(0.5)  # the watcher starts after the first grade
    shutil.copy(ROOT / "solutions" / "e01_embedding.py", checkout / "exercises")
    output, _ = process.communicate(timeout=120)
    assert process.returncode == 0, output
    last = _events(checkout)[course:]
    assert [(e["exercise"], e["earned"]) for e in last] == [("e01_embedding", 6.0)]
    assert "rnnlab watch" in output


def test_watch_names_what_it_watches_and_refuses_a_stray_name(checkout):
    done = rnnlab(checkout, "watch", "e99")
    assert done.returncode == 2 and "e99" in done.stdout, done.stdout + done.stderr


def test_each_regrade_finds_a_spare_worker_and_none_outlives_the_watch(tmp_path, monkeypatch):
    """Between saves a worker waits, started (`rnnlab.grader.sandbox.standby`), so a save
    costs the import of the saved file only; when the watch ends, so do the spares."""
    import io

    from rich.console import Console

    from rnnlab import watch as watching
    from rnnlab.grader.sandbox import standby

    started, found = [], []
    start_spare = standby._start_spare

    def counted() -> standby.Spare:
        started.append(start_spare())
        return started[-1]

    def grade(names, *, root, **options):  # what a grade does with a spare: takes it
        spare = standby.take()
        found.append(spare is not None)
        if spare is not None:
            spare.close()
        return 0

    saved = {(2, str(tmp_path / "exercises" / "e02_simple_rnn.py"))}
    monkeypatch.setattr(standby, "_start_spare", counted)
    monkeypatch.setattr(watching, "grade_exercises", grade)
    monkeypatch.setattr("watchfiles.watch", lambda *args, **kwargs: iter([saved, saved]))
    watching.watch(tmp_path, Console(file=io.StringIO()), names=["e02"], exit_after=2)
    assert found == [False, True, True]  # the first grade, then one spare per save
    assert standby._spares == []
    assert len(started) == 3 and all(spare.process.poll() is not None for spare in started)
