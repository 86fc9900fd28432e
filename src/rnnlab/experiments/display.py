"""What `rnnlab experiment` shows: a progress bar while training and the summary table."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from rnnlab.experiments.protocol import Progress as ProgressCallback
from rnnlab.i18n import text


@contextmanager
def progress_reporter(console: Console) -> Iterator[ProgressCallback]:
    """A ``progress(description, done, total)`` callback drawing on ``console``.

    In a terminal, one rich progress bar per description; otherwise (a log, CI) one plain line
    when a description starts and one when it completes, so logs stay short.
    """
    if not console.is_terminal:
        started: set[str] = set()

        def plain(description: str, done: int, total: int) -> None:
            if description not in started:
                started.add(description)
                console.print(text("cli.progress_started", what=description, total=total))
            if done >= total:
                console.print(text("cli.progress_done", what=description))

        yield plain
        return
    bars = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )
    tasks: dict[str, int] = {}

    def rich_bar(description: str, done: int, total: int) -> None:
        if description not in tasks:
            tasks[description] = bars.add_task(description, total=total)
        bars.update(tasks[description], completed=done, total=total)

    with bars:
        yield rich_bar


def format_cell(value: object) -> str:
    """A table cell: floats with 4 significant digits, anything else as ``str``."""
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def summary_table(title: str, rows: list[dict[str, object]]) -> Table:
    """A rich table with one column per key (in first-seen order) and one row per dict."""
    columns: list[str] = []
    for row in rows:
        columns.extend(key for key in row if key not in columns)
    table = Table(title=escape(title), title_justify="left")
    for column in columns:  # names and values, not markup: `[data]` prints as it is
        table.add_column(escape(column))
    for row in rows:
        table.add_row(*(escape(format_cell(row.get(column, ""))) for column in columns))
    return table
