"""The learner's language: every message of the grader and the CLI, in English or Korean.

Messages live in one catalogue per language, ``src/rnnlab/locales/<language>.toml``, under
dotted keys (``compare.shape``) with ``str.format`` fields (``{called}``). The English hints
and mistake sentences stay beside what they describe (``curriculum.toml``, ``tests/broken``),
as ARCHITECTURE.md says; ``ko.toml`` carries their Korean under ``[hints]`` and ``[mistakes]``.
A test fails when a key, a field, a hint or a mistake is missing from one language.

The language is ``RNNLAB_LANG`` (``en`` or ``ko``) when it is set, else the system locale:
``LC_ALL``, ``LC_MESSAGES`` then ``LANG`` (the first one set wins, as in POSIX), Korean for
``ko_KR.UTF-8`` and the like, English otherwise.

Examples
--------
>>> text("grade.total", language="en"), text("grade.total", language="ko")
('total', '합계')
>>> text("sandbox.not_written", function="lstm_step", language="ko")
'lstm_step을 아직 작성하지 않았습니다 (NotImplementedError가 발생합니다)'

A Korean particle after a field is chosen for the value that fills it: a template writes
``{function:을}`` and gets 을 or 를 (see `particle`).
"""

from __future__ import annotations

import functools
import os
import re
import string
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

LANGUAGES = ("en", "ko")
DEFAULT = "en"
LOCALES = Path(__file__).with_name("locales")
# Tables whose entries belong to things defined elsewhere (exercises, catalogued mistakes):
# kept whole, not flattened into message keys.
CONTENT_TABLES = ("hints", "titles", "mistakes", "experiment_titles")
# Korean particles whose form follows the sound before them: (after a final consonant, after a
# vowel). A template names either form as the field's format spec: ``{name:을}``, ``{name:를}``.
PARTICLES = {
    **{form: ("을", "를") for form in ("을", "를")},
    **{form: ("이", "가") for form in ("이", "가")},
    **{form: ("은", "는") for form in ("은", "는")},
    **{form: ("과", "와") for form in ("과", "와")},
    **{form: ("으로", "로") for form in ("으로", "로")},
    **{form: ("이라", "라") for form in ("이라", "라")},
    **{form: ("이나", "나") for form in ("이나", "나")},
}
# How a Korean reads the last digit or capital letter aloud (일, 삼, 엠, 엘, ...): its final sound
# is "l" (ㄹ, which takes 로 rather than 으로), another consonant, or none.
_SPOKEN_FINAL = {
    **dict.fromkeys("178LR", "l"),
    **dict.fromkeys("036MN", "consonant"),
}
# Lower-case Latin words end as they are borrowed into Korean: kernel (커널), peephole (핍홀),
# rnn (..엔), embedding (임베딩), step (스텝), block (블록); most others end in a vowel: bias
# (바이어스), output_t (..티), mask (마스크), table (테이블).
_WORD_FINAL = (
    (re.compile(r"(?:l|[aeiou]le)$"), "l"),  # kernel, peephole (핍홀), module; not table
    (re.compile(r"(?:m|n|ng|[aeiou]p|[aeiou]b|ck)$"), "consonant"),
)


def current_language(environ: Mapping[str, str] | None = None) -> str:
    """``"en"`` or ``"ko"``, from ``RNNLAB_LANG`` or else the system locale.

    Raises
    ------
    ValueError
        If ``RNNLAB_LANG`` is set to something other than a supported language.

    Examples
    --------
    >>> current_language({"RNNLAB_LANG": "ko"}), current_language({"LANG": "ko_KR.UTF-8"})
    ('ko', 'ko')
    >>> current_language({"LC_ALL": "C.UTF-8", "LANG": "ko_KR.UTF-8"}), current_language({})
    ('en', 'en')
    """
    environ = os.environ if environ is None else environ
    chosen = environ.get("RNNLAB_LANG", "").strip()
    if chosen:
        language = chosen.lower().replace("_", "-").split("-")[0]
        if language not in LANGUAGES:
            raise ValueError(
                "Received an invalid value for the environment variable `RNNLAB_LANG`: "
                f"expected one of {', '.join(LANGUAGES)}. Received: {chosen!r}."
            )
        return language
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "ko" if value.lower().startswith("ko") else DEFAULT
    return DEFAULT


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, Mapping) and not (prefix == "" and key in CONTENT_TABLES):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[prefix + key] = value
    return flat


