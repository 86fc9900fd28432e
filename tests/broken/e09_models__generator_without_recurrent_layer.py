"""Broken e09: the generator has no recurrent layer: each step sees only the
current token, never what came before."""

import keras

MISTAKE = "Your generator has no recurrent layer: each step sees only the current token."


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
            keras.layers.Dense(vocab_size, activation="softmax"),
        ]
    )
