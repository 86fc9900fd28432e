"""Run ``rnnlab watch`` on the checkout in the current folder, logging every result.

    python bench/watch_events.py EVENTS.jsonl RE_GRADES

Each graded exercise is appended to ``EVENTS.jsonl`` as one JSON object (see
`rnnlab.watch.Graded`); the watch stops after ``RE_GRADES`` re-grades. This is how
``bench/feedback.py`` times a save to its result, and how ``tests/unit/test_watch.py`` sees it.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

from rich.console import Console

from rnnlab.watch import Graded, watch


def main(argv: list[str]) -> int:
    """Watch until ``argv[1]`` re-grades, appending every result to ``argv[0]``."""
    events, regrades = Path(argv[0]), int(argv[1])
    events.parent.mkdir(parents=True, exist_ok=True)

    def log(graded: Graded) -> None:
        with events.open("a", encoding="utf-8") as file:
            file.write(json.dumps(dataclasses.asdict(graded)) + "\n")

    return watch(Path.cwd(), Console(), exit_after=regrades, on_graded=log)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
