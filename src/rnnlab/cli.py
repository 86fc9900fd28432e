"""The ``rnnlab`` command (also ``python -m rnnlab``).

``list``, ``grade [NAMES] [--format ...]``, ``hint NAME``, ``watch [NAMES]``,
``reset NAME [--yes]``, ``solution NAME``, ``seed`` and ``experiment NAME``; for teachers
``grade-all``, ``merge``, ``autograder-bundle`` and ``classroom-template``. Run it from the root
of your rnnlab checkout.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from rnnlab import i18n
from rnnlab.assignment import load_assignment
from rnnlab.curriculum import Exercise, find_exercise, load_curriculum
from rnnlab.data.shipped import MissingPackageError
from rnnlab.requirements import require_tensorflow

if TYPE_CHECKING:
    from rnnlab.assignment import Assignment
    from rnnlab.workspace.checkout import Workspace

REPORT = Path(".rnnlab/report.json")
EXPERIMENT_CACHE = Path(".rnnlab/experiments/cache")
FORMATS = ("table", "json", "gradescope", "junit")
# Commands that run Keras (or grade, which may compute Keras's references).
NEEDS_TENSORFLOW = ("grade", "solution", "watch", "grade-all", "experiment", "seed")
# Learner commands write only under .rnnlab/ (or where --output says): git status stays clean.
DEFAULT_OUTPUT = {"gradescope": Path(".rnnlab/results.json"), "junit": Path(".rnnlab/junit.xml")}


def list_exercises(console: Console) -> int:
    """Print the course in order, with each exercise's status and points from its last grade."""
    from rnnlab.workspace.checkout import Workspace

    t = i18n.text
    workspace = Workspace.here()
    table = Table(title=t("cli.list_title"), title_justify="left")
    columns = ("grade.column_exercise", "cli.column_title", "cli.column_status")
    for column in (*columns, "grade.column_points"):
        table.add_column(t(column))
    for exercise in load_curriculum():
        status, points = workspace.status(exercise)
        table.add_row(exercise.name, i18n.title(exercise), status, points)
    console.print(table)
    return 0


def grade(args: argparse.Namespace, console: Console) -> int:
    """Grade, then print or write the report in the asked format."""
    import pytest

    from rnnlab.grader.plugin import resolve_impl
    from rnnlab.grader.report import read_report
    from rnnlab.grader.run import grade as run_grade
    from rnnlab.grader.run import official_seed, select_exercises
    from rnnlab.workspace.grading import grade_exercises

    assignment = load_assignment(args.assignment) if args.assignment else None
    select_exercises(args.names, assignment)  # an unknown name fails here, before anything loads
    try:  # so does a bad --impl: one clear line instead of pytest's usage error
        impl = resolve_impl(args.impl, Path.cwd())
    except pytest.UsageError as error:
        raise ValueError(str(error)) from None
    table = args.format == "table"
    if table:
        console.print(Text(i18n.text("grade.grading"), style="dim"))
    seed = args.seed
    if args.official:  # a fresh secret unless the teacher chose one to reproduce a run
        seed = official_seed(args.seed)
    elif seed is not None:
        seed = official_seed(seed)  # checked; only references for an official run use it
    options = dict(
        seed=seed,
        report=args.report,
        time_limit=args.time_limit,
        # Official grades compute their references now, unless the caller computed them in
        # this very run into a folder of its own (grade-all, the Gradescope image).
        fresh_references=args.fresh_references or (args.official and not args.shared_references),
        official=args.official,
        reference_cache=args.shared_references,
        show_table=table,
        assignment=assignment,
    )
    if impl == (Path.cwd() / "exercises").resolve():  # the learner's own work: remember it
        code = grade_exercises(args.names, root=Path.cwd(), **options)
    else:
        code = run_grade(args.names, impl=args.impl, **options)
    report = read_report(args.report)  # this run's, even where report.json could not be saved
    if args.require_full and code == 0 and report is not None:
        code = short_of_full(report)
    if table or report is None:
        return code
    if args.format == "json":
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return code
    return (
        write_output(report, args.format, args.output or DEFAULT_OUTPUT[args.format], console)
        or code
    )


