"""Docs figures trace solutions/, or RNNLAB_IMPL's answer (the reference if that fails)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT

from rnnlab.figures.trace import trace_for_docs
from rnnlab.stubs import write_stubs


def _one_hot_trace(impl, layer, inputs):
    """A stand-in for lstm_gates: calls the implementation, no Keras needed."""
    return np.asarray(impl.one_hot(inputs, layer))


@pytest.fixture
def in_checkout(monkeypatch):
    monkeypatch.chdir(ROOT)  # solutions/ is found from the checkout, as in the docs build
    monkeypatch.delenv("RNNLAB_IMPL", raising=False)
    return monkeypatch


def test_the_reference_by_default(in_checkout) -> None:
    trace, whose = trace_for_docs(_one_hot_trace, "e01_embedding", 3, np.array([2]))
    np.testing.assert_array_equal(trace, [[0, 0, 1]])
    assert whose["en"] == "Drawn from solutions/."
    assert whose["ko"] == "solutions/의 코드로 그렸습니다."  # each page says it in its language


def test_the_learners_answer_with_rnnlab_impl(in_checkout, tmp_path: Path) -> None:
    answer = tmp_path / "mine"
    answer.mkdir()
    (answer / "e01_embedding.py").write_text(
        "import numpy as np\n\ndef one_hot(ids, depth):\n    return np.eye(depth)[ids] * 2\n"
    )
    in_checkout.setenv("RNNLAB_IMPL", str(answer))
    trace, whose = trace_for_docs(_one_hot_trace, "e01_embedding", 3, np.array([2]))
    np.testing.assert_array_equal(trace, [[0, 0, 2]])  # their values, even if wrong
    assert whose["en"] == f"Drawn from your {answer}/e01_embedding.py."


def test_an_unfinished_answer_falls_back_and_says_so(in_checkout, tmp_path: Path) -> None:
    stubs = write_stubs(ROOT, tmp_path / "exercises")
    in_checkout.setenv("RNNLAB_IMPL", str(stubs))
    trace, whose = trace_for_docs(_one_hot_trace, "e01_embedding", 3, np.array([2]))
    np.testing.assert_array_equal(trace, [[0, 0, 1]])
    assert whose["en"].startswith(f"Your {stubs}/e01_embedding.py could not be traced (")
    assert "NotImplementedError: e01_embedding.one_hot: not written yet" in whose["en"]
    assert whose["en"].endswith("); drawn from solutions/.")
    assert whose["ko"].endswith("solutions/의 코드로 그렸습니다.")
