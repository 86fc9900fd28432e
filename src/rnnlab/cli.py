"""The ``rnnlab`` command: ``rnnlab list``, ``rnnlab grade [NAMES]``, ``rnnlab seed``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from rnnlab.curriculum import load_curriculum

REPORT = Path(".rnnlab/report.json")


def _status(report: dict, name: str, possible: float) -> tuple[str, str]:
    entry = report.get("exercises", {}).get(name)
    if entry is None:
        return "not graded yet", "-"
    earned = entry["earned"]
    status = "passed" if earned >= possible else ("failing" if earned > 0 else "not started")
    return status, f"{earned:g} / {possible:g}"


def list_exercises(console: Console) -> int:
    """Print the course in order, with the status and points of the last report."""
    report = json.loads(REPORT.read_text("utf-8")) if REPORT.exists() else {}
    table = Table(title="rnnlab exercises", title_justify="left")
    for column in ("exercise", "title", "status", "points"):
        table.add_column(column)
    for exercise in load_curriculum():
        status, points = _status(report, exercise.name, exercise.points)
        table.add_row(exercise.name, exercise.title, status, points)
    console.print(table)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = argparse.ArgumentParser(prog="rnnlab", description="Learn RNNs by writing them.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="exercises in course order with status and points")
    grade = commands.add_parser("grade", help="grade exercises against Keras")
    grade.add_argument("names", nargs="*", help="exercises to grade (e02 or e02_simple_rnn)")
    grade.add_argument("--impl", default="exercises", help="exercises, solutions, or a folder")
    grade.add_argument("--report", type=Path, default=REPORT, help="where report.json goes")
    grade.add_argument(
        "--time-limit", type=float, default=60.0, help="seconds per exercise (default 60)"
    )
    grade.add_argument(
        "--fresh-references",
        action="store_true",
        help="recompute every Keras reference instead of using the cache (official runs)",
    )
    commands.add_parser("seed", help="run the study note's four code blocks")
    args = parser.parse_args(argv)
    console = Console()
    try:
        if args.command == "list":
            return list_exercises(console)
        if args.command == "seed":
            from rnnlab.seed import main as seed_main

            return seed_main()
        from rnnlab.grader.run import grade as run_grade
        from rnnlab.grader.run import select_exercises

        select_exercises(args.names)  # an unknown name fails here, before Keras loads
        console.print("[dim]Grading against Keras...[/dim]")
        return run_grade(
            args.names,
            impl=args.impl,
            report=args.report,
            time_limit=args.time_limit,
            fresh_references=args.fresh_references,
        )
    except (ValueError, FileNotFoundError) as error:
        console.print(f"[bold red]rnnlab {args.command}:[/bold red] {error}")
        return 2


if __name__ == "__main__":
    sys.exit(main())
