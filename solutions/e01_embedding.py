"""Exercise e01: the Embedding layer is a lookup table, and a lookup is a matmul.

A ``keras.layers.Embedding(input_dim=n, output_dim=k)`` owns one weight, a table of
shape ``(n, k)``: row ``i`` is the vector of word ``i``. Looking a word up is the same as
multiplying its one-hot vector by the table, which is why the table can be trained by
gradients like any other weight matrix.
"""

import numpy as np


def one_hot(ids, depth):
    """Turn integer word ids into one-hot vectors.

    Parameters
    ----------
    ids : array_like of int, any shape, e.g. (batch, timesteps)
        Word ids, each in ``[0, depth)``.
    depth : int
        Length of each one-hot vector: the vocabulary size ``n``.

    Returns
    -------
    numpy.ndarray, float32, shape (*ids.shape, depth)
        ``out[..., j]`` is 1.0 where ``ids == j`` and 0.0 elsewhere, as ``keras.ops.one_hot``.

    Examples
    --------
    >>> one_hot([[3, 0]], depth=4)
    array([[[0., 0., 0., 1.],
            [1., 0., 0., 0.]]], dtype=float32)
    """
    # BEGIN SOLUTION
    ids = np.asarray(ids)  # (*ids.shape)
    columns = np.arange(depth)  # (depth,)
    return (ids[..., None] == columns).astype(np.float32)  # (*ids.shape, depth)
    # END SOLUTION


def embedding_lookup(table, ids):
    """Look word ids up in an embedding table, as ``keras.layers.Embedding`` does.

    Parameters
    ----------
    table : numpy.ndarray, shape (n, k)
        The Embedding layer's weight: one ``k``-dimensional row per word.
    ids : array_like of int, any shape, e.g. (batch, timesteps)
        Word ids, each in ``[0, n)``.

    Returns
    -------
    numpy.ndarray, shape (*ids.shape, k)
        ``out[b, t] == table[ids[b, t]]``.

    Examples
    --------
    >>> table = np.arange(12, dtype=np.float32).reshape(4, 3)
    >>> embedding_lookup(table, [[3, 57 % 4, 35 % 4]]).shape
    (1, 3, 3)
    """
    # BEGIN SOLUTION
    table = np.asarray(table)  # (n, k)
    return table[np.asarray(ids)]  # (*ids.shape, k)
    # END SOLUTION


def embedding_as_matmul(table, ids):
    """Compute the same lookup as a product of one-hot vectors and the table.

    Parameters
    ----------
    table : numpy.ndarray, shape (n, k)
        The Embedding layer's weight.
    ids : array_like of int, any shape
        Word ids, each in ``[0, n)``.

    Returns
    -------
    numpy.ndarray, shape (*ids.shape, k)
        ``one_hot(ids, n) @ table``: equal to ``embedding_lookup(table, ids)``.

    Examples
    --------
    >>> table = np.arange(12, dtype=np.float32).reshape(4, 3)
    >>> embedding_as_matmul(table, [[1, 2]])
    array([[[3., 4., 5.],
            [6., 7., 8.]]], dtype=float32)
    """
    # BEGIN SOLUTION
    table = np.asarray(table)  # (n, k)
    return one_hot(ids, table.shape[0]) @ table  # (*ids.shape, n) @ (n, k) -> (*ids.shape, k)
    # END SOLUTION
