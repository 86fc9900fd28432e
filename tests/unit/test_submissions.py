"""Submissions as students hand them in: files found anywhere and under near-miss names, an
LMS's flat download grouped by student, and feedback to hand back free of the teacher's paths."""

import csv
import json
import re
import shutil

import pytest
from conftest import ROOT, rnnlab

from rnnlab.classroom.feedback import scrub_paths, student_feedback, to_html, write_feedback
from rnnlab.classroom.submissions import collect_submissions, lms_owner, match_exercise

SOLUTIONS = ROOT / "solutions"
# An absolute path of this machine: a "/" starting a path of two parts or more, not in a word.
ABSOLUTE = re.compile(r"(?<![\w.<~])/[^\s/<>\"']+/")


@pytest.mark.parametrize(
    ("name", "exercise"),
    [
        ("e01_embedding.py", "e01_embedding"),
        ("e01_embedding (1).py", "e01_embedding"),
        ("e01_embedding(2).py", "e01_embedding"),
        ("e01_embedding-1.py", "e01_embedding"),
        ("E02_Simple_RNN.py", "e02_simple_rnn"),
        ("e02 simple rnn.py", "e02_simple_rnn"),
        ("E02.py", "e02_simple_rnn"),
        ("kim_123_e01_embedding.py", "e01_embedding"),
        ("kim_LATE_123_456_E03_LSTM (1).py", "e03_lstm"),
        ("test_e01_embedding.py", ""),  # a grading test, not an answer
        ("e02_simple_rnn_old.py", ""),
        ("notes.py", ""),
    ],
)
def test_a_file_name_maps_to_one_exercise(name, exercise):
    assert match_exercise(name)[0] == exercise


def test_lms_names_give_the_student():
    assert lms_owner("kim_123_e01_embedding.py") == ("kim", "e01_embedding.py")
    assert lms_owner("lee_ann_456_789_E02.py") == ("lee_ann", "E02.py")
    assert lms_owner("e01_embedding.py") == ("", "")


