"""Checks: build a case, ask Keras, judge an answer.

`cases` draws seeded inputs and weights, `keras_reference` runs the Keras layer on them,
`compare` judges an answer against the reference, `models` rebuilds and trains a Keras model a
learner returned (e09), `architecture` tells when two models are the same answer.

May import: NumPy, Keras (inside functions), `rnnlab.layouts`, `rnnlab.i18n`, the sandbox's
`protocol` (for the value types that cross from a worker). Never runs a learner's code.
"""
