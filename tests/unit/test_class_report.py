"""The class report: a class's real reports summed up, and the teacher's page in both languages,
checked as text and in headless Chromium with every other host unreachable."""

from __future__ import annotations

import copy
import html
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, load_docs_hook, run_grader

from rnnlab import i18n
from rnnlab.class_report import class_report_html, class_summary, write_class_report

BROKEN = ROOT / "tests" / "broken"
EXERCISES = ["e01", "e02"]
# A student name a careless page would run as markup.
HOSTILE = 'Zoë <img src=x onerror="alert(1)"> & co'


site_checks = load_docs_hook("site_checks")
browser_check = load_docs_hook("browser_check")  # puts docs/hooks on sys.path for its hangul_check
hangul_check = sys.modules["hangul_check"]


def _submission(folder: Path, stubs: Path, files: dict[str, Path]) -> Path:
    """A student's folder: the stubs, with ``files`` (exercise module -> source) copied in."""
    shutil.copytree(stubs, folder)
    for module, source in files.items():
        shutil.copy(source, folder / f"{module}.py")
    return folder


@pytest.fixture(scope="module")
def reports(tmp_path_factory, stubs) -> dict[str, dict]:
    """Five students graded for real on e01 and e02 (references from the cache when warm):
    alice solved both, bob nothing, carol and dan forgot e02's bias, eve took e01's columns."""
    root = tmp_path_factory.mktemp("class")
    solved = {
        "e01_embedding": ROOT / "solutions" / "e01_embedding.py",
        "e02_simple_rnn": ROOT / "solutions" / "e02_simple_rnn.py",
    }
    no_bias = {**solved, "e02_simple_rnn": BROKEN / "e02_simple_rnn__no_bias.py"}
    by_column = {**solved, "e01_embedding": BROKEN / "e01_embedding__lookup_by_column.py"}
    students = {"alice": solved, "bob": {}, "carol": no_bias, "dan": no_bias, "eve": by_column}
    graded = {}
    for student, files in students.items():
        folder = _submission(root / "submissions" / student, stubs, files)
        code, report, printed = run_grader(folder, EXERCISES, root / f"{student}.json")
        assert code == 0 and report, printed
        graded[student] = report
    return graded


@pytest.fixture(scope="module")
def summary(reports) -> dict:
    return class_summary(reports, seed=1234)


def test_scores_and_their_histogram(summary):
    scores = {row["student"]: row for row in summary["scores"]["students"]}
    assert list(scores) == ["alice", "bob", "carol", "dan", "eve"]
    assert [(scores[s]["earned"], scores[s]["possible"]) for s in ("alice", "bob", "eve")] == [
        (14.0, 14.0),
        (0.0, 14.0),
        (12.0, 14.0),  # e01 lost 2 of 6 points
    ]
    assert scores["carol"]["percent"] == pytest.approx(100 * (6 + 16 / 9) / 14, abs=1e-3)
    # bob 0 %, carol and dan 56 %, eve 86 %, alice 100 % (the last bin holds 100 %)
    assert summary["scores"]["histogram"]["counts"] == [1, 0, 0, 0, 0, 2, 0, 0, 1, 1]
    assert summary["scores"]["histogram"]["edges"] == list(range(0, 101, 10))
    assert summary["students"] == 5 and summary["seed"] == 1234 and summary["official"] == 0


def test_pass_rates_per_exercise(summary):
    e01, e02 = summary["exercises"]
    assert (e01["exercise"], e01["full_marks"], e01["pass_rate"]) == ("e01_embedding", 3, 0.6)
    assert (e02["exercise"], e02["full_marks"], e02["pass_rate"]) == ("e02_simple_rnn", 2, 0.4)
    assert e01["mean_points"] == pytest.approx((6 + 0 + 6 + 6 + 4) / 5)
    assert e02["mean_points"] == pytest.approx((8 + 0 + 2 * 16 / 9 + 8) / 5, abs=1e-4)
    assert (e01["possible"], e02["possible"], e01["graded"]) == (6.0, 8.0, 5)


