"""The Korean-page audit: it finds English prose a Korean reader would see, and nothing else.

The docs build runs `rnnlab.language_audit.english_on_page` over every built page under
``site/ko/`` (``docs/hooks/site_checks.py``) and fails on what it finds; these tests show on
small pages what counts as prose and what is spared (code, formulas, quotations, glosses,
names, the English half of a bilingual block, the glossary's column of English terms).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import load_docs_hook

from rnnlab.language_audit import english_on_page, english_words, visible_korean_text

site_checks = load_docs_hook("site_checks")


def page(body: str) -> str:
    """A built page: chrome outside the article is never read."""
    return (
        '<html lang="ko"><nav><a>Home</a> Search the site</nav>'
        f"<article class='md-content__inner'>{body}</article>"
        "<footer>Made with Material for MkDocs</footer></html>"
    )


SPARED = {
    "code": "<p><code>keras.layers.LSTM(64, return_sequences=True)</code>를 씁니다.</p>",
    "block": "<pre><code>print('hello world')</code></pre>",
    "formula": '<p><span class="arithmatex">\\(\\text{tanh}(x)\\)</span>입니다.</p>',
    "gloss": "<p>기울기 소실(vanishing gradient)과 원-핫 인코딩(one-hot encoding)</p>",
    "gloss-after-comma": "<p>(기울기 폭발, exploding gradient)</p>",
    "names": "<p>Keras와 NumPy로 LSTM, GRU, BPTT를 배웁니다.</p>",
    "quoted": '<p>노트 표기: "recurrent layer"</p>',
    "quotation": "<blockquote><p>RNN 은 단 하나의 Weight 를 업데이트 한다.</p></blockquote>",
    "english-half": (
        '<div class="rnnlab-lang" lang="en"><p>Every number here was computed.</p></div>'
        '<div class="rnnlab-lang" lang="ko"><p>여기 숫자는 모두 계산한 값입니다.</p></div>'
    ),
    "figure-text": "<svg><text>hidden state over time</text></svg>",
    "api-docstring": '<div class="doc-contents"><p>Return the layer weights.</p></div>',
    "glossary-column": (
        "<table><thead><tr><th>한국어 용어</th><th>영어</th><th>뜻</th></tr></thead>"
        "<tbody><tr><td>은닉 상태</td><td>hidden state</td><td>층이 넘기는 벡터</td></tr></tbody>"
        "</table>"
    ),
}
FOUND = {
    "sentence": ("<p>This check took longer than its time limit.</p>", "This check took longer"),
    "word": (
        "<p>분류기(<em>classifier</em>)는 마지막 classifier 시점만 읽습니다.</p>",
        "classifier",
    ),
    "table-cell": (
        "<table><thead><tr><th>방법</th><th>이웃</th></tr></thead>"
        "<tbody><tr><td>counts</td><td>이웃 단어</td></tr></tbody></table>",
        "counts",
    ),
    "heading": ("<h2>Hints, one at a time</h2>", "Hints"),
    "admonition": (
        '<div class="admonition"><p class="admonition-title">English</p></div>',
        "English",
    ),
}


@pytest.mark.parametrize("name", SPARED)
def test_what_a_korean_page_may_keep_in_latin_letters(name):
    assert english_on_page(page(SPARED[name])) == []


@pytest.mark.parametrize("name", FOUND)
def test_english_prose_on_a_korean_page_is_found(name):
    html, word = FOUND[name]
    (found,) = english_on_page(page(html))
    assert found.startswith(word.split()[0]) and word.split()[-1] in found


def test_only_the_article_is_read_one_block_per_item():
    blocks = visible_korean_text(page("<h1>제목</h1><p>첫\n문단</p><ul><li>하나</li></ul>"))
    assert blocks == ["제목", "첫 문단", "하나"]


def test_the_gloss_is_a_gloss_only_after_a_korean_term():
    assert english_words("(vanishing gradient)") == []
    assert english_words("소실, vanishing gradient입니다") == ["vanishing", "gradient"]


def test_the_docs_build_fails_on_english_on_a_korean_page_only(tmp_path: Path):
    english = page("<p>Run the grader again.</p>")
    for where in ("ko/start/index.html", "start/index.html"):
        (tmp_path / where).parent.mkdir(parents=True)
        (tmp_path / where).write_text(english, encoding="utf-8")
    found = site_checks.site_problems(tmp_path)
    assert list(found) == ["ko/start/index.html"]
    assert found["ko/start/index.html"][0].startswith("shows English on a Korean page: Run")
