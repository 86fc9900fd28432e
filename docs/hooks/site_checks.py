"""Checks on the built site, run by `mkdocs build` as a hook (see `hooks:` in mkdocs.yml).

Four promises of the course site are easy to break without noticing, so the build fails when
one is broken:

- **Offline.** No page may fetch a script, style, font, image or frame from another host: a
  learner on a train or in a classroom without internet must see every equation and figure.
- **Markdown docstrings.** mkdocstrings renders docstrings as Markdown, so a Sphinx role
  (`:func:`), an RST directive (`.. note::`) or an RST table rule (`==== ====`) shows up
  literally on the API pages. (One TeX pitfall that loses text silently is caught as well.)
- **Links lead somewhere.** Every local link points to a file of the site.
- **Korean pages speak Korean.** What a reader of a page under ``ko/`` sees is Korean, but for
  code, formulas, quotations, glossed terms in parentheses and names (`rnnlab.language_audit`).

The functions take HTML or CSS text and return the problems found, so tests can feed them
small examples; `on_post_build` runs them over every file of the site.
"""

from __future__ import annotations

import logging
import os
import re
from html.parser import HTMLParser
from pathlib import Path

from rnnlab.language_audit import english_on_page

# Attributes through which a browser fetches something by itself (an <a href> is only a link).
FETCHING_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),  # SVG
    "use": ("href", "xlink:href"),  # SVG
    "feimage": ("href", "xlink:href"),  # SVG
}
# <link> fetches for every rel except these, which only name a related page.
NON_FETCHING_LINK_RELS = {"canonical", "alternate", "prev", "next", "author", "license", "help"}
log = logging.getLogger("mkdocs.hooks.site_checks")
EXTERNAL_URL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_EXTERNAL_URL = re.compile(
    r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:[a-z][a-z0-9+.-]*:)?//[^'")\s]+)""",
    re.IGNORECASE,
)
RAW_MARKUP = {
    "shows a Sphinx role literally": re.compile(
        r":(?:py:)?(?:func|class|meth|mod|attr|data|exc|obj|const|ref|doc|term):"
    ),
    "shows an RST directive literally": re.compile(r"(?m)^\s*\.\. [a-z][a-z-]*::"),
    "shows an RST table rule literally": re.compile(r"={3,}(?:[ \t]+={3,})+"),
    # `\begin{aligned}[z_i, ...]` reads the bracket as aligned's optional position argument, so
    # MathJax silently drops the equation's left-hand side (write `{[z_i, ...]}` instead).
    "starts \\begin{aligned} with a bracket, which TeX reads as an option": re.compile(
        r"\\begin\{aligned\}\s*\["
    ),
}


def _is_external(url: str) -> bool:
    """True for `https://host/...`, `http://...` and protocol-relative `//host/...` URLs."""
    return bool(EXTERNAL_URL.match(url))


def _srcset_urls(value: str) -> list[str]:
    return [candidate.split()[0] for candidate in value.split(",") if candidate.split()]


