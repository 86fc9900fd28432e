"""The message catalogues: every language says everything, with the same fields."""

from __future__ import annotations

import re
import string
from pathlib import Path

import numpy as np
import pytest

from rnnlab import i18n
from rnnlab.cli import main
from rnnlab.curriculum import load_curriculum
from rnnlab.grader.diagnosis.mistakes import load_catalogue

ROOT = Path(__file__).resolve().parents[2]
OTHER_LANGUAGES = [language for language in i18n.LANGUAGES if language != i18n.DEFAULT]


def messages(language: str) -> dict[str, str]:
    table = i18n.catalogue(language)
    return {key: value for key, value in table.items() if key not in i18n.CONTENT_TABLES}


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_message_exists_in_every_language(language):
    english, other = messages("en"), messages(language)
    assert sorted(set(english) - set(other)) == [], f"missing in {language}.toml"
    assert sorted(set(other) - set(english)) == [], f"in {language}.toml but not in en.toml"


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_message_fills_the_same_fields(language):
    english, other = messages("en"), messages(language)
    differ = {
        key: (sorted(fields(english[key])), sorted(fields(other[key])))
        for key in english
        if key in other and fields(english[key]) != fields(other[key])
    }
    assert differ == {}


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_exercise_has_its_title_and_hints(language):
    table = i18n.catalogue(language)
    for exercise in load_curriculum():
        assert table["titles"].get(exercise.name), f"no {language} title for {exercise.name}"
        translated = table["hints"].get(exercise.name, [])
        assert len(translated) == len(exercise.hints), f"{language} hints of {exercise.name}"
    known = {exercise.name for exercise in load_curriculum()}
    assert set(table["titles"]) <= known and set(table["hints"]) <= known


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_catalogued_mistake_has_its_sentence(language):
    keys = {
        f"{mistake.exercise}__{mistake.id}"
        for mistakes in load_catalogue(ROOT).values()
        for mistake in mistakes
    }
    translated = set(i18n.catalogue(language)["mistakes"])
    assert sorted(keys - translated) == [], f"tests/broken files with no {language} sentence"
    assert sorted(translated - keys) == [], f"{language} sentences with no tests/broken file"


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_experiment_has_its_title(language):
    from rnnlab.experiments.registry import available

    titles = i18n.catalogue(language)["experiment_titles"]
    assert sorted(set(available()) - set(titles)) == []
    assert sorted(set(titles) - set(available())) == []


# `text("grade.total")`, `t("cli.hint", ...)`, `part("gradient", ...)`: keys named in the code.
KEY_IN_CODE = re.compile(r"""\b(?:text|t)\(\s*"([a-z_]+\.[a-z_]+)"|\bpart\(\s*"([a-z ]+)\"""")


def test_every_key_the_code_names_is_in_the_catalogue():
    english = messages("en")
    named = set()
    for path in [*ROOT.glob("src/rnnlab/**/*.py"), *ROOT.glob("tests/grading/*.py")]:
        for key, part_name in KEY_IN_CODE.findall(path.read_text("utf-8")):
            named.add(key or f"parts.{part_name}")
    assert named, "the pattern found no keys: has the API changed?"
    assert sorted(named - set(english)) == []


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"RNNLAB_LANG": "ko"}, "ko"),
        ({"RNNLAB_LANG": "ko_KR"}, "ko"),
        ({"RNNLAB_LANG": "en", "LANG": "ko_KR.UTF-8"}, "en"),
        ({"LANG": "ko_KR.UTF-8"}, "ko"),
        ({"LC_MESSAGES": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"),
        ({"LC_ALL": "C.UTF-8", "LANG": "ko_KR.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_language_comes_from_rnnlab_lang_then_the_locale(environ, language):
    assert i18n.current_language(environ) == language


def test_an_unknown_language_is_a_clear_error(monkeypatch, capsys):
    with pytest.raises(ValueError, match=r"RNNLAB_LANG.*en, ko.*'fr'"):
        i18n.current_language({"RNNLAB_LANG": "fr"})
    monkeypatch.setenv("RNNLAB_LANG", "fr")
    assert main(["list"]) == 2
    assert "RNNLAB_LANG" in capsys.readouterr().out


def test_korean_feedback_keeps_the_call_and_the_numbers(monkeypatch):
    from rnnlab.grader.checks.compare import Mismatch, assert_matches

    monkeypatch.setenv("RNNLAB_LANG", "ko")
    with pytest.raises(Mismatch) as error:
        assert_matches(np.zeros((2, 3)), np.zeros((2, 4)), called="lstm(x)", keras="LSTM(4)")
    assert str(error.value) == (
        "lstm(x)를 호출했더니 출력의 모양이 (2, 3)입니다. LSTM(4)의 결과는 (2, 4)입니다"
    )


def test_hints_come_in_the_learners_language(monkeypatch):
    exercise = load_curriculum()[0]
    monkeypatch.setenv("RNNLAB_LANG", "ko")
    assert i18n.hints(exercise) == tuple(i18n.catalogue("ko")["hints"][exercise.name])
    monkeypatch.setenv("RNNLAB_LANG", "en")
    assert i18n.hints(exercise) == exercise.hints


def test_korean_grade_shows_the_table_and_feedback_in_korean(grader, stubs, monkeypatch):
    monkeypatch.setenv("RNNLAB_LANG", "ko")
    code, report, printed = grader(stubs, ["e03"])
    assert code == 0
    assert "rnnlab 채점" in printed and "처음 실패한 검사" in printed and "합계" in printed
    feedback = report["exercises"]["e03_lstm"]["feedback"]
    assert feedback.endswith("(NotImplementedError가 발생합니다)"), feedback
