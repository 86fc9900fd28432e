"""Find English prose in Korean text: a message, or the visible part of a built Korean page.

The Korean edition keeps code, formulas and names in Latin letters (``Keras``, ``LSTM``,
``recurrent_kernel``) and may gloss a Korean term with its English one in parentheses
("기울기 소실(vanishing gradient)"); everything else a Korean reader sees should be Korean.
`english_words` says which words break that; `visible_korean_text` takes a built page's HTML
and returns what a reader of the Korean page sees in its article, without code, formulas,
figures' vector text, API docstrings (written in English, as code documentation) or the
English half of a bilingual block (hidden by CSS on a Korean page). The docs build fails on
what these two find (``docs/hooks/site_checks.py``), and the tests read every Korean
catalogue message with them.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Names a Korean sentence keeps in Latin letters, lower-cased. Acronyms in capitals (RNN,
# BPTT, CI) pass by their shape; everything here is a proper name or a name from code.
NAMES = frozenset(
    " ".join(
        [
            # libraries, tools, products and platforms
            "keras numpy tensorflow torch pytorch jax python cudnn nvidia cupy rnnlab nox uv pip",
            "gensim minilm wordsim simlex mathjax chromium jupyter jupyterlab colab ipython",
            "gradescope github classroom actions landlock seccomp ubuntu macos windows linux",
            "docker kubernetes job secret persistentvolumeclaim networkpolicy moodle pypi",
            "pyenv tmpfs virtualenv readme actionlint rustlings intel xeon amd epyc processor",
            "markdown mkdocs indexed",  # Kubernetes's "Indexed Job"
            # Keras classes and the functions a layer is built from
            "embedding simplernn lstm gru bidirectional dense adam lambda tanh sigmoid softmax",
            "relu matmul",
            # methods, models and their authors
            "word2vec fasttext glove elmo bilstm lee pang mikolov bojanowski pennington peters",
            "gers schmidhuber hochreiter cho olah colah et al",
            # units and words of code that prose writes bare: Keras's arguments and values
            # (bias, kernel, None), the exercises' variables (ids, hh, states), roster
            # columns (id, folder, name, language), commands (grade, watch, docs), the
            # user root, file formats
            "ms mb gflop utc gpu cpu pc mse sgd nat ln",
            "bias kernel dtype none nan inf dict true false ids table inputs features hh step",
            "units timesteps states backward forward id folder name language exercises file",
            "out ctrl reset yes import grade watch docs root nobody zip abi gain unroll",
            "notimplementederror permissionerror",
            # the Zen of Python, quoted by name; GitHub Classroom's "command grader"
            "zen of command grader",
        ]
    ).split()
)
# Acronyms written in capitals: RNN, BPTT, SVD, CI, JSON, PNG. Up to six letters, since longer
# capitals are shouting, not naming.
ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,5}s?$")
# What is code, a quotation or a gloss, and so not prose: {fields}, `code`, 'quoted',
# "quoted" and “quoted” words (a phrase the text is about), a parenthesised English gloss
# after a Korean term, "즉시 실행(eager)" or "(기울기 소실, vanishing gradient)", and words with
# a dot, underscore, slash, digit, = or hyphen (grade-all, os.system). A gloss is tried before
# a word with a hyphen, so that "인코딩(one-hot encoding)" reads as a gloss.
CODE = re.compile(
    r"\{[^}]*\}|`[^`]*`|'[^'\n]*'|\"[^\"\n]*\"|“[^”]*”|‘[^’]*’"
    r"|\([A-Za-z][A-Za-z ,'-]*\)|(?<=[가-힣], )[A-Za-z][A-Za-z '-]*(?=\))"
    r"|[^\s(]*[._/=\d-][^\s(]*"
)
MARKUP = re.compile(r"<[^>]+>|\[/?[a-z ]+\]")  # HTML tags, rich markup


def english_words(said: str, names: frozenset[str] = NAMES) -> list[str]:
    """The English words of ``said`` outside code, quotations, glosses and ``names``.

    Parameters
    ----------
    said : str
        Korean text, perhaps with HTML tags or rich markup (they are dropped).
    names : frozenset of str
        Lower-cased words allowed in Latin letters.

    Returns
    -------
    list of str
        Each offending word, in order.

    Examples
    --------
    >>> english_words("`lstm_step`과 Keras, 즉시 실행(eager), RNN, os.system")
    []
    >>> english_words("start a process (os.system)")
    ['start', 'process']
    """
    words = re.findall(r"[A-Za-z]{2,}", CODE.sub(" ", MARKUP.sub(" ", said)))
    return [w for w in words if w.lower() not in names and not ACRONYM.match(w)]


# Elements whose text is code, a formula or a figure's vector text (checked where drawn),
# classes of elements that are code documentation or chrome rather than the page's prose,
# and quotations.
# A blockquote quotes someone else's words as written (the study note, a program's warning).
_SKIPPED_TAGS = frozenset(
    {"code", "pre", "script", "style", "svg", "math", "kbd", "samp", "blockquote"}
)
_SKIPPED_CLASSES = frozenset({"arithmatex", "doc-contents", "doc-signature", "headerlink"})
_BLOCKS = frozenset(
    {"p", "li", "td", "th", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "dt", "dd"}
    | {"figcaption", "summary", "details", "blockquote", "table", "ul", "ol"}
)
_VOID = frozenset({"br", "img", "hr", "input", "meta", "link", "wbr", "source", "col"})
# The glossary's column of English terms: the one place English words are the content.
ENGLISH_COLUMN = "영어"


class _ArticleText(HTMLParser):
    """Collects the visible Korean prose of a page's ``<article>``, one block per line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, bool]] = []  # (tag, hides its content)
        self.hidden = 0
        self.articles = 0
        self.columns: list[str] = []  # header texts of the current table
        self.column = 0
        self.header_text: list[str] = []
        self.chunks: list[str] = []

    def _hides(self, tag: str, attrs: dict[str, str | None]) -> bool:
        classes = set((attrs.get("class") or "").split())
        other_language = "rnnlab-lang" in classes and attrs.get("lang") != "ko"
        english_cell = (
            tag == "td"
            and self.column < len(self.columns)
            and self.columns[self.column] == ENGLISH_COLUMN
        )
        return (
            tag in _SKIPPED_TAGS
            or bool(classes & _SKIPPED_CLASSES)
            or other_language
            or english_cell
            or "display:none" in (attrs.get("style") or "").replace(" ", "")
        )

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.chunks.append("\n")
        if tag == "table":
            self.columns = []
        elif tag == "tr":
            self.column = 0
        elif tag == "th":
            self.header_text = []
        if tag in _VOID:
            return
        hides = self._hides(tag, dict(attrs))
        self.open.append((tag, hides))
        self.hidden += hides
        self.articles += tag == "article"

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.chunks.append("\n")
        if tag == "th":
            self.columns.append("".join(self.header_text).strip())
        if tag in ("td", "th"):
            self.column += 1
        if tag in _VOID or tag not in {name for name, _ in self.open}:
            return
        while self.open:
            name, hides = self.open.pop()
            self.hidden -= hides
            self.articles -= name == "article"
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1][0] == "th":
            self.header_text.append(data)
        if self.articles and not self.hidden:
            self.chunks.append(data.replace("\n", " "))


def visible_korean_text(html: str) -> list[str]:
    """The prose a reader of a built Korean page sees in its article, one block per item.

    Parameters
    ----------
    html : str
        A page of the built site (``site/ko/.../index.html``).

    Returns
    -------
    list of str
        Non-empty blocks (paragraphs, list items, table cells, headings), whitespace folded.
    """
    parser = _ArticleText()
    parser.feed(html)
    parser.close()
    blocks = "".join(parser.chunks).split("\n")
    return [folded for block in blocks if (folded := " ".join(block.split()))]


def english_on_page(html: str) -> list[str]:
    """Each block of a built Korean page that holds English prose, with its English words.

    Returns
    -------
    list of str
        ``"words: block"`` lines, the block cut to 120 characters.
    """
    found = []
    for block in visible_korean_text(html):
        words = english_words(block)
        if words:
            found.append(f"{' '.join(words)}: {block[:120]}")
    return found
