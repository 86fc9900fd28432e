"""Check in headless Chromium that Korean pages draw every Hangul glyph with a Korean font.

A reader without a Korean system font (many Linux installs and containers) would see boxes
("tofu") unless the site's own font (docs/fonts, see docs/fonts/SOURCE.txt) is used. Chromium
tells which font drew each glyph of a node (DevTools' ``CSS.getPlatformFontsForNode``); this
module asks it over ``--remote-debugging-pipe`` (no WebSocket library needed) in three runs:

- **with** the machine's fonts (a Korean system font, when one is installed, may draw);
- **without** any Korean system font (a fontconfig that lists only the others): the bundled
  font must draw every Hangul glyph;
- **without, and the bundled font blocked**: a control run that must find glyphs drawn by a
  non-Korean font, proving the check can fail.

``browser_check.py`` runs it; `hangul_problems` is separate so tests can feed it answers.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BUNDLED_FAMILY = "rnnlab Hangul"
# Families that hold Hangul. A family not listed is taken for a Latin font drawing boxes.
KOREAN_FAMILIES = re.compile(
    r"rnnlab Hangul|Nanum|Noto Sans CJK|Noto Serif CJK|Noto Sans KR|Noto Serif KR|Malgun|"
    r"Apple SD Gothic|AppleGothic|Source Han|UnDotum|UnBatang|Baekmuk|WenQuanYi|"
    r"Droid Sans Fallback",
    re.IGNORECASE,
)
HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
# Elements whose text a Korean page is made of: title, headings, prose, lists, tables.
SELECTOR = "article h1, article h2, article p, article li, article td"


def hangul_problems(
    nodes: Iterable[tuple[str, list[dict[str, Any]]]], *, bundled: bool
) -> list[str]:
    """What is wrong with the fonts Chromium used, node by node.

    Parameters
    ----------
    nodes
        ``(text, fonts)`` per element: its text and ``CSS.getPlatformFontsForNode``'s
        ``fonts`` (``familyName``, ``isCustomFont``, ``glyphCount``).
    bundled : bool
        Require the bundled font itself (no Korean system font was available).

    Examples
    --------
    >>> fonts = [{"familyName": "DejaVu Sans", "isCustomFont": False, "glyphCount": 4},
    ...          {"familyName": "rnnlab Hangul", "isCustomFont": True, "glyphCount": 2}]
    >>> hangul_problems([("셀 상태 (c)", fonts)], bundled=True)
    []
    >>> hangul_problems([("셀 상태", fonts[:1])], bundled=False)
    ["'셀 상태': 3 Hangul glyphs, 0 drawn by a Korean font (used: DejaVu Sans)"]
    >>> hangul_problems([("셀 상태", [])], bundled=True)  # not drawn: a closed fold
    []
    """
    problems = []
    for text, fonts in nodes:
        hangul = len(HANGUL.findall(text))
        if not hangul or not fonts:
            continue  # no Hangul, or not drawn at all (a closed tab or fold, the other language)
        wanted = (
            [f for f in fonts if f["familyName"] == BUNDLED_FAMILY]
            if bundled
            else [f for f in fonts if KOREAN_FAMILIES.search(f["familyName"])]
        )
        drawn = sum(f["glyphCount"] for f in wanted)
        if drawn < hangul:
            used = ", ".join(sorted({f["familyName"] for f in fonts})) or "none"
            kind = f"the bundled {BUNDLED_FAMILY}" if bundled else "a Korean font"
            problems.append(
                f"{text.strip()[:30]!r}: {hangul} Hangul glyphs, {drawn} drawn by {kind} "
                f"(used: {used})"
            )
    return problems


def drawn_hangul(nodes: Iterable[tuple[str, list[dict[str, Any]]]]) -> int:
    """How many Hangul characters the page drew (in elements Chromium rendered)."""
    return sum(len(HANGUL.findall(text)) for text, fonts in nodes if fonts)


def korean_families(nodes: Iterable[tuple[str, list[dict[str, Any]]]]) -> str:
    """The Korean font families that drew the page's Hangul, for the summary line."""
    families = {
        font["familyName"]
        for text, fonts in nodes
        if HANGUL.search(text)
        for font in fonts
        if KOREAN_FAMILIES.search(font["familyName"])
    }
    return ", ".join(sorted(families)) or "none"


# Fewer drawn Hangul glyphs than this means the check looked at the wrong page or elements.
MIN_HANGUL = 500


def fontconfig_without_korean(folder: Path) -> dict[str, str] | None:
    """Environment for a Chromium that sees the machine's fonts, settings and aliases, minus
    every font that covers Korean (fontconfig's ``rejectfont`` on ``lang=ko``).

    Returns None when the machine has no fontconfig (then only the "with" run is made).
    """
    system = Path("/etc/fonts/fonts.conf")
    if not system.is_file():
        return None
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <include>{system}</include>\n"
        "  <selectfont><rejectfont><pattern>\n"
        '    <patelt name="lang"><string>ko</string></patelt>\n'
        "  </pattern></rejectfont></selectfont>\n"
        f"  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n"
    )
    return {"FONTCONFIG_FILE": str(config)}


