"""Cheat: loads Keras's cached answers from .rnnlab/cache and returns the one whose shape fits.

Expect: your code tried to read files outside your submission
"""

import os

import numpy as np

CACHE_FILE = "__CACHE_FILE__"  # the test writes the real path of e02's reference cache here


def _cached(shape):
    with os.fdopen(os.open(CACHE_FILE, os.O_RDONLY), "rb") as handle, np.load(handle) as data:
        return next(data[k] for k in data.files if k != "index" and data[k].shape == shape)


def simple_rnn_step(x_t, h_tm1, kernel, recurrent_kernel, bias=None):
    return _cached((x_t.shape[0], kernel.shape[1]))


def simple_rnn(inputs, kernel, recurrent_kernel, bias=None, **options):
    return _cached((inputs.shape[0], kernel.shape[1]))
