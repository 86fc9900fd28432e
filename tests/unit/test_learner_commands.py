"""rnnlab hint, reset, solution and grade --format, run as a learner would in a checkout."""

import json
import shutil
import subprocess
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
    again = rnnlab(checkout, "hint", "e02", "--all").stdout
    assert "Hint 1 of 4" in again and "Hint 2 of 4" in again and "Hint 3 of 4" not in again
    assert json.loads((checkout / ".rnnlab" / "state.json").read_text())["hints"] == state["hints"]
    for _ in range(2):
        rnnlab(checkout, "hint", "e02")
    assert "No more hints" in rnnlab(checkout, "hint", "e02").stdout
    assert "Hint 4 of 4" in rnnlab(checkout, "hint", "e02", "--all").stdout


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
    # Piped, it is the file itself: valid Python, no line numbers, no padding.
    assert unlocked.stdout == (checkout / "solutions" / "e01_embedding.py").read_text()
    compile(unlocked.stdout, "solution.py", "exec")


def test_gradescope_results_follow_the_schema(checkout):
    shutil.copy(checkout / "solutions" / "e02_simple_rnn.py", checkout / "exercises")
    process = rnnlab(checkout, "grade", "e01", "e02", "--format", "gradescope")
    assert process.returncode == 0, process.stdout + process.stderr
    results = json.loads((checkout / ".rnnlab" / "results.json").read_text())
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
    assert printed.stdout.startswith("{"), printed.stdout[:80]  # pipeable: nothing before it
    assert json.loads(printed.stdout)["exercises"]["e01_embedding"]["earned"] == 0


def _listing(checkout):
    listing = rnnlab(checkout, "list").stdout
    return {line.split()[1]: line for line in listing.splitlines() if "│ e0" in line}


def test_list_tells_passed_failing_changed_missing_and_not_started(checkout):
    exercises = checkout / "exercises"
    shutil.copy(checkout / "solutions" / "e01_embedding.py", exercises)
    e03 = exercises / "e03_lstm.py"
    e03.write_text(e03.read_text() + "\ndef broken(:\n")  # graded at 0: failing, not "not started"
    e04 = exercises / "e04_gru.py"
    e04.write_text(e04.read_text() + "\n# started\n")
    rnnlab(checkout, "grade", "e01", "e02", "e03")
    lines = _listing(checkout)
    assert "passed" in lines["e01_embedding"] and "6 / 6" in lines["e01_embedding"]
    assert "not started" in lines["e02_simple_rnn"]
    assert "failing" in lines["e03_lstm"] and "0 / 10" in lines["e03_lstm"]
    assert "not graded yet" in lines["e04_gru"]
    assert "not started" in lines["e05_bidirectional"]
    e01 = exercises / "e01_embedding.py"
    e01.write_text(e01.read_text() + "\n# an edit after grading\n")
    (exercises / "e02_simple_rnn.py").unlink()
    lines = _listing(checkout)
    assert "changed since graded" in lines["e01_embedding"]
    assert "missing: rnnlab reset e02" in lines["e02_simple_rnn"]
    rnnlab(checkout, "reset", "e01", "--yes")
    assert "not started" in _listing(checkout)["e01_embedding"]


def test_a_wrong_answer_points_at_the_learners_line_in_a_clone_named_rnnlab(checkout):
    assert checkout.name == "rnnlab"
    target = checkout / "exercises" / "e03_lstm.py"
    solution = (checkout / "solutions" / "e03_lstm.py").read_text()
    right = "(z[:, k * units : (k + 1) * units] for k in range(4))"
    wrong = solution.replace(right, "np.split(z, 3, axis=1)")
    assert wrong != solution
    target.write_text(wrong)
    number = next(n for n, line in enumerate(wrong.splitlines(), 1) if "np.split(z, 3" in line)
    report = json.loads(rnnlab(checkout, "grade", "e03", "--format", "json").stdout)
    feedback = report["exercises"]["e03_lstm"]["feedback"]
    assert "ValueError" in feedback
    assert f"(at e03_lstm.py, line {number}:" in feedback and "np.split(z, 3" in feedback


def test_a_syntax_error_and_a_deleted_file_say_what_to_do(checkout):
    target = checkout / "exercises" / "e02_simple_rnn.py"
    target.write_text(target.read_text() + "\ndef oops(:\n    pass\n")
    (checkout / "exercises" / "e01_embedding.py").unlink()
    graded = rnnlab(checkout, "grade", "e01", "e02")
    assert graded.returncode == 0, graded.stdout + graded.stderr
    report = json.loads((checkout / ".rnnlab" / "report.json").read_text())
    missing = report["exercises"]["e01_embedding"]["feedback"]
    assert missing.startswith("exercises/e01_embedding.py is missing: `rnnlab reset e01`")
    syntax = report["exercises"]["e02_simple_rnn"]["feedback"]
    assert "SyntaxError" in syntax and "line" in syntax and "def oops(:" in syntax
    assert "^" in syntax and "frozen" not in syntax and "importlib" not in syntax
    assert "def oops(:" in graded.stdout  # the table shows the offending line too
    restored = rnnlab(checkout, "reset", "e01")  # nothing to lose: no question asked
    assert (
        restored.returncode == 0
        and "NotImplementedError" in (checkout / "exercises" / "e01_embedding.py").read_text()
    )


def test_learner_commands_leave_git_status_clean(checkout):
    shutil.copy(ROOT / ".gitignore", checkout / ".gitignore")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "clone"]):
        subprocess.run([*git, *command], cwd=checkout, check=True, capture_output=True)
    shutil.copy(checkout / "solutions" / "e02_simple_rnn.py", checkout / "exercises")
    subprocess.run([*git, "commit", "-qam", "my e02"], cwd=checkout, check=True)
    for command in (
        ["grade", "e02"],
        ["grade", "e02", "--format", "gradescope"],
        ["grade", "e02", "--format", "junit"],
        ["list"],
        ["hint", "e01"],
        ["solution", "e02"],
        ["reset", "e02", "--yes"],
    ):
        rnnlab(checkout, *command)
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"],
            cwd=checkout,
            capture_output=True,
            text=True,
        ).stdout
        expected = " M exercises/e02_simple_rnn.py\n" if command[0] == "reset" else ""
        assert status == expected, (command, status)
