"""Broken e01: looks up the first sentence's ids for every sentence of the batch."""

import numpy as np

MISTAKE = (
    "Every sentence of the batch gets the first sentence's vectors; each sentence has its own ids."
)


def one_hot(ids, depth):
    return (np.asarray(ids)[..., None] == np.arange(depth)).astype(np.float32)


def embedding_lookup(table, ids):
    ids = np.asarray(ids)
    first = ids[:1] if ids.ndim > 1 else ids
    return np.asarray(table)[np.broadcast_to(first, ids.shape)]


def embedding_as_matmul(table, ids):
    return embedding_lookup(table, ids)
