"""Broken e09: the classifier's LSTM returns every step, so it answers once per word
instead of once per sentence."""

import keras

MISTAKE = (
    "Your classifier's recurrent layer returns every step, so it answers once per "
    "word, not once per sentence."
)


def build_classifier(vocab_size, embedding_dim, units):
    return keras.Sequential(
        [
            keras.Input(shape=(None,), dtype="int32"),
            keras.layers.Embedding(vocab_size, embedding_dim),
            keras.layers.LSTM(units, return_sequences=True),
            keras.layers.Dense(1, activation="sigmoid"),
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
