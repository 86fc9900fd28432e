"""Paired bootstrap intervals of two accuracies and their difference, and what the classify
experiment concludes from them."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from rnnlab.experiments.intervals import Interval, paired_bootstrap


def test_identical_models_differ_by_exactly_zero():
    # Paired resampling draws the same examples for both: the difference never moves.
    correct = np.random.default_rng(1).integers(0, 2, 200)
    a, b, gap = paired_bootstrap(correct, correct, resamples=500)
    assert a == b
    assert gap == Interval(0.0, 0.0, 0.0)


def test_interval_width_matches_the_binomial_standard_error():
    rng = np.random.default_rng(2)
    correct = (rng.random(400) < 0.7).astype(int)
    a, _, _ = paired_bootstrap(correct, correct, resamples=4000, seed=3)
    half_width = 1.96 * np.sqrt(a.value * (1 - a.value) / 400)
    assert a.low < a.value < a.high
    assert (a.high - a.low) / 2 == pytest.approx(half_width, rel=0.15)


def test_few_examples_hold_zero_and_many_do_not():
    rng = np.random.default_rng(4)
    # B gets right 10% of what A gets wrong, and wrong 7% of what A gets right: a true gain of
    # 1.5 points, lost in the noise of 200 examples, clear in that of 20,000.
    for examples, holds in ((200, True), (20_000, False)):
        a = (rng.random(examples) < 0.5).astype(int)
        flip = rng.random(examples) < np.where(a == 0, 0.10, 0.07)
        b = np.where(flip, 1 - a, a)
        _, _, gap = paired_bootstrap(a, b, resamples=2000)
        assert gap.value > 0
        assert gap.holds(0.0) is holds


def test_same_seed_same_bounds():
    a, b = [1, 0, 1, 1, 0, 1], [1, 1, 1, 0, 0, 1]
    assert paired_bootstrap(a, b, seed=7) == paired_bootstrap(a, b, seed=7)


@pytest.mark.parametrize(
    ("a", "b", "options", "message"),
    [
        ([1, 0, 2], [1, 0, 1], {}, r"invalid correct_a: expected .* 0 \(wrong\) and 1"),
        ([1, 0], [], {}, r"invalid correct_b"),
        ([1, 0], [1, 0, 1], {}, r"correct_a of 2 examples and correct_b of 3"),
        ([1, 0], [1, 0], {"resamples": 0}, r"invalid resamples: expected 1 or more. Received: 0"),
        ([1, 0], [1, 0], {"level": 95}, r"invalid level: .* Received: 95"),
    ],
)
def test_bad_input_names_the_argument(a, b, options, message):
    with pytest.raises(ValueError, match=message):
        paired_bootstrap(a, b, **options)


def _result(difference, random=(0.60, 0.53, 0.67), pretrained=(0.62, 0.55, 0.69)):
    from rnnlab.experiments import classify_and_generate as cg

    fields = {field.name: None for field in dataclasses.fields(cg.Result)}
    intervals = {"random": random, "pretrained": pretrained, "difference": difference}
    fields.update(sentences=200, positive=100, intervals=intervals, settings={"level": 0.95})
    return cg.Result(**fields)


def test_conclusion_says_only_what_the_interval_supports():
    from rnnlab.experiments.classify_and_generate import conclusion

    same = _result([0.03, -0.04, 0.10])
    assert conclusion(same, language="en") == (
        "On 200 sentences we cannot tell the two initialisations apart: the 95% interval of "
        "the difference, [-0.040, +0.100], holds 0."
    )
    better = _result([0.08, 0.02, 0.14])
    assert "the pretrained initialisation scores higher" in conclusion(better, language="en")
    worse = _result([-0.08, -0.14, -0.02])
    assert "the random initialisation scores higher" in conclusion(worse, language="en")
    assert "구별할 수 없습니다" in conclusion(same, language="ko")


def test_conclusion_says_when_a_classifier_is_not_shown_to_beat_the_majority_class():
    from rnnlab.experiments.classify_and_generate import conclusion

    said = conclusion(_result([0.03, -0.04, 0.10], random=(0.515, 0.445, 0.585)), language="en")
    assert said.endswith(
        "The random classifier's interval also holds 0.500, the accuracy of always answering "
        "the commoner label: it is not shown to do better."
    )
    assert "pretrained classifier's" not in said


def test_conclusion_says_once_when_neither_classifier_is_shown_to_beat_the_majority_class():
    from rnnlab.experiments.classify_and_generate import conclusion

    both = _result([0.03, -0.04, 0.10], (0.515, 0.445, 0.585), (0.545, 0.475, 0.615))
    said = conclusion(both, language="en")
    assert said.endswith(
        "Both classifiers' intervals also hold 0.500, the accuracy of always answering the "
        "commoner label: neither is shown to do better."
    )
    assert "classifier's interval" not in said
    assert conclusion(both, language="ko").count("0.500") == 1
