"""Grade e06_parameters against layer.count_params() of real Keras layers."""

import itertools

import keras
import pytest

from rnnlab.grader.compare import assert_same_number

pytestmark = pytest.mark.exercise("e06_parameters")

RECURRENT = {
    "simple_rnn": keras.layers.SimpleRNN,
    "lstm": keras.layers.LSTM,
    "gru": keras.layers.GRU,
}


def _grid():
    for n, k in [(3, 1), (5, 4), (100, 64)]:
        yield pytest.param("embedding", n, k, True, False, True, id=f"embedding-{n}x{k}")
    for kind, (input_dim, units), use_bias, bidirectional in itertools.product(
        RECURRENT, [(3, 1), (5, 4), (100, 64)], [True, False], [False, True]
    ):
        for reset_after in [True, False] if kind == "gru" else [True]:
            label = f"{kind}-{input_dim}x{units}-bias-{use_bias}-bi-{bidirectional}"
            if kind == "gru":
                label += f"-reset-after-{reset_after}"
            yield pytest.param(
                kind, input_dim, units, use_bias, bidirectional, reset_after, id=label
            )


def _keras_count(kind, input_dim, units, use_bias, bidirectional, reset_after):
    if kind == "embedding":
        layer = keras.layers.Embedding(input_dim, units)
        layer.build((None, 3))
        return layer.count_params(), f"keras.layers.Embedding({input_dim}, {units})"
    options = {"use_bias": use_bias} | ({"reset_after": reset_after} if kind == "gru" else {})
    layer = RECURRENT[kind](units, **options)
    arguments = ", ".join(f"{name}={value}" for name, value in options.items())
    text = f"keras.layers.{type(layer).__name__}({units}, {arguments})"
    if bidirectional:
        layer = keras.layers.Bidirectional(layer)
        text = f"keras.layers.Bidirectional({text})"
    layer.build((None, 5, input_dim))
    return layer.count_params(), f"{text}.count_params() on {input_dim} features"


def _check(learner, kind, input_dim, units, use_bias, bidirectional, reset_after):
    expected, keras_call = _keras_count(
        kind, input_dim, units, use_bias, bidirectional, reset_after
    )
    got = learner.count_params(
        kind=kind,
        input_dim=input_dim,
        units=units,
        use_bias=use_bias,
        bidirectional=bidirectional,
        reset_after=reset_after,
    )
    assert_same_number(got, expected, called=learner.last_call, keras=keras_call)


@pytest.mark.points(4)
@pytest.mark.parametrize(
    ("kind", "input_dim", "units", "use_bias", "bidirectional", "reset_after"), list(_grid())
)
def test_count_params_matches_keras_grid(
    learner, kind, input_dim, units, use_bias, bidirectional, reset_after
):
    _check(learner, kind, input_dim, units, use_bias, bidirectional, reset_after)


# The note's own layers: Embedding(64, 100), Embedding(5, 100), SimpleRNN/LSTM(64, use_bias=False)
# on 100 features (kernels (100, 64) and (100, 256)), and the Bidirectional SimpleRNN.
NOTE = [
    pytest.param("embedding", 64, 100, True, False, True, id="note-embedding-64x100"),
    pytest.param("embedding", 5, 100, True, False, True, id="note-embedding-5x100"),
    pytest.param("simple_rnn", 100, 64, False, False, True, id="note-simple-rnn"),
    pytest.param("lstm", 100, 64, False, False, True, id="note-lstm"),
    pytest.param("simple_rnn", 100, 64, False, True, True, id="note-bidirectional"),
]


@pytest.mark.points(2)
@pytest.mark.parametrize(
    ("kind", "input_dim", "units", "use_bias", "bidirectional", "reset_after"), NOTE
)
def test_count_params_matches_the_notes_layers(
    learner, kind, input_dim, units, use_bias, bidirectional, reset_after
):
    _check(learner, kind, input_dim, units, use_bias, bidirectional, reset_after)