@functools.cache
def catalogue(language: str) -> dict[str, Any]:
    """The messages of ``language``: dotted key -> text, plus the content tables whole.

    Raises
    ------
    ValueError
        If ``language`` is not one of `LANGUAGES`.
    """
    if language not in LANGUAGES:
        raise ValueError(
            f"Received an invalid value for argument `language`: expected one of "
            f"{', '.join(LANGUAGES)}. Received: {language!r}."
        )
    with (LOCALES / f"{language}.toml").open("rb") as file:
        return _flatten(tomllib.load(file))


def text(key: str, /, *, language: str | None = None, **fields: Any) -> str:
    """The message ``key`` in the learner's language, its ``{fields}`` filled in.

    A key the chosen language lacks falls back to English (the catalogue test makes that a
    failure in CI, so learners never see it); a key missing from English is a bug: KeyError.
    """
    language = language or current_language()
    template = catalogue(language).get(key)
    if not isinstance(template, str):
        template = catalogue(DEFAULT)[key]
    return _FORMATTER.format(template, **fields)


def final_sound(word: str) -> str | None:
    """The sound a Korean reader ends ``word`` on: ``"l"`` (ㄹ), ``"consonant"`` or ``None``.

    Hangul gives its final consonant; a digit or a capital letter is read as Koreans say it
    (1 일, 3 삼, M 엠, R 알); a lower-case Latin word ends as Korean borrows it. Closing quotes,
    brackets and other punctuation at the end are skipped. ``None`` (a vowel) when nothing is
    readable.

    Examples
    --------
    >>> [final_sound(w) for w in ("가방", "길", "나무", "LSTM", "GRU", "kernel", "bias")]
    ['consonant', 'l', None, 'consonant', None, 'l', None]
    >>> [final_sound(w) for w in ("peephole", "table", "embedding", "step", "mask")]
    ['l', None, 'consonant', 'consonant', None]
    >>> [final_sound(w) for w in ("10", "0.8", "2", "`lstm_step`", "SimpleRNN", "(3, 4)", "80%")]
    ['consonant', 'l', None, 'consonant', 'consonant', None, None]
    """
    if word.rstrip().endswith("%"):  # 퍼센트
        return None
    readable = re.sub(r"[^0-9A-Za-z\uac00-\ud7a3]+$", "", word)
    if not readable:
        return None
    last = readable[-1]
    if "\uac00" <= last <= "\ud7a3":
        final = (ord(last) - 0xAC00) % 28
        return None if final == 0 else "l" if final == 8 else "consonant"
    if last.isdigit() or last.isupper():
        return _SPOKEN_FINAL.get(last)
    tail = re.split(r"[^a-z]", readable.lower())[-1]
    if len(tail) == 1:  # a lone letter (h, x, the t of h_t) is read by its name
        return _SPOKEN_FINAL.get(tail.upper())
    return next((sound for pattern, sound in _WORD_FINAL if pattern.search(tail)), None)


def particle(word: str, form: str) -> str:
    """The form of the Korean particle ``form`` that follows ``word``.

    Parameters
    ----------
    word : str
        What comes before the particle, as printed.
    form : str
        Either form of a particle in `PARTICLES` (``"을"`` or ``"를"`` mean the same).

    Raises
    ------
    ValueError
        If ``form`` is not a particle in `PARTICLES`.

    Examples
    --------
    >>> [particle(w, "을") for w in ("lstm_step", "gru", "e02_simple_rnn", "h")]
    ['을', '를', '을', '를']
    >>> [particle(w, "으로") for w in ("kernel", "1", "3", "2", "파일")]
    ['로', '로', '으로', '로', '로']
    >>> particle("LSTM", "가"), particle("GRU", "이"), particle("0.5", "과")
    ('이', '가', '와')
    """
    if form not in PARTICLES:
        raise ValueError(
            f"Received an invalid value for argument `form`: expected one of "
            f"{', '.join(PARTICLES)}. Received: {form!r}."
        )
    after_consonant, after_vowel = PARTICLES[form]
    sound = final_sound(word)
    if sound is None or (sound == "l" and after_consonant == "으로"):
        return after_vowel
    return after_consonant


