"""The Gradescope bundle's ``setup.sh`` and ``run_autograder`` on the images Gradescope offers,
run in a scratch ``/autograder`` layout (``AUTOGRADER_ROOT``) with a PATH built to look like
each image: its only ``python3`` is 3.10 (Ubuntu 22.04) or 3.12 (Ubuntu 24.04), and no other
Python, pip, curl, wget or apt-get is reachable.

What cannot run here: uv's download of Python 3.12 (``uv python install`` fetches it from
GitHub, which this machine cannot reach). The 22.04 test hands uv a Python 3.12 from pyenv
as an already installed managed Python (``UV_PYTHON_INSTALL_DIR``, which setup.sh honours), so
setup.sh finds it and skips the download; another test shows setup.sh asks uv for the download
when none is there, and stops with one line when it fails. uv's own installer (curl from
astral.sh) and apt-get's ``python3.X-venv`` are not run either: the scratch PATH has neither.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT, tool

from rnnlab.classroom.bundle import RUN_AUTOGRADER, SETUP_SH, build_autograder_bundle

PYENV = Path("/root/.pyenv/versions")
# Anything that would give setup.sh another Python, a package installer or the network.
HIDDEN = ("python", "pip", "pydoc", "idle", "2to3", "uv", "curl", "wget", "apt")


def _pyenv(minor: str) -> Path:
    """pyenv's ``python3.<minor>`` (its newest patch); skips where pyenv lacks it."""
    found = sorted(PYENV.glob(f"3.{minor}.*/bin/python3.{minor}"))
    if not found:
        pytest.skip(
            f"needs pyenv's Python 3.{minor} under {PYENV} to stand in for an image's Python "
            "(and for the Python 3.12 uv would download from GitHub, unreachable here)"
        )
    return found[-1]


def _image(tmp_path: Path, pythons: dict[str, Path], *, uv: bool) -> tuple[Path, Path]:
    """A folder of tools like a base image's: /usr/bin and /bin less :data:`HIDDEN`, plus
    ``pythons`` (name -> interpreter) as wrappers that log each call, and uv when asked.

    Returns
    -------
    tuple of (pathlib.Path, pathlib.Path)
        The folder for PATH, and the log every wrapped Python appends its arguments to.
    """
    tools, log = tmp_path / "image-bin", tmp_path / "system-python.log"
    tools.mkdir()
    for folder in (Path("/usr/bin"), Path("/bin")):
        for found in sorted(folder.iterdir()):
            if not found.name.startswith(HIDDEN) and not (tools / found.name).exists():
                (tools / found.name).symlink_to(found)
    for name, target in pythons.items():
        (tools / name).write_text(f'#!/bin/sh\necho "{name} $*" >> "{log}"\nexec "{target}" "$@"\n')
        (tools / name).chmod(0o755)
    if uv:
        (tools / "uv").symlink_to(tool("uv"))
    log.touch()
    return tools, log


def _bundle(tmp_path: Path) -> Path:
    """The bundle of this checkout's source, unpacked as Gradescope does: ``ROOT/source``."""
    root = tmp_path / "autograder"
    with zipfile.ZipFile(build_autograder_bundle(ROOT, tmp_path / "ag.zip", seed=20)) as bundle:
        bundle.extractall(root / "source")
    return root


