"""Official grading isolates learner code: every route to answers, references, other
submissions, processes, sockets and native code earns nothing, in every layer combination
this machine offers, while an honest submission beside it keeps working.

Each file in tests/adversarial/official/ is a cheating ``e02_simple_rnn``; its docstring says
what the refusal must contain (``Expect: ...``). Placeholders in it are filled with the real
paths, the worst case: a student who knows exactly where everything lives.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT

from rnnlab.grader.sandbox import isolation
from rnnlab.grader.sandbox.supervisor import LearnerError, Sandbox

CHEATS = sorted((ROOT / "tests" / "adversarial" / "official").glob("e02_simple_rnn__*.py"))
LAYERS = ["landlock-and-audit-hook", "audit-hook-only"]


@pytest.fixture(params=LAYERS)
def layers(request, monkeypatch):
    """Run each case with Landlock (where the kernel has it) and with Landlock switched off."""
    if request.param == "audit-hook-only":
        monkeypatch.setenv("RNNLAB_NO_LANDLOCK", "1")
    return request.param


@pytest.fixture
def school(tmp_path):
    """A class folder with an honest student, and a secret reference cache outside it."""
    honest = tmp_path / "class" / "honest"
    honest.mkdir(parents=True)
    shutil.copy(ROOT / "solutions" / "e02_simple_rnn.py", honest)
    cache = tmp_path / "cache" / "test_e02_simple_rnn-0123456789abcdef.npz"
    cache.parent.mkdir()
    np.savez(cache, index=np.array("{}"), **{"0": np.zeros((2, 4), dtype="float32")})
    return {"honest": honest, "cache": cache, "class": tmp_path / "class"}


def _submit(school, cheat):
    folder = school["class"] / cheat.stem.split("__")[1]
    folder.mkdir()
    text = (
        cheat.read_text("utf-8")
        .replace("__CHECKOUT__", str(ROOT))
        .replace("__CLASSMATE__", str(school["honest"]))
        .replace("__CACHE_FILE__", str(school["cache"]))
    )
    (folder / "e02_simple_rnn.py").write_text(text, "utf-8")
    return folder


def _call(folder, official=True):
    rng = np.random.default_rng(0)
    inputs = rng.uniform(-1, 1, (2, 3, 5)).astype("float32")
    kernel = rng.uniform(-0.5, 0.5, (5, 4)).astype("float32")
    recurrent = rng.uniform(-0.5, 0.5, (4, 4)).astype("float32")
    box = Sandbox(folder, "e02_simple_rnn", time_limit=30, numpy_only=True, official=official)
    try:
        arguments = dict(inputs=inputs, kernel=kernel, recurrent_kernel=recurrent, bias=None)
        return box.call("simple_rnn", "simple_rnn(...)", **arguments).value, box
    finally:
        box.close()


def test_the_issue_routes_and_more_are_here():
    routes = {path.stem.split("__")[1] for path in CHEATS}
    assert routes >= {
        "reads_solution_from_checkout",
        "reads_solution_beside_installed_package",
        "keras_in_child_process",
        "os_open_reference_cache",
        "runs_classmates_file",
        "reads_proc_environ",
        "fileio_open",
        "importlib_from_path",
        "lists_parent_folder",
        "ctypes_native_code",
        "multiprocessing_child",
    }


@pytest.mark.parametrize("cheat", CHEATS, ids=lambda p: p.stem.split("__")[1])
def test_a_cheat_earns_nothing_in_official_grading(school, layers, cheat):
    expect = re.search(r"^Expect: (.+)$", cheat.read_text("utf-8"), re.MULTILINE).group(1)
    with pytest.raises(LearnerError) as refused:
        _call(_submit(school, cheat))
    assert expect in str(refused.value), str(refused.value)
    honest, box = _call(school["honest"])  # beside it, an honest answer still runs
    assert honest.shape == (2, 4) and np.isfinite(honest).all()
    assert "audit hook" in box.isolation["layers"]
    if os.geteuid() == 0:  # as root (CI, Gradescope) the worker also becomes nobody
        assert "unprivileged user nobody" in box.isolation["layers"], box.isolation
    if layers == "audit-hook-only" or isolation.landlock_abi() == 0:
        assert any(m.startswith("landlock") for m in box.isolation["missing"])
    else:
        assert any(layer.startswith("landlock") for layer in box.isolation["layers"])


def test_self_study_is_not_isolated_so_the_cheat_is_real(school):
    """Without --official the same cheat works: the test above could fail."""
    cheat = (
        ROOT
        / "tests"
        / "adversarial"
        / "official"
        / ("e02_simple_rnn__reads_solution_from_checkout.py")
    )
    stolen, _ = _call(_submit(school, cheat), official=False)
    honest, _ = _call(school["honest"], official=False)
    np.testing.assert_array_equal(stolen, honest)


def test_a_refusal_counts_even_when_the_code_catches_it(school):
    folder = school["class"] / "sly"
    folder.mkdir()
    (folder / "e02_simple_rnn.py").write_text(
        "import numpy as np\n"
        "def simple_rnn(inputs, kernel, recurrent_kernel, bias=None, **_):\n"
        "    try:\n"
        f"        open({str(ROOT / 'solutions' / 'e02_simple_rnn.py')!r}).read()\n"
        "    except PermissionError:\n"
        "        pass\n"
        "    return np.zeros((inputs.shape[0], kernel.shape[1]))\n"
    )
    with pytest.raises(LearnerError, match="your code tried to read files outside"):
        _call(folder)


def test_honest_code_may_import_the_standard_library_lazily(school):
    folder = school["class"] / "careful"
    folder.mkdir()
    source = (ROOT / "solutions" / "e02_simple_rnn.py").read_text("utf-8")
    (folder / "e02_simple_rnn.py").write_text(
        source.replace(
            "def simple_rnn(",
            "def _unused():\n    import fractions, statistics, decimal  # noqa\n\n\n"
            "def simple_rnn(",
            1,
        ).replace("    # BEGIN SOLUTION", "    _unused()\n    # BEGIN SOLUTION", 1)
    )
    value, _ = _call(folder)
    assert value.shape == (2, 4)


def test_readable_by_others_follows_every_folder_on_the_way():
    with tempfile.TemporaryDirectory() as base:  # in /tmp: pytest's own folders are private
        shared = Path(base) / "shared"
        shared.mkdir()
        (shared / "lib.py").write_text("x = 1\n")
        for path, mode in ((Path(base), 0o755), (shared, 0o755), (shared / "lib.py", 0o644)):
            path.chmod(mode)
        assert isolation.readable_by_others(shared / "lib.py")
        shared.chmod(0o700)  # a private folder hides everything below it, as /root does
        assert not isolation.readable_by_others(shared / "lib.py")


PROBE = """
import os, socket, sys
from rnnlab.grader.sandbox import isolation
secret = sys.argv[1]
layers, missing = isolation.drop_root([])
print(os.getuid(), os.getgid(), layers, missing)
try:
    open(secret).read()
