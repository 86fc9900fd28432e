"""The note's page, read as its source: every correction it makes appears in both languages,
each Korean heading carries the English heading's anchor (so links from either language land),
and the page has one title in its heading, the navigation and the home page."""

from __future__ import annotations

import re

import yaml
from conftest import ROOT

DOCS = ROOT / "docs"
# What the note gets wrong, one phrase of each English heading: the seven corrections the page
# started with, the three of issue 22 and e02's "single weight".
CORRECTIONS = (
    "distributional hypothesis",
    "not one-hot encoding",
    "one set of weights",
    "analogous, not identical",
    "only the input kernel",
    "four weight blocks",
    'not "포화"',
    "Bidirectional output",
    "between",
    "trained by gradients",
    "cuDNN warning is gone",
)


def _section(page: str) -> str:
    """The corrections section of a page: from its second-level heading to the end."""
    text = (DOCS / page).read_text("utf-8")
    return text[text.index("\n## ") :].split("\n## ", 2)[1]


def _slug(heading: str) -> str:
    """Python-Markdown's toc slug of an English heading (its default slugify)."""
    plain = re.sub(r"[*`]", "", heading)
    plain = re.sub(r"[^\w\s-]", "", plain, flags=re.ASCII).strip().lower()
    return re.sub(r"[-\s]+", "-", plain)


def test_both_languages_list_every_correction_under_the_same_anchors():
    english = re.findall(r"^### (.+)$", _section("note.md"), re.MULTILINE)
    korean = re.findall(r"^### .+\{#([\w-]+)\}$", _section("note.ko.md"), re.MULTILINE)
    assert len(english) == len(CORRECTIONS)
    for phrase in CORRECTIONS:
        assert sum(phrase in heading for heading in english) == 1, phrase
    assert korean == [_slug(heading) for heading in english]


def test_the_note_page_has_one_title():
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    nav = yaml.safe_load(config.split("\nmarkdown_extensions:")[0])["nav"]
    (title,) = [key for entry in nav for key, value in entry.items() if value == "note.md"]
    korean = re.search(rf"^ +{re.escape(title)}: (.+)$", config, re.MULTILINE)
    assert korean is not None, "no Korean translation of the note's title in the navigation"
    assert (DOCS / "note.md").read_text("utf-8").startswith(f"# {title}\n")
    assert (DOCS / "note.ko.md").read_text("utf-8").startswith(f"# {korean[1]} {{#")
    assert f"[{title}](note.md)" in (DOCS / "index.md").read_text("utf-8")
    assert f"[{korean[1]}](note.md)" in (DOCS / "index.ko.md").read_text("utf-8")
