"""Broken e01: computes table.T @ one_hot.T, then reshapes (k, words) where a transpose was due."""

import numpy as np

MISTAKE = (
    "Your matmul finds the right numbers but lays them out wrongly: reshaping a (k, words) "
    "result is not transposing it."
)


def one_hot(ids, depth):
    return (np.asarray(ids)[..., None] == np.arange(depth)).astype(np.float32)


def embedding_lookup(table, ids):
    return np.asarray(table)[np.asarray(ids)]


def embedding_as_matmul(table, ids):
    table = np.asarray(table)
    flat = one_hot(np.ravel(ids), table.shape[0])  # (words, n)
    columns = table.T @ flat.T  # (k, words)
    return columns.reshape(*np.shape(ids), table.shape[1])  # should have been columns.T