def write_output(report: dict[str, Any], form: str, output: Path, console: Console) -> int:
    """Write a Gradescope or JUnit file of ``report`` and say the points: 0, or 1 when the file
    (what the command was asked for) could not be written; the points are said either way."""
    from rnnlab.grader import formats
    from rnnlab.safe_io import reason, write_atomic

    if form == "gradescope":
        content = json.dumps(formats.to_gradescope(report), indent=2) + "\n"
    else:
        content = formats.to_junit(report) + "\n"
    earned, possible = f"{report['earned']:g}", f"{report['possible']:g}"
    try:
        write_atomic(output, content)
    except OSError as error:
        why = reason(error)
        failed = i18n.text(
            "safe_io.output_not_saved", earned=earned, possible=possible, output=output, why=why
        )
        console.print(failed, markup=False)
        return 1
    console.print(
        i18n.text("grade.points_written", earned=earned, possible=possible, output=output),
        markup=False,
    )
    return 0


def short_of_full(report: dict[str, Any]) -> int:
    """``--require-full``: 1 when an exercise is short of full points, else 0.

    Each exercise short of them is said on stderr with its first failing check: GitHub
    Classroom's command grader shows a failing step's stderr, not its output.
    """
    from rnnlab.grader.report import format_points

    errors = Console(stderr=True)
    short = [
        (name, entry)
        for name, entry in report["exercises"].items()
        if entry["earned"] < entry["possible"]
    ]
    for name, entry in short:
        points = format_points(entry["earned"], entry["possible"])
        errors.print(i18n.text("assignment.not_full", name=name, points=points), markup=False)
        errors.print(f"  {entry['feedback']}", markup=False)
    return 1 if short else 0


def hint(name: str, console: Console, *, again: bool = False) -> int:
    """Give the exercise's next hint, one more each time; ``again`` re-reads those given."""
    from rnnlab.workspace.checkout import Workspace

    t = i18n.text
    exercise = find_exercise(name)
    workspace = Workspace.here()
    total = len(exercise.hints)

    def show(number: int, text: str) -> None:
        label = t("cli.hint", number=number, total=total)
        console.print(
            f"[bold]{label}[/bold] {escape(t('cli.hint_for', name=exercise.name, text=text))}"
        )

    if again:
        given = workspace.hints_given(exercise)
        if not given:
            console.print(t("cli.no_hints_yet", name=exercise.name, arg=name), markup=False)
        for number, text in enumerate(given, start=1):
            show(number, text)
    else:
        number, text = workspace.next_hint(exercise)
        if text is None:
            console.print(t("cli.no_more_hints", name=exercise.name, total=total), markup=False)
        else:
            show(number, text)
    console.print(t("cli.read_more", page=docs_page(exercise)), markup=False)
    return 0


def docs_page(exercise: Exercise) -> str:
    """The exercise's docs page in the learner's language, e.g. ``docs/exercises/e03_lstm.md``."""
    page = f"docs/{exercise.docs}"
    return page.removesuffix(".md") + ".ko.md" if i18n.current_language() == "ko" else page


def reset(name: str, yes: bool, console: Console) -> int:
    """Back up the learner's file, then restore its stub (after asking, unless ``yes``)."""
    from rnnlab.workspace.checkout import Workspace

    exercise = find_exercise(name)
    workspace = Workspace.here()
    target = workspace.exercise_file(exercise)
    t = i18n.text
    shown = target.relative_to(workspace.root)
    if not target.exists():  # nothing to lose: restore at once
        return _reset_now(
            workspace, exercise, console, lambda _: t("cli.reset_missing", path=shown)
        )
    if not yes:
        if not sys.stdin.isatty():
            console.print(t("cli.reset_no_terminal", path=shown), markup=False)
            return 1
        answer = input(t("cli.reset_ask", path=shown))
        if answer.strip().lower() not in t("cli.yes_words").split():
            console.print(t("cli.reset_nothing"), markup=False)
            return 1

    def done(backup: Path | None) -> str:
        return t("cli.reset_done", name=target.name, backup=backup, path=shown)

    return _reset_now(workspace, exercise, console, done)


def _reset_now(
    workspace: Workspace, exercise: Exercise, console: Console, done: Callable[[Any], str]
) -> int:
    """Reset and say ``done(backup)``: 0; or say why nothing changed: 1."""
    from rnnlab.workspace.checkout import NotChangedError

    try:
        backup = workspace.reset(exercise)
    except NotChangedError as error:
        console.print(str(error), markup=False)
        return 1
    console.print(done(backup), markup=False)
    return 0


