"""Korean that reads native: one word for each thing, and particles that fit the value.

Every Korean docs page and every Korean catalogue message is read. 쪽 may only mean "side"
(입력 쪽, 왼쪽): a page is 페이지. Of each pair of words the site unified, the unused one must
not come back (훈련 for 학습; 겹 for 폴드, apart from 겹치다 "overlap"). A particle after a
``{field}`` is chosen by `rnnlab.i18n.particle` (``{name:을}``), never fixed or written both
ways (``{name}을(를)``).
"""

import re

import pytest
from conftest import ROOT

from rnnlab import i18n

KOREAN_PAGES = sorted((ROOT / "docs").rglob("*.ko.md"))
CATALOGUE = i18n.LOCALES / "ko.toml"
# 쪽 meaning "side": compounds (왼쪽, 앞쪽) and "X 쪽" after one of these words.
SIDE_COMPOUNDS = ("왼", "오른", "위", "아래", "앞", "뒤", "양", "안", "바깥", "반대")
SIDE_WORDS = ("입력", "순환", "어느", "그", "부른", "기억하는")
# The unified pairs: the word the site does not use, and what it uses instead. Only the
# glossary names the unused word, in quotes, to say why the other was chosen.
UNUSED = {
    "hullyeon, say hakseup": re.compile(r'(?<!")훈련'),
    "gyeop, say poldeu": re.compile(r'(?<!")겹(?![치쳐친칠])'),
}
PAIRS = r"을\(를\)|를\(을\)|이\(가\)|가\(이\)|은\(는\)|는\(은\)|과\(와\)|와\(과\)|\(으\)로|\(이\)라"
# A field, perhaps closed by a backtick or quote (`rnnlab merge {folder}`로), then a particle.
FIXED_AFTER_FIELD = re.compile(
    r"\{[^{}:]*\}[`'\"]*(?:" + PAIRS + r"|을|를|이|가|은|는|과|와|으로|로)(?![가-힣])"
)


def korean_texts():
    """(where, text) for each Korean page and each string of the Korean catalogue."""
    for page in KOREAN_PAGES:
        yield str(page.relative_to(ROOT)), page.read_text("utf-8")
    for key, value in i18n.catalogue("ko").items():
        yield from _strings(f"ko.toml {key}", value)


def _strings(where, value):
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(f"{where}.{key}", item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(where, item)


def page_uses_of_jjok(text):
    """Each 쪽 in ``text`` that does not mean "side", with a little context."""
    side = "|".join(SIDE_COMPOUNDS)
    words = "|".join(SIDE_WORDS)
    found = []
    for match in re.finditer("쪽", text):
        before = text[: match.start()]
        if re.search(f"(?:{side})$", before) or re.search(f"(?:^|[^가-힣])(?:{words}) $", before):
            continue
        found.append(text[max(0, match.start() - 12) : match.end() + 4])
    return found


def test_the_korean_pages_and_messages_are_found():
    assert len(KOREAN_PAGES) > 20
    assert sum(1 for _ in korean_texts()) > 300


def test_jjok_never_means_page():
    wrong = [(where, use) for where, text in korean_texts() for use in page_uses_of_jjok(text)]
    assert not wrong, f"쪽 for 'page' (say 페이지): {wrong}"


def test_the_jjok_check_tells_page_from_side():
    assert page_uses_of_jjok("이 쪽을 빌드하는 동안, [성능](performance.md) 쪽에 있습니다")
    assert not page_uses_of_jjok("입력 쪽과 순환 쪽, 왼쪽에서 오른쪽으로, 어느 쪽이든")


@pytest.mark.parametrize("word", UNUSED)
def test_the_unused_word_of_each_pair_never_appears(word):
    wrong = [
        (where, m.group()) for where, text in korean_texts() for m in UNUSED[word].finditer(text)
    ]
    assert not wrong, f"{word}: {wrong}"


def test_the_glossary_says_which_word_and_why():
    glossary = (ROOT / "docs" / "glossary.ko.md").read_text("utf-8")
    assert '"훈련" 대신 "학습"' in glossary
    assert '"겹" 대신 "폴드"' in glossary


def test_no_particle_after_a_field_is_fixed_in_the_template():
    lines = CATALOGUE.read_text("utf-8").splitlines()
    wrong = [line for line in lines if not line.startswith("#") and FIXED_AFTER_FIELD.search(line)]
    assert not wrong, "write {field:을} (rnnlab.i18n.particle chooses the form):\n" + "\n".join(
        wrong
    )


@pytest.mark.parametrize(
    ("function", "expected"),
    [("lstm_step", "lstm_step을"), ("gru", "gru를"), ("e08_peephole", "e08_peephole을")],
)
def test_a_message_chooses_its_particle_for_the_value(function, expected):
    message = i18n.text("sandbox.not_written", function=function, language="ko")
    assert message.startswith(f"{expected} 아직 작성하지 않았습니다")


# Inside a Korean page's formulas, \text{...} is Korean too; code and names may stay.
FORMULA_NAMES = {"RNN", "SimpleRNN", "GRU", "out", "use", "bias", "reset", "after", "True", "False"}


def english_in_formula_text(page_text: str) -> list[str]:
    """The English words inside ``\\text{...}`` of a page's formulas, names aside.

    Examples
    --------
    >>> english_in_formula_text(r"\\(\\text{yours} - \\text{테이프} + W_{\\text{out}}\\)")
    ['yours']
    """
    words = []
    for inside in re.findall(r"\\text\{([^{}]*)\}", page_text):
        words += [w for w in re.findall(r"[A-Za-z]{2,}", inside) if w not in FORMULA_NAMES]
    return words


def test_formulas_on_korean_pages_speak_korean():
    found = {
        str(page.relative_to(ROOT)): english_in_formula_text(page.read_text("utf-8"))
        for page in KOREAN_PAGES
    }
    assert {page: words for page, words in found.items() if words} == {}
