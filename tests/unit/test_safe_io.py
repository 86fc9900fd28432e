"""rnnlab.safe_io: whole files or none, verified backups, and the lines that say what failed.
(tests/faults/ runs the commands under real faults; these pin the module's own promises.)"""

import os
import subprocess

import pytest

from rnnlab import safe_io


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path):
    target = tmp_path / "state.json"
    target.write_text("old\n")

    def half_then_fail(handle):
        handle.write(b"new, but only half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        safe_io.write_atomic(target, half_then_fail)
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_bad_data_is_named(tmp_path):
    with pytest.raises(TypeError, match=r"argument `data`.*Received: int"):
        safe_io.write_atomic(tmp_path / "x", 3)


def test_temp_files_of_dead_writers_go_and_live_ones_stay(tmp_path):
    gone = subprocess.Popen(["true"])
    gone.wait()
    dead = tmp_path / f".report.json.{gone.pid}.abcdef.tmp"
    live = tmp_path / f".report.json.{os.getppid()}.abcdef.tmp"
    for temp in (dead, live):
        temp.write_text("half")
    safe_io.write_atomic(tmp_path / "report.json", "{}\n")
    assert not dead.exists() and live.exists()


def test_a_backup_that_differs_from_the_original_is_refused_and_removed(tmp_path, monkeypatch):
    work = tmp_path / "e01_embedding.py"
    work.write_text("# my work\n" * 100)
    real = safe_io.write_atomic
    monkeypatch.setattr(safe_io, "write_atomic", lambda path, data: real(path, data[:-5]))
    with pytest.raises(safe_io.BackupError):
        safe_io.backup_verified(work, tmp_path / "backups")
    assert list((tmp_path / "backups").iterdir()) == []
    monkeypatch.setattr(safe_io, "write_atomic", real)
    copy = safe_io.backup_verified(work, tmp_path / "backups")
    assert copy.read_bytes() == work.read_bytes() and copy.parent.name == "backups"


def test_lines_wait_while_held(capsys):
    safe_io.hold_warnings()
    safe_io.warn("safe_io.cache_not_saved", why="disk full")
    safe_io.warn("safe_io.cache_not_saved", why="disk full")  # said once
    assert capsys.readouterr().err == ""
    assert safe_io.release_warnings() == [
        "references could not be cached (disk full); the next grade computes them again"
    ]
    safe_io.warn("safe_io.cache_not_saved", why="disk full")
    assert "could not be cached" in capsys.readouterr().err