def _touch(path, text="x = 1\n"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_a_class_folder_as_handed_in(tmp_path):
    _touch(tmp_path / "ada" / "exercises" / "e01_embedding.py")
    _touch(tmp_path / "ada" / "exercises" / "helpers.py")
    _touch(tmp_path / "ada" / "solutions" / "e01_embedding.py")  # the whole clone handed in
    _touch(tmp_path / "ada" / "__MACOSX" / "._e02_simple_rnn.py")
    _touch(tmp_path / "bob" / "e01_embedding.py")
    _touch(tmp_path / "bob" / "e01_embedding (1).py")
    _touch(tmp_path / "bob" / "E02_Simple_RNN.py")
    _touch(tmp_path / "bob" / "e03_lstm.ipynb")
    _touch(tmp_path / "cy" / "readme.txt")
    _touch(tmp_path / "kim_123_e01_embedding.py")
    _touch(tmp_path / "kim_123_e02_simple_rnn (1).py")
    _touch(tmp_path / "lee_456_E01_Embedding.py")
    _touch(tmp_path / "stray_e01_embedding.py")
    _touch(tmp_path / "Dan Park_998_assignsubmission_file_" / "e01_embedding.py")
    collection = collect_submissions(tmp_path)
    assert sorted(collection.submissions) == ["Dan Park", "ada", "bob", "cy", "kim", "lee"]
    assert collection.unassigned == ["stray_e01_embedding.py"]
    ada = collection.submissions["ada"]
    assert ada.shown == {"e01_embedding": "exercises/e01_embedding.py"}
    notes = {(n.kind, n.found) for n in ada.notes}
    assert ("renamed", "exercises/e01_embedding.py") in notes
    assert ("duplicate", "solutions/e01_embedding.py") in notes
    assert list(ada.helpers) == ["helpers.py"]  # beside the graded file, so imports work
    bob = collection.submissions["bob"]
    assert bob.shown == {"e01_embedding": "e01_embedding.py", "e02_simple_rnn": "E02_Simple_RNN.py"}
    said = [n.message(language="en") for n in bob.notes]
    assert "found E02_Simple_RNN.py; graded it as e02_simple_rnn.py" in said
    assert any(s.startswith("found e01_embedding (1).py as well") for s in said)
    assert any(s.startswith("found e03_lstm.ipynb: only .py files") for s in said)
    assert collection.submissions["cy"].files == {}
    kim = collection.submissions["kim"]
    assert set(kim.files) == {"e01_embedding", "e02_simple_rnn"}
    assert [n.message(language="en") for n in kim.notes] == [
        "found e02_simple_rnn (1).py; graded it as e02_simple_rnn.py"
    ]
    written = kim.write(tmp_path / "out" / "kim")
    assert sorted(p.name for p in written.iterdir()) == ["e01_embedding.py", "e02_simple_rnn.py"]
    korean = ada.notes[0].message(language="ko")
    assert korean == "exercises/e01_embedding.py 파일을 찾아 e01_embedding.py로 채점했습니다"


def test_a_link_is_never_followed(tmp_path):
    secret = _touch(tmp_path / "teacher" / "solutions" / "e01_embedding.py", "answer = 42\n")
    (tmp_path / "class" / "eve").mkdir(parents=True)
    (tmp_path / "class" / "eve" / "e01_embedding.py").symlink_to(secret)
    (tmp_path / "class" / "eve" / "stolen").symlink_to(secret.parent, target_is_directory=True)
    eve = collect_submissions(tmp_path / "class").submissions["eve"]
    assert eve.files == {} and eve.helpers == {}
    assert [n.message(language="en") for n in eve.notes] == [
        "found e01_embedding.py: a link, not a file; not graded"
    ]


def test_an_empty_class_folder_is_refused(tmp_path):
    _touch(tmp_path / "notes.txt")
    with pytest.raises(ValueError, match="one sub-folder per student"):
        collect_submissions(tmp_path)


def test_feedback_keeps_no_path_of_the_machine(tmp_path):
    report = {
        "earned": 6.0,
        "possible": 14.0,
        "official_seed": 123456789,
        "exercises": {
            "e01_embedding": {"earned": 6.0, "possible": 6.0, "feedback": "all pass"},
            "e02_simple_rnn": {
                "earned": 0.0,
                "possible": 8.0,
                "feedback": 'output differs; File "/home/teacher/class/carol/e02_simple_rnn.py"',
                "diagnoses": [
                    {"id": "no_bias", "message": "The bias is never added.", "checks": 3}
                ],
            },
            "e05_bidirectional": {
                "earned": 0.0,
                "possible": 8.0,
                "feedback": "not submitted (e05_bidirectional.py is not in /home/t/class/carol)",
            },
        },
        "submitted_files": {"e01_embedding": "e01_embedding.py", "e02_simple_rnn": "x.py"},
        "submission_notes": [
            {"kind": "renamed", "found": "E02_<b>.py", "exercise": "e02_simple_rnn", "graded": ""}
        ],
    }
    written = write_feedback({"carol": report}, tmp_path / "fb", language="en")
    assert sorted(p.name for p in written) == ["carol.html", "carol.md"]
    for path in written:
        said = path.read_text()
        assert not ABSOLUTE.search(said), said
        assert "/home" not in said and "123456789" not in said
        assert "e02_simple_rnn.py" in said and "The bias is never added." in said
        assert "Not submitted" in said and "6 of 6 points" in said
    page = (tmp_path / "fb" / "carol.html").read_text()
    assert "E02_&lt;b&gt;.py" in page and "<b>" not in page  # escaped
    assert "http" not in page and "<script" not in page and "src=" not in page  # offline
    korean = student_feedback("carol", report, language="ko")
    assert korean["total"] == "합계: 14점 중 6점"
    (e02,) = [item for item in korean["exercises"] if item["name"] == "e02_simple_rnn"]
    assert e02["page"] == "docs/exercises/e02_simple_rnn.ko.md" and e02["hint"]
    assert '<html lang="ko">' in to_html(korean)
    assert scrub_paths("C:\\Users\\t\\class\\e01_embedding.py failed") == "e01_embedding.py failed"


def test_grade_all_takes_submissions_as_handed_in(checkout):
    """ada nests her files in exercises/, bob's have a browser's (1) and a wrong case, kim
    and lee come from an LMS's flat download, and lee's e02 forgets the bias."""
    shutil.copytree(ROOT / "tests" / "broken", checkout / "tests" / "broken")  # mistakes named
    folder = checkout / "class"
    for name in ("e01_embedding.py", "e02_simple_rnn.py"):
        _touch(folder / "ada" / "exercises" / name, (SOLUTIONS / name).read_text())
    shutil.copy(SOLUTIONS / "e01_embedding.py", _touch(folder / "bob" / "e01_embedding (1).py"))
    shutil.copy(SOLUTIONS / "e02_simple_rnn.py", _touch(folder / "bob" / "E02_Simple_RNN.py"))
    shutil.copy(SOLUTIONS / "e01_embedding.py", folder / "kim_123_e01_embedding.py")
    shutil.copy(SOLUTIONS / "e02_simple_rnn.py", folder / "kim_123_e02_simple_rnn.py")
    shutil.copy(SOLUTIONS / "e01_embedding.py", folder / "lee_456_e01_embedding.py")
    broken = ROOT / "tests" / "broken" / "e02_simple_rnn__no_bias.py"
    shutil.copy(broken, folder / "lee_456_e02_simple_rnn.py")
    _touch(folder / "max" / "homework.txt")  # nothing gradable: still a row
    process = rnnlab(
        checkout, "grade-all", "class", "e01", "e02", "--seed", "7", "--feedback", "fb"
    )
    assert process.returncode == 0, process.stdout + process.stderr
    rows = {row["student"]: row for row in csv.DictReader((checkout / "scores.csv").open())}
    assert list(rows) == ["ada", "bob", "kim", "lee", "max"]
    for student in ("ada", "bob", "kim"):
        assert rows[student]["total"] == rows[student]["possible"] == "14.0", rows[student]
    assert rows["lee"]["e01_embedding"] == "6.0" and float(rows["lee"]["e02_simple_rnn"]) < 8
    assert rows["max"]["total"] == "0.0"
    report = json.loads((checkout / ".rnnlab" / "submissions" / "bob.json").read_text())
    assert report["submitted_files"]["e02_simple_rnn"] == "E02_Simple_RNN.py"
    fb = checkout / "fb"
    assert sorted(p.name for p in fb.iterdir()) == [
        f"{s}.{ext}" for s in ("ada", "bob", "kim", "lee", "max") for ext in ("html", "md")
    ]
    said = {p.name: p.read_text() for p in fb.iterdir()}
    for name, text in said.items():
        assert not ABSOLUTE.search(text), (name, ABSOLUTE.search(text))
        assert str(checkout) not in text and "rnnlab-run-" not in text
    assert "found exercises/e01_embedding.py; graded it as e01_embedding.py" in said["ada.md"]
    assert "found e01_embedding (1).py; graded it as e01_embedding.py" in said["bob.md"]
    assert "found E02_Simple_RNN.py; graded it as e02_simple_rnn.py" in said["bob.md"]
    assert "14 of 14 points" in said["kim.md"]
    lee = said["lee.md"]
    assert "First failing check: " in lee and "Likely misconception: " in lee
    assert "bias" in lee.split("Likely misconception: ")[1].splitlines()[0].lower()
    assert "Hint: " in lee and "docs/exercises/e02_simple_rnn.md" in lee
    assert "None of your files could be graded" in said["max.md"]
    assert "Not submitted" in said["max.md"] and "0 of 14 points" in said["max.md"]
    # merge writes the same feedback from the same results
    merged = rnnlab(checkout, "merge", ".rnnlab/submissions", "--csv", "B.csv", "--feedback", "fb2")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert (checkout / "fb2" / "lee.md").read_text() == lee
