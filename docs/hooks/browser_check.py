"""Open the built site in headless Chromium, with every other host unreachable, and check it.

`nox -s docs` runs this after `mkdocs build`: it serves `site/` on 127.0.0.1, loads the LSTM page
with DNS answering "not found" for every other host, and asserts that MathJax typeset every
formula (no raw TeX left, no TeX error) and that the page's figures (the gate diagrams and the
traced gate heatmaps) are in the page. Every other page with formulas is loaded the same way and
must have all its formulas typeset without a TeX error. `--screenshots DIR` also saves PNGs of
a few pages, for a human to look at.

Chromium is Debian's `chromium` package (`apt-get install chromium`; `.ci/run` installs it). Where
no Chromium can be found the check is skipped with a message saying so, unless
`RNNLAB_REQUIRE_BROWSER=1` (set by `.ci/run` once it has installed Chromium) makes that an error.

    python docs/hooks/browser_check.py site [--screenshots DIR]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # run as a script or loaded by path in tests
from hangul_check import check_korean_page

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# The flags the course's CI uses: no sandbox (containers), no GPU, and nothing that phones home.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--disable-dev-shm-usage",  # containers often give /dev/shm only 64 MB
    # Every host but the local server resolves to "not found": an asset fetched from elsewhere
    # would fail to load, so math typeset here was typeset offline.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    # Lets the page's scripts (MathJax) run to completion before the DOM is dumped.
    "--virtual-time-budget=15000",
)
LSTM_PAGE = "exercises/e03_lstm/"
# Ids of the SVG diagrams the LSTM page must show (drawn by rnnlab.figures.diagrams).
LSTM_DIAGRAMS = ("lstm-cell", "lstm-forget", "lstm-input", "lstm-candidate", "lstm-output")
KOREAN_LSTM_PAGE = "ko/" + LSTM_PAGE
SCREENSHOT_PAGES = {
    "start-here": "getting-started/",
    "lstm": LSTM_PAGE,
    "corrections": "note/",
    "exercise-e02": "exercises/e02_simple_rnn/",
    "ko-lstm": KOREAN_LSTM_PAGE,
    "ko-corrections": "ko/note/",
}


def find_chromium() -> str | None:
    """The first Chromium on PATH (or `$CHROMIUM`), or None."""
    candidates = [os.environ["CHROMIUM"]] if os.environ.get("CHROMIUM") else []
    candidates += [name for name in CHROMIUM_NAMES]
    return next((path for name in candidates if (path := shutil.which(name))), None)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` on a free port of 127.0.0.1 for the duration of the block; yields its URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # no line per request
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def chromium(binary: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run Chromium once with the check's flags and a fresh profile (a hang counts as a failure)."""
    with tempfile.TemporaryDirectory(prefix="rnnlab-chromium-") as profile:
        command = [binary, *FLAGS, f"--user-data-dir={profile}", *args]
        try:
            return subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return subprocess.CompletedProcess(command, 124, "", "Chromium ran over 120 s")


class _PageSummary(HTMLParser):
    """What a typeset page holds: formulas, typeset formulas, TeX errors, figures by id."""

    def __init__(self) -> None:
        super().__init__()
        self.formulas = 0  # .arithmatex elements, one per formula
        self.typeset = 0  # MathJax's output elements
        self.tex_errors: list[str] = []
        self.raw_tex: list[str] = []
        self.svg_ids: set[str] = set()
        self.plots = 0  # matplotlib figures (their SVG has a group with id "figure_1")
        self._stack: list[str] = []  # open tags, to know what text sits inside

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        classes = values.get("class", "").split()
        if "arithmatex" in classes:
            self.formulas += 1
        if tag == "mjx-container":
            self.typeset += 1
        if tag == "mjx-merror" or "data-mjx-error" in values:
            self.tex_errors.append(values.get("data-mjx-error", "TeX error"))
        if tag == "svg" and values.get("id"):
            self.svg_ids.add(values["id"])
        if tag == "g" and values.get("id") == "figure_1":
            self.plots += 1
        if tag not in ("br", "img", "input", "link", "meta", "hr", "path", "use", "rect"):
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        inside_code = {"pre", "code", "script", "style", "mjx-container"} & set(self._stack)
        if not inside_code and ("\\[" in data or "\\(" in data):
            self.raw_tex.append(data.strip()[:60])


