"""A gradebook that keeps history: a roster keys every output by student id and gives each
student feedback in their language, ``--students`` regrades some students and changes only
their rows of the CSV, and every run stays on disk with its time."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from conftest import ROOT, rnnlab

from rnnlab.classroom.roster import read_roster
from rnnlab.classroom.scores import update_scores_csv, write_scores_csv

ROSTER = "id,folder,name,language\ns01,kim,Kim Minji,ko\ns02,lee,Lee Jun,\ns03,park,Park Ha,en\n"


def _ok(process):
    assert process.returncode == 0, process.stdout + process.stderr
    return process


def _runs(results):
    return sorted(path.name for path in (results / "runs").iterdir())


@pytest.mark.timeout(600)  # two grade-all runs of one exercise
def test_a_regrade_of_one_student_keeps_every_other_row_and_both_runs(checkout, stubs):
    folder = checkout / "class"
    for student, source in (("kim", stubs), ("lee", ROOT / "solutions"), ("stranger", stubs)):
        (folder / student).mkdir(parents=True)
        shutil.copy(source / "e01_embedding.py", folder / student)
    (checkout / "roster.csv").write_text(ROSTER, "utf-8")  # park handed nothing in
    grade = ["grade-all", "class", "e01", "--roster", "roster.csv", "--out", "results"]
    first = _ok(rnnlab(checkout, *grade, "--csv", "scores.csv", "--feedback", "fb"))
    assert "not in the roster's folder column: stranger" in first.stdout
    before = (checkout / "scores.csv").read_bytes()
    rows = {r["student"]: r for r in csv.DictReader(before.decode().splitlines())}
    assert list(rows) == ["s01", "s02", "s03"]  # keyed by id, the stranger not graded
    assert [rows[s]["name"] for s in rows] == ["Kim Minji", "Lee Jun", "Park Ha"]
    assert [rows[s]["total"] for s in rows] == ["0.0", "6.0", "0.0"]
    (run_1,) = _runs(checkout / "results")
    assert {r["run"] for r in rows.values()} == {run_1}
    # Each student's feedback in their language: kim's is Korean, down to the grader's own
    # sentence for the failing check (graded in Korean); park's says "not submitted".
    kim = (checkout / "fb" / "s01.md").read_text("utf-8")
    assert kim.startswith("# Kim Minji 님의 rnnlab 피드백") and "작성하지 않았습니다" in kim
    assert (checkout / "fb" / "s03.md").read_text("utf-8").startswith("# Your rnnlab feedback")
    assert "e01_embedding.py" in (checkout / "fb" / "s03.md").read_text("utf-8")

    shutil.copy(ROOT / "solutions" / "e01_embedding.py", folder / "kim")  # kim fixes e01
    _ok(rnnlab(checkout, *grade, "--csv", "scores.csv", "--students", "s01"))
    after = (checkout / "scores.csv").read_bytes()
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old) == len(new) == 4
    assert [new[i] for i in (0, 2, 3)] == [old[i] for i in (0, 2, 3)]  # byte for byte
    run_1_again, run_2 = _runs(checkout / "results")
    assert run_1_again == run_1 < run_2
    kim_row = next(csv.DictReader(after.decode().splitlines()))
    assert (kim_row["total"], kim_row["run"], kim_row["seed"]) == (
        "6.0",
        run_2,
        rows["s01"]["seed"],
    )
    # Both runs' reports stay; the latest is the second's; the class is whole for merge.
    runs = checkout / "results" / "runs"
    assert json.loads((runs / run_1 / "s01.json").read_text())["earned"] == 0
    assert json.loads((runs / run_2 / "s01.json").read_text())["earned"] == 6
    assert sorted(p.name for p in (runs / run_2).glob("*.json")) == [
        "s01.json",
        "shard-1-of-1.json",
    ]
    assert json.loads((checkout / "results" / "s01.json").read_text())["run"] == run_2
    _ok(rnnlab(checkout, "merge", "results", "--csv", "merged.csv"))
    assert (checkout / "merged.csv").read_bytes() == after
    # Another seed would grade kim on other inputs than the others: refused, nothing run.
    other = rnnlab(checkout, *grade, "--csv", "scores.csv", "--students", "s02", "--seed", "5")
    assert other.returncode == 2 and "graded with another seed" in other.stdout
    assert _runs(checkout / "results") == [run_1, run_2]


def test_a_regrade_replaces_only_its_rows_byte_for_byte(tmp_path):
    path = tmp_path / "scores.csv"
    row = {
        "student": "bob",
        "total": 0.0,
        "possible": 2.0,
        "official": True,
        "seed": 7,
        "run": "r1",
    }
    first = [{**row, "student": "ada, the first"}, row, {**row, "student": "cy"}]
    write_scores_csv(first, path)
    for ending in ("\r\n", "\n"):  # the CSV module's, or the file as an editor saved it
        path.write_bytes(path.read_bytes().replace(b"\r\n", ending.encode()))
        old = path.read_bytes().splitlines(keepends=True)
        regraded = {**row, "total": 2.0, "run": "r2"}
        rows = [*first[:1], regraded, first[2], {**regraded, "student": "dan"}]
        update_scores_csv(rows, path, {"bob", "dan"})
        new = path.read_bytes().splitlines(keepends=True)
        assert [new[i] for i in (0, 1, 3)] == [old[i] for i in (0, 1, 3)]
        assert new[2] == b"bob,2.0,2.0,True,7,r2" + ending.encode()
        assert new[4].startswith(b"dan,") and len(new) == 5  # new to the file: at the end
        write_scores_csv(first, path)
    with pytest.raises(ValueError, match="another seed"):
        update_scores_csv([{**row, "seed": 8}], path, {"bob"})
    path.write_text("student,total\r\nbob,1\r\n", "utf-8", newline="")
    with pytest.raises(ValueError, match="has the columns student, total, not this class's"):
        update_scores_csv([row], path, {"bob"})


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("id,name\ns01,Kim\n", "roster.csv: expected a header with the columns id and folder"),
        ("id,folder\ns01,kim\ns01,lee\n", "roster.csv, line 3: the id 's01' appears twice"),
        ("id,folder\ns01,kim\ns02,kim\n", "roster.csv, line 3: the folder 'kim' appears twice"),
        ("id,folder,language\ns01,kim,fr\n", "roster.csv, line 2: unknown language 'fr'"),
        ("id,folder\n,kim\n", "roster.csv, line 2: the column id is empty"),
    ],
)
def test_a_bad_roster_is_one_line_naming_the_file_row_and_value(tmp_path, content, says):
    path = tmp_path / "roster.csv"
    path.write_text(content, "utf-8")
    with pytest.raises(ValueError, match=None) as error:
        read_roster(path)
    assert says in str(error.value) and "\n" not in str(error.value)


def test_a_bad_roster_stops_grade_all_before_it_grades(checkout):
    (checkout / "class" / "kim").mkdir(parents=True)
    (checkout / "roster.csv").write_text("id,folder,language\ns01,kim,de\n", "utf-8")
    process = rnnlab(checkout, "grade-all", "class", "--roster", "roster.csv")
    assert process.returncode == 2
    assert "roster.csv, line 2: unknown language 'de'" in " ".join(process.stdout.split())
    assert not (checkout / ".rnnlab" / "submissions").exists()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--students", "kim", "nobody", "--seed", "7"], "not in the class: nobody."),
        (["--students", "kim"], "holds no grade-all results"),
        (["--students", "kim", "--seed", "7", "--shard", "1/2"], "cannot be combined with"),
    ],
)
def test_a_regrade_of_students_not_in_a_graded_class_is_refused(checkout, args, says):
    (checkout / "class" / "kim").mkdir(parents=True)
    process = rnnlab(checkout, "grade-all", "class", "--out", "results", *args)
    assert process.returncode == 2
    assert says in " ".join(process.stdout.split())
    assert not (checkout / "results" / "runs").exists()  # refused before any run began
