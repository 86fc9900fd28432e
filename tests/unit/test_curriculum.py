"""curriculum.toml is valid, names resolve kindly, and bad files fail with a reason."""

import re

import pytest
from conftest import ROOT

from rnnlab.curriculum import find_exercise, load_curriculum, parse_curriculum

GOOD = """
[[exercise]]
name = "e01_demo"
title = "Demo"
points = 2
docs = "exercises/e01_demo.md"
hints = ["Why?", "How?"]
"""


def test_shipped_curriculum_is_in_order_with_docs_pages():
    course = load_curriculum()
    nav = (ROOT / "mkdocs.yml").read_text("utf-8")
    for exercise in course:
        assert exercise.docs.startswith("exercises/") and 2 <= len(exercise.hints) <= 4
        assert (ROOT / "docs" / exercise.docs).is_file(), exercise.docs
        assert exercise.docs in nav, f"{exercise.docs} is not in mkdocs.yml's nav"


def test_one_course_order_everywhere():
    """The navigation teaches the exercises in curriculum.toml's order (which `rnnlab list`,
    the exercises overview and the grade table read), and each exercise follows the one it
    builds on: BPTT differentiates e02's loop, the peephole LSTM changes e03's gates."""
    course = [exercise.number for exercise in load_curriculum()]
    nav = (ROOT / "mkdocs.yml").read_text("utf-8")
    in_nav = re.findall(r"^ +- [^:]+: exercises/(e\d\d)_\w+\.md$", nav, flags=re.M)
    assert in_nav == course
    assert course[course.index("e02") + 1] == "e07"
    assert course[course.index("e03") + 1] == "e08"


@pytest.mark.parametrize("name", ["e02", "e02_simple_rnn", "E02", "e2", "2"])
def test_names_and_numbers_resolve(name):
    assert find_exercise(name).name == "e02_simple_rnn"


def test_unknown_name_suggests_a_close_one():
    with pytest.raises(ValueError, match="no exercise 'simple_rn'; did you mean e02_simple_rnn"):
        find_exercise("simple_rn")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        pytest.param("", "at least one", id="empty"),
        pytest.param(
            GOOD.replace("points = 2", "points = 0"), "`points` must be a number > 0", id="points"
        ),
        pytest.param(GOOD.replace('"How?"', '"How."'), "ending in '?'", id="hint-not-question"),
        pytest.param(GOOD.replace('"e01_demo"', '"demo"'), "must look like 'e01_topic'", id="name"),
        pytest.param(
            GOOD.replace('title = "Demo"\n', ""), "missing field(s) ['title']", id="missing"
        ),
        pytest.param(GOOD + GOOD, "unique", id="duplicate"),
    ],
)
def test_bad_curriculum_names_the_problem(text, fragment):
    with pytest.raises(ValueError) as error:
        parse_curriculum(text)
    assert fragment in str(error.value)
