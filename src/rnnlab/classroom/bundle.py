"""The Gradescope autograder bundle: the zip its "zip file upload" autograder expects.

``setup.sh`` installs rnnlab into an environment of its own (``/autograder/rnnlab-venv``, made
with a supported ``python3.X`` on PATH, else with uv's Python 3.12; never with the image's own
pip), computes every Keras reference for the bundle's official seed while the image is built,
then makes the source private to root; ``run_autograder`` grades ``/autograder/submission``
officially with that seed into ``results/results.json``, only the exercises of the bundle's
``assignment.toml`` and out of its points. The seed lives in the bundle's ``official.json``
(the teacher's config; submissions never see it). The bundle carries no solutions: the
untouched stubs are enough to compute every reference.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rnnlab.assignment import FILE_NAME, Assignment, whole_course
from rnnlab.stubs import write_stubs

SETUP_SH = """#!/usr/bin/env bash
# Gradescope builds the image with this once: put rnnlab in an environment of its own with a
# Python it supports, compute Keras's references by grading the untouched stubs, then keep the
# source (graders, references) private to root: submissions are graded as the user nobody,
# which can then read none of it.
#
# Gradescope's Ubuntu 22.04 image has Python 3.10 (too old for Keras 3.15), and 24.04 refuses
# a system-wide pip install (PEP 668), so nothing is installed into the image's Python: a
# python3.13/3.12/3.11 on PATH makes the environment, else uv installs Python 3.12. Both
# live under the autograder root, which the user nobody can read.
set -euo pipefail
root="${AUTOGRADER_ROOT:-/autograder}"
venv="$root/rnnlab-venv"
uv=$(command -v uv || true)
cd "$root/source"

say() { echo "setup.sh: $*"; }
fail() {
    echo "setup.sh: $*" >&2
    exit 1
}

install_uv() {  # uv's official standalone installer needs no Python, only curl or wget
    local url=https://astral.sh/uv/install.sh fetch
    if command -v curl > /dev/null; then
        fetch=(curl -LsSf "$url")
    elif command -v wget > /dev/null; then
        fetch=(wget -qO- "$url")
    else
        return 1
    fi
    say "installing uv into $root/rnnlab-uv (from $url)"
    "${fetch[@]}" | env UV_UNMANAGED_INSTALL="$root/rnnlab-uv" sh > /dev/null || return 1
    uv="$root/rnnlab-uv/uv"
    [ -x "$uv" ]
}

venv_from() {  # a venv made by $1 (a python3.X); Ubuntu ships ensurepip apart (python3.X-venv)
    rm -rf "$venv"
    "$1" -m venv "$venv" && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
        say "$1 has no venv module: installing $(basename "$1")-venv with apt-get"
        rm -rf "$venv"
        if DEBIAN_FRONTEND=noninteractive apt-get update -qq > /dev/null \\
            && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$(basename "$1")-venv" \\
                > /dev/null && "$1" -m venv "$venv"; then
            return 0
        fi
    fi
    rm -rf "$venv"
    [ -n "$uv" ] || install_uv || return 1
    "$uv" venv --quiet --python "$1" "$venv"  # uv needs neither venv nor ensurepip
}

make_venv() {  # a supported python3.X on PATH, newest first; else Python 3.12 from uv
    local name python
    for name in python3.13 python3.12 python3.11; do
        python=$(command -v "$name") || continue
        say "making $venv with $python"
        venv_from "$python" && return 0
        fail "$python could not make a virtual environment in $venv (see above)"
    done
    [ -n "$uv" ] || install_uv \\
        || fail "no Python 3.11, 3.12 or 3.13 on PATH, and uv could not be installed" \\
            "(it needs curl or wget and the network): install python3.12 in the image"
    # Managed Pythons go under the autograder root (readable by nobody), unless set already.
    export UV_PYTHON_INSTALL_DIR="${UV_PYTHON_INSTALL_DIR:-$root/rnnlab-python}"
    if ! "$uv" python find 3.12 > /dev/null 2>&1; then
        say "installing Python 3.12 with uv into $UV_PYTHON_INSTALL_DIR"
        "$uv" python install 3.12 || fail "uv could not install Python 3.12 (see above)"
    fi
    say "making $venv with uv's Python 3.12"
    rm -rf "$venv"
    "$uv" venv --quiet --python 3.12 "$venv" || fail "uv could not make $venv (see above)"
}