class _AssetFinder(HTMLParser):
    """Collects every external URL the page would fetch, and its text outside code."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.external: list[str] = []
        self.links: list[str] = []  # every <a href>, to check the local ones lead somewhere
        self.prose: list[str] = []
        self.inline_code: list[str] = []  # <code> outside <pre>: where a parameter's type shows
        self._code_depth = 0
        self._pre_depth = 0
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        urls: list[str] = []
        if tag == "link":
            rels = set(values.get("rel", "").lower().split())
            if not rels <= NON_FETCHING_LINK_RELS:
                urls.append(values.get("href", ""))
        for name in FETCHING_ATTRIBUTES.get(tag, ()):
            if name in values:
                urls.extend(_srcset_urls(values[name]) if name == "srcset" else [values[name]])
        urls.extend(css_external_urls(values.get("style", "")))
        self.external.extend(f"<{tag}> {url}" for url in urls if _is_external(url))
        if tag in ("pre", "code", "script"):
            self._code_depth += 1
        if tag in ("pre", "script"):
            self._pre_depth += 1
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("pre", "code", "script") and self._code_depth:
            self._code_depth -= 1
        if tag in ("pre", "script") and self._pre_depth:
            self._pre_depth -= 1
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.external.extend(f"<style> {url}" for url in css_external_urls(data))
        elif not self._code_depth:
            self.prose.append(data)
        elif not self._pre_depth:
            self.inline_code.append(data)


def css_external_urls(css: str) -> list[str]:
    """External URLs fetched by a stylesheet: `url(https://...)` and `@import "https://..."`."""
    return [match.group(1) for match in CSS_EXTERNAL_URL.finditer(css)]


def html_problems(html: str) -> list[str]:
    """Problems of one HTML page: external assets, and raw Sphinx/RST markup outside code.

    Examples
    --------
    >>> html_problems('<script src="https://cdn.example/x.js"></script><p>fine</p>')
    ['fetches an external asset: <script> https://cdn.example/x.js']
    >>> html_problems('<p>see :func:<code>split_gates</code></p>')
    ["shows a Sphinx role literally: ':func:'"]
    >>> html_problems('<a href="https://nox.thea.codes">nox</a><pre>:func:`x`</pre>')
    []
    """
    finder = _AssetFinder()
    finder.feed(html)
    finder.close()
    problems = [f"fetches an external asset: {asset}" for asset in finder.external]
    prose = "".join(finder.prose)
    for what, pattern in RAW_MARKUP.items():
        problems.extend(f"{what}: {match.group(0).strip()!r}" for match in pattern.finditer(prose))
    # mkdocstrings shows a parameter's type verbatim, so ``(batch, units)`` there stays literal.
    problems.extend(
        f"shows RST double backticks literally: {text.strip()!r}"
        for text in [*finder.prose, *finder.inline_code]
        if "``" in text
    )
    return problems


def broken_links(html: str, page: Path, site_dir: Path) -> list[str]:
    """Links of `page` (a file under `site_dir`) to local files that do not exist.

    MkDocs checks the links written in Markdown pages, but not those in HTML or Markdown that a
    page's code printed while the site was built; this checks every `<a href>` of the result.
    """
    finder = _AssetFinder()
    finder.feed(html)
    problems = []
    for href in finder.links:
        target = href.split("#", 1)[0].split("?", 1)[0]
        if not target or _is_external(href) or re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
            continue  # a fragment on the same page, another host, mailto: and the like
        # A path from the root (404.html uses them) is relative to the site, not the disk.
        base = site_dir if target.startswith("/") else page.parent
        path = (base / target.lstrip("/")).resolve()
        if target.endswith("/") or path.is_dir():
            path = path / "index.html"
        if not path.is_file() or site_dir.resolve() not in path.parents:
            problems.append(f"links to a page that does not exist: {href}")
    return problems


KOREAN_FOLDER = "ko"  # where mkdocs-static-i18n builds the Korean edition


def site_problems(site_dir: Path) -> dict[str, list[str]]:
    """Problems of every HTML and CSS file under `site_dir`, keyed by relative path."""
    found: dict[str, list[str]] = {}
    for path in sorted(site_dir.rglob("*")):
        if path.suffix == ".html":
            html = path.read_text(encoding="utf-8")
            problems = html_problems(html) + broken_links(html, path, site_dir)
            if path.relative_to(site_dir).parts[0] == KOREAN_FOLDER:
                problems += [
                    f"shows English on a Korean page: {line}" for line in english_on_page(html)
                ]
        elif path.suffix == ".css":
            problems = [
                f"fetches an external asset: {url}"
                for url in css_external_urls(path.read_text(encoding="utf-8"))
            ]
        else:
            continue
        if problems:
            found[path.relative_to(site_dir).as_posix()] = problems
    return found


def describe(found: dict[str, list[str]], limit: int = 40) -> str:
    """The build error for `site_problems`' result: one line per page and problem."""
    lines = [f"  {page}: {problem}" for page, problems in found.items() for problem in problems]
    more = [f"  ... and {len(lines) - limit} more"] if len(lines) > limit else []
    title = "The built site breaks its promises (offline, Markdown docstrings, links, Korean):"
    return "\n".join([title, *lines[:limit], *more])


