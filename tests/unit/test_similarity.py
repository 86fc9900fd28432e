"""Similarity hints: the normaliser, the fingerprint and the pairing, on real files (no grading)."""

import ast
import io
import json
import tokenize

import pytest
from conftest import ROOT

from rnnlab.classroom import similarity
from rnnlab.classroom.similarity import (
    IDENTICAL,
    MIN_SHINGLES,
    NEAR,
    NEAR_IDENTICAL,
    fingerprint,
    fixed_names,
    normalise,
    similar_pairs,
    submission_fingerprint,
)
from rnnlab.stubs import stub_for

SOLUTIONS = sorted((ROOT / "solutions").glob("e0*.py"))
REWRITES = sorted((ROOT / "tests" / "unit" / "rewrites").glob("e0*.py"))


def _stub(exercise):
    return stub_for(ROOT / "solutions" / f"{exercise}.py")


def _solution(exercise):
    return (ROOT / "solutions" / f"{exercise}.py").read_text()


def _shared(a, b, stub):
    """The Jaccard index of two files' own shingles, as pairing computes it."""
    first, second = set(fingerprint(a, stub)["shingles"]), set(fingerprint(b, stub)["shingles"])
    return len(first & second) / len(first | second)


def _disguised(source, stub):
    """``source`` with every name of the student's own renamed, then reformatted by
    `ast.unparse`: no comments, other line breaks, quotes and parentheses."""
    imports = [line for line in source.splitlines() if line.startswith(("import ", "from "))]
    fixed = fixed_names(stub) | similarity._KEEP | set(" ".join(imports).split())
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    depth = 0
    for i, token in enumerate(tokens):
        depth += (token.string in "([{") - (token.string in ")]}")
        own = token.type == tokenize.NAME and token.string not in fixed
        attribute = tokens[i - 1].string == "."
        keyword_argument = depth > 0 and tokens[i + 1].string == "="
        if own and not attribute and not keyword_argument:
            tokens[i] = token._replace(string=f"renamed_{token.string[::-1]}")
    return ast.unparse(ast.parse(tokenize.untokenize(tokens)))


def _one_line_statements(source):
    """Bodies' runs of one-line simple statements of the student's part (BEGIN/END SOLUTION),
    as lists of 0-based line numbers."""
    lines = source.splitlines()
    begin = [n for n, line in enumerate(lines) if "BEGIN SOLUTION" in line]
    end = [n for n, line in enumerate(lines) if "END SOLUTION" in line]
    runs = []
    for node in ast.walk(ast.parse(source)):
        for body in (getattr(node, "body", None), getattr(node, "orelse", None)):
            if not isinstance(body, list):
                continue
            runs.append(
                [
                    statement.lineno - 1
                    for statement in body
                    if statement.lineno == statement.end_lineno
                    and not hasattr(statement, "body")
                    and any(b < statement.lineno - 1 < e for b, e in zip(begin, end))
                ]
            )
    items = [  # a list written one item a line (e09's layers) edits like statements
        n
        for b, e in zip(begin, end)
        for n in range(b + 1, e)
        if lines[n].split("#")[0].rstrip().endswith(",") and "(" in lines[n]
    ]
    return [run for run in [*runs, items] if run]


