"""Grade e01_embedding against keras.ops.one_hot and keras.layers.Embedding.

Keras is imported inside the reference computations only: when the references are already
cached (see ``rnnlab.grader.reference_cache``) a grade runs without importing it.
"""

import numpy as np
import pytest

from rnnlab.grader.checks.cases import rng_for, uniform
from rnnlab.grader.checks.compare import assert_matches

pytestmark = pytest.mark.exercise("e01_embedding")

# (ids, vocabulary size n, embedding size k); ids are int32 as a tokenizer gives them.
CASES = [
    pytest.param([[3, 57, 35]], 64, 100, id="note-sentence"),  # the note's first block
    pytest.param([[2, 3, 0, 1, 4]], 5, 100, id="what-time-is-it"),  # the note's second block
    pytest.param([[0, 4, 4], [1, 0, 2]], 5, 3, id="batch-2-repeated-ids"),
    pytest.param([0, 6, 3, 6], 7, 2, id="1d-ids"),
    pytest.param([[1]], 2, 1, id="one-word-one-dim"),
]


def _ids(ids):
    return np.asarray(ids, dtype=np.int32)


def _table(n, k, label):
    return uniform(rng_for(label), (n, k), scale=1.0)


def _keras_one_hot(ids, n):
    import keras

    return keras.ops.convert_to_numpy(keras.ops.one_hot(ids, n))


def _keras_embedding(table, ids):
    import keras

    from rnnlab import layouts

    layer = keras.layers.Embedding(input_dim=table.shape[0], output_dim=table.shape[1])
    layer.build(ids.shape)
    layer.embeddings.assign(table)
    assert np.array_equal(layouts.embedding_table(layer), table)
    return keras.ops.convert_to_numpy(layer(ids))


@pytest.mark.points(2)
@pytest.mark.parametrize(("ids", "n", "k"), CASES)
def test_one_hot_matches_keras(learner, reference, ids, n, k):
    ids = _ids(ids)
    expected = reference(lambda: _keras_one_hot(ids, n))
    got = learner.one_hot(ids=ids, depth=n)
    assert_matches(got, expected, called=learner.last_call, keras=f"keras.ops.one_hot(ids, {n})")


@pytest.mark.points(2)
@pytest.mark.parametrize(("ids", "n", "k"), CASES)
def test_embedding_lookup_matches_keras(learner, reference, request, ids, n, k):
    ids, table = _ids(ids), _table(n, k, request.node.callspec.id)
    expected = reference(lambda: _keras_embedding(table, ids))
    got = learner.embedding_lookup(table=table, ids=ids)
    keras_call = f"keras.layers.Embedding(input_dim={n}, output_dim={k})"
    assert_matches(got, expected, called=learner.last_call, keras=keras_call)


@pytest.mark.points(2)
@pytest.mark.parametrize(("ids", "n", "k"), CASES)
def test_embedding_as_matmul_matches_keras(learner, reference, request, ids, n, k):
    ids, table = _ids(ids), _table(n, k, request.node.callspec.id)
    expected = reference(lambda: _keras_embedding(table, ids))
    got = learner.embedding_as_matmul(table=table, ids=ids)
    keras_call = f"keras.layers.Embedding(input_dim={n}, output_dim={k})"
    assert_matches(got, expected, called=learner.last_call, keras=keras_call)
