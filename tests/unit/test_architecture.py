"""ARCHITECTURE.md stays true: the grader's rooms, its import rules, the code map, and what a
worker process imports."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "src" / "rnnlab"
GRADER = PACKAGE / "grader"
# What the grader must never reach: the learner's workspace and the commands built on it.
NOT_FOR_THE_GRADER = (
    "rnnlab.workspace",
    "rnnlab.progress",
    "rnnlab.backups",
    "rnnlab.classroom",
    "rnnlab.class_report",
    "rnnlab.cli",
    "rnnlab.watch",
)


def imported_names(source: str, module: str) -> set[str]:
    """Every module a source imports, at the top or inside a function; for ``from X import
    Y``, both ``X`` and ``X.Y`` (Y may be a submodule). ``module`` resolves relative imports."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = module.split(".")[: -node.level]
                base = ".".join([*parent, base] if base else parent)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def forbidden_imports(path: Path) -> list[str]:
    names = imported_names(path.read_text("utf-8"), module_name(path))
    return sorted(
        name
        for name in names
        if any(name == bad or name.startswith(bad + ".") for bad in NOT_FOR_THE_GRADER)
    )


def test_the_grader_never_imports_the_workspace_or_the_commands():
    offenders = {
        str(path.relative_to(ROOT)): forbidden_imports(path)
        for path in sorted(GRADER.rglob("*.py"))
        if forbidden_imports(path)
    }
    assert offenders == {}


@pytest.mark.parametrize(
    "line",
    [
        "from rnnlab.workspace.progress import record_progress",
        "import rnnlab.cli",
        "from rnnlab import watch",
        "def later():\n    from rnnlab.classroom import grade_submissions",
        "from ...workspace import backups",
    ],
)
def test_the_import_rule_catches_every_form(tmp_path, line):
    path = GRADER / "checks" / "example.py"  # only its name is used: nothing is written there
    names = imported_names(line, module_name(path))
    assert any(n.startswith(NOT_FOR_THE_GRADER) for n in names), names


def test_the_grader_is_in_rooms():
    top_level = sorted(p.name for p in GRADER.glob("*.py") if p.name != "__init__.py")
    assert len(top_level) <= 8, top_level
    rooms = [p for p in GRADER.iterdir() if (p / "__init__.py").is_file()]
    assert {p.name for p in rooms} >= {"checks", "sandbox", "diagnosis"}
    for room in [GRADER, *rooms]:
        docstring = ast.get_docstring(ast.parse((room / "__init__.py").read_text("utf-8")))
        assert docstring and len(docstring.split()) >= 20, f"{room.name}/__init__.py: say its job"


def test_architecture_md_names_every_package_and_top_level_module():
    text = (ROOT / "ARCHITECTURE.md").read_text("utf-8")
    modules = [p.name for p in PACKAGE.glob("*.py")]
    packages = [f"{p.name}/" for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()]
    rooms = [f"grader/{p.parent.name}/" for p in GRADER.glob("*/__init__.py")]
    missing = [name for name in [*modules, *packages, *rooms] if f"`{name}`" not in text]
    assert missing == [], "ARCHITECTURE.md's code map lacks these"


def test_a_worker_imports_only_what_architecture_md_allows():
    """The worker's whole import set, as a real worker process sees it."""
    code = (
        "import json, sys; import rnnlab.grader.sandbox.worker; "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] not in "
        "sys.stdlib_module_names)))"
    )
    process = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    loaded = json.loads(process.stdout)
    ours = {m for m in loaded if m.startswith("rnnlab")}
    assert ours == {
        "rnnlab",
        "rnnlab.grader",
        "rnnlab.grader.sandbox",
        "rnnlab.grader.sandbox.isolation",
        "rnnlab.grader.sandbox.protocol",
        "rnnlab.grader.sandbox.worker",
        "rnnlab.i18n",
        "rnnlab.modules",
    }
    others = {m.split(".")[0] for m in loaded} - {"rnnlab", "numpy"}
    # NumPy's own imports aside, nothing else: no Keras, no pytest, no rich.
    assert not others & {"keras", "tensorflow", "pytest", "rich", "matplotlib", "_pytest"}, others


def function_lengths() -> dict[str, int]:
    """Lines of every function body in src/ (its docstring left out)."""
    lengths = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                body = node.body
                if ast.get_docstring(node) is not None:
                    body = body[1:]
                if body:
                    name = f"{path.relative_to(PACKAGE)}:{node.name}"
                    lengths[name] = body[-1].end_lineno - body[0].lineno + 1
    return lengths


def test_no_function_body_is_longer_than_80_lines():
    long = {name: n for name, n in function_lengths().items() if n > 80}
    assert long == {}
