"""rnnlab hint, reset, solution and grade --format, run as a learner would in a checkout."""

import json
import shutil
from xml.etree import ElementTree

import jsonschema
from conftest import ROOT, rnnlab


def test_hints_come_one_at_a_time_and_are_remembered(checkout):
    first = rnnlab(checkout, "hint", "e02")
    second = rnnlab(checkout, "hint", "e02_simple_rnn")
    assert "Hint 1 of 4 for e02_simple_rnn" in first.stdout
    assert "Hint 2 of 4" in second.stdout and "docs/exercises/e02_simple_rnn.md" in second.stdout
    state = json.loads((checkout / ".rnnlab" / "state.json").read_text())
    assert state["hints"]["e02_simple_rnn"] == 2
    for _ in range(2):
        rnnlab(checkout, "hint", "e02")
    assert "No more hints" in rnnlab(checkout, "hint", "e02").stdout


def test_reset_asks_backs_up_and_restores_the_stub(checkout):
    target = checkout / "exercises" / "e01_embedding.py"
    stub = target.read_text()
    target.write_text(stub + "\n# a line of my own work\n")
    refused = rnnlab(checkout, "reset", "e01")  # no terminal: must not act
    assert refused.returncode == 1 and "my own work" in target.read_text()
    done = rnnlab(checkout, "reset", "e01", "--yes")
    assert done.returncode == 0 and target.read_text() == stub
    (backup,) = (checkout / ".rnnlab" / "backups").glob("e01_embedding.*.py")
    assert "my own work" in backup.read_text()


def test_solution_unlocks_only_at_full_marks(checkout):
    locked = rnnlab(checkout, "solution", "e01")
    assert locked.returncode == 1 and "unlocks at full marks" in locked.stdout
    assert "BEGIN SOLUTION" not in locked.stdout
    shutil.copy(checkout / "solutions" / "e01_embedding.py", checkout / "exercises")
    unlocked = rnnlab(checkout, "solution", "e01")
    assert unlocked.returncode == 0 and "BEGIN SOLUTION" in unlocked.stdout


def test_gradescope_results_follow_the_schema(checkout):
    shutil.copy(checkout / "solutions" / "e02_simple_rnn.py", checkout / "exercises")
    process = rnnlab(checkout, "grade", "e01", "e02", "--format", "gradescope")
    assert process.returncode == 0, process.stdout + process.stderr
    results = json.loads((checkout / "results.json").read_text())
    schema = json.loads((ROOT / "tests" / "unit" / "gradescope_results.schema.json").read_text())
    jsonschema.validate(results, schema)
    assert results["score"] == 8.0
    assert [t["status"] for t in results["tests"]] == ["failed", "passed"]
    assert "not written yet" in results["tests"][0]["output"]


def test_junit_and_json_formats(checkout):
    process = rnnlab(checkout, "grade", "e01", "--format", "junit", "--output", "out/junit.xml")
    assert process.returncode == 0, process.stdout + process.stderr
    suites = ElementTree.parse(checkout / "out" / "junit.xml").getroot()
    assert suites.get("tests") == suites.get("failures") == "15"
    printed = rnnlab(checkout, "grade", "e01", "--format", "json")
    assert json.loads(printed.stdout)["exercises"]["e01_embedding"]["earned"] == 0


def test_list_remembers_each_exercise_across_partial_grades(checkout):
    shutil.copy(checkout / "solutions" / "e01_embedding.py", checkout / "exercises")
    rnnlab(checkout, "grade", "e01")
    rnnlab(checkout, "grade", "e02")
    listing = rnnlab(checkout, "list").stdout
    lines = {line.split()[1]: line for line in listing.splitlines() if "│ e0" in line}
    assert "passed" in lines["e01_embedding"] and "6 / 6" in lines["e01_embedding"]
    assert "not started" in lines["e02_simple_rnn"]
    assert "not graded yet" in lines["e03_lstm"]
    rnnlab(checkout, "reset", "e01", "--yes")
    relisted = rnnlab(checkout, "list").stdout
    assert "passed" not in relisted
