"""Broken e09: a softmax over a single output is always 1: the classifier says
'class 1' whatever it reads, and cannot learn."""

import keras

MISTAKE = "Your classifier puts a softmax on a single output, which is always 1: it cannot learn."


def build_classifier(vocab_size, embedding_dim, units):
    return keras.Sequential(
        [
            keras.Input(shape=(None,), dtype="int32"),
            keras.layers.Embedding(vocab_size, embedding_dim),
            keras.layers.LSTM(units),
            keras.layers.Dense(1, activation="softmax"),
        ]
    )


def build_generator(vocab_size, embedding_dim, units):
    return keras.Sequential(
        [
            keras.Input(shape=(None,), dtype="int32"),
            keras.layers.Embedding(vocab_size, embedding_dim),
            keras.layers.LSTM(units, return_sequences=True),
            keras.layers.Dense(vocab_size, activation="softmax"),
        ]
    )