def _edited(source):
    """Copies with one small edit each: a line added, a line removed, two lines swapped."""
    lines = source.splitlines()
    runs = _one_line_statements(source)
    longest = max(runs, key=len)
    middle = longest[len(longest) // 2]
    indent = lines[middle][: len(lines[middle]) - len(lines[middle].lstrip())]
    added = [*lines[:middle], f"{indent}checked = True", *lines[middle:]]
    removed = [*lines[:middle], *lines[middle + 1 :]]
    if lines[middle].split("#")[0].rstrip().endswith(":"):
        removed.insert(middle, f"{indent}pass")
    swapped = list(lines)
    if len(longest) > 1:
        a, b = longest[0], longest[1]
        swapped[a], swapped[b] = lines[b], lines[a]
    return {"added": "\n".join(added), "removed": "\n".join(removed), "swapped": "\n".join(swapped)}


def test_names_layout_comments_and_docstrings_do_not_change_the_tokens():
    stub = _stub("e02_simple_rnn")
    original = _solution("e02_simple_rnn")
    disguised = _disguised(original, stub)
    assert "renamed_" in disguised and "# (batch, units)" not in disguised
    fixed = fixed_names(stub)
    assert {"simple_rnn_step", "simple_rnn", "x_t", "initial_state", "bias"} <= fixed
    assert normalise(disguised, fixed) == normalise(original, fixed)
    tokens = normalise(original, fixed)
    assert "return numpy . tanh ( §1 ) ;" in " ".join(tokens)  # modules and attributes stay
    assert "§1" in tokens and "z" not in tokens and "outputs" not in tokens
    assert not any(token.startswith(('"""', "#")) for token in tokens)


def test_aliases_quotes_and_trailing_commas_read_alike():
    first = "import numpy as np\n\ndef f(x):\n    return np.tanh(x, 'a',)\n"
    second = 'import numpy as n\ndef f(x): return n.tanh(x, "a")  # same\n'
    assert normalise(first, {"f", "x"}) == normalise(second, {"f", "x"})
    assert normalise(first, {"f", "x"}) != normalise(first.replace("tanh", "exp"), {"f", "x"})
    inside = "def f(x):\n    import numpy as m\n    return m.tanh(x, 'a')\n"
    assert "numpy . tanh" in " ".join(normalise(inside, {"f", "x"}))


def test_untokenisable_code_has_no_fingerprint():
    assert fingerprint("def f(:\n    return (1\n", _stub("e02_simple_rnn")) is None


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda path: path.stem)
def test_the_stub_alone_leaves_nothing_to_compare(solution):
    stub = stub_for(solution)
    assert fingerprint(stub, stub)["shingles"] == []
    assert len(fingerprint(solution.read_text(), stub)["shingles"]) >= MIN_SHINGLES


def test_the_threshold_separates_copies_from_rewrites():
    """The measurement behind `NEAR`, on the reference solutions: independent rewrites stay
    below it; copies with one edit (a line added, removed or swapped; every name renamed and the
    file reformatted) stay well above; and the catalogued broken variants fall on either side of
    a gap around it: those written apart below, those copied with one line changed above."""
    rewrites = {path.name: _against_solution(path) for path in REWRITES}
    catalogue = {
        path.name: _against_solution(path)
        for path in sorted((ROOT / "tests" / "broken").glob("e0*__*.py"))
    }
    copies = {}
    for solution in SOLUTIONS:
        stub, source = stub_for(solution), solution.read_text()
        for edit, copy in _edited(source).items():
            copies[f"{solution.stem} {edit}"] = _shared(source, copy, stub)
        copies[f"{solution.stem} disguised"] = _shared(source, _disguised(source, stub), stub)
    assert len(catalogue) > 60 and len(copies) == 4 * len(SOLUTIONS)
    assert max(rewrites.values()) < NEAR - 0.05, rewrites
    assert min(copies.values()) >= NEAR + 0.2, copies
    in_gap = {name: value for name, value in catalogue.items() if abs(value - NEAR) < 0.07}
    assert not in_gap
    below = {name.split("__")[0] for name, value in catalogue.items() if value < NEAR}
    above = {name.split("__")[0] for name, value in catalogue.items() if value >= NEAR}
    assert below.isdisjoint(above)  # each exercise's catalogue was written one way or the other
    assert above == {"e05_bidirectional", "e07_bptt", "e09_models"}


def _against_solution(path):
    exercise = path.stem.split("__")[0]
    return _shared(_solution(exercise), path.read_text(), _stub(exercise))


def _class(**files):
    """Fingerprints of students who each hand in one e02 file."""
    stubs = {"e02_simple_rnn": _stub("e02_simple_rnn")}
    found = {}
    for student, source in files.items():
        record = fingerprint(source, stubs["e02_simple_rnn"])
        found[student] = {"version": similarity.VERSION, "k": similarity.K, "exercises": {}}
        found[student]["exercises"]["e02_simple_rnn"] = record
    return found


def test_copies_pair_up_and_independent_work_and_stubs_do_not():
    original = _solution("e02_simple_rnn")
    stub = _stub("e02_simple_rnn")
    fingerprints = _class(
        ada=original,
        bob=_disguised(original, stub),
        cy=_edited(original)["added"],
        dan=REWRITES[0].read_text(),
        eve=stub,
        fay=stub,
    )
    pairs = similar_pairs(fingerprints, ["e02_simple_rnn"])
    found = {tuple(p["students"]): (p["kind"], p["shared"]) for p in pairs}
    assert found[("ada", "bob")] == (IDENTICAL, 1.0)
    assert found[("ada", "cy")][0] == NEAR_IDENTICAL and NEAR <= found[("ada", "cy")][1] < 1
    assert found[("bob", "cy")][0] == NEAR_IDENTICAL
    assert set(found) == {("ada", "bob"), ("ada", "cy"), ("bob", "cy")}
    assert pairs[0]["students"] == ["ada", "bob"]  # the most shared first


