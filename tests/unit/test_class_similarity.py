"""Similarity hints end to end: grade-all records each student's fingerprint, and the class
report lists a disguised copy, but neither an independent solution nor two untouched stubs."""

import json

from conftest import ROOT, rnnlab
from test_similarity import REWRITES, _disguised

from rnnlab.stubs import stub_for


def test_grade_all_lists_a_disguised_copy_in_the_class_report(checkout, stubs):
    solution = (ROOT / "solutions" / "e02_simple_rnn.py").read_text()
    copy = _disguised(solution, stub_for(ROOT / "solutions" / "e02_simple_rnn.py"))
    rewrite = next(path for path in REWRITES if path.stem.startswith("e02"))
    files = {"ada": solution, "bob": copy, "cy": rewrite.read_text()}
    files |= {"dan": (stubs / "e02_simple_rnn.py").read_text()}
    files |= {"eve": (stubs / "e02_simple_rnn.py").read_text()}
    for student, text in files.items():
        (checkout / "class" / student).mkdir(parents=True)
        (checkout / "class" / student / "e02_simple_rnn.py").write_text(text)
    process = rnnlab(checkout, "grade-all", "class", "e02", "--jobs", "2", "--out", "out")
    assert process.returncode == 0, process.stdout + process.stderr
    # Off a terminal, the references' computation is one line before and one after.
    assert "computing the Keras references" in process.stdout
    assert "computed the Keras references in " in process.stdout
    summary = json.loads((checkout / "out" / "class.json").read_text())
    assert [(p["students"], p["exercise"], p["kind"]) for p in summary["similar"]] == [
        (["ada", "bob"], "e02_simple_rnn", "identical")
    ]
    scores = {s["student"]: s["percent"] for s in summary["scores"]["students"]}
    assert scores["ada"] == scores["bob"] == scores["cy"] == 100.0  # all three are right
    report = (checkout / "out" / "ada.json").read_text()
    fingerprint = json.loads(report)["similarity"]
    assert list(fingerprint["exercises"]) == ["e02_simple_rnn"]
    assert "tanh" not in json.dumps(fingerprint) and str(checkout) not in json.dumps(fingerprint)
    page = (checkout / "out" / "class.html").read_text()
    assert "Similar submissions" in page and "<td>ada</td><td>bob</td>" in page
