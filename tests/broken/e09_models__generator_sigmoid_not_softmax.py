"""Broken e09: the generator scores each token with its own sigmoid, so its
probabilities over the vocabulary do not sum to 1."""

import keras

MISTAKE = (
    "Your generator scores each token with its own sigmoid, so its probabilities over "
    "the vocabulary do not sum to 1."
)


def build_classifier(vocab_size, embedding_dim, units):
    return keras.Sequential(
        [
            keras.Input(shape=(None,), dtype="int32"),
            keras.layers.Embedding(vocab_size, embedding_dim),
            keras.layers.LSTM(units),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )


def build_generator(vocab_size, embedding_dim, units):
    return keras.Sequential(
        [
            keras.Input(shape=(None,), dtype="int32"),
            keras.layers.Embedding(vocab_size, embedding_dim),
            keras.layers.LSTM(units, return_sequences=True),
            keras.layers.Dense(vocab_size, activation="sigmoid"),
        ]
    )
