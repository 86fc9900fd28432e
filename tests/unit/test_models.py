"""e09's models: how they travel from the worker and how the grader rebuilds and inspects them."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from rnnlab.grader.checks import models
from rnnlab.grader.checks.compare import Mismatch
from rnnlab.grader.sandbox.protocol import KerasModel, Opaque, Reply, loads_reply, to_portable

keras = pytest.importorskip("keras")


def _model(*middle):
    return keras.Sequential(
        [keras.Input((None,), dtype="int32"), keras.layers.Embedding(7, 3), *middle]
    )


def test_a_keras_model_travels_as_its_config_and_comes_back():
    model = _model(keras.layers.GRU(4), keras.layers.Dense(1, activation="sigmoid"))
    sent = to_portable(model)
    assert isinstance(sent, KerasModel)
    received = loads_reply(pickle.dumps(Reply("ok", value=sent))).value
    rebuilt = models.rebuild(received, called="build_classifier()")
    assert [type(layer).__name__ for layer in rebuilt.layers] == ["Embedding", "GRU", "Dense"]
    assert tuple(rebuilt(np.zeros((2, 5), np.int32)).shape) == (2, 1)


def test_rebuild_refuses_what_is_not_a_model_and_lambda_code():
    with pytest.raises(Mismatch, match=r"^Called f\(\): expected a keras.Model .* a LSTM"):
        models.rebuild(Opaque("LSTM", "<LSTM>"), called="f()")
    with pytest.raises(Mismatch, match=r"expected a keras\.Model"):
        models.rebuild(None, called="f()")
    lambda_model = _model(keras.layers.Lambda(lambda x: x * 2))
    with pytest.raises(Mismatch, match="could not be rebuilt"):
        models.rebuild(to_portable(lambda_model), called="f()")


def test_structure_checks_name_the_layer_and_the_fix():
    every_step = _model(keras.layers.LSTM(4, return_sequences=True), keras.layers.Dense(1))
    with pytest.raises(Mismatch, match=r"LSTM has return_sequences=True; a classifier"):
        models.check_return_sequences(every_step, every_step=False, called="f()")
    models.check_return_sequences(every_step, every_step=True, called="f()")
    with pytest.raises(Mismatch, match="has 4 units; expected units=5"):
        models.check_sizes(every_step, vocab_size=7, embedding_dim=3, units=5, called="f()")
    no_memory = _model(keras.layers.Dense(7))
    with pytest.raises(Mismatch, match="no recurrent layer"):
        models.check_sizes(no_memory, vocab_size=7, embedding_dim=3, units=4, called="f()")


def test_output_checks_want_probabilities():
    logits = np.array([[[2.0, -1.0]]])  # (1, 1, 2)
    with pytest.raises(Mismatch, match="probabilities need a softmax"):
        models.check_output(logits, (1, 1, 2), kind="softmax", called="f()", keras="k")
    with pytest.raises(Mismatch, match="sum to"):
        models.check_output(logits / 10 + 0.5, (1, 1, 2), kind="softmax", called="f()", keras="k")
    with pytest.raises(Mismatch, match=r"returned shape \(1, 1, 2\), k returned \(1, 2\)"):
        models.check_output(logits, (1, 2), kind="sigmoid", called="f()", keras="k")