def solution(name: str, console: Console) -> int:
    """Show the reference answer, but only once the learner's own answer earns full marks."""
    from rnnlab.grader.report import read_report
    from rnnlab.workspace.checkout import Workspace
    from rnnlab.workspace.grading import grade_exercises

    exercise = find_exercise(name)
    workspace = Workspace.here()
    report_path = workspace.root / ".rnnlab" / "solution-check.json"
    code = grade_exercises(
        [exercise.name], root=workspace.root, report=report_path, show_table=False
    )
    report = read_report(report_path)  # this grade's, even where it could not be saved
    if report is None:
        return code or 1
    result = report["exercises"][exercise.name]
    if code != 0 or result["earned"] < result["possible"]:
        console.print(
            i18n.text(
                "cli.solution_locked",
                name=exercise.name,
                earned=f"{result['earned']:g}",
                possible=f"{result['possible']:g}",
                feedback=result["feedback"],
            ),
            markup=False,
        )
        return 1
    source = workspace.solution_file(exercise).read_text("utf-8")
    if console.is_terminal:
        console.print(Syntax(source, "python", line_numbers=True))
    else:  # piped or redirected: the file itself, valid Python, byte for byte
        sys.stdout.write(source)
    return 0


def classroom(args: argparse.Namespace, console: Console) -> int:
    """``grade-all``, ``merge``, ``autograder-bundle`` and ``classroom-template``: the
    teacher's commands."""
    from rnnlab.assignment import choose_assignment
    from rnnlab.classroom.bundle import build_autograder_bundle
    from rnnlab.classroom.feedback import write_class_feedback
    from rnnlab.classroom.merge import merge_results
    from rnnlab.classroom.scores import summary_table
    from rnnlab.classroom.shards import WHOLE_CLASS, parse_shard
    from rnnlab.classroom.template import write_classroom_template
    from rnnlab.grader.run import official_seed, seed_was_given
    from rnnlab.workspace.checkout import Workspace

    t = i18n.text
    if args.command == "merge":
        rows = merge_results(args.folder, csv_path=args.csv, html=args.html, json_path=args.json)
        console.print(summary_table(rows, width=console.width))
        console.print(
            t("classroom.merged", count=len(rows), csv=args.csv, folder=args.folder), markup=False
        )
        if args.feedback:
            written = write_class_feedback(args.folder, args.feedback)
            console.print(
                t("classroom.feedback_written", count=len(written) // 2, folder=args.feedback),
                markup=False,
            )
        return 0
    root = Workspace.here().root
    # One choice of exercises and points for every command (an unknown one fails here).
    chosen = [*getattr(args, "names", ()), *(args.exercises or ())]
    assignment = choose_assignment(args.assignment, chosen)
    if args.command == "classroom-template":
        folder = write_classroom_template(root, args.out, assignment)
        console.print(
            t(
                "assignment.template_written",
                folder=folder,
                count=len(assignment.names),
                points=f"{assignment.possible:g}",
            ),
            markup=False,
        )
        return 0
    shard = WHOLE_CLASS if args.shard is None else parse_shard(args.shard)
    if shard.count > 1 and not seed_was_given(args.seed):
        raise ValueError(t("classroom.shard_needs_seed"))
    if args.command == "autograder-bundle":
        seed = official_seed(args.seed)
        bundle = build_autograder_bundle(root, args.output, seed=seed, assignment=assignment)
        console.print(t("cli.wrote", path=bundle), markup=False)
        return 0
    return grade_all(args, root, shard, assignment, console)


def grade_all(
    args: argparse.Namespace, root: Path, shard: Any, assignment: Assignment, console: Console
) -> int:
    """``grade-all``: grade a class (a share of it, or some of its students again) as a new
    run, then write the scores, the class report and the feedback."""
    from rnnlab.classroom.feedback import write_feedback
    from rnnlab.classroom.grade_all import grade_submissions
    from rnnlab.classroom.merge import merge_results
    from rnnlab.classroom.roster import read_roster
    from rnnlab.classroom.scores import read_reports, summary_table
    from rnnlab.classroom.shards import whole_class
    from rnnlab.grader.run import official_seed, seed_was_given

    t = i18n.text
    out = args.out or Path(".rnnlab/submissions")
    roster = read_roster(args.roster) if args.roster else None  # a bad roster: before grading
    if args.students and not seed_was_given(args.seed):
        seed = whole_class(out).seed  # a regrade grades the inputs the class was graded on
    else:
        seed = official_seed(args.seed)
    rows = grade_submissions(
        args.folder,
        root=root,
        out_dir=out,
        seed=seed,
        assignment=assignment,
        shard=shard,
        replace=args.out is None,  # the default folder holds the last run; --out is refused
        roster=roster,
        students=args.students or (),
        jobs=args.jobs,
        time_limit=args.time_limit,
        console=console,
    )
    run = str(rows[0]["run"]) if rows else "-"
    graded = {str(row["student"]) for row in rows}
    if shard.count == 1:  # the whole class: its scores (this run's rows) and class report
        update = graded if args.students else None
        everyone = merge_results(
            out, csv_path=args.csv, html=args.html, json_path=args.json, update=update
        )
        rows = [row for row in everyone if row["student"] in graded]
    if args.feedback:  # one file per student this run graded, from their latest reports
        written = write_feedback(read_reports(out, sorted(graded)), args.feedback)
    console.print(summary_table(rows, width=console.width))
    if shard.count > 1:
        console.print(
            t("classroom.shard_done", shard=shard, count=len(rows), folder=out), markup=False
        )
    else:
        console.print(
            t("classroom.graded", count=len(rows), csv=args.csv, folder=out, run=run), markup=False
        )
    if args.feedback:
        console.print(
            t("classroom.feedback_written", count=len(written) // 2, folder=args.feedback),
            markup=False,
        )
    return 0


def experiment(args: argparse.Namespace, console: Console) -> int:
    """Run an experiment (or read its cached default run), save its figures, print its table."""
    from rnnlab.experiments import load_experiment, run_experiment, save_figures
    from rnnlab.experiments.display import progress_reporter, summary_table
    from rnnlab.figures.plots import file_text
    from rnnlab.quiet import quiet_tensorflow

    quiet_tensorflow()  # before any experiment imports TensorFlow
    module = load_experiment(args.name)  # an unknown name fails before anything heavy loads
    out = args.out or Path(".rnnlab/experiments") / args.name
    mode = i18n.text("cli.experiment_quick" if args.quick else "cli.experiment_default")
    title = i18n.experiment_title(module)
    heading = Text(i18n.text("cli.experiment_heading", title=title, mode=mode, impl=args.impl))
    heading.highlight_words([title], "bold")  # a Text, not markup: none of it is parsed
    console.print(heading)
    with progress_reporter(console) as progress:
        outcome = run_experiment(
            args.name,
            quick=args.quick,
            impl=args.impl,
            seed=args.seed,
            progress=progress,
            cache_dir=EXPERIMENT_CACHE,
            fresh=args.fresh,
        )
    requested = i18n.current_language()
    with file_text(requested) as language:  # Korean only where a Hangul font is installed
        written = save_figures(module.figures(outcome.result, language=language), out)
    table = summary_table(i18n.experiment_title(module), module.summary_rows(outcome.result))
    # A log or CI has no terminal width to fit (rich assumes 80 columns): print wide enough
    # that each row stays on a few lines.
    wide = console if console.is_terminal else Console(file=console.file, width=140)
    wide.print(table)
    when = (
        i18n.text("cli.experiment_from_cache")
        if outcome.from_cache
        else i18n.text("cli.experiment_took", seconds=f"{outcome.seconds:.1f}")
    )
    names = ", ".join(path.name for path in written)
    console.print(i18n.text("cli.experiment_done", when=when, out=out, names=names), markup=False)
    if language != requested:
        console.print(i18n.text("cli.figures_in_english"), markup=False)
    return 0


def positive_seconds(value: str) -> float:
    """``--time-limit``: a number of seconds above 0, else argparse's usage error."""
    try:
        seconds = float(value)
    except ValueError:
        seconds = float("nan")
    if not seconds > 0:
        raise argparse.ArgumentTypeError(i18n.text("cli.bad_time_limit", value=repr(value)))
    return seconds


def add_teacher_commands(commands: Any) -> None:
    """``grade-all``, ``merge`` and ``autograder-bundle``."""
    seed_help = "official seed (default: $RNNLAB_OFFICIAL_SEED, else a fresh random one)"
    many = commands.add_parser(
        "grade-all",
        help="grade a folder of submissions (teachers)",
        description="Grade a class folder: one sub-folder per student (files found anywhere "
        "in it, e.g. in exercises/; names such as 'E02_Simple_RNN.py' or "
        "'e01_embedding (1).py' are recognised and said so in the student's feedback), or an "
        "LMS download of files named <student>_<ids>_<file> directly in the folder.",
    )
    many.add_argument(
        "folder", type=Path, help="a sub-folder per student, or LMS-named files (<student>_<ids>_)"
    )
    many.add_argument(
        "names", nargs="*", help="exercises to grade (e02 or e02_simple_rnn), as --exercises"
    )
    many.add_argument("--jobs", type=int, help="submissions at once (default: CPU cores)")
    many.add_argument("--csv", type=Path, default=Path("scores.csv"), help="scores file")
    many.add_argument("--out", type=Path, help="reports (default .rnnlab/submissions)")
    many.add_argument(
        "--time-limit", type=positive_seconds, default=60.0, help="seconds per exercise"
    )
    many.add_argument("--seed", type=int, help=seed_help)
    many.add_argument("--shard", help="K/N: grade the K-th of N shares (needs --seed)")
    many.add_argument(
        "--roster",
        type=Path,
        help="roster.csv with columns id, folder[, name, language]: outputs keyed by id, "
        "feedback in each student's language (en/ko)",
    )
    many.add_argument(
        "--students",
        nargs="+",
        metavar="ID",
        help="regrade only these (roster ids, else folder names) with the class's seed; "
        "their rows in --csv change, every other row stays as it is",
    )
    merged = commands.add_parser("merge", help="merge grade-all shards: scores and class report")
    merged.add_argument("folder", type=Path, help="the --out folder of every share")
    merged.add_argument("--csv", type=Path, default=Path("scores.csv"), help="scores file")
    for command in (many, merged):
        command.add_argument(
            "--feedback",
            type=Path,
            metavar="DIR",
            help="write each student's feedback to hand back: DIR/<student>.md and .html "
            "(points, first failing check, misconceptions, hints; no paths of this machine)",
        )
        command.add_argument("--html", type=Path, help="class report page (FOLDER/class.html)")
        command.add_argument("--json", type=Path, help="class report data (FOLDER/class.json)")
    bundle = commands.add_parser("autograder-bundle", help="build a Gradescope autograder zip")
    bundle.add_argument("--output", type=Path, default=Path("dist/rnnlab-autograder.zip"))
    bundle.add_argument("--seed", type=int, help=seed_help)
    bundle.set_defaults(shard=None)
    template = commands.add_parser(
        "classroom-template",
        help="write a GitHub Classroom starter repository (self-study feedback)",
        description="Write a starter repository for GitHub Classroom: the exercise stubs, what "
        "`rnnlab grade` needs, a student README, assignment.toml and a workflow whose "
        "autograding steps award each assigned exercise's points when it earns them all. No "
        "solutions. Its points are self-study feedback (the student controls the repository); "
        "official grades come from `rnnlab grade-all` over the collected repositories.",
    )
    template.add_argument("out", type=Path, help="a new (or empty) folder")
    for command in (many, bundle, template):
        choice = command.add_mutually_exclusive_group()
        choice.add_argument(
            "--assignment",
            type=Path,
            metavar="FILE",
            help="assignment.toml: the exercises graded and their points (see docs/teaching.md)",
        )
        choice.add_argument(
            "--exercises",
            nargs="+",
            metavar="NAME",
            help="the exercises graded, at curriculum.toml's points (e01 e02 or full names)",
        )


def add_grade_command(commands: Any) -> None:
    """``grade``: its exercises, formats and the options official runs and Classroom use."""
    grade_parser = commands.add_parser("grade", help="grade exercises against Keras")
    grade_parser.add_argument("names", nargs="*", help="exercises (e02 or e02_simple_rnn)")
    grade_parser.add_argument(
        "--impl", default="exercises", help="exercises, solutions or a folder"
    )
    grade_parser.add_argument("--report", type=Path, default=REPORT, help="report.json's path")
    grade_parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (default), json, gradescope, junit",
    )
    grade_parser.add_argument(
        "--output",
        type=Path,
        help="file for gradescope (.rnnlab/results.json) or junit (.rnnlab/junit.xml)",
    )
    grade_parser.add_argument(
        "--time-limit",
        type=positive_seconds,
        default=60.0,
        help="seconds per exercise (default 60)",
    )
    grade_parser.add_argument(
        "--fresh-references",
        action="store_true",
        help="recompute every Keras reference instead of using the cache (official runs)",
    )
    grade_parser.add_argument(
        "--official",
        action="store_true",
        help="official grading: isolate each exercise's code, fresh references (teachers)",
    )
    grade_parser.add_argument(
        "--seed",
        type=int,
        help="official runs: the secret mixed into every check's inputs, to reproduce a run "
        "(default: $RNNLAB_OFFICIAL_SEED, else a fresh random one)",
    )
    grade_parser.add_argument(
        "--shared-references",
        type=Path,
        metavar="FOLDER",
        help="official runs: Keras's references kept in FOLDER, computed once and shared by "
        "many grades (grade-all and the Gradescope image do this): a run with "
        "--fresh-references fills it, each --official run then reads it instead of "
        "recomputing; keep FOLDER private to the grader",
    )
    grade_parser.add_argument(
        "--assignment",
        type=Path,
        metavar="FILE",
        help="assignment.toml: grade its exercises (or the names given, if assigned) out of "
        "its points",
    )
    grade_parser.add_argument(
        "--require-full",
        action="store_true",
        help="exit 1 unless every exercise graded earns full points (GitHub Classroom's "
        "command grader awards a step's points on exit 0)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rnnlab", description="Learn RNNs by writing them.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="exercises in course order with status and points")
    add_grade_command(commands)
    hint_parser = commands.add_parser("hint", help="the next hint for an exercise")
    hint_parser.add_argument("name")
    hint_parser.add_argument(
        "--all", dest="again", action="store_true", help="show again every hint given so far"
    )
    commands.add_parser("solution", help="the reference answer, once yours passes").add_argument(
        "name"
    )
    reset_parser = commands.add_parser("reset", help="back up your file and restore the stub")
    reset_parser.add_argument("name")
    reset_parser.add_argument("--yes", action="store_true", help="do not ask")
    add_teacher_commands(commands)
    watch_parser = commands.add_parser("watch", help="re-grade each exercise when it is saved")
    watch_parser.add_argument("names", nargs="*", help="exercises to watch (default: all)")
    commands.add_parser("seed", help="run the study note's four code blocks")
    run = commands.add_parser("experiment", help="run an experiment; save figures, print a table")
    run.add_argument("name", help="vanishing-gradients, long-range-memory, embeddings, ...")
    run.add_argument(
        "--quick", action="store_true", help="the short run (timed on the Experiments page)"
    )
    run.add_argument(
        "--impl", default="solutions", help="exercises, solutions (default) or a folder"
    )
    run.add_argument("--out", type=Path, help="figures folder (.rnnlab/experiments/NAME)")
    run.add_argument("--seed", type=int, default=0, help="seed for data and training (0)")
    run.add_argument("--fresh", action="store_true", help="recompute the cached default run")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    console = Console()
    try:
        i18n.current_language()  # a bad RNNLAB_LANG is said once, here, not in every message
        if args.command in NEEDS_TENSORFLOW:
            require_tensorflow()  # one line saying what to install, not Keras's traceback
        if args.command == "list":
            return list_exercises(console)
        if args.command == "grade":
            return grade(args, console)
        if args.command == "hint":
            return hint(args.name, console, again=args.again)
        if args.command == "reset":
            return reset(args.name, args.yes, console)
        if args.command == "solution":
            return solution(args.name, console)
        if args.command in ("grade-all", "merge", "autograder-bundle", "classroom-template"):
            return classroom(args, console)
        if args.command == "experiment":
            return experiment(args, console)
        if args.command == "watch":
            from rnnlab.watch import watch
            from rnnlab.workspace.checkout import Workspace

            return watch(Workspace.here().root, console, names=args.names)
        from rnnlab.seed import main as seed_main

        return seed_main()
    except (ValueError, FileNotFoundError, MissingPackageError, NotImplementedError) as error:
        # The message is not ours to parse: `pip install "rnnlab[data]"` must print as it is.
        console.print(f"[bold red]rnnlab {args.command}:[/bold red] {escape(str(error))}")
        return 2


def run() -> None:
    """The ``rnnlab`` command and ``python -m rnnlab``: `main`, then exit.

    Where a command loaded TensorFlow (a grade that asked Keras, an experiment), the process
    ends without the interpreter's teardown, which is then slow and saves nothing:
    every file rnnlab writes is complete when `main` returns (`rnnlab.safe_io`), and the
    streams and log handlers are flushed first. Without TensorFlow it exits as usual.
    """
    code = main()
    if "tensorflow" not in sys.modules:
        sys.exit(code)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed pipe (`rnnlab grade | head`)
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
