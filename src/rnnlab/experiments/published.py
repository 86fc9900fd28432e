"""Read the experiments' recorded default runs (`bench/results/experiment_NAME.json`) for the docs.

The docs show the default runs, which take minutes; `bench/experiments.py` records them once
(`nox -s bench_experiments`), and the docs build only redraws the figures and tables from the
JSON, so it needs neither TensorFlow training nor the data packages.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from rnnlab.experiments.display import format_cell
from rnnlab.experiments.registry import load_experiment

RESULTS = Path("bench/results")


def result_path(name: str, folder: str | Path = RESULTS) -> Path:
    """Where the default run of experiment ``name`` is recorded."""
    return Path(folder) / f"experiment_{name}.json"


def published(name: str, folder: str | Path = RESULTS) -> tuple[Any, dict[str, Any]]:
    """The recorded result of ``name`` (its module's ``Result``) and the record around it.

    Raises
    ------
    FileNotFoundError
        If the run was never recorded; the message names the command that records it.
    """
    path = result_path(name, folder)
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} does not exist: record it with `nox -s bench_experiments -- {name}`."
        )
    record = json.loads(path.read_text("utf-8"))
    return load_experiment(name).Result(**record["result"]), record


def markdown_table(rows: list[dict[str, object]]) -> str:
    """A Markdown table with one column per key (first-seen order); ``|`` in cells escaped.

    Examples
    --------
    >>> print(markdown_table([{"a": 1, "b|c": 0.123456}, {"a": "x|y"}]))
    | a | b\\|c |
    |---|---|
    | 1 | 0.1235 |
    | x\\|y |  |
    """
    columns: list[str] = []
    for row in rows:
        columns.extend(key for key in row if key not in columns)

    def cell(value: object) -> str:
        return format_cell(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(map(cell, columns)) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(row.get(c, "")) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def svg(figure: Any) -> str:
    """The figure as inline SVG markup, then closed."""
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    return buffer.getvalue()


def figures_in_each_language(module: Any, result: Any) -> str:
    """An experiment's figures as inline SVG in every language; the page shows its own.

    The figures are drawn once per language, their words kept as SVG text for the page's fonts
    (Matplotlib's own have no Hangul), and wrapped by `rnnlab.i18n.in_each_language`.
    """
    from rnnlab.figures.plots import page_text
    from rnnlab.i18n import in_each_language

    def render(language: str) -> str:
        with page_text():
            drawn = module.figures(result, language=language)
            return "\n".join(svg(figure) for figure in drawn.values())

    return in_each_language(render)
