"""A GitHub Classroom starter repository: stubs, what ``rnnlab grade`` needs, no solutions.

`write_classroom_template` writes the files the Gradescope bundle carries
(`rnnlab.classroom.bundle.course_files`: rnnlab's source, the grading tests, the catalogued
mistakes, pristine stubs), the assignment, a student README and
``.github/workflows/classroom.yml``. The workflow is the shape GitHub Classroom's own
templates use: one ``classroom-resources/autograding-command-grader`` step per assigned
exercise, whose ``max-score`` is the exercise's points and whose command exits 0 only when the
exercise earns them all (``rnnlab grade NAME --require-full``), then
``classroom-resources/autograding-grading-reporter``, which adds up the steps' results for
Classroom. (The command grader awards all of a step's points or none, and reads ``max-score``
as a whole number.)

The student controls that repository, so its points are self-study feedback: it never runs
``--official``. Official grades come from ``rnnlab grade-all`` over the collected repositories.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from rnnlab import i18n
from rnnlab.assignment import FILE_NAME, Assignment
from rnnlab.classroom.bundle import course_files

WORKFLOW = Path(".github/workflows/classroom.yml")
COMMAND_GRADER = "classroom-resources/autograding-command-grader@v1"
REPORTER = "classroom-resources/autograding-grading-reporter@v1"
STEP_MINUTES = 10  # the first step also computes Keras's references (about a minute)

_HEAD = """name: Autograding Tests
on: [push, repository_dispatch]
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    steps:
      - name: Checkout code
        uses: actions/checkout@v5
      - uses: actions/setup-python@v6
        with:
          python-version: "3.11"
      - name: Install rnnlab
        run: python -m pip install ".[tensorflow]"
"""


def grade_command(name: str) -> str:
    """The command of an exercise's step: exit 0 only with full points."""
    return f"rnnlab grade {name} --assignment {FILE_NAME} --require-full"


def classroom_workflow(assignment: Assignment) -> str:
    """``.github/workflows/classroom.yml`` for ``assignment``.

    Raises
    ------
    ValueError
        If an exercise's points are not whole (the command grader's ``max-score``).
    """
    steps = []
    for exercise, points in assignment.points:
        if points != int(points):
            raise ValueError(
                i18n.text("assignment.whole_points", name=exercise.name, points=f"{points:g}")
            )
        steps.append(
            f"      - name: {exercise.name}\n"
            f"        id: {exercise.number}\n"
            f"        uses: {COMMAND_GRADER}\n"
            "        with:\n"
            f"          test-name: {exercise.name}\n"
            f"          command: {grade_command(exercise.name)}\n"
            f"          timeout: {STEP_MINUTES}\n"
            f"          max-score: {int(points)}\n"
        )
    ids = [exercise.number for exercise in assignment.exercises]
    results = "".join(
        f'          {i.upper()}_RESULTS: "${{{{ steps.{i}.outputs.result }}}}"\n' for i in ids
    )
    reporter = (
        "      - name: Autograding Reporter\n"
        f"        uses: {REPORTER}\n"
        "        env:\n"
        f"{results}"
        "        with:\n"
        f"          runners: {','.join(ids)}\n"
    )
    return _HEAD + "".join(steps) + reporter


def student_readme(assignment: Assignment) -> str:
    """The starter repository's README, in the current language."""
    rows = "\n".join(
        f"| {exercise.name} | {i18n.title(exercise)} | {points:g} |"
        for exercise, points in assignment.points
    )
    return i18n.text(
        "assignment.readme",
        count=len(assignment.names),
        points=f"{assignment.possible:g}",
        rows=rows,
        first=assignment.exercises[0].number,
    ).lstrip("\n")


def write_classroom_template(root: Path, out: Path, assignment: Assignment) -> Path:
    """Write the starter repository for ``assignment`` into ``out`` (new or empty).

    Parameters
    ----------
    root : pathlib.Path
        The teacher's rnnlab checkout.
    out : pathlib.Path
        The repository's folder.
    assignment : Assignment
        The exercises graded and their points (whole numbers).

    Returns
    -------
    pathlib.Path
        ``out``.

    Raises
    ------
    ValueError
        If ``out`` holds files, or a point value is not whole.
    """
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ValueError(i18n.text("assignment.template_exists", folder=out))
    workflow = classroom_workflow(assignment)  # refuses fractional points before writing
    with course_files(root) as files:
        for name, source in files.items():
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, out / name)
    written = {
        FILE_NAME: assignment.to_toml(),
        "README.md": student_readme(assignment),
        WORKFLOW.as_posix(): workflow,
        ".gitignore": ".rnnlab/\n__pycache__/\n",
    }
    for name, content in written.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(content, "utf-8")
    return out
