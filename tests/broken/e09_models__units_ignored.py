"""Broken e09: both models use 32 units whatever ``units`` says."""

import keras

MISTAKE = "Your models use a fixed number of units whatever `units` says."


def build_classifier(vocab_size, embedding_dim, units):
    return keras.Sequential(
        [
            keras.Input(shape=(None,), dtype="int32"),
            keras.layers.Embedding(vocab_size, embedding_dim),
            keras.layers.LSTM(32),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )


def build_generator(vocab_size, embedding_dim, units):
    return keras.Sequential(
        [
            keras.Input(shape=(None,), dtype="int32"),
            keras.layers.Embedding(vocab_size, embedding_dim),
            keras.layers.LSTM(32, return_sequences=True),
            keras.layers.Dense(vocab_size, activation="softmax"),
        ]
    )
