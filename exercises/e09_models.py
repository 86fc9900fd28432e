# Graded with Python's standard library, NumPy and Keras.
"""Exercise e09: whole Keras models, a classifier and a generator.

The note's last point, in code: to tell whether a sentence is positive or negative, read it
to the end and look at the **last** step's output only; to generate text, predict the next
token at **every** step, so the recurrent layer must return its whole sequence of outputs
(``return_sequences=True``). This exercise builds both with Keras's own layers, so Keras is
allowed here (and only here).
"""

import keras


def build_classifier(vocab_size, embedding_dim, units):
    """A sequence classifier: Embedding, a recurrent layer's last step, one sigmoid.

    The model reads integer ids of shape ``(batch, timesteps)``, any number of timesteps, and
    returns the probability of class 1, shape ``(batch, 1)``. Any recurrent layer (SimpleRNN,
    LSTM, GRU) with ``units`` units may be used. The grader compiles and trains the model
    itself, so it need not be compiled.

    Parameters
    ----------
    vocab_size : int
        How many different ids the Embedding accepts (ids ``0 .. vocab_size - 1``).
    embedding_dim : int
        Length of each word vector.
    units : int
        Size of the recurrent layer's hidden state.

    Returns
    -------
    keras.Model
        Not compiled; ``(batch, timesteps)`` ids in, ``(batch, 1)`` probabilities out.

    Examples
    --------
    >>> import numpy as np
    >>> model = build_classifier(vocab_size=5, embedding_dim=100, units=64)
    >>> tuple(model(np.array([[2, 3, 0, 1, 4]])).shape)  # "What time is it ?"
    (1, 1)
    """
    raise NotImplementedError("e09_models.build_classifier: not written yet; replace this line with your code.")


def build_generator(vocab_size, embedding_dim, units):
    """A next-token generator: Embedding, a recurrent layer at every step, a softmax.

    The model reads ids ``(batch, timesteps)`` and returns, at every step, a probability for
    each id of the vocabulary to come next: shape ``(batch, timesteps, vocab_size)``. Any
    recurrent layer with ``units`` units may be used; the grader compiles and trains it.

    Parameters
    ----------
    vocab_size : int
        Number of different tokens (words or characters), in and out.
    embedding_dim : int
        Length of each token vector.
    units : int
        Size of the recurrent layer's hidden state.

    Returns
    -------
    keras.Model
        Not compiled; ``(batch, timesteps)`` ids in, ``(batch, timesteps, vocab_size)``
        probabilities out.

    Examples
    --------
    >>> import numpy as np
    >>> model = build_generator(vocab_size=5, embedding_dim=100, units=64)
    >>> tuple(model(np.array([[2, 3, 0, 1, 4]])).shape)
    (1, 5, 5)
    """
    raise NotImplementedError("e09_models.build_generator: not written yet; replace this line with your code.")
