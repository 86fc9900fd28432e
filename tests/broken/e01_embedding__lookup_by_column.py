"""Broken e01: looks words up as columns of the table (table[:, ids]) instead of rows."""

import numpy as np

MISTAKE = "You take columns of the table (table[:, ids]); each word's vector is a row of the table."


def one_hot(ids, depth):
    return (np.asarray(ids)[..., None] == np.arange(depth)).astype(np.float32)


def embedding_lookup(table, ids):
    return np.moveaxis(np.asarray(table)[:, np.asarray(ids)], 0, -1)


def embedding_as_matmul(table, ids):
    return one_hot(ids, np.shape(table)[0]) @ table