def test_pass_rates_per_check(summary, reports):
    checks = {(c["exercise"], c["check"]): c for c in summary["checks"]}
    assert len(checks) == sum(len(e["tests"]) for e in reports["alice"]["exercises"].values())
    assert all(c["ran"] == 5 for c in checks.values())
    # Forgetting the bias passes exactly the checks without one; bob passes nothing.
    no_bias = checks["e02_simple_rnn", "test_simple_rnn_step_matches_keras_cell[no-bias]"]
    basic = checks["e02_simple_rnn", "test_simple_rnn_step_matches_keras_cell[basic]"]
    assert (no_bias["passed"], basic["passed"], basic["pass_rate"]) == (4, 2, 0.4)
    # eve's column lookup fails only embedding_lookup's checks: 3 of 5 pass them.
    e01 = [c for (exercise, _), c in checks.items() if exercise == "e01_embedding"]
    assert {c["passed"] for c in e01 if "embedding_lookup" in c["check"]} <= {3, 4}
    assert {c["passed"] for c in e01 if "one_hot" in c["check"]} == {4}


def test_misconceptions_count_each_student_once(summary, reports):
    first, second = summary["misconceptions"]
    assert (first["exercise"], first["id"], first["students"]) == ("e02_simple_rnn", "no_bias", 2)
    assert first["names"] == ["carol", "dan"] and first["message"].startswith("The bias")
    assert (second["id"], second["students"], second["names"]) == ("lookup_by_column", 1, ["eve"])
    # The same mistake found twice in one report, and in another student's, counts per student.
    doubled = copy.deepcopy(reports["carol"])
    diagnoses = doubled["exercises"]["e02_simple_rnn"]["diagnoses"]
    diagnoses.append(dict(diagnoses[0]))
    mistakes = class_summary({"carol": doubled, "dan": reports["dan"]})["misconceptions"]
    assert [(m["id"], m["students"]) for m in mistakes] == [("no_bias", 2)]
    patterns = {(p["exercise"], p["students"]) for p in summary["patterns"]}
    assert patterns == {("e02_simple_rnn", 2), ("e01_embedding", 1)}


def test_where_students_stopped(summary):
    stopped = summary["stopped_at"]
    assert [(s["exercise"], s["names"]) for s in stopped["exercises"]] == [
        ("e01_embedding", ["bob", "eve"]),  # eve solved e02, but stopped first at e01
        ("e02_simple_rnn", ["carol", "dan"]),
    ]
    assert stopped["finished_all"] == {"students": 1, "names": ["alice"]}
    assert {r["student"]: r["stopped_at"] for r in summary["scores"]["students"]}["eve"] == (
        "e01_embedding"
    )


def test_an_exercise_missing_from_a_report_is_not_full_marks(reports):
    partial = copy.deepcopy(reports["alice"])
    del partial["exercises"]["e02_simple_rnn"]
    partial["earned"] = partial["possible"] = 6.0
    summary = class_summary({"alice": reports["alice"], "ann": partial})
    e02 = summary["exercises"][1]
    assert (e02["graded"], e02["full_marks"], e02["pass_rate"]) == (1, 1, 0.5)
    assert summary["stopped_at"]["exercises"][1]["names"] == ["ann"]


def test_the_summary_is_json(summary, tmp_path, reports):
    assert json.loads(json.dumps(summary)) == summary
    written = write_class_report(reports, json_path=tmp_path / "out" / "class.json", seed=1234)
    assert json.loads((tmp_path / "out" / "class.json").read_text("utf-8")) == written == summary
    assert not (tmp_path / "out" / "class.html").exists()


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        pytest.param(lambda r: class_summary({}), "reports", id="no-students"),
        pytest.param(lambda r: class_summary([r["alice"]]), "reports", id="not-a-mapping"),
        pytest.param(lambda r: class_summary({"ann": {}}), "reports", id="empty-report"),
        pytest.param(lambda r: class_summary({"": r["alice"]}), "reports", id="no-name"),
        pytest.param(
            lambda r: class_summary({"ann": {**r["alice"], "earned": "14"}}),
            "reports",
            id="points-not-a-number",
        ),
        pytest.param(lambda r: class_summary(r, seed="7"), "seed", id="seed"),
        pytest.param(lambda r: class_report_html({"students": 1}), "summary", id="summary"),
        pytest.param(lambda r: class_report_html(class_summary(r), language="fr"), "language"),
        pytest.param(lambda r: write_class_report(r), "html", id="nothing-to-write"),
    ],
)
def test_bad_input_is_a_clear_error(reports, call, argument):
    with pytest.raises(ValueError, match=rf"argument[s]? `{argument}`"):
        call(reports)