def check_math(dom: str) -> list[str]:
    """Problems of a page's formulas after scripts ran: untypeset, raw TeX, TeX errors."""
    page = _PageSummary()
    page.feed(dom)
    problems = []
    if page.formulas == 0:
        problems.append("no formula found at all (did the page change?)")
    if page.typeset < page.formulas:
        problems.append(f"only {page.typeset} of {page.formulas} formulas were typeset")
    problems += [f"raw TeX left in the page: {text!r}" for text in page.raw_tex]
    problems += [f"MathJax reports a TeX error: {error}" for error in page.tex_errors]
    return problems


def check_lstm_page(dom: str) -> list[str]:
    """Problems of the LSTM page's DOM after scripts ran; empty when all is well."""
    page = _PageSummary()
    page.feed(dom)
    problems = check_math(dom)
    missing = [name for name in LSTM_DIAGRAMS if name not in page.svg_ids]
    if missing:
        problems.append(f"diagrams missing: {', '.join(missing)}")
    if page.plots == 0:
        problems.append("no matplotlib figure (the traced gates) in the page")
    return problems


def pages_with_math(site: Path) -> list[str]:
    """URL paths (like `exercises/e03_lstm/`) of the built pages that hold a formula."""
    pages = [
        path.parent.relative_to(site).as_posix()
        for path in sorted(site.rglob("index.html"))
        if 'class="arithmatex"' in path.read_text(encoding="utf-8")
    ]
    return sorted(f"{page}/" if page != "." else "" for page in pages)


def main(argv: list[str] | None = None) -> int:
    """Check the built site in Chromium; returns the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site folder")
    parser.add_argument("--screenshots", type=Path, help="also save PNGs of a few pages here")
    args = parser.parse_args(argv)
    binary = find_chromium()
    if binary is None:
        message = (
            "browser check: no Chromium found (looked for "
            + ", ".join(CHROMIUM_NAMES)
            + "; on Debian: apt-get install chromium)"
        )
        if os.environ.get("RNNLAB_REQUIRE_BROWSER") == "1":
            print(f"{message}, and RNNLAB_REQUIRE_BROWSER=1 requires it.", file=sys.stderr)
            return 1
        print(f"SKIPPED {message}. The math and figures were not checked in a browser.")
        return 0
    with serve(args.site) as url:
        problems: list[str] = []
        # The LSTM page is checked even if it lost its formulas: then that is a problem too.
        pages = sorted({*pages_with_math(args.site), LSTM_PAGE, KOREAN_LSTM_PAGE})
        for page in pages:
            run = chromium(binary, "--dump-dom", url + page)
            if run.returncode != 0 or "</html>" not in run.stdout:
                print(f"browser check: Chromium failed on {page}:\n{run.stderr[-2000:]}")
                return 1
            check = check_lstm_page if page in (LSTM_PAGE, KOREAN_LSTM_PAGE) else check_math
            problems += [f"{page}: {problem}" for problem in check(run.stdout)]
        # Hangul must be drawn by a Korean font, with or without one on the reader's machine.
        fonts, runs = check_korean_page(binary, FLAGS, url + KOREAN_LSTM_PAGE)
        problems += [f"{KOREAN_LSTM_PAGE}: {problem}" for problem in fonts]
        if args.screenshots:
            args.screenshots.mkdir(parents=True, exist_ok=True)
            for name, page in SCREENSHOT_PAGES.items():
                target = args.screenshots.resolve() / f"{name}.png"
                chromium(binary, "--window-size=1280,3000", f"--screenshot={target}", url + page)
                print(f"browser check: saved {target}")
    if problems:
        print(f"browser check: the site in {binary}, offline:", file=sys.stderr)
        print("\n".join(f"  {problem}" for problem in problems), file=sys.stderr)
        return 1
    print(
        f"browser check ({binary}, offline): {LSTM_PAGE} and its Korean twin show their "
        f"diagrams and traced gates; all {len(pages)} pages with formulas (both languages) "
        f"typeset them without error; every Hangul glyph of {KOREAN_LSTM_PAGE} was drawn by a "
        f"Korean font ({runs})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
