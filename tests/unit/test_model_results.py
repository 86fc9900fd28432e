"""e09's results remembered per model: an unchanged model is never trained twice, a changed one
is, a damaged entry is computed again with one line said, and an official run reads nothing.

Most tests grade a checkout whose e09 grading module is a small stand-in: its "training" only
counts itself in a file beside it, so the mechanism is tested without Keras training anything.
One test grades the real e09 twice.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, rnnlab

from rnnlab.grader.checks import models
from rnnlab.grader.checks.compare import Mismatch
from rnnlab.grader.remembered import ModelResults
from rnnlab.grader.sandbox.protocol import KerasModel

STAND_IN = textwrap.dedent(
    '''
    """e09 graded by a stand-in whose training counts itself in trainings.txt."""
    from pathlib import Path

    import pytest

    pytestmark = pytest.mark.exercise("e09_models")


    @pytest.mark.points(8)
    def test_classifier_learns(learner, remembered):
        got = learner.build_classifier(vocab_size=12, embedding_dim=8, units=16)

        def train():
            with open(Path(__file__).with_name("trainings.txt"), "a") as log:
                log.write("trained\\n")
            return 0.95

        assert float(remembered(got, train)) > 0.9
    '''
)


def _trainings(checkout: Path) -> int:
    log = checkout / "tests" / "grading" / "trainings.txt"
    return len(log.read_text().splitlines()) if log.exists() else 0


def _grade(checkout: Path, *options: str) -> tuple[dict, str]:
    done = rnnlab(checkout, "grade", "e09", *options)
    report = json.loads((checkout / ".rnnlab" / "report.json").read_text("utf-8"))
    assert report["grader_errors"] == [], done.stdout + done.stderr
    return report, done.stdout + done.stderr


def _remembered(report: dict) -> list[bool]:
    return [test["remembered"] for test in report["exercises"]["e09_models"]["tests"]]


@pytest.fixture
def solved(checkout: Path) -> Path:
    """A checkout with e09 solved and graded by the stand-in, its cache empty."""
    shutil.rmtree(checkout / ".rnnlab" / "cache", ignore_errors=True)
    shutil.copy(ROOT / "solutions" / "e09_models.py", checkout / "exercises")
    (checkout / "tests" / "grading" / "test_e09_models.py").write_text(STAND_IN)
    return checkout


def test_an_unchanged_model_is_not_trained_again_and_a_changed_one_is(solved):
    first, _ = _grade(solved)
    assert _trainings(solved) == 1 and _remembered(first) == [False]
    again, printed = _grade(solved)
    assert _trainings(solved) == 1, "an unchanged model was trained again"
    assert _remembered(again) == [True]
    assert "result remembered from an earlier grade of the same model" in printed
    exercise = solved / "exercises" / "e09_models.py"
    exercise.write_text(exercise.read_text() + "\n# a comment: the same model\n")
    same, _ = _grade(solved)
    assert _trainings(solved) == 1 and _remembered(same) == [True]
    exercise.write_text(
        exercise.read_text().replace("keras.layers.LSTM(units)", "keras.layers.GRU(units)")
    )
    changed, printed = _grade(solved)
    assert _trainings(solved) == 2, "a changed model was not trained"
    assert _remembered(changed) == [False] and "remembered" not in printed


def test_a_damaged_cache_file_is_computed_again_with_one_line(solved):
    _grade(solved)
    (stored,) = (solved / ".rnnlab" / "cache").glob("models-*.npz")
    stored.write_bytes(b"not an npz file")
    report, printed = _grade(solved)
    assert _trainings(solved) == 2 and _remembered(report) == [False]
    warnings = [line for line in printed.splitlines() if "could not be read" in line]
    assert len(warnings) == 1 and stored.name in warnings[0], printed
    assert report["exercises"]["e09_models"]["earned"] == 8


def test_an_official_run_never_reads_the_remembered_results(solved):
    _grade(solved)
    # Reading the references from that very cache, as grade-all's students do: not fresh, so
    # only being official keeps the remembered results out.
    cache = str(solved / ".rnnlab" / "cache")
    report, _ = _grade(solved, "--official", "--shared-references", cache)
    assert _trainings(solved) == 2, "an official run used a remembered result"
    assert _remembered(report) == [False]
    assert list((solved / ".rnnlab" / "cache").glob("models-*.npz")), "self-study kept nothing"


def test_a_damaged_entry_is_computed_again_with_one_line(tmp_path):
    test_file = tmp_path / "test_e09_models.py"
    test_file.write_text("# a grading module\n")
    said: list[str] = []
    results = ModelResults(tmp_path, test_file, fresh=False, warn=said.append)
    model = KerasModel('{"class_name": "Dense", "config": {"name": "d", "units": 2}}')
    assert results.get("check", model, lambda: 0.5) == (0.5, False)
    key = next(k for k in results._store._values if k.startswith("check|"))
    results._store._values[key] = np.array("a damaged entry")  # neither kind of outcome
    value, remembered = results.get("check", model, lambda: 0.75)
    assert (float(value), remembered) == (0.75, False)
    assert len(said) == 1 and "could not read" in said[0]


def test_a_mismatch_is_remembered_and_said_again(tmp_path):
    test_file = tmp_path / "test_e09_models.py"
    test_file.write_text("# a grading module\n")
    results = ModelResults(tmp_path, test_file, fresh=False, warn=print)
    model = KerasModel('{"class_name": "Dense", "config": {"name": "d", "units": 2}}')

    def fails():
        raise Mismatch("Called build_classifier(...): not a sigmoid")

    with pytest.raises(Mismatch, match="not a sigmoid"):
        results.get("check", model, fails)
    results.save()
    again = ModelResults(tmp_path, test_file, fresh=False, warn=print)
    renamed = KerasModel('{"class_name": "Dense", "config": {"name": "e", "units": 2}}')
    with pytest.raises(Mismatch, match="not a sigmoid"):
        again.get("check", renamed, lambda: pytest.fail("computed again"))


def test_the_real_e09_regraded_unchanged_is_all_remembered(checkout):
    shutil.copy(ROOT / "solutions" / "e09_models.py", checkout / "exercises")
    _grade(checkout)
    report, printed = _grade(checkout)
    assert all(_remembered(report)) and report["exercises"]["e09_models"]["earned"] == 8
    assert "8 check(s): result remembered" in printed


def test_a_change_of_training_settings_or_code_trains_again(tmp_path, monkeypatch):
    """A result kept under one training is never returned under another: the grading module
    (its `Training` settings, data and bars) and `models.train`'s own file are in the key."""
    test_file = tmp_path / "test_e09_models.py"
    test_file.write_text("TRAINING = models.Training(epochs=2, batch_size=100)\n")
    model = KerasModel('{"class_name": "Dense", "config": {"name": "d", "units": 2}}')
    first = ModelResults(tmp_path, test_file, fresh=False, warn=print)
    assert first.get("check", model, lambda: 0.5) == (0.5, False)
    first.save()
    test_file.write_text("TRAINING = models.Training(epochs=3, batch_size=100)\n")
    again = ModelResults(tmp_path, test_file, fresh=False, warn=print)
    value, remembered = again.get("check", model, lambda: 0.75)
    assert (float(value), remembered) == (0.75, False), "kept from another training"
    read: list[Path] = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda path: read.append(path) or read_bytes(path))
    ModelResults(tmp_path, test_file, fresh=False, warn=print)
    assert Path(models.__file__) in read, "the training code is not in the key"
