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
'lstm_step을(를) 아직 작성하지 않았습니다 (NotImplementedError가 발생합니다)'
"""

from __future__ import annotations

import functools
import os
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
    return template.format(**fields)


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