def test_reports_of_two_courses_are_refused(reports):
    other = copy.deepcopy(reports["bob"])
    other["exercises"]["e02_simple_rnn"]["possible"] = 10.0
    with pytest.raises(ValueError, match=r"`reports`.*e02_simple_rnn.*same points"):
        class_summary({"alice": reports["alice"], "bob": other})


def _external_references(page: str) -> list[str]:
    """src=/href= values that point at another host (a namespace is not a reference)."""
    found = re.findall(r"""(?:src|href)\s*=\s*["']?([^"'\s>]+)""", page, flags=re.IGNORECASE)
    return [url for url in found if re.match(r"(?:[a-z]+:)?//", url, flags=re.IGNORECASE)]


def test_the_english_page(reports, tmp_path):
    summary = class_summary({**reports, HOSTILE: reports["carol"]}, seed=1234)
    write_class_report({**reports, HOSTILE: reports["carol"]}, html=tmp_path / "c.html", seed=1234)
    page = (tmp_path / "c.html").read_bytes().decode("utf-8")  # valid UTF-8
    assert page == class_report_html(summary, language="en")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert page.count("<svg ") == 2 and page.count("<figcaption") == 2
    for heading in ("Class report", "Misconceptions", "Where students stopped", "Checks"):
        assert f">{heading}</h" in page, heading
    assert "Seed of this run: 1234" in page
    # Pass rates (e01 4 of 6 students, e02 2 of 6) and the misconception with its count.
    assert "4 of 6" in page and "67%" in page and "2 of 6" in page and "33%" in page
    assert "The bias is never added, even when one is given." in page
    assert re.search(r"no_bias</code>[^<]*</td><td[^>]*>3 of 6</td>", page)
    assert "Zoë &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; co" in page
    assert "<img" not in page and 'onerror="' not in page
    assert _external_references(page) == [] and site_checks.html_problems(page) == []


def test_the_check_for_external_references_can_fail():
    assert _external_references('<img src="https://x.org/a.png"><a href=//x.org>') == [
        "https://x.org/a.png",
        "//x.org",
    ]
    assert _external_references('<svg xmlns="http://www.w3.org/2000/svg"></svg>') == []


def test_the_korean_page(summary, monkeypatch):
    monkeypatch.setenv("RNNLAB_LANG", "ko")
    page = class_report_html(summary)  # the user's language
    assert page == class_report_html(summary, language="ko")
    assert '<html lang="ko">' in page and page.count("<svg ") == 2
    for heading in ("반 전체 보고서", "점수", "연습 문제", "학생들이 멈춘 곳", "오개념", "검사"):
        assert f">{heading}</h" in page, heading
    assert "5명 중 3명" in page and "60%" in page and "5명 중 2명" in page
    sentence = i18n.catalogue("ko")["mistakes"]["e02_simple_rnn__no_bias"]
    assert re.search(rf"no_bias</code> {re.escape(sentence)}</td><td[^>]*>5명 중 2명", page)
    assert "Class report" not in page and "Misconceptions" not in page
    assert _external_references(page) == [] and site_checks.html_problems(page) == []


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_a_class_with_nothing_wrong_and_a_grader_error(reports, language):
    broken = {**copy.deepcopy(reports["alice"]), "grader_errors": ["worker crashed"]}
    summary = class_summary({"alice": reports["alice"], "ann": broken})
    assert summary["grader_errors"] == ["ann"] and summary["misconceptions"] == []
    page = class_report_html(summary, language=language)
    checks = len(summary["checks"])
    for key, fields in [
        ("no_misconceptions", {}),
        ("all_checks_pass", {"total": checks}),
        ("grader_errors", {"count": 1, "names": "ann"}),
    ]:
        message = i18n.text(f"class_report.{key}", language=language, **fields)
        assert f">{html.escape(message)}</p>" in page, key
    assert checks == 42 and "<details>" not in page  # no failing check to list