def has_korean_system_font() -> bool:
    """Whether fontconfig knows a font covering Korean on this machine."""
    try:
        found = subprocess.run(["fc-list", ":lang=ko", "family"], capture_output=True, text=True)
    except FileNotFoundError:
        return False
    return bool(found.stdout.strip())


class DevTools:
    """A Chromium driven over ``--remote-debugging-pipe``: JSON messages ended by NUL."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self._next_id = 0
        self._buffer = b""

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and return its result (events in between are skipped)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(message).encode() + b"\0")
        self.process.stdin.flush()
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def _read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        while b"\0" not in self._buffer:
            chunk = os.read(self.process.stdout.fileno(), 65536)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)


@contextmanager
def devtools(binary: str, flags: Iterable[str], env: dict[str, str]) -> Iterator[DevTools]:
    """Start Chromium with a DevTools pipe on fds 3 (commands) and 4 (replies)."""
    with tempfile.TemporaryDirectory(
        prefix="rnnlab-chromium-", ignore_cleanup_errors=True
    ) as profile:
        # bash hands our stdin/stdout pipes to Chromium as fds 3 and 4, which is where
        # --remote-debugging-pipe looks for them.
        command = " ".join(
            [
                'exec "$0"',
                *[f"'{flag}'" for flag in flags],
                f"'--user-data-dir={profile}'",
                "--remote-debugging-pipe",
                "about:blank",
                "3<&0 4>&1 </dev/null >/dev/null 2>&1",
            ]
        )
        process = subprocess.Popen(
            ["bash", "-c", command, binary],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, **env},
            start_new_session=True,  # its own process group: its helpers end with it
        )
        try:
            yield DevTools(process)
        finally:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def fonts_of_page(tools: DevTools, url: str, *, block: str | None = None) -> list[tuple[str, list]]:
    """Load ``url`` and return ``(text, fonts)`` for each element of `SELECTOR`."""
    target = tools.send("Target.createTarget", url="about:blank")["targetId"]
    session = tools.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    for domain in ("Page", "DOM", "CSS", "Network"):
        tools.send(f"{domain}.enable", session)
    if block:
        tools.send("Network.setBlockedURLs", session, urls=[block])
    tools.send("Page.navigate", session, url=url)
    deadline = time.monotonic() + 60
    ready = "document.readyState === 'complete' && document.fonts.status === 'loaded'"
    while time.monotonic() < deadline:
        state = tools.send("Runtime.evaluate", session, expression=ready, returnByValue=True)
        if state["result"].get("value") is True:
            break
        time.sleep(0.2)
    root = tools.send("DOM.getDocument", session, depth=-1)["root"]["nodeId"]
    node_ids = tools.send("DOM.querySelectorAll", session, nodeId=root, selector=SELECTOR)
    found = []
    for node_id in node_ids["nodeIds"]:
        text = tools.send("DOM.getOuterHTML", session, nodeId=node_id)["outerHTML"]
        text = re.sub(r"<[^>]+>", "", text)
        fonts = tools.send("CSS.getPlatformFontsForNode", session, nodeId=node_id)["fonts"]
        found.append((text, fonts))
    return found


def check_korean_page(binary: str, flags: Iterable[str], url: str) -> tuple[list[str], str]:
    """Problems with the Korean page at ``url`` over the three runs, and a one-line summary."""
    flags = [flag for flag in flags if not flag.startswith("--virtual-time-budget")]
    problems: list[str] = []
    runs = []
    with tempfile.TemporaryDirectory(prefix="rnnlab-fonts-") as folder:
        without = fontconfig_without_korean(Path(folder))
        if has_korean_system_font():
            with devtools(binary, flags, {}) as tools:
                nodes = fonts_of_page(tools, url)
            problems += [f"with system fonts: {p}" for p in hangul_problems(nodes, bundled=False)]
            runs.append(
                f"{drawn_hangul(nodes)} glyphs with a Korean system font, drawn by "
                f"{korean_families(nodes)}"
            )
            if drawn_hangul(nodes) < MIN_HANGUL:
                problems.append(f"with system fonts: only {drawn_hangul(nodes)} Hangul drawn")
        if without is not None:
            with devtools(binary, flags, without) as tools:
                nodes = fonts_of_page(tools, url)
                blocked = fonts_of_page(tools, url, block="*rnnlab-hangul-*")
            found = hangul_problems(nodes, bundled=True)
            problems += [f"without a Korean system font: {p}" for p in found]
            if not hangul_problems(blocked, bundled=False):
                problems.append(
                    "control run: with the bundled font blocked and no Korean system font, "
                    "every Hangul glyph still came from a Korean font; the check cannot fail"
                )
            if drawn_hangul(nodes) < MIN_HANGUL:
                problems.append(f"without a Korean font: only {drawn_hangul(nodes)} Hangul drawn")
            runs.append(
                f"{drawn_hangul(nodes)} without one, by the bundled font; a control run with it "
                "blocked drew boxes, as it must"
            )
    if not runs:
        problems.append("neither run could be made (no fontconfig)")
    return problems, "; ".join(runs)
