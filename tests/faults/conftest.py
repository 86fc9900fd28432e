"""The fault suite's prepared checkout, its fresh copies, and the table it writes.

One checkout is prepared per session (stubs, the graders, the mistake catalogue and warm
caches for e01); each case grades a copy of it, so no case waits for Keras but the one that
means to. The table of cases goes to ``bench/results/faults.json`` when every case ran and
passed (the Teaching page shows it).
"""

from __future__ import annotations

import json
import platform
import shutil
from pathlib import Path

import pytest

from rnnlab.safe_io import write_atomic
from rnnlab.stubs import write_stubs

from .faultlib import E01, RESULTS, ROOT, WRONG_E01, rnnlab

_rows: list[dict[str, dict[str, str]]] = []
_deselected: list[pytest.Item] = []


@pytest.fixture(scope="session")
def template(tmp_path_factory) -> Path:
    """A learner's checkout with e01 solved and e01's caches (references, mistakes) warm."""
    root = tmp_path_factory.mktemp("template") / "rnnlab"
    for part in ("solutions", "tests/grading", "tests/broken"):
        shutil.copytree(ROOT / part, root / part)
    write_stubs(ROOT, root / "exercises")
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    cache = ROOT / ".rnnlab" / "cache"
    if cache.is_dir():  # references other runs computed: same files, same fingerprints
        shutil.copytree(cache, root / ".rnnlab" / "cache", ignore=shutil.ignore_patterns(".*"))
    shutil.copy(WRONG_E01, root / "exercises" / f"{E01}.py")
    assert rnnlab(root, "grade", "e01").code == 0  # warms the mistakes (and references)
    shutil.copy(root / "solutions" / f"{E01}.py", root / "exercises")
    assert rnnlab(root, "grade", "e01").code == 0
    for state in ("report.json", "progress.json"):
        (root / ".rnnlab" / state).unlink()
    return root


@pytest.fixture
def ws(template, tmp_path) -> Path:
    """A fresh copy of the prepared checkout."""
    root = tmp_path / "rnnlab"
    shutil.copytree(template, root)
    return root


@pytest.fixture
def record():
    """``record(case, fault, outcome, ko=(case, fault, outcome))``: a row of the table in
    English and Korean (the Teaching page's two languages), kept when the case passes."""
    rows: list[dict[str, dict[str, str]]] = []

    def add(case: str, fault: str, outcome: str, *, ko: tuple[str, str, str]) -> None:
        keys = ("case", "fault", "outcome")
        rows.append({"en": dict(zip(keys, (case, fault, outcome))), "ko": dict(zip(keys, ko))})

    yield add
    _rows.extend(rows)


def pytest_deselected(items: list[pytest.Item]) -> None:
    _deselected.extend(items)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Write the table, only from a whole run of the suite that every case survived."""
    here = Path(__file__).parent
    ours = [item for item in session.items if Path(item.path).parent == here]
    modules = {Path(item.path).name for item in ours}
    whole = (
        modules == {p.name for p in here.glob("test_*.py")}
        and not any(Path(item.path).parent == here for item in _deselected)
        and not any("::" in arg for arg in session.config.args)
    )
    if not whole or session.testsfailed or len(_rows) < len(ours):
        return  # a partial or failing run must not replace the published table
    table = {
        "suite": "tests/faults",
        "platform": f"{platform.system()} {platform.machine()}",
        "cases": len(_rows),
        "survived": len(_rows),
        "rows": sorted(_rows, key=lambda row: (row["en"]["fault"], row["en"]["case"])),
    }
    write_atomic(RESULTS, json.dumps(table, indent=2, ensure_ascii=False) + "\n")