class _ParticleFormatter(string.Formatter):
    """``str.format`` plus a particle spec: ``{name:을}`` is the value and its particle."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec in PARTICLES:
            shown = format(value)
            return shown + particle(shown, format_spec)
        return super().format_field(value, format_spec)


_FORMATTER = _ParticleFormatter()


def _content(table: str, name: str, language: str | None) -> Any:
    language = language or current_language()
    if language == DEFAULT:
        return None
    return catalogue(language).get(table, {}).get(name)


def hints(exercise: Any, *, language: str | None = None) -> tuple[str, ...]:
    """An exercise's hints in the learner's language (English ones from curriculum.toml)."""
    translated = _content("hints", exercise.name, language)
    return tuple(translated) if translated else tuple(exercise.hints)


def title(exercise: Any, *, language: str | None = None) -> str:
    """An exercise's title in the learner's language."""
    return _content("titles", exercise.name, language) or exercise.title


def experiment_title(module: Any, *, language: str | None = None) -> str:
    """An experiment's title (its module's ``TITLE``) in the learner's language."""
    return _content("experiment_titles", module.NAME, language) or module.TITLE


def mistake(mistake: Any, *, language: str | None = None) -> str:
    """A catalogued mistake's sentence in the learner's language (English from its file).

    A family member's sentence comes from its message key; two mistakes made at once read
    one after the other.
    """
    return _mistake_sentence(mistake, language)


def _mistake_sentence(found: Any, language: str | None) -> str:
    parts = getattr(found, "parts", ())
    if parts:
        return " ".join(_mistake_sentence(piece, language) for piece in parts)
    transform = getattr(found, "transform", None)
    if transform is not None and transform.key:
        return text(transform.key, language=language, **dict(transform.fields))
    return _content("mistakes", f"{found.exercise}__{found.id}", language) or found.message


def part(part_name: str, /, *, language: str | None = None, **fields: Any) -> str:
    """A named part of a result (``"output"``, ``"final h"``) as messages call it.

    A name the catalogue does not list is returned as it is.

    Examples
    --------
    >>> part("gradient", name="kernel", language="ko"), part("dh/dx", language="ko")
    ("'kernel'의 기울기", 'dh/dx')
    """
    key = f"parts.{part_name}"
    if key not in catalogue(DEFAULT):
        return part_name
    return text(key, language=language, **fields)


def in_each_language(render: Callable[[str], str] | Mapping[str, str]) -> str:
    """A docs block's text in every language at once; the page shows its own language.

    The docs run each executed block once for both languages (docs/hooks/exec_once.py), so a
    block that prints prose for a learner prints every translation, each wrapped in an element
    with its ``lang``; the site's stylesheet hides those not in the page's language. The
    wrappers are Markdown-aware (``md_in_html``), so ``render`` may return Markdown or HTML.

    Parameters
    ----------
    render : callable or mapping
        ``render(language) -> text``, or the text of each language by its code.

    Examples
    --------
    >>> print(in_each_language({"en": "Hello", "ko": "안녕하세요"}))
    <div class="rnnlab-lang" lang="en" markdown="1">
    <BLANKLINE>
    Hello
    <BLANKLINE>
    </div>
    <div class="rnnlab-lang" lang="ko" markdown="1">
    <BLANKLINE>
    안녕하세요
    <BLANKLINE>
    </div>
    """
    texts = render if isinstance(render, Mapping) else {lang: render(lang) for lang in LANGUAGES}
    missing = [language for language in LANGUAGES if language not in texts]
    if missing:
        raise ValueError(
            f"Received an invalid value for argument `render`: expected a text for each of "
            f"{', '.join(LANGUAGES)}. Received none for: {', '.join(missing)}."
        )
    return "\n".join(
        f'<div class="rnnlab-lang" lang="{language}" markdown="1">\n\n'
        f"{texts[language].strip()}\n\n</div>"
        for language in LANGUAGES
    )
