"""Keras layouts: split/join round trips bit for bit, real Keras layers read and written by name."""

import keras
import numpy as np
import pytest

from rnnlab import layouts
from rnnlab.grader.checks.cases import rng_for, uniform


def _weights(kind, features, units, bias_shape):
    rng = rng_for(f"{kind}-{bias_shape}")
    gates = len(layouts.GATES[kind])
    bias = None if bias_shape is None else uniform(rng, bias_shape)
    return layouts.RecurrentWeights(
        kind, uniform(rng, (features, gates * units)), uniform(rng, (units, gates * units)), bias
    )


@pytest.mark.parametrize(
    ("kind", "bias_shape"),
    [
        pytest.param("simple_rnn", (4,), id="simple_rnn"),
        pytest.param("lstm", (16,), id="lstm"),
        pytest.param("lstm", None, id="lstm-no-bias"),
        pytest.param("gru", (2, 12), id="gru-reset-after"),
        pytest.param("gru", (12,), id="gru-reset-before"),
    ],
)
def test_split_then_join_is_bit_exact(kind, bias_shape):
    weights = _weights(kind, 3, 4, bias_shape)
    blocks = layouts.split_gates(weights)
    assert list(blocks) == list(layouts.GATES[kind])
    for block in blocks.values():
        assert block.kernel.shape == (3, 4) and block.recurrent_kernel.shape == (4, 4)
    joined = layouts.join_gates(kind, blocks)
    for original, again in zip(weights.as_tuple(), joined.as_tuple()):
        if original is None:
            assert again is None
        else:
            assert again.tobytes() == original.tobytes() and again.shape == original.shape


def test_lstm_gate_order_is_i_f_c_o():
    kernel = np.concatenate([np.full((2, 3), g, np.float32) for g in range(4)], axis=1)
    w = layouts.RecurrentWeights("lstm", kernel, np.zeros((3, 12), np.float32))
    blocks = layouts.split_gates(w)
    assert [float(blocks[g].kernel[0, 0]) for g in "ifco"] == [0.0, 1.0, 2.0, 3.0]


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        pytest.param(
            dict(kind="rnn", kernel=np.zeros((2, 3)), recurrent_kernel=np.zeros((3, 3))),
            "kind",
            id="kind",
        ),
        pytest.param(
            dict(kind="lstm", kernel=np.zeros((2, 12)), recurrent_kernel=np.zeros((3, 3))),
            "recurrent_kernel",
            id="recurrent",
        ),
        pytest.param(
            dict(kind="lstm", kernel=np.zeros((2, 8)), recurrent_kernel=np.zeros((3, 12))),
            "kernel",
            id="kernel",
        ),
        pytest.param(
            dict(
                kind="lstm",
                kernel=np.zeros((2, 12)),
                recurrent_kernel=np.zeros((3, 12)),
                bias=np.zeros((2, 12)),
            ),
            "bias",
            id="bias-2d-lstm",
        ),
    ],
)
def test_bad_shapes_name_the_argument(kwargs, argument):
    with pytest.raises(ValueError, match=f"argument `{argument}`.*Received"):
        layouts.RecurrentWeights(**kwargs)


def test_join_needs_every_gate():
    w = _weights("lstm", 2, 3, (12,))
    blocks = layouts.split_gates(w)
    del blocks["f"]
    with pytest.raises(ValueError, match="argument `gates`"):
        layouts.join_gates("lstm", blocks)


@pytest.mark.parametrize(
    ("layer", "kind", "shapes"),
    [
        pytest.param(
            lambda: keras.layers.SimpleRNN(64, use_bias=False),
            "simple_rnn",
            [(100, 64), (64, 64), None],
            id="simple_rnn",
        ),
        pytest.param(
            lambda: keras.layers.LSTM(64, use_bias=False),
            "lstm",
            [(100, 256), (64, 256), None],
            id="lstm",
        ),
        pytest.param(lambda: keras.layers.GRU(8), "gru", [(100, 24), (8, 24), (2, 24)], id="gru"),
        pytest.param(
            lambda: keras.layers.GRU(8, reset_after=False),
            "gru",
            [(100, 24), (8, 24), (24,)],
            id="gru-reset-before",
        ),
    ],
)
def test_reads_and_writes_real_keras_layers(layer, kind, shapes):
    layer = layer()
    layer.build((None, 5, 100))
    weights = layouts.recurrent_weights(layer)
    assert weights.kind == kind
    assert [None if a is None else a.shape for a in weights.as_tuple()] == shapes
    new = layouts.RecurrentWeights(
        kind, *(None if a is None else a + 1 for a in weights.as_tuple())
    )
    layouts.set_recurrent_weights(layer, new)
    again = layouts.recurrent_weights(layer)
    for a, b in zip(new.as_tuple(), again.as_tuple()):
        assert (a is None and b is None) or np.array_equal(a, b)


def test_bidirectional_and_embedding_readers():
    bi = keras.layers.Bidirectional(
        keras.layers.SimpleRNN(64, use_bias=False, return_sequences=True)
    )
    bi.build((None, 5, 100))
    forward, backward = layouts.bidirectional_weights(bi)
    assert forward.kernel.shape == backward.kernel.shape == (100, 64)
    assert not np.array_equal(forward.kernel, backward.kernel)
    embedding = keras.layers.Embedding(64, 100)
    embedding.build((1, 3))
    assert layouts.embedding_table(embedding).shape == (64, 100)
    with pytest.raises(ValueError, match="argument `layer`"):
        layouts.bidirectional_weights(embedding)


def test_setting_weights_checks_bias_and_kind():
    layer = keras.layers.SimpleRNN(4, use_bias=False)
    layer.build((None, 2, 3))
    with_bias = _weights("simple_rnn", 3, 4, (4,))
    with pytest.raises(ValueError, match="use_bias must match"):
        layouts.set_recurrent_weights(layer, with_bias)
    with pytest.raises(ValueError, match="argument `weights`"):
        layouts.set_recurrent_weights(layer, _weights("lstm", 3, 4, None))
    with pytest.raises(ValueError, match="argument `layer`"):
        layouts.keras_kind(keras.layers.Dense(3))
