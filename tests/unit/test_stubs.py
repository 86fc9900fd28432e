"""Stubs are exactly what the solutions generate, generation is strict, and regenerating them
never costs a learner a line of work.

None of these tests reads the repository's own exercises/: that is the learner's work. The
recorded hashes stand in for the committed stubs, and CI (a fresh clone, where exercises/ holds
the stubs) runs ``python -m rnnlab.stubs`` to check the files themselves.
"""

import shutil

import pytest
from conftest import ROOT

from rnnlab.stubs import (
    NUMPY_ONLY_HEADER,
    generate_stub,
    main,
    recorded_hashes,
    stub_for,
    stub_hash,
    stub_pairs,
)

MAINTAINER_FIX = "a solution changed: run `python -m rnnlab.stubs --write` and commit"


@pytest.mark.parametrize("pair", stub_pairs(ROOT), ids=lambda p: p[0].stem)
def test_recorded_stub_hash_is_current(pair):
    solution, _ = pair
    assert recorded_hashes(ROOT).get(solution.stem) == stub_hash(stub_for(solution)), MAINTAINER_FIX


def test_every_solution_has_a_grader_and_a_recorded_stub():
    pairs = stub_pairs(ROOT)
    assert len(pairs) >= 2
    assert set(recorded_hashes(ROOT)) == {solution.stem for solution, _ in pairs}
    for solution, _ in pairs:
        assert (ROOT / "tests" / "grading" / f"test_{solution.stem}.py").exists()


def test_stub_header_says_what_grading_can_import():
    stub = stub_for(ROOT / "solutions" / "e02_simple_rnn.py")
    assert stub.startswith(NUMPY_ONLY_HEADER) and "NumPy only" in NUMPY_ONLY_HEADER
    with_keras = generate_stub(
        "def f():\n    # BEGIN SOLUTION\n    pass\n    # END SOLUTION\n",
        "e09_demo",
        numpy_only=False,
    )
    assert "Keras" in with_keras.splitlines()[0]


def test_stub_keeps_docstring_and_names_the_function():
    source = (
        'def f(x):\n    """Doc."""\n    # BEGIN SOLUTION\n    y = x\n    return y\n'
        "    # END SOLUTION\n"
    )
    stub = generate_stub(source, "e09_demo")
    assert '"""Doc."""' in stub
    assert 'raise NotImplementedError("e09_demo.f: not written yet' in stub
    assert "return y" not in stub


@pytest.mark.parametrize(
    ("source", "message"),
    [
        pytest.param("def f():\n    return 1\n", "no `# BEGIN SOLUTION` block", id="no-markers"),
        pytest.param(
            "def f():\n    # BEGIN SOLUTION\n    return 1\n", "never closed", id="unclosed"
        ),
        pytest.param("def f():\n    return 1\n    # END SOLUTION\n", "without", id="end-first"),
        pytest.param(
            "# BEGIN SOLUTION\nx = 1\n# END SOLUTION\n", "inside a function", id="module-level"
        ),
    ],
)
def test_bad_markers_raise(source, message):
    with pytest.raises(ValueError, match=message):
        generate_stub(source, "e09_demo")


@pytest.fixture
def fresh_clone(tmp_path, stubs):
    """solutions/, the recorded hashes and pristine exercises/, as a fresh clone has them."""
    shutil.copytree(ROOT / "solutions", tmp_path / "solutions")
    shutil.copytree(stubs, tmp_path / "exercises")
    return tmp_path


def test_check_mode_passes_on_a_fresh_clone_and_names_a_changed_exercise(fresh_clone, capsys):
    assert main(["--root", str(fresh_clone)]) == 0
    (fresh_clone / "exercises" / "e02_simple_rnn.py").write_text("# my work\n")
    assert main(["--root", str(fresh_clone)]) == 1
    assert "e02_simple_rnn.py differs" in capsys.readouterr().out


def test_write_keeps_a_learner_file_unless_forced_and_backs_it_up(fresh_clone, capsys):
    learner = fresh_clone / "exercises" / "e02_simple_rnn.py"
    learner.write_text("def simple_rnn():\n    return 'my work'\n")
    assert main(["--root", str(fresh_clone), "--write"]) == 1
    assert "my work" in learner.read_text()
    assert "kept" in capsys.readouterr().out
    assert not (fresh_clone / ".rnnlab" / "backups").exists()
    assert main(["--root", str(fresh_clone), "--write", "--force"]) == 0
    (backup,) = (fresh_clone / ".rnnlab" / "backups").glob("e02_simple_rnn.*.py")
    assert "my work" in backup.read_text()
    assert learner.read_text() == stub_for(fresh_clone / "solutions" / "e02_simple_rnn.py")


def test_write_replaces_an_untouched_stub_when_its_solution_changes(fresh_clone):
    solution = fresh_clone / "solutions" / "e01_embedding.py"
    solution.write_text(
        solution.read_text() + "\n\ndef extra():\n    # BEGIN SOLUTION\n"
        "    return 1\n    # END SOLUTION\n"
    )
    assert main(["--root", str(fresh_clone)]) == 1  # stale: the check says so
    assert main(["--root", str(fresh_clone), "--write"]) == 0
    assert "def extra" in (fresh_clone / "exercises" / "e01_embedding.py").read_text()
    assert not (fresh_clone / ".rnnlab" / "backups").exists()  # an old stub is nobody's work
    assert main(["--root", str(fresh_clone)]) == 0
