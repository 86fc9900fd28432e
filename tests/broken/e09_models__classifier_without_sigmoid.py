"""Broken e09: the classifier's last Dense has no activation, so it outputs any number,
not a probability."""

import keras

MISTAKE = (
    "Your classifier's last layer has no activation, so it outputs any number, not a probability."
)


def build_classifier(vocab_size, embedding_dim, units):
    return keras.Sequential(
        [
            keras.Input(shape=(None,), dtype="int32"),
            keras.layers.Embedding(vocab_size, embedding_dim),
            keras.layers.LSTM(units),
            keras.layers.Dense(1, activation=None),
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