def _run(root: Path, script: str, tools: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_"))}
    environ.update(PATH=str(tools), AUTOGRADER_ROOT=str(root), COLUMNS="200", **env)
    environ.pop("RNNLAB_SKIP_INSTALL", None)
    return subprocess.run(
        ["bash", str(root / "source" / script)],
        env=environ,
        capture_output=True,
        text=True,
        timeout=1500,
    )


def _version(venv: Path) -> str:
    """The ``major.minor`` of the Python a virtual environment runs."""
    code = "import sys; print('%d.%d' % sys.version_info[:2])"
    return subprocess.check_output([venv / "bin" / "python", "-c", code], text=True).strip()


def _managed_python(folder: Path, python: Path) -> None:
    """``python`` laid out in ``folder`` as uv lays out a Python it installed itself."""
    version = python.parent.parent.name  # pyenv's folder name: 3.12.1
    home = folder / f"cpython-{version}-linux-x86_64-gnu"
    (home / "lib" / python.name).mkdir(parents=True)  # uv writes its EXTERNALLY-MANAGED there
    (home / "bin").mkdir()
    for name in (python.name, "python3", "python"):
        (home / "bin" / name).symlink_to(python)


@pytest.mark.parametrize("script", [SETUP_SH, RUN_AUTOGRADER], ids=["setup.sh", "run_autograder"])
def test_the_scripts_pass_shellcheck(script, tmp_path):
    path = tmp_path / "script.sh"
    path.write_text(script)
    done = subprocess.run(
        [tool("shellcheck"), "--shell=bash", str(path)], capture_output=True, text=True
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_every_option_the_scripts_give_rnnlab_grade_is_in_its_help():
    """Teachers read the scripts: each ``rnnlab grade`` option there (``--shared-references``
    once was hidden) must be explained by ``rnnlab grade --help``."""
    used = set()
    for script in (SETUP_SH, RUN_AUTOGRADER):
        for line in script.replace("\\\n", " ").splitlines():
            if "-m rnnlab grade" in line:
                used |= {word for word in shlex.split(line) if word.startswith("--")}
    assert {"--official", "--shared-references", "--fresh-references"} <= used
    done = subprocess.run(
        [sys.executable, "-m", "rnnlab", "grade", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "300"},
    )
    shown = {line.split()[0] for line in done.stdout.splitlines() if line.strip().startswith("--")}
    assert used - {"--help"} <= shown, done.stdout


def test_only_python_310_and_no_uv_fails_in_one_line(tmp_path):
    root = _bundle(tmp_path)
    py310 = _pyenv("10")
    tools, log = _image(tmp_path, {"python3": py310, "python3.10": py310}, uv=False)
    done = _run(root, "setup.sh", tools)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "setup.sh: no Python 3.11, 3.12 or 3.13 on PATH, and uv could not be installed "
        "(it needs curl or wget and the network): install python3.12 in the image"
    ]
    assert log.read_text() == "" and not (root / "rnnlab-venv").exists()


def test_without_a_managed_python_uv_is_asked_to_download_one(tmp_path):
    """The download itself cannot run here (GitHub is unreachable); a mirror that does not
    exist makes it fail at once, the way a machine without the network would."""
    root = _bundle(tmp_path)
    py310 = _pyenv("10")
    tools, _ = _image(tmp_path, {"python3": py310, "python3.10": py310}, uv=True)
    pythons = tmp_path / "uv-pythons"
    done = _run(
        root,
        "setup.sh",
        tools,
        UV_PYTHON_INSTALL_DIR=str(pythons),
        UV_PYTHON_INSTALL_MIRROR=(tmp_path / "no-mirror").as_uri(),
    )
    assert done.returncode == 1
    assert f"setup.sh: installing Python 3.12 with uv into {pythons}" in done.stdout
    assert done.stderr.splitlines()[-1] == "setup.sh: uv could not install Python 3.12 (see above)"
    assert not (root / "rnnlab-venv").exists()


def test_ubuntu_24_04_makes_a_venv_with_its_python_312_and_never_pip_installs_into_it(tmp_path):
    """Ubuntu 24.04: python3 is 3.12 (PEP 668 refuses a system-wide pip install), no uv.

    The venv is made and rnnlab's install starts with the venv's own pip; the index is
    switched off (``PIP_NO_INDEX``), so the install stops at its first download: installing
    TensorFlow with pip takes minutes, and the uv test below installs it for real. The log of
    the image's Python shows it only ever made the venv.
    """
    root = _bundle(tmp_path)
    py312 = _pyenv("12")
    tools, log = _image(tmp_path, {"python3": py312, "python3.12": py312}, uv=False)
    done = _run(
        root, "setup.sh", tools, PIP_NO_INDEX="1", PIP_FIND_LINKS="", PIP_CONFIG_FILE=os.devnull
    )
    venv = root / "rnnlab-venv"
    assert done.stdout.splitlines()[:2] == [
        f"setup.sh: making {venv} with {tools / 'python3.12'}",
        f"setup.sh: installing rnnlab into {venv}",
    ]
    assert log.read_text().splitlines() == [f"python3.12 -m venv {venv}"]  # no system pip
    assert _version(venv) == "3.12"
    assert done.returncode != 0 and "hatchling" in done.stderr  # the venv's pip, offline


def test_a_python_without_venv_gets_its_environment_from_uv(tmp_path):
    """Ubuntu ships ``venv``'s ensurepip apart (``python3.12-venv``); without it, and with no
    apt-get to install it, uv makes the environment with that same Python. The install then
    stops at once (``UV_OFFLINE``, an empty cache): the uv test below installs for real."""
    root = _bundle(tmp_path)
    py312 = _pyenv("12")
    tools, log = _image(tmp_path, {"python3.12": py312}, uv=True)
    (tools / "python3.12").write_text(  # as Debian's Python says it without python3.12-venv
        f'#!/bin/sh\necho "python3.12 $*" >> "{log}"\n'
        'if [ "$1 $2" = "-m venv" ]; then echo "ensurepip is not available" >&2; exit 1; fi\n'
        f'exec "{py312}" "$@"\n'
    )
    venv = root / "rnnlab-venv"
    done = _run(root, "setup.sh", tools, UV_OFFLINE="1", UV_CACHE_DIR=str(tmp_path / "empty-cache"))
    assert done.stdout.splitlines()[:2] == [
        f"setup.sh: making {venv} with {tools / 'python3.12'}",
        f"setup.sh: installing rnnlab into {venv}",
    ]
    assert log.read_text().splitlines()[0] == f"python3.12 -m venv {venv}"
    assert "ensurepip is not available" in done.stderr
    assert "uv = " in (venv / "pyvenv.cfg").read_text() and _version(venv) == "3.12"
    assert done.returncode != 0  # offline, with nothing cached


@pytest.mark.slow
def test_ubuntu_22_04_gets_python_312_from_uv_and_grades(tmp_path):
    """Ubuntu 22.04: python3 is 3.10, which Keras 3.15 refuses; uv is the only other tool.

    setup.sh makes a venv with uv's Python 3.12, installs rnnlab into it with uv (minutes:
    TensorFlow; uv's cache makes it faster) and computes the references; run_autograder then
    grades one exercise against Gradescope's results schema. uv's download of Python 3.12
    cannot run here (GitHub is unreachable): pyenv's 3.12 is handed to uv as one it installed.
    """
    root = _bundle(tmp_path)
    py310, py312 = _pyenv("10"), _pyenv("12")
    tools, log = _image(tmp_path, {"python3": py310, "python3.10": py310}, uv=True)
    _managed_python(tmp_path / "uv-pythons", py312)
    done = _run(root, "setup.sh", tools, UV_PYTHON_INSTALL_DIR=str(tmp_path / "uv-pythons"))
    assert done.returncode == 0, done.stdout + done.stderr
    venv = root / "rnnlab-venv"
    assert done.stdout.splitlines()[0] == f"setup.sh: making {venv} with uv's Python 3.12"
    assert _version(venv) == "3.12"
    # uv looks at the image's python3 while it searches; nothing runs a module with it.
    assert not [line for line in log.read_text().splitlines() if " -m " in f" {line} "]
    assert list((root / "source" / ".rnnlab" / "references").glob("test_e01_embedding-*"))
    assert (root / "source").stat().st_mode & 0o077 == 0  # private to root after set-up
    (root / "submission").mkdir()
    shutil.copy(ROOT / "solutions" / "e01_embedding.py", root / "submission")
    graded = _run(root, "run_autograder", tools)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    schema = json.loads((ROOT / "tests" / "unit" / "gradescope_results.schema.json").read_text())
    jsonschema.validate(results, schema)
    scores = {test["name"].split(":")[0]: test["score"] for test in results["tests"]}
    assert scores["e01_embedding"] == results["score"] == 6.0
    assert scores["e02_simple_rnn"] == 0.0