def test_pairs_skip_other_versions_and_exercises_not_asked_for():
    original = _solution("e02_simple_rnn")
    fingerprints = _class(ada=original, bob=original)
    assert similar_pairs(fingerprints, ["e01_embedding"]) == []
    fingerprints["bob"]["version"] = similarity.VERSION + 1
    assert similar_pairs(fingerprints, ["e02_simple_rnn"]) == []


def test_a_submission_is_fingerprinted_per_exercise_without_its_code(tmp_path):
    (tmp_path / "mine.py").write_text(_solution("e02_simple_rnn"))
    (tmp_path / "broken.py").write_text("def simple_rnn(:\n")
    found = submission_fingerprint(
        {
            "e02_simple_rnn": tmp_path / "mine.py",
            "e03_lstm": tmp_path / "broken.py",
            "e99_unknown": tmp_path / "mine.py",
            "e01_embedding": tmp_path / "missing.py",
        },
        {name: _stub(name) for name in ("e01_embedding", "e02_simple_rnn", "e03_lstm")},
    )
    assert list(found["exercises"]) == ["e02_simple_rnn"]
    text = repr(found)
    assert "tanh" not in text and str(tmp_path) not in text


def test_shingles_checks_k():
    with pytest.raises(ValueError, match="`k`"):
        similarity.shingles(["a"], k=0)
    assert len(similarity.shingles(["a", "b"], k=5)) == 1
    assert similarity.shingles([]) == set()


def test_what_most_of_the_class_shares_is_common_knowledge_not_a_copy():
    original = _solution("e02_simple_rnn")
    rewrite = REWRITES[0].read_text()
    crowd = {f"s{n:02}": original for n in range(similarity.COMMON + 1)}
    pairs = similar_pairs(_class(**crowd, ada=rewrite, bob=rewrite), ["e02_simple_rnn"])
    assert [(p["students"], p["kind"]) for p in pairs] == [(["ada", "bob"], IDENTICAL)]
    few = {f"s{n:02}": original for n in range(similarity.COMMON)}
    assert len(similar_pairs(_class(**few), ["e02_simple_rnn"])) == len(few) * (len(few) - 1) // 2


def test_merged_shares_pair_students_that_different_shares_graded(tmp_path):
    """Each share sees only its own students; the merged class report pairs across them, from
    the fingerprints in the reports alone."""
    from rnnlab.classroom.merge import merge_results
    from rnnlab.classroom.shards import Manifest, Shard

    original = _solution("e02_simple_rnn")
    sources = {"ada": original, "cy": _disguised(original, _stub("e02_simple_rnn"))}
    sources["bob"] = REWRITES[0].read_text()
    roster = sorted(sources)
    shares = [Shard(1, 2), Shard(2, 2)]
    for shard in shares:
        mine = [student for student in roster if shard.holds(student)]
        for student in mine:
            result = {"earned": 8.0, "possible": 8.0, "tests": []}
            report = {"earned": 8.0, "possible": 8.0, "exercises": {"e02_simple_rnn": result}}
            report["similarity"] = _class(**{student: sources[student]})[student]
            (tmp_path / f"{student}.json").write_text(json.dumps(report))
        Manifest(shard, 7, roster, {student: 0 for student in mine}).write(tmp_path)
    assert shares[0].holds("ada") and not shares[0].holds("cy")  # the copy in another share
    merge_results(tmp_path, csv_path=tmp_path / "scores.csv")
    summary = json.loads((tmp_path / "class.json").read_text())
    assert [pair["students"] for pair in summary["similar"]] == [["ada", "cy"]]


def test_the_teaching_page_states_the_constants_the_code_uses():
    """docs/teaching.md spells the numbers out; they must stay the code's."""
    words = {5: "five", 10: "ten", 0.5: "half"}
    page = " ".join((ROOT / "docs" / "teaching.md").read_text().split())
    assert f"compares runs of {words[similarity.K]} tokens" in page
    assert f"at least {words[NEAR]} of all their runs" in page
    assert f"more than {words[similarity.COMMON]} students share" in page
