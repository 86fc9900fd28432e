"""Run each executed code block once per build, whichever language's page shows it.

The Korean twin of a page does not copy the English page's executed blocks: it includes them
by section with pymdownx.snippets (``--8<-- "exercises/e03_lstm.md:lstm-cell"``), so the code
lives in one place. mkdocs-static-i18n then builds the English site and, in the same process,
the Korean one; this hook remembers what each block printed the first time, keyed by its code
and session, and hands the Korean page the same output. The figures are drawn once, and both
languages show exactly the same numbers.

markdown-exec has no public hook for this, so we wrap its private ``_run_python``; the build
fails loudly, naming the version, if that function moves.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger("mkdocs.hooks.exec_once")

try:
    from markdown_exec._internal.formatters import python as _exec_python
except ImportError as error:  # pragma: no cover - only with a markdown-exec we never pinned
    raise ImportError(
        "docs/hooks/exec_once.py wraps markdown_exec._internal.formatters.python._run_python, "
        "which this markdown-exec does not have; pin markdown-exec>=1.12,<2 (pyproject.toml)"
    ) from error

_run_python = _exec_python._run_python
_outputs: dict[tuple[str, str | None], str] = {}
counts = {"ran": 0, "reused": 0}
_building = {"language": None, "default": None}  # set by on_pre_build from the i18n plugin
ran_for_translation: list[str] = []  # first lines of blocks that ran only for another language


def run_once(code: str, returncode: int | None = None, session: str | None = None, **extra: Any):
    """markdown-exec's runner, remembering each block's output by (code, session)."""
    key = (code, session)
    if key in _outputs:
        counts["reused"] += 1
        return _outputs[key]
    if _building["language"] != _building["default"]:
        ran_for_translation.append(code.strip().splitlines()[0][:60] if code.strip() else "")
    output = _run_python(code, returncode=returncode, session=session, **extra)
    counts["ran"] += 1
    _outputs[key] = output
    return output


_exec_python._run_python = run_once


def on_pre_build(config: Any) -> None:
    """Note which language the i18n plugin is building (the default one comes first)."""
    i18n = config["plugins"].get("i18n")
    _building["language"] = getattr(i18n, "current_language", None)
    _building["default"] = getattr(i18n, "default_language", None)


def on_post_build(config: Any) -> None:
    """Say how many blocks ran; fail if a translation ran code the English pages did not."""
    from mkdocs.exceptions import PluginError

    log.info(
        "executed code blocks: %d ran, %d outputs reused (a Korean twin's includes, or a "
        "block repeated)",
        counts["ran"],
        counts["reused"],
    )
    if ran_for_translation:
        raise PluginError(
            "These executed blocks ran only for a translated page; include the English "
            'page\'s section instead (--8<-- "page.md:section"), so figures are built once: '
            + "; ".join(ran_for_translation)
        )