if [ "${RNNLAB_SKIP_INSTALL:-0}" = 1 ]; then
    python=python3  # the caller's python3 already has rnnlab (rnnlab's own tests)
else
    make_venv
    python="$venv/bin/python"
    say "installing rnnlab into $venv"
    if [ -n "$uv" ]; then
        # [tensorflow]: this environment is rnnlab's own, so it brings its TensorFlow.
        "$uv" pip install --quiet --compile-bytecode --python "$python" ".[tensorflow]"
    else
        # No cache: pip's copy of every wheel (TensorFlow: hundreds of MB) would stay in the image.
        "$python" -m pip install --quiet --disable-pip-version-check --no-cache-dir ".[tensorflow]"
    fi
fi
seed=$("$python" -c 'import json; print(json.load(open("official.json"))["seed"])')
"$python" -m rnnlab grade --impl exercises --assignment assignment.toml \\
    --fresh-references --seed "$seed" \\
    --shared-references "$PWD/.rnnlab/references" --format json > /dev/null
chmod -R go-rwx .
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for each submission; results/results.json is what it reads back.
set -euo pipefail
root="${AUTOGRADER_ROOT:-/autograder}"
python="$root/rnnlab-venv/bin/python"  # setup.sh's environment
[ "${RNNLAB_SKIP_INSTALL:-0}" != 1 ] || python=python3
cd "$root/source"
mkdir -p "$root/results"
seed=$("$python" -c 'import json; print(json.load(open("official.json"))["seed"])')
"$python" -m rnnlab grade --official --seed "$seed" \\
    --shared-references "$root/source/.rnnlab/references" \\
    --impl "$root/submission" --assignment assignment.toml --format gradescope \\
    --output "$root/results/results.json" --report "$root/results/report.json"
"""

# tests/broken: the catalogued mistakes the grader names in feedback (run by the grader, never
# by a submission); no solutions/: nothing to steal, and generated stubs compute the references.
# (Without solutions, e05's mistakes, which wrap the reference layers, go unnamed there.)
BUNDLED = ("pyproject.toml", "README.md", "src", "tests/grading", "tests/broken")


@contextmanager
def course_files(root: Path) -> Iterator[dict[str, Path]]:
    """What a copy of the course handed out of the teacher's checkout carries, by its path
    there: rnnlab's source (`BUNDLED`) and pristine stubs as ``exercises/``, never
    ``solutions/`` nor a teacher's own work. The Gradescope bundle and the GitHub Classroom
    template both carry these; the stubs live while the context is open."""
    files = {}
    for part in BUNDLED:
        path = root / part
        found = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in found:
            if "__pycache__" not in file.parts:
                files[file.relative_to(root).as_posix()] = file
    with tempfile.TemporaryDirectory() as folder:
        for stub in sorted(write_stubs(root, Path(folder)).glob("*.py")):
            files[f"exercises/{stub.name}"] = stub
        yield files


def build_autograder_bundle(
    root: Path, output: Path, *, seed: int, assignment: Assignment | None = None
) -> Path:
    """Write Gradescope's autograder zip: ``setup.sh``, ``run_autograder`` and rnnlab's source.

    Gradescope unpacks it into ``/autograder/source``, runs ``setup.sh`` once while building
    the image, then ``run_autograder`` for every submission. ``seed`` is the official seed
    every submission of this assignment is graded with (``official.json``); ``assignment``
    (default the whole course) the exercises graded and their points (``assignment.toml``).

    Returns
    -------
    pathlib.Path
        ``output``.
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    assignment = assignment or whole_course()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, text in (("setup.sh", SETUP_SH), ("run_autograder", RUN_AUTOGRADER)):
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o755 << 16  # executable, as Gradescope runs them directly
            bundle.writestr(info, text)
        bundle.writestr("official.json", json.dumps({"seed": seed}) + "\n")
        bundle.writestr(FILE_NAME, assignment.to_toml())
        with course_files(root) as files:
            for name, file in files.items():
                bundle.write(file, name)
    return output