TRANSLATION_SUFFIX = ".ko.md"


def missing_twins(docs_dir: Path) -> list[str]:
    """English pages without their Korean twin ``page.ko.md``, and twins without a page.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     for name in ("index.md", "index.ko.md", "lstm.md", "old.ko.md"):
    ...         _ = (Path(folder) / name).write_text("# page")
    ...     missing_twins(Path(folder))
    ['lstm.md has no Korean twin lstm.ko.md', 'old.ko.md is a Korean page with no English old.md']
    """
    pages = {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")}
    pages = {page for page in pages if not page.startswith(("hooks/", "vendor/"))}
    korean = {page for page in pages if page.endswith(TRANSLATION_SUFFIX)}
    problems = []
    for page in sorted(pages - korean):
        twin = page.removesuffix(".md") + TRANSLATION_SUFFIX
        if twin not in korean:
            problems.append(f"{page} has no Korean twin {Path(twin).name}")
    for twin in sorted(korean):
        page = twin.removesuffix(TRANSLATION_SUFFIX) + ".md"
        if page not in pages:
            problems.append(f"{Path(twin).name} is a Korean page with no English {Path(page).name}")
    return problems


HANGUL_SYLLABLES = re.compile("[\uac00-\ud7a3]")


def outside_bundled_font(text: str) -> list[str]:
    """Hangul syllables in ``text`` that the bundled font lacks (docs/fonts/SOURCE.txt).

    The font holds the 2,350 syllables of KS X 1001, exactly those that EUC-KR encodes in
    two bytes; a rarer one would show as a box for a reader with no Korean font.

    Examples
    --------
    >>> outside_bundled_font("기울기 소실"), outside_bundled_font("똠방각하")
    ([], ['똠'])
    """
    rare = {c for c in HANGUL_SYLLABLES.findall(text) if len(c.encode("euc_kr", "ignore")) != 2}
    return sorted(rare)


def building_last_language(config: dict) -> bool:
    """True unless mkdocs-static-i18n will still build another language into this site.

    The i18n plugin builds the default language, then each other one into the same folder;
    the checks wait for the last, so that links to /ko/ pages lead somewhere.
    """
    i18n = config["plugins"].get("i18n") if "plugins" in config else None
    if i18n is None or not getattr(i18n, "build_languages", None):
        return True
    return i18n.current_language == i18n.build_languages[-1]


def on_post_build(config: dict, **_: object) -> None:
    """MkDocs hook: fail the build, naming each page and problem, if the site breaks a promise."""
    from mkdocs.exceptions import PluginError

    if not building_last_language(config):
        return
    found = site_problems(Path(config["site_dir"]))
    docs_dir = Path(config["docs_dir"])
    twins = missing_twins(docs_dir)
    if twins and os.environ.get("RNNLAB_DOCS_DRAFT"):
        log.warning("RNNLAB_DOCS_DRAFT is set, so these pass for now:\n  %s", "\n  ".join(twins))
    elif twins:
        found["docs/"] = twins
    for page in sorted(docs_dir.rglob("*" + TRANSLATION_SUFFIX)):
        rare = outside_bundled_font(page.read_text("utf-8"))
        if rare:
            found.setdefault(page.relative_to(docs_dir).as_posix(), []).append(
                "uses Hangul outside the bundled font (docs/fonts/SOURCE.txt): " + " ".join(rare)
            )
    if found:
        raise PluginError(describe(found))