except PermissionError:
    print("denied")
try:
    socket.socket().connect(("127.0.0.1", 9))
except OSError as error:
    print("no network", error.errno)
"""


def test_the_user_drop_happens_exactly_as_root(tmp_path):
    """As root the worker becomes nobody (shown in a child process: this run must stay root);
    as anyone else there is nothing to drop, and isolation does not pretend otherwise."""
    secret = tmp_path / "answers.txt"
    secret.write_text("42")
    secret.chmod(0o600)  # root's alone, as the Gradescope source is after set-up
    if os.geteuid() != 0:
        probe = "import sys; from rnnlab.grader.sandbox import isolation as i; "
        probe += "print(i.isolate(i.Path(sys.argv[1]), numpy_only=True))"
        done = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True)
        assert done.returncode == 0 and b"nobody" not in done.stdout, done
        return
    command = [sys.executable, "-c", PROBE, str(secret)]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    first, *rest = done.stdout.splitlines()
    assert first.startswith(f"{isolation.NOBODY} {isolation.NOBODY} ")
    assert "unprivileged user nobody" in first
    assert "denied" in rest
    if "no network (new network namespace)" in first:
        assert any(line.startswith("no network") for line in rest)


def test_an_exercise_that_runs_keras_may_import_it_but_not_read_the_checkout(school):
    """e09 builds Keras models, so its worker may read the installed packages and a scratch
    folder of its own; the checkout's solutions stay out of reach."""
    honest = school["class"] / "honest09"
    honest.mkdir()
    shutil.copy(ROOT / "solutions" / "e09_models.py", honest)
    cheat = (
        ROOT
        / "tests"
        / "adversarial"
        / "official"
        / ("e09_models__reads_solution_from_checkout.py")
    )
    cheater = school["class"] / "cheater09"
    cheater.mkdir()
    (cheater / "e09_models.py").write_text(cheat.read_text().replace("__CHECKOUT__", str(ROOT)))
    sizes = dict(vocab_size=12, embedding_dim=8, units=16)
    for folder, works in ((honest, True), (cheater, False)):
        box = Sandbox(folder, "e09_models", time_limit=120, numpy_only=False, official=True)
        try:
            if works:
                assert box.call("build_classifier", "build_classifier(...)", **sizes).value
            else:
                with pytest.raises(LearnerError, match="tried to read files outside"):
                    box.call("build_classifier", "build_classifier(...)", **sizes)
        finally:
            box.close()


@pytest.mark.skipif(
    not (hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("capsh")),
    reason="needs root and capsh to take away the capability to change user",
)
def test_root_that_may_not_change_user_says_so_instead_of_crashing():
    """A locked-down container: root without CAP_SETUID/CAP_SETGID keeps grading."""
    code = "from rnnlab.grader.sandbox.isolation import drop_root; print(drop_root([]))"
    process = subprocess.run(
        ["capsh", "--drop=cap_setuid,cap_setgid", "--", "-c", f'{sys.executable} -c "{code}"'],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert process.returncode == 0, process.stderr
    assert "user nobody: Operation not permitted" in process.stdout
    assert "unprivileged user nobody" not in process.stdout
