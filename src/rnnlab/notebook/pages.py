"""A course page's Markdown, as Jupyter draws it: the prose and the math, without what only
the docs site can run or render.

The site's pages hold markdown-exec blocks (figures and runs made while the site builds),
snippet includes, mkdocstrings' ``::: module`` and Material's admonitions and tabs. A notebook
keeps the idea and the equations: executed blocks and includes are dropped (the figures are
on the site), admonitions and tabs become a bold title over their text, math delimiters
``\\( \\)`` and ``\\[ \\]`` become ``$`` and ``$$``, links to other exercises point to their
notebooks, and other site links keep only their text. The section that shows the stub's
contract (``::: module``) is dropped: the notebook's code cell holds the stub itself.
"""

from __future__ import annotations

import re

EXECUTED = re.compile(r'^(\s*)```\S*.*\bexec="on"')
FENCE = re.compile(r"^(\s*)```")
COMMENT = re.compile(r"^\s*<!--.*-->\s*$")
SNIPPET = re.compile(r'^\s*--8<--\s+"')
BLOCK_TITLE = re.compile(r'^(?:!!!|\?\?\?\+?|===)\s*(?:\w[\w-]*\s*)?(?:"(?P<title>[^"]*)")?\s*$')
ANCHOR = re.compile(r"\s*\{#[^}]*\}\s*$")
LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<target>[^)\s]+)\)")
EXERCISE_PAGE = re.compile(r"^(?:\.\./exercises/)?(?P<name>e\d\d_\w+?)(?:\.ko)?\.md(?:#.*)?$")


def _drop_executed(lines: list[str]) -> list[str]:
    """Every line but executed fenced blocks, HTML comments and snippet includes."""
    kept: list[str] = []
    closing: str | None = None
    for line in lines:
        if closing is not None:
            if FENCE.match(line) and line.strip() == "```":
                closing = None
            continue
        if EXECUTED.match(line):
            closing = "```"
            continue
        if COMMENT.match(line) or SNIPPET.match(line):
            continue
        kept.append(line)
    return kept


def _flatten_blocks(lines: list[str]) -> list[str]:
    """Admonitions and tabs as a bold title over their (dedented) text; ``::: module`` and
    its indented options dropped."""
    out: list[str] = []
    body = False  # inside an indented block body
    skipping = False  # inside a ::: block
    for line in lines:
        indented = line.startswith("    ") or not line.strip()
        if (body or skipping) and indented:
            if not skipping:
                out.append(line[4:] if line.startswith("    ") else line)
            continue
        body = skipping = False
        title = BLOCK_TITLE.match(line)
        if line.startswith(":::"):
            skipping = True
        elif title:
            body = True
            if title["title"]:
                out.append(f"**{title['title']}**")
        else:
            out.append(line)
    return out


def _link(match: re.Match[str], suffix: str) -> str:
    target = match["target"]
    if re.match(r"^[a-z]+://", target):
        return match[0]
    page = EXERCISE_PAGE.match(target)
    if page:
        return f"[{match['text']}]({page['name']}{suffix}.ipynb)"
    return match["text"]


def _inline(line: str, suffix: str) -> str:
    """Math delimiters Jupyter knows, links a notebook can follow, headings without anchors."""
    line = line.replace("\\(", "$").replace("\\)", "$")
    line = line.replace("\\[", "$$").replace("\\]", "$$")
    line = LINK.sub(lambda match: _link(match, suffix), line)
    return ANCHOR.sub("", line) if line.startswith("#") else line


def sections(page: str, *, language: str = "en") -> list[str]:
    """The page as notebook Markdown, one string per ``## `` section (the title's first).

    Sections left empty and the one holding ``::: module`` are dropped.

    Examples
    --------
    >>> page = "# T {#t}\\n\\nSee [e03](e03_lstm.md).\\n\\n## Math\\n\\n\\\\(h_t\\\\)\\n"
    >>> sections(page + "\\n## Exercise\\n\\n::: e02_x\\n    options: {}\\n")
    ['# T\\n\\nSee [e03](e03_lstm.ipynb).', '## Math\\n\\n$h_t$']
    """
    suffix = "" if language == "en" else f".{language}"
    parts: list[list[str]] = [[]]
    for line in page.splitlines():
        if line.startswith("## "):
            parts.append([])
        parts[-1].append(line)
    kept = []
    for index, part in enumerate(parts):
        if any(line.startswith(":::") for line in part):
            continue
        lines = _flatten_blocks(_drop_executed(part))
        text = "\n".join(_inline(line, suffix) for line in lines)
        text = re.sub(r"\n{3,}", "\n\n", text).strip()
        if text and (index == 0 or "\n" in text or not text.startswith("#")):  # title or prose
            kept.append(text)
    return kept
