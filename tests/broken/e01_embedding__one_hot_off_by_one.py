"""Broken e01: one_hot puts the 1 one column too far right (ids + 1); the matmul inherits it."""

import numpy as np

MISTAKE = "Your 1s sit one column to the right of where they belong: id 0 lights up column 0."


def one_hot(ids, depth):
    ids = np.asarray(ids)
    return (ids[..., None] + 1 == np.arange(depth)).astype(np.float32)


def embedding_lookup(table, ids):
    return np.asarray(table)[np.asarray(ids)]


def embedding_as_matmul(table, ids):
    return one_hot(ids, np.shape(table)[0]) @ table
