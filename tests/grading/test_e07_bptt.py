"""Grade e07_bptt against ``tf.GradientTape`` through ``keras.layers.SimpleRNN``.

Each check builds the Keras layer with seeded weights, runs it on seeded inputs and asks the
tape for the gradients of ``sum(h_T * grad_last_h)``; the learner's hand-written backward pass
must give the same four gradients. The tolerance follows the gradient's scale (see
`rnnlab.grader.checks.compare.assert_matches`): a gradient summed over many steps and a batch
carries proportionally more float32 rounding than one layer output.
"""

import numpy as np
import pytest

from rnnlab import layouts
from rnnlab.grader.checks.cases import (
    RecurrentCase,
    case_params,
    random_weights,
    recurrent_cases,
    rng_for,
    uniform,
)
from rnnlab.grader.checks.compare import (
    Mismatch,
    assert_matches,
    describe_value,
    pick,
    step_errors,
)
from rnnlab.grader.checks.keras_reference import keras_layer, tape_gradients
from rnnlab.i18n import part, text

pytestmark = pytest.mark.exercise("e07_bptt")

GRADIENTS = ("kernel", "recurrent_kernel", "bias", "inputs")

# simple_rnn_backward starts from h_0 = 0, so the initial-state case has nothing to add; a
# sequence three times longer than the usual twenty steps shows the gradient travelling far.
CASES = case_params(
    (label, case)
    for label, case in recurrent_cases(extra=[("sixty-steps", RecurrentCase(2, 60, 3, 4))])
    if not case.initial_state
)


@pytest.mark.points(8)
@pytest.mark.parametrize("gradient", GRADIENTS)
@pytest.mark.parametrize("case", CASES)
def test_gradient_matches_gradient_tape(learner, reference, case, gradient):
    rng = rng_for(repr(case))  # the same data for all four gradients of a case
    weights = random_weights("simple_rnn", case, rng)
    inputs = uniform(rng, (case.batch, case.timesteps, case.features), scale=1.0)
    grad_last_h = uniform(rng, (case.batch, case.units), scale=1.0)  # (batch, units)

    def keras_gradient():
        layer = keras_layer(
            "SimpleRNN", case.units, use_bias=case.use_bias, built_for=inputs.shape[1:]
        )
        layouts.set_recurrent_weights(layer, weights)
        gradients = tape_gradients(layer, inputs, grad_last_h)
        # Without a bias Keras has no such variable: the reference is then its list of names.
        return gradients.get(gradient, np.array(sorted(gradients)))

    expected = reference(keras_gradient)
    kernel, recurrent_kernel, bias = weights.as_tuple()
    got = learner.simple_rnn_backward(
        inputs=inputs,
        kernel=kernel,
        recurrent_kernel=recurrent_kernel,
        bias=bias,
        grad_last_h=grad_last_h,
    )
    keras_call = (
        f"tf.GradientTape through keras.layers.SimpleRNN({case.units}, use_bias={case.use_bias})"
    )
    value = pick(got, GRADIENTS, called=learner.last_call, keras=keras_call)[gradient]
    if expected.dtype.kind == "U":  # the layer has no such weight
        if value is not None:
            raise Mismatch(
                text("compare.bias_none", called=learner.last_call, got=describe_value(value))
            )
        return
    scale = max(1.0, float(np.abs(expected).max()))
    try:
        assert_matches(
            value,
            expected,
            called=learner.last_call,
            keras=keras_call,
            what=part("gradient", name=gradient),
            scale=scale,
        )
    except Mismatch as mismatch:
        steps = step_errors(value, expected, scale=scale) if gradient == "inputs" else None
        if steps is None:
            raise
        raise where_it_departs(mismatch, steps) from None


def where_it_departs(mismatch: Mismatch, steps: list[float]) -> Mismatch:
    """The mismatch, told step by step: dL/dx_t is dL/dz_t @ kernel.T, so the first step back
    from the last where it differs is where the gradient carried back went wrong."""
    last = len(steps) - 1
    departs = next(t for t in range(last, -1, -1) if steps[t] > 0)
    if departs == last:
        said = text("bptt.departs_at_last", last=last)
    else:
        said = text("bptt.departs_at", step=departs, last=last, back=last - departs)
    told = Mismatch(f"{mismatch}; {said}")
    told.steps = steps
    return told