def test_the_figures_hold_no_words_and_unique_ids(summary):
    page = class_report_html(summary, language="ko")
    svgs = re.findall(r"<svg .*?</svg>", page, flags=re.DOTALL)
    assert len(svgs) == 2
    for svg in svgs:
        assert "<text" not in svg  # drawn as paths: no font needed, Hangul or not
        assert 'role="img"' in svg and "<metadata" not in svg
    assert "<?xml" not in page and "<!DOCTYPE svg" not in page  # an XML prolog inside HTML
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)) > 20
    assert class_report_html(summary, language="ko") == page  # reproducible


def test_every_key_the_page_uses_is_in_the_catalogue_and_every_key_is_used():
    source = (ROOT / "src" / "rnnlab" / "class_report.py").read_text("utf-8")
    used = set(re.findall(r"""\bt\(\s*["']([a-z_]+)["']""", source))
    keys = {k.split(".", 1)[1] for k in i18n.catalogue("en") if k.startswith("class_report.")}
    assert used and used == keys


# Headless Chromium: the page as a teacher's browser shows it, offline. -------------------


@pytest.fixture(scope="module")
def chromium() -> str:
    binary = browser_check.find_chromium()
    if binary is None:
        message = "no Chromium found (on Debian: apt-get install chromium)"
        if os.environ.get("RNNLAB_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{message}, and RNNLAB_REQUIRE_BROWSER=1 requires it")
        pytest.skip(f"{message}: the class page was not checked in a browser")
    return binary


# Each figure's SVG: its box on screen and how many of its shapes and glyphs (<use>) have one.
FIGURES = """JSON.stringify([...document.querySelectorAll('figure')].map(f => {
  const svg = f.querySelector('svg'); const box = svg ? svg.getBoundingClientRect() : null;
  return {id: f.id, width: box ? box.width : 0, height: box ? box.height : 0,
          drawn: svg ? [...svg.querySelectorAll('path, use')].filter(p => {
            const r = p.getBoundingClientRect(); return r.width > 0 || r.height > 0;
          }).length : 0};
}))"""


def _open(tools, url: str) -> tuple[list[dict], list[str]]:
    """Load ``url`` in a new tab: its figures (see `FIGURES`) and every URL it requested."""
    events: list[dict] = []
    read = tools._read

    def recording() -> dict:  # DevTools.send skips events: keep the network's
        message = read()
        if message.get("method") == "Network.requestWillBeSent":
            events.append(message)
        return message

    tools._read = recording
    target = tools.send("Target.createTarget", url="about:blank")["targetId"]
    session = tools.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    for domain in ("Page", "Network", "Runtime"):
        tools.send(f"{domain}.enable", session)
    tools.send("Page.navigate", session, url=url)
    ready = f"location.href === {json.dumps(url)} && document.readyState === 'complete'"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state = tools.send("Runtime.evaluate", session, expression=ready, returnByValue=True)
        if state["result"].get("value") is True:
            break
        time.sleep(0.2)
    else:
        pytest.fail(f"Chromium did not finish loading {url}")
    time.sleep(0.5)  # let a late request (an image, a font) be sent before looking
    found = tools.send("Runtime.evaluate", session, expression=FIGURES, returnByValue=True)
    requested = [e["params"]["request"]["url"] for e in events if e.get("sessionId") == session]
    return json.loads(found["result"]["value"]), requested


def _elsewhere(urls: list[str]) -> list[str]:
    return [url for url in urls if urlsplit(url).hostname not in ("127.0.0.1", None)]


