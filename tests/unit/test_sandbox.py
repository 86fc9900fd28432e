"""Learner code runs in its own process: crashes, hangs and prints cost only that exercise."""

from pathlib import Path

import numpy as np
import pytest

from rnnlab.grader.sandbox.protocol import Opaque, Reply, loads_reply
from rnnlab.grader.sandbox.supervisor import LearnerError, Sandbox


def sandbox(tmp_path, source, time_limit=20.0):
    (tmp_path / "e01_demo.py").write_text(source)
    return Sandbox(tmp_path, "e01_demo", time_limit=time_limit)


def test_returns_values_and_copies_arguments(tmp_path):
    box = sandbox(tmp_path, "def f(x):\n    x[...] = 0\n    return [1.0, 2.0]\n")
    x = np.ones(3)
    reply = box.call("f", "f(x)", x=x)
    assert reply.value.tolist() == [1.0, 2.0]
    assert x.tolist() == [1.0, 1.0, 1.0]  # the learner's in-place write stayed in its process
    box.close()


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        pytest.param("import os\ndef f():\n    os._exit(3)\n", "exit code 3", id="os-exit"),
        pytest.param(
            "import sys\ndef f():\n    sys.exit(2)\n", "it raised SystemExit: 2", id="sys-exit"
        ),
        pytest.param(
            "def f():\n    return 1 / 0\n",
            "ZeroDivisionError: division by zero (at e01_demo.py, line 2",
            id="raise",
        ),
        pytest.param("def g():\n    pass\n", "e01_demo has no function `f`", id="missing"),
        pytest.param("def f(:\n", "could not be imported: SyntaxError", id="syntax-error"),
        pytest.param("import os\nos._exit(0)\n", "ended while importing it", id="exit-at-import"),
    ],
)
def test_hostile_code_becomes_one_line_of_feedback(tmp_path, source, fragment):
    box = sandbox(tmp_path, source)
    with pytest.raises(LearnerError) as error:
        box.call("f", "f()")
    assert fragment in str(error.value)
    box.close()


def test_a_hang_spends_the_exercise_budget_once(tmp_path):
    box = sandbox(tmp_path, "def f():\n    while True:\n        pass\n", time_limit=1.0)
    with pytest.raises(LearnerError, match="time limit of 1 s for e01_demo reached"):
        box.call("f", "f()")
    with pytest.raises(LearnerError, match="time limit"):
        box.call("f", "f()")  # fails at once: no second wait
    assert box.time_used <= 1.5


def test_megabytes_of_prints_are_truncated(tmp_path):
    box = sandbox(tmp_path, "def f():\n    print('x' * 5_000_000)\n    return 1.0\n")
    reply = box.call("f", "f()")
    assert reply.value == 1.0
    assert len(reply.output) < 2200 and "bytes of output cut" in reply.output
    box.close()


def test_worker_replies_are_read_with_a_safe_unpickler():
    import pickle

    forged = pickle.dumps(Reply("ok", value=Opaque("x", "y")))
    assert loads_reply(forged).value == Opaque("x", "y")
    with pytest.raises(pickle.UnpicklingError, match="forbidden"):
        loads_reply(pickle.dumps(Reply("ok", value=print)))


def test_time_limit_must_be_positive(tmp_path):
    with pytest.raises(ValueError, match="argument `time_limit`"):
        Sandbox(tmp_path, "e01_demo", time_limit=0)


def test_the_learners_line_is_named_inside_a_folder_called_rnnlab(tmp_path):
    folder = tmp_path / "rnnlab" / "exercises"  # a clone's default name must not hide it
    folder.mkdir(parents=True)
    source = "import numpy as np\ndef f():\n    i, f, c, o = np.split(np.ones((2, 8)), 3, axis=1)\n"
    box = sandbox(folder, source)
    with pytest.raises(LearnerError) as error:
        box.call("f", "f()")
    assert "array split does not result in an equal division" in str(error.value)
    assert "(at e01_demo.py, line 3: i, f, c, o = np.split(" in str(error.value)
    box.close()


def test_a_syntax_error_shows_the_line_and_a_caret_without_importlib_noise(tmp_path):
    box = sandbox(tmp_path, "import numpy as np\n\ndef f(x):\n    return np.tanh(x +\n")
    with pytest.raises(LearnerError) as error:
        box.call("f", "f()")
    message = str(error.value)
    assert message.startswith("e01_demo.py could not be imported: SyntaxError:")
    assert "(at e01_demo.py, line 4)" in message
    lines = message.splitlines()
    assert lines[1] == "    return np.tanh(x +" and lines[2].strip() == "^"
    assert "frozen" not in message and "importlib" not in message
    box.close()


def test_a_package_missing_while_grading_is_named_with_what_is_available(tmp_path):
    # A name no environment has: the grading environment's own set differs from the tests'.
    source = "from scipy_not_installed.special import expit\ndef f():\n    return 1\n"
    box = sandbox(tmp_path, source)
    with pytest.raises(LearnerError) as error:
        box.call("f", "f()")
    message = str(error.value)
    assert "No module named 'scipy_not_installed'" in message
    assert "only Python's standard library and NumPy" in message and "line 1" in message
    box.close()


def test_a_missing_file_says_so_without_starting_a_process(tmp_path):
    box = Sandbox(tmp_path, "e01_demo", when_missing="exercises/e01_demo.py is missing: reset")
    with pytest.raises(LearnerError, match=r"^exercises/e01_demo\.py is missing: reset$"):
        box.call("f", "f()")
    assert box._process is None
    default = Sandbox(tmp_path, "e01_demo")
    with pytest.raises(LearnerError, match=r"^e01_demo\.py not submitted"):
        default.call("f", "f()")


@pytest.mark.parametrize(
    ("error", "said"),
    [
        pytest.param(
            "NotImplementedError: e02_simple_rnn.simple_rnn_step: not written yet",
            "e02_simple_rnn.simple_rnn_step is not written yet, and simple_rnn calls it: "
            "finish that one first",
            id="a-stub-it-calls",
        ),
        pytest.param(
            "NotImplementedError: e02_simple_rnn.simple_rnn: not written yet",
            "simple_rnn is not written yet (it raises NotImplementedError)",
            id="its-own-stub",
        ),
        pytest.param(
            "NotImplementedError:  (at e02_simple_rnn.py, line 100: raise NotImplementedError)",
            "simple_rnn is not written yet (it raises NotImplementedError)",
            id="a-bare-raise-names-no-stub",
        ),
    ],
)
def test_a_not_implemented_error_says_which_function_is_not_written(error, said):
    from rnnlab.grader.sandbox.protocol import Reply
    from rnnlab.grader.sandbox.supervisor import _explain_raise

    assert (
        _explain_raise("simple_rnn", "simple_rnn(...)", Reply("raised", None, error, "", 0.0))
        == said
    )


def test_no_learner_code_runs_after_the_grade(tmp_path):
    # The worker ends without the interpreter's teardown: an exit handler the learner's module
    # registered (or TensorFlow's second of teardown, with Keras loaded) never runs.
    marker = tmp_path / "ran-at-exit"
    source = f"import atexit\natexit.register(lambda: open({str(marker)!r}, 'w').close())\n"
    box = sandbox(tmp_path, source + "def f():\n    return 1\n")
    assert box.call("f", "f()").value == 1
    box.close()
    assert not marker.exists()


def test_discard_removes_the_workers_folder(tmp_path):
    box = sandbox(tmp_path, "def f():\n    return 1\n")
    box.call("f", "f()")
    folder = Path(box._capture_dir.name)
    assert folder.is_dir()
    box.discard()
    assert not folder.exists()
