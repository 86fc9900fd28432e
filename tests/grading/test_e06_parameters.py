"""Grade e06_parameters against layer.count_params() of real Keras layers."""

import itertools

import pytest

from rnnlab.grader.checks.compare import assert_same_number
from rnnlab.grader.checks.keras_reference import keras_layer
from rnnlab.i18n import part

pytestmark = pytest.mark.exercise("e06_parameters")

RECURRENT = {"simple_rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}
ARGUMENTS = ("kind", "input_dim", "units", "use_bias", "bidirectional", "reset_after")


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


def _keras_count(kind, input_dim, units, bidirectional, options):
    if kind == "embedding":
        layer = keras_layer("Embedding", input_dim, units)
        layer.build((None, 3))
        return layer.count_params()
    layer = keras_layer(RECURRENT[kind], units, **options)
    if bidirectional:
        layer = keras_layer("Bidirectional", layer)
    layer.build((None, 5, input_dim))
    return layer.count_params()


def _check(learner, reference, kind, input_dim, units, use_bias, bidirectional, reset_after):
    options = {"use_bias": use_bias} | ({"reset_after": reset_after} if kind == "gru" else {})
    if kind == "embedding":
        keras_call = f"keras.layers.Embedding({input_dim}, {units}).count_params()"
    else:
        arguments = ", ".join(f"{name}={value}" for name, value in options.items())
        keras_call = f"keras.layers.{RECURRENT[kind]}({units}, {arguments})"
        if bidirectional:
            keras_call = f"keras.layers.Bidirectional({keras_call})"
        keras_call += part("count on features", features=input_dim)
    expected = reference(lambda: _keras_count(kind, input_dim, units, bidirectional, options))
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
@pytest.mark.parametrize(ARGUMENTS, list(_grid()))
def test_count_params_matches_keras_grid(
    learner, reference, kind, input_dim, units, use_bias, bidirectional, reset_after
):
    _check(learner, reference, kind, input_dim, units, use_bias, bidirectional, reset_after)


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
@pytest.mark.parametrize(ARGUMENTS, NOTE)
def test_count_params_matches_the_notes_layers(
    learner, reference, kind, input_dim, units, use_bias, bidirectional, reset_after
):
    _check(learner, reference, kind, input_dim, units, use_bias, bidirectional, reset_after)
