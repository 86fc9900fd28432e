"""Stubs in exercises/ are exactly what the solutions generate, and generation is strict."""

import pytest
from conftest import ROOT

from rnnlab.grader.stubs import generate_stub, main, stub_pairs


@pytest.mark.parametrize("pair", stub_pairs(ROOT), ids=lambda p: p[0].stem)
def test_committed_stub_equals_generated(pair):
    solution, exercise = pair
    expected = generate_stub(solution.read_text("utf-8"), solution.stem)
    assert exercise.read_text("utf-8") == expected, "run: python -m rnnlab.grader.stubs --write"


def test_every_solution_has_a_stub_and_a_grader():
    pairs = stub_pairs(ROOT)
    assert len(pairs) >= 2
    for solution, exercise in pairs:
        assert exercise.exists()
        assert (ROOT / "tests" / "grading" / f"test_{solution.stem}.py").exists()


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


def test_check_mode_passes_on_the_checkout(capsys):
    assert main(["--root", str(ROOT)]) == 0


def test_write_mode_backs_up_a_learner_file(tmp_path):
    (tmp_path / "solutions").mkdir()
    (tmp_path / "exercises").mkdir()
    (tmp_path / "solutions" / "e01_x.py").write_text(
        "def f():\n    # BEGIN SOLUTION\n    return 1\n    # END SOLUTION\n"
    )
    learner = tmp_path / "exercises" / "e01_x.py"
    learner.write_text("def f():\n    return 'my work'\n")
    assert main(["--root", str(tmp_path), "--write"]) == 0
    backups = list((tmp_path / ".rnnlab" / "backups").glob("e01_x.*.py"))
    assert len(backups) == 1 and "my work" in backups[0].read_text()
    assert "NotImplementedError" in learner.read_text()
