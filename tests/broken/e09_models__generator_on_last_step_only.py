"""Broken e09: the generator's LSTM keeps only the last step, so it predicts one token
per sequence instead of one after every token."""

import keras

MISTAKE = (
    "Your generator's recurrent layer keeps only the last step, so it predicts one "
    "token per sequence."
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
            keras.layers.LSTM(units),
            keras.layers.Dense(vocab_size, activation="softmax"),
        ]
    )
