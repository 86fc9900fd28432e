"""Broken e01: one_hot sizes the vectors by the largest id seen, not by depth."""

import numpy as np

MISTAKE = (
    "Your one-hot vectors are as long as the largest id seen; their length comes from "
    "`depth`, whatever ids appear."
)


def one_hot(ids, depth):
    ids = np.asarray(ids)
    return (ids[..., None] == np.arange(ids.max() + 1)).astype(np.float32)


def embedding_lookup(table, ids):
    return np.asarray(table)[np.asarray(ids)]


def embedding_as_matmul(table, ids):
    table = np.asarray(table)
    return (np.asarray(ids)[..., None] == np.arange(table.shape[0])) @ table
