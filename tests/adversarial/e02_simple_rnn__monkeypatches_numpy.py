"""Hostile e02: makes NumPy's comparisons always agree, then returns zeros.

Comparisons happen in the grader's process, which this module never reaches.
Expect: values differ
"""

import numpy as np
import numpy.testing

numpy.testing.assert_allclose = lambda *args, **kwargs: None
np.allclose = lambda *args, **kwargs: True
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.shape(a), bool)
np.abs = lambda x: np.zeros(np.shape(x))


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    return np.zeros((x_t.shape[0], kernel.shape[1]))


def simple_rnn(
    inputs, kernel, recurrent_kernel, bias=None, *, return_sequences=False, initial_state=None
):
    shape = (inputs.shape[0], inputs.shape[1], kernel.shape[1])
    return np.zeros(shape) if return_sequences else np.zeros((shape[0], shape[2]))
