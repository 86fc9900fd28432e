"""An assignment a teacher chooses (assignment.toml or --exercises), and the GitHub Classroom
starter repository built from it: stubs, no solutions, a workflow that reports its points."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys

import pytest
import yaml
from conftest import ROOT, actionlint

from rnnlab.assignment import from_names, parse_assignment, whole_course
from rnnlab.classroom.shards import Manifest, Shard, whole_class
from rnnlab.classroom.template import REPORTER, WORKFLOW, write_classroom_template
from rnnlab.cli import build_parser


def test_a_file_chooses_exercises_and_points_in_course_order():
    chosen = parse_assignment('exercises = ["e03", "e01"]\n[points]\ne03_lstm = 20\ne02 = 5\n')
    assert chosen.to_json() == {"e01_embedding": 6.0, "e02_simple_rnn": 5.0, "e03_lstm": 20.0}
    assert chosen.possible == 31.0
    assert parse_assignment(chosen.to_toml()) == chosen  # what a bundle carries reads back
    assert from_names(["e01", "e02_simple_rnn"]).possible == 14.0
    assert len(whole_course().names) == len(set(whole_course().names)) > 2


@pytest.mark.parametrize(
    ("toml", "says"),
    [
        ("[points]\ne01 = 6\ne99 = 3\n", "assignment.toml: points.e99: no exercise 'e99'"),
        ("[points]\ne01 = 0\n", "points.e01 must be a number above 0. Received: 0."),
        ("[points]\ne01 = 'ten'\n", "points.e01 must be a number above 0. Received: 'ten'."),
        ("[points]\ne01 = true\n", "points.e01 must be a number above 0. Received: True."),
        ("exercises = []\n", "assignment.toml: no exercise is assigned"),
        ("exercises = 'e01'\n", "`exercises` must be a list of exercise names"),
        ("exercise = ['e01']\n", "expected only the keys `exercises` and `[points]`"),
        ("[points\n", "assignment.toml is not valid TOML"),
    ],
)
def test_a_bad_assignment_is_one_line_naming_the_file_and_key(toml, says):
    with pytest.raises(ValueError) as raised:
        parse_assignment(toml)
    assert says in str(raised.value) and "\n" not in str(raised.value)


def test_shares_of_different_assignments_do_not_merge(tmp_path):
    Manifest(Shard(1, 2), 7, ["ada", "bob"], {"ada": 0}, {"e01_embedding": 6.0}).write(tmp_path)
    Manifest(Shard(2, 2), 7, ["ada", "bob"], {"bob": 0}, {"e01_embedding": 12.0}).write(tmp_path)
    with pytest.raises(ValueError, match="different assignments"):
        whole_class(tmp_path)


CHOSEN = 'exercises = ["e02"]\n[points]\ne01 = 10\n'


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    out = tmp_path_factory.mktemp("template") / "starter"
    return write_classroom_template(ROOT, out, parse_assignment(CHOSEN))


def test_the_template_holds_stubs_and_graders_but_no_solution(template, stubs):
    files = {p.relative_to(template).as_posix() for p in template.rglob("*") if p.is_file()}
    assert {"assignment.toml", "README.md", "pyproject.toml", WORKFLOW.as_posix()} <= files
    assert "tests/grading/test_e02_simple_rnn.py" in files and "src/rnnlab/cli.py" in files
    assert not [name for name in files if name.startswith("solutions/")]
    solutions = {p.read_bytes() for p in (ROOT / "solutions").rglob("*.py")}
    assert not [n for n in files if (template / n).read_bytes() in solutions]  # under no name
    exercises = sorted((template / "exercises").iterdir())
    assert [p.name for p in exercises] == sorted(p.name for p in stubs.glob("*.py"))
    assert all(p.read_bytes() == (stubs / p.name).read_bytes() for p in exercises)
    assert parse_assignment((template / "assignment.toml").read_text()).to_json() == {
        "e01_embedding": 10.0,
        "e02_simple_rnn": 8.0,
    }
    readme = (template / "README.md").read_text()
    assert "| e01_embedding |" in readme and "18 points" in readme
    with pytest.raises(ValueError, match="expected a new or empty folder"):
        write_classroom_template(ROOT, template, parse_assignment(CHOSEN))


def test_the_workflow_awards_each_exercise_its_points_and_passes_actionlint(template):
    text = (template / WORKFLOW).read_text()
    assert actionlint(text, WORKFLOW.name) == (0, "")
    steps = yaml.safe_load(text)["jobs"]["run-autograding-tests"]["steps"]
    graders = [s for s in steps if s.get("uses", "").startswith("classroom-resources/")]
    *exercises, reporter = graders
    parser = build_parser()
    awarded = {}
    for step in exercises:
        args = parser.parse_args(shlex.split(step["with"]["command"])[1:])
        assert (args.command, args.require_full, args.official) == ("grade", True, False)
        assert str(args.assignment) == "assignment.toml"
        (name,) = args.names
        awarded[name] = step["with"]["max-score"]
    assert awarded == {"e01_embedding": 10, "e02_simple_rnn": 8}
    assert reporter["uses"] == REPORTER
    ids = [step["id"] for step in exercises]
    assert reporter["with"]["runners"].split(",") == ids
    assert reporter["env"] == {
        f"{i.upper()}_RESULTS": f"${{{{ steps.{i}.outputs.result }}}}" for i in ids
    }
    assert "--official" not in text  # the student controls the repository


def test_fractional_points_are_refused_for_classroom(tmp_path):
    with pytest.raises(ValueError, match=r"whole points \(max-score\); e01_embedding is worth 7.5"):
        write_classroom_template(ROOT, tmp_path / "t", parse_assignment("[points]\ne01 = 7.5\n"))
    assert not (tmp_path / "t").exists()


def test_a_step_passes_only_with_full_points(template, tmp_path):
    """The command of e01's step, run in the starter repository as the workflow runs it."""
    repository = shutil.copytree(template, tmp_path / "repository")
    (step,) = [
        s
        for s in yaml.safe_load((repository / WORKFLOW).read_text())["jobs"][
            "run-autograding-tests"
        ]["steps"]
        if s.get("id") == "e01"
    ]
    command = [sys.executable, "-m", *shlex.split(step["with"]["command"])]

    def run():
        return subprocess.run(command, cwd=repository, capture_output=True, text=True, timeout=600)

    stub = run()
    assert stub.returncode == 1, stub.stdout + stub.stderr
    said = " ".join(stub.stderr.split())  # the command grader shows a failing step's stderr
    assert "e01_embedding earned 0 / 10: short of full points" in said
    assert "NotImplementedError" in said or "not implemented" in said.lower()
    shutil.copy(ROOT / "solutions" / "e01_embedding.py", repository / "exercises")
    solved = run()
    assert solved.returncode == 0, solved.stdout + solved.stderr
    assert "10 / 10" in solved.stdout and not solved.stderr.strip()


def test_a_students_clone_of_the_template_is_read_as_their_submission(template, tmp_path):
    """GitHub Classroom's "download repositories": one clone per student, read by grade-all."""
    from rnnlab.classroom.submissions import collect_submissions

    shutil.copytree(template, tmp_path / "class" / "rnn-kim")
    (kim,) = collect_submissions(tmp_path / "class").submissions.values()
    assert set(kim.shown.values()) == {f"exercises/{p.name}" for p in stubs_of(template)}
    assert not [note for note in kim.notes if note.kind != "renamed"]  # no grader is "unknown"


def stubs_of(folder):
    return sorted((folder / "exercises").glob("*.py"))
