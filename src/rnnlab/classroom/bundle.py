"""The Gradescope autograder bundle: the zip its "zip file upload" autograder expects.

``setup.sh`` installs rnnlab, computes every Keras reference for the bundle's official seed
while the image is built, then makes the source private to root; ``run_autograder`` grades
``/autograder/submission`` officially with that seed into ``results/results.json``, only the
exercises of the bundle's ``assignment.toml`` and out of its points. The seed lives in the
bundle's ``official.json`` (the teacher's config; submissions never see it). The bundle carries
no solutions: the untouched stubs are enough to compute every reference.
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
# Gradescope builds the image with this once: install rnnlab, compute Keras's references by
# grading the untouched stubs, then keep the source (graders, references) private to root:
# submissions are graded as the user nobody, which can then read none of it.
set -euo pipefail
cd "${AUTOGRADER_ROOT:-/autograder}/source"
[ "${RNNLAB_SKIP_INSTALL:-0}" = 1 ] || python3 -m pip install --quiet .
seed=$(python3 -c 'import json; print(json.load(open("official.json"))["seed"])')
python3 -m rnnlab grade --impl exercises --fresh-references --seed "$seed" \\
    --shared-references "$PWD/.rnnlab/references" --format json > /dev/null
chmod -R go-rwx .
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for each submission; results/results.json is what it reads back.
set -euo pipefail
root="${AUTOGRADER_ROOT:-/autograder}"
cd "$root/source"
mkdir -p "$root/results"
seed=$(python3 -c 'import json; print(json.load(open("official.json"))["seed"])')
python3 -m rnnlab grade --official --seed "$seed" \\
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
