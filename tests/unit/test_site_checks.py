"""The docs build's own checks: offline assets, raw Sphinx markup, the browser check's verdicts."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from conftest import HOOKS, load_docs_hook

site_checks = load_docs_hook("site_checks")
browser_check = load_docs_hook("browser_check")


@pytest.mark.parametrize(
    "html",
    [
        pytest.param('<script src="https://unpkg.com/mathjax@3/es5/tex.js"></script>', id="cdn-js"),
        pytest.param('<link rel="stylesheet" href="https://fonts.googleapis.com/css">', id="font"),
        pytest.param('<link rel="preconnect" href="https://fonts.gstatic.com">', id="preconnect"),
        pytest.param('<img src="//example.org/a.png">', id="protocol-relative-img"),
        pytest.param('<img srcset="a.png 1x, https://x.org/b.png 2x">', id="srcset"),
        pytest.param('<iframe src="http://example.org"></iframe>', id="iframe"),
        pytest.param('<div style="background: url(https://x.org/a.png)"></div>', id="style"),
        pytest.param("<style>@import 'https://x.org/a.css';</style>", id="style-import"),
        pytest.param('<svg><image href="https://x.org/a.png"/></svg>', id="svg-image"),
    ],
)
def test_an_external_asset_is_a_problem(html: str) -> None:
    (problem,) = site_checks.html_problems(html)
    assert problem.startswith("fetches an external asset")


@pytest.mark.parametrize(
    "html",
    [
        pytest.param('<a href="https://nox.thea.codes">nox</a>', id="plain-link"),
        pytest.param('<link rel="canonical" href="https://x.org/page/">', id="canonical"),
        pytest.param('<script src="../vendor/mathjax/tex-svg.js"></script>', id="vendored"),
        pytest.param('<img src="data:image/png;base64,AAAA">', id="data-url"),
        pytest.param('<svg xmlns="http://www.w3.org/2000/svg"></svg>', id="svg-namespace"),
        pytest.param("<pre><code>see :func:`split_gates`</code></pre>", id="role-in-code"),
        pytest.param("<pre><code>print(``)</code></pre>", id="backticks-in-a-listing"),
    ],
)
def test_what_is_not_a_problem(html: str) -> None:
    assert site_checks.html_problems(html) == []


@pytest.mark.parametrize(
    ("html", "what"),
    [
        pytest.param("<p>:func:<code>split_gates</code></p>", "Sphinx role", id="func"),
        pytest.param("<p>a :class:<code>GateWeights</code></p>", "Sphinx role", id="class"),
        pytest.param("<p>==== ====== ===\nlayer gates\n==== ====== ===</p>", "RST table", id="rst"),
        pytest.param("<p>.. note::\n   hi</p>", "RST directive", id="directive"),
        pytest.param(
            "<td><code>numpy.ndarray, shape ``(batch, units)``</code></td>",
            "double backticks",
            id="rst-literal-in-a-type",
        ),
        pytest.param(
            '<div class="arithmatex">\\[\\begin{aligned} [z_i] &amp;= 1 \\end{aligned}\\]</div>',
            "aligned",
            id="aligned-bracket",
        ),
    ],
)
def test_raw_markup_is_a_problem(html: str, what: str) -> None:
    problems = site_checks.html_problems(html)
    assert problems
    assert all(what in problem for problem in problems)


def test_site_problems_reads_html_and_css(tmp_path: Path) -> None:
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text('<script src="https://x.org/a.js"></script>')
    (tmp_path / "style.css").write_text("body { background: url('https://x.org/a.png') }")
    (tmp_path / "clean.html").write_text("<p>fine</p>")
    found = site_checks.site_problems(tmp_path)
    assert sorted(found) == ["page/index.html", "style.css"]


def test_local_links_must_lead_to_a_file(tmp_path: Path) -> None:
    (tmp_path / "lstm").mkdir()
    (tmp_path / "lstm" / "index.html").write_text("<p>LSTM</p>")
    html = (
        '<a href="lstm/">ok</a><a href="lstm/#gates">ok</a><a href="#top">ok</a>'
        '<a href="https://nox.thea.codes">ok</a><a href="mailto:a@b.c">ok</a>'
        '<a href="/lstm/">ok</a><a href="/.">ok</a><a href="/gru/">missing</a>'
        '<a href="gru/">missing</a><a href="lstm.md">raw markdown</a><a href="../../etc/">out</a>'
    )
    page = tmp_path / "index.html"
    page.write_text(html)
    assert site_checks.broken_links(html, page, tmp_path) == [
        "links to a page that does not exist: /gru/",
        "links to a page that does not exist: gru/",
        "links to a page that does not exist: lstm.md",
        "links to a page that does not exist: ../../etc/",
    ]


def test_the_build_error_names_page_and_problem(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>:func:<code>x</code></p>")
    message = site_checks.describe(site_checks.site_problems(tmp_path))
    assert message.splitlines()[1] == "  index.html: shows a Sphinx role literally: ':func:'"
    many = {"a.html": ["problem"] * 45}
    assert site_checks.describe(many).endswith("  ... and 5 more")


DIAGRAMS = "".join(f'<svg id="{name}"></svg>' for name in browser_check.LSTM_DIAGRAMS)
PLOT = '<svg><g id="figure_1"></g></svg>'
TYPESET = '<span class="arithmatex"><mjx-container jax="SVG"><svg></svg></mjx-container></span>'


def test_browser_check_accepts_a_typeset_page() -> None:
    assert browser_check.check_lstm_page(f"<p>{TYPESET}</p>{DIAGRAMS}{PLOT}") == []


def test_browser_check_sees_raw_tex_and_missing_figures() -> None:
    raw = '<span class="arithmatex">\\(c_t\\)</span>'
    problems = browser_check.check_lstm_page(f"<p>{TYPESET}{raw}</p>")
    assert "only 1 of 2 formulas were typeset" in problems
    assert any(problem.startswith("raw TeX left in the page") for problem in problems)
    assert any(problem.startswith("diagrams missing: lstm-cell") for problem in problems)
    assert "no matplotlib figure (the traced gates) in the page" in problems


def test_browser_check_sees_tex_errors() -> None:
    error = '<mjx-container><mjx-merror data-mjx-error="Undefined control sequence \\foo">'
    problems = browser_check.check_lstm_page(f"{TYPESET}{error}</mjx-merror></mjx-container>")
    assert any("Undefined control sequence" in problem for problem in problems)


def test_browser_check_finds_the_pages_with_formulas(tmp_path: Path) -> None:
    for page, html in {
        ".": '<span class="arithmatex">\\(x\\)</span>',
        "gru": '<div class="arithmatex">\\[h\\]</div>',
        "glossary": "<p>no math</p>",
    }.items():
        (tmp_path / page).mkdir(exist_ok=True)
        (tmp_path / page / "index.html").write_text(html)
    assert browser_check.pages_with_math(tmp_path) == ["", "gru/"]


def test_browser_check_skips_only_without_chromium(monkeypatch, capsys, tmp_path) -> None:
    monkeypatch.setattr(browser_check, "find_chromium", lambda: None)
    monkeypatch.delenv("RNNLAB_REQUIRE_BROWSER", raising=False)
    assert browser_check.main([str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("SKIPPED browser check: no Chromium found")
    monkeypatch.setenv("RNNLAB_REQUIRE_BROWSER", "1")
    assert browser_check.main([str(tmp_path)]) == 1


def test_the_vendored_mathjax_is_the_pinned_one() -> None:
    vendor = HOOKS.parent / "vendor" / "mathjax"
    pinned = (vendor / "PINNED.txt").read_text(encoding="utf-8")
    (expected,) = re.findall(r"tex-svg\.js sha256\s+([0-9a-f]{64})", pinned)
    assert hashlib.sha256((vendor / "tex-svg.js").read_bytes()).hexdigest() == expected
    assert "Apache License" in (vendor / "LICENSE").read_text(encoding="utf-8")
    mkdocs = (HOOKS.parents[1] / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - vendor/mathjax/tex-svg.js\n" in mkdocs
    assert "font: false" in mkdocs


def _documented_modules() -> list[Path]:
    """Source files of the modules the docs render with mkdocstrings (`::: module` lines)."""
    root = HOOKS.parents[1]
    names = {
        match.group(1)
        for page in (root / "docs").rglob("*.md")
        for match in re.finditer(r"(?m)^::: ([\w.]+)", page.read_text(encoding="utf-8"))
    }
    files = []
    for name in sorted(names):
        parts = name.split(".")
        candidates = [
            root / "src" / Path(*parts).with_suffix(".py"),
            root / "src" / Path(*parts) / "__init__.py",  # a package's own docstring
            root / "solutions" / f"{name}.py",
        ]
        (found,) = [path for path in candidates if path.is_file()]
        files.append(found)
    return files


def test_rendered_docstrings_are_markdown() -> None:
    # The same rules as the docs build, on the sources, so `nox -s tests` shows them too.
    import ast

    files = _documented_modules()
    assert {path.name for path in files} >= {"layouts.py", "compare.py", "e03_lstm.py"}
    problems = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)):
                docstring = ast.get_docstring(node) or ""
                for what, pattern in site_checks.RAW_MARKUP.items():
                    problems += [f"{path.name}: {what}" for _ in pattern.finditer(docstring)]
    assert problems == []


# -- the Korean edition ---------------------------------------------------------------------
hangul_check = load_docs_hook("hangul_check")
DOCS = HOOKS.parent


def test_every_english_page_has_its_korean_twin_and_no_twin_is_orphaned():
    assert site_checks.missing_twins(DOCS) == []


def test_the_twin_check_names_a_missing_twin(tmp_path):
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "grader.md").write_text("# Grader")
    assert site_checks.missing_twins(tmp_path) == ["api/grader.md has no Korean twin grader.ko.md"]


def test_korean_pages_use_only_syllables_the_bundled_font_holds():
    rare = {
        page.relative_to(DOCS).as_posix(): site_checks.outside_bundled_font(page.read_text("utf-8"))
        for page in DOCS.rglob("*.ko.md")
    }
    assert {page: chars for page, chars in rare.items() if chars} == {}


def test_korean_pages_include_executed_blocks_instead_of_copying_them():
    copied = [
        page.relative_to(DOCS).as_posix()
        for page in DOCS.rglob("*.ko.md")
        if re.search(r"```\w+ [^\n]*exec=", page.read_text("utf-8"))
    ]
    assert copied == []


def test_every_section_a_korean_page_includes_exists_in_its_english_page():
    include = re.compile(r'^\s*--8<-- "([^":]+):([\w-]+)"', re.MULTILINE)
    missing = []
    for page in DOCS.rglob("*.ko.md"):
        for source, section in include.findall(page.read_text("utf-8")):
            text = (DOCS / source).read_text("utf-8")
            if f"--8<-- [start:{section}]" not in text or f"--8<-- [end:{section}]" not in text:
                missing.append(f"{page.name}: {source}:{section}")
    assert missing == []


FONTS = [
    {"familyName": "DejaVu Sans", "isCustomFont": False, "glyphCount": 10},
    {"familyName": "rnnlab Hangul", "isCustomFont": True, "glyphCount": 4},
]


@pytest.mark.parametrize(
    ("nodes", "bundled", "problems"),
    [
        pytest.param([("셀 상태 cell", FONTS)], True, 0, id="bundled-font-drew-hangul"),
        pytest.param([("셀 상태", FONTS[:1])], False, 1, id="latin-font-drew-boxes"),
        pytest.param(
            [("셀 상태", [{"familyName": "NanumGothic", "isCustomFont": True, "glyphCount": 3}])],
            False,
            0,
            id="system-korean-font",
        ),
        pytest.param(
            [("셀 상태", [{"familyName": "NanumGothic", "isCustomFont": True, "glyphCount": 3}])],
            True,
            1,
            id="system-font-when-the-bundled-one-was-required",
        ),
        pytest.param([("셀 상태", [])], True, 0, id="not-drawn-closed-fold"),
        pytest.param([("cell state", FONTS[:1])], True, 0, id="no-hangul"),
    ],
)
def test_hangul_problems(nodes, bundled, problems):
    assert len(hangul_check.hangul_problems(nodes, bundled=bundled)) == problems


def test_the_stylesheet_hides_the_other_languages_text():
    css = (DOCS / "stylesheets" / "languages.css").read_text("utf-8")
    assert 'html[lang="ko"] .rnnlab-lang:not([lang="ko"])' in css
    assert 'html:not([lang="ko"]) .rnnlab-lang:not([lang="en"])' in css
    assert 'url("../fonts/rnnlab-hangul-regular.woff2")' in css
    assert (DOCS / "fonts" / "rnnlab-hangul-regular.woff2").stat().st_size > 100_000
