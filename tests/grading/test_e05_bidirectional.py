"""Grade e05_bidirectional against keras.layers.Bidirectional, around the learner's own layers.

The ``layer`` argument is the learner's own ``simple_rnn`` (e02), ``lstm`` (e03) or ``gru`` (e04),
resolved inside the learner's process, so those exercises must pass first; the feedback says so.
"""

import pytest

from rnnlab import layouts
from rnnlab.grader.checks.cases import RECURRENT_CASES, random_weights, rng_for, uniform
from rnnlab.grader.checks.compare import assert_matches
from rnnlab.grader.checks.keras_reference import keras_layer, to_numpy
from rnnlab.grader.sandbox.protocol import FunctionRef

pytestmark = pytest.mark.exercise("e05_bidirectional")

LAYERS = {
    "simple_rnn": ("SimpleRNN", FunctionRef("e02_simple_rnn", "simple_rnn")),
    "lstm": ("LSTM", FunctionRef("e03_lstm", "lstm")),
    "gru": ("GRU", FunctionRef("e04_gru", "gru")),
}
CASES = dict(RECURRENT_CASES)
RETURN_SEQUENCES = pytest.mark.parametrize(
    "return_sequences", [False, True], ids=["last-step", "all-steps"]
)


def _check(learner, reference, label, kind, case, merge_mode, return_sequences):
    rng = rng_for(label)
    forward = random_weights(kind, case, rng)
    backward = random_weights(kind, case, rng)
    inputs = uniform(rng, (case.batch, case.timesteps, case.features), scale=1.0)
    keras_class, layer_ref = LAYERS[kind]

    def keras_run():
        inner = keras_layer(
            keras_class, case.units, use_bias=case.use_bias, return_sequences=return_sequences
        )
        wrapper = keras_layer(
            "Bidirectional", inner, merge_mode=merge_mode, built_for=inputs.shape[1:]
        )
        layouts.set_recurrent_weights(wrapper.forward_layer, forward)
        layouts.set_recurrent_weights(wrapper.backward_layer, backward)
        return to_numpy(wrapper(inputs))

    expected = reference(keras_run)
    got = learner.bidirectional(
        layer=layer_ref,
        inputs=inputs,
        forward_weights=forward.as_tuple(),
        backward_weights=backward.as_tuple(),
        merge_mode=merge_mode,
        return_sequences=return_sequences,
    )
    keras_call = (
        f"keras.layers.Bidirectional({keras_class}({case.units}, "
        f"return_sequences={return_sequences}), merge_mode={merge_mode!r})"
    )
    assert_matches(got, expected, called=learner.last_call, keras=keras_call)


@pytest.mark.points(4)
@RETURN_SEQUENCES
@pytest.mark.parametrize("merge_mode", ["concat", "sum", "mul", "ave"])
@pytest.mark.parametrize("case", ["basic", "batch-1", "one-timestep", "no-bias", "note-shapes"])
def test_bidirectional_simple_rnn_matches_keras(
    learner, reference, request, case, merge_mode, return_sequences
):
    _check(
        learner,
        reference,
        request.node.callspec.id,
        "simple_rnn",
        CASES[case],
        merge_mode,
        return_sequences,
    )


@pytest.mark.points(4)
@RETURN_SEQUENCES
@pytest.mark.parametrize("merge_mode", ["concat", "ave"])
@pytest.mark.parametrize("case", ["basic", "one-unit"])
@pytest.mark.parametrize("kind", ["lstm", "gru"])
def test_bidirectional_gated_layers_match_keras(
    learner, reference, request, kind, case, merge_mode, return_sequences
):
    _check(
        learner,
        reference,
        request.node.callspec.id,
        kind,
        CASES[case],
        merge_mode,
        return_sequences,
    )
