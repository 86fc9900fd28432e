"""The rnnlab command: friendly errors for unknown names, list works without a report."""

import json
import os
import subprocess
import sys

from conftest import ROOT


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "rnnlab", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"COLUMNS": "200", "PATH": ""},
    )


def test_unknown_exercise_is_a_usage_error_with_a_suggestion():
    process = run("grade", "simple_rn")
    assert process.returncode == 2
    assert "did you mean e02_simple_rnn?" in process.stdout


def test_list_shows_the_course_in_order():
    process = run("list")
    assert process.returncode == 0
    assert process.stdout.index("e01_embedding") < process.stdout.index("e02_simple_rnn")


def test_bad_impl_folder_is_a_grader_error(tmp_path):
    process = run(
        "grade", "e01", "--impl", str(tmp_path / "nowhere"), "--report", str(tmp_path / "r.json")
    )
    assert process.returncode != 0
    assert "--impl" in process.stdout + process.stderr


def main_output(monkeypatch, capsys, error, command="experiment"):
    """What ``rnnlab COMMAND`` prints when the command raises ``error``."""
    from rnnlab import cli

    def raise_error(*args, **kwargs):
        raise error

    monkeypatch.setenv("COLUMNS", "400")  # one line per message: nothing wraps
    monkeypatch.setattr(cli, command, raise_error)
    code = cli.main([command, "embeddings"])
    return code, capsys.readouterr().out


def test_a_missing_package_error_prints_its_install_command_verbatim(monkeypatch, capsys):
    from rnnlab.data.shipped import _missing

    code, out = main_output(monkeypatch, capsys, _missing("gensim", "The embeddings experiment"))
    assert code == 2
    assert 'pip install "rnnlab[data]"' in out


def test_an_error_holding_markup_is_printed_as_it_is(monkeypatch, capsys):
    message = "expected [/x] and [bold]not bold[/bold]"
    code, out = main_output(monkeypatch, capsys, ValueError(message))
    assert code == 2
    assert f"rnnlab experiment: {message}" in out


def test_a_hint_holding_brackets_is_printed_as_it_is(monkeypatch, capsys, tmp_path):
    from rnnlab import cli
    from rnnlab.workspace.checkout import Workspace

    class Here:
        def next_hint(self, exercise):
            return 1, "index h[t] and x[:, t]; [/x] closes nothing"

    monkeypatch.setenv("COLUMNS", "400")
    monkeypatch.setattr(Workspace, "here", staticmethod(Here))
    assert cli.hint("e02", cli.Console()) == 0
    assert "index h[t] and x[:, t]; [/x] closes nothing" in capsys.readouterr().out


def test_grader_errors_and_tamper_reasons_are_printed_as_they_are():
    import io

    from rich.console import Console

    from rnnlab.grader.report import GradeBook

    book = GradeBook(tampered=["tests/grading/[x].py changed"], grader_errors=["bad [/x] input"])
    console = Console(width=200, file=io.StringIO(), color_system=None)
    book.print(console)
    printed = console.file.getvalue()
    assert "tests/grading/[x].py changed" in printed and "bad [/x] input" in printed


def test_a_grade_that_loaded_keras_ends_quickly_and_leaves_nothing_behind(tmp_path):
    # `run` skips the interpreter's teardown once TensorFlow is loaded: the table must still be
    # printed whole, the exit code kept, and the workers' temporary folders removed first.
    references = tmp_path / "references"
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    output = ["--format", "json", "--report", str(tmp_path / "report.json")]
    command = ["grade", "e01", "--impl", "solutions", "--shared-references", str(references)]
    done = subprocess.run(
        [sys.executable, "-m", "rnnlab", *command, *output],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "TMPDIR": str(scratch), "RNNLAB_LANG": "en"},
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["references"]["computed_by_keras"] > 0  # Keras was imported
    assert (
        report["exercises"]["e01_embedding"]["earned"]
        == report["exercises"]["e01_embedding"]["possible"]
    )
    assert sorted(p.name for p in scratch.iterdir()) == []