def test_the_page_draws_its_figures_offline_in_chromium(summary, tmp_path, chromium):
    site = tmp_path / "site"
    site.mkdir()
    for language in i18n.LANGUAGES:
        (site / f"{language}.html").write_text(
            class_report_html(summary, language=language), "utf-8"
        )
    # The control must fail both checks: a figure hidden, an image from another host.
    control = class_report_html(summary, language="en").replace(
        '<figure id="rates">', '<figure id="rates" style="display:none">'
    )
    control = control.replace("</article>", '<img src="https://example.org/x.png"></article>')
    (site / "control.html").write_text(control, "utf-8")
    flags = [f for f in browser_check.FLAGS if not f.startswith("--virtual-time-budget")]
    with browser_check.serve(site) as url, hangul_check.devtools(chromium, flags, {}) as tools:
        for language in i18n.LANGUAGES:
            figures, requested = _open(tools, f"{url}{language}.html")
            assert [f["id"] for f in figures] == ["histogram", "rates"], language
            for figure in figures:
                assert figure["width"] > 300 and figure["height"] > 100, (language, figure)
                assert figure["drawn"] > 20, (language, figure)  # bars, axes, glyphs
            assert requested == [f"{url}{language}.html"], language  # nothing else at all
        figures, requested = _open(tools, f"{url}control.html")
        assert [f["width"] for f in figures if f["id"] == "rates"] == [0]
        assert _elsewhere(requested) == ["https://example.org/x.png"]
        if hangul_check.has_korean_system_font():  # .ci/run installs fonts-nanum
            nodes = hangul_check.fonts_of_page(tools, f"{url}ko.html")
            assert hangul_check.hangul_problems(nodes, bundled=False) == []
            assert hangul_check.drawn_hangul(nodes) > 100
    # Control: without any Korean system font, the same check sees boxes in the text (the
    # figures hold no words, so they are unaffected).
    no_korean = hangul_check.fontconfig_without_korean(tmp_path)
    if hangul_check.has_korean_system_font() and no_korean is not None:
        with (
            browser_check.serve(site) as url,
            hangul_check.devtools(chromium, flags, no_korean) as tools,
        ):
            nodes = hangul_check.fonts_of_page(tools, f"{url}ko.html")
        assert hangul_check.hangul_problems(nodes, bundled=False) != []


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_similar_submissions_are_hints_in_the_summary_and_on_the_page(reports, tmp_path, language):
    from rnnlab.classroom.similarity import submission_fingerprint
    from rnnlab.stubs import stub_for

    stubs = {name: stub_for(ROOT / "solutions" / f"{name}.py") for name in ("e02_simple_rnn",)}
    rewrite = ROOT / "tests" / "unit" / "rewrites" / "e02_simple_rnn__preallocated.py"
    files = {"amy": ROOT / "solutions" / "e02_simple_rnn.py", HOSTILE: rewrite, "ben": rewrite}
    fingerprinted = {
        student: {
            **reports["alice"],
            "similarity": submission_fingerprint({"e02_simple_rnn": path}, stubs),
        }
        for student, path in files.items()
    }
    summary = class_summary({**reports, **fingerprinted})
    assert summary["similar"] == [
        {
            "students": [HOSTILE, "ben"],
            "exercise": "e02_simple_rnn",
            "shared": 1.0,
            "kind": "identical",
        }
    ]
    page = class_report_html(summary, language=language)

    def t(key, **fields):
        return html.escape(i18n.text(f"class_report.{key}", language=language, **fields))

    assert f">{t('similar_heading')}</h2>" in page and t("similar_intro", pairs=1) in page
    assert re.search(
        rf"<td>{re.escape(html.escape(HOSTILE))}</td><td>ben</td>"
        rf"<td><code>e02_simple_rnn</code></td><td[^>]*>100%</td><td>{t('identical')}</td>",
        page,
    )
    nothing = class_report_html(class_summary(reports), language=language)
    assert t("no_similar") in nothing and t("similar_intro", pairs=1) not in nothing
    assert site_checks.html_problems(page) == []
