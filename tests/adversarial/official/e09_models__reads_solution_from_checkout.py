"""Cheat: e09 may use Keras, so it may read the installed packages; it still may not read
the checkout's solutions/.

Expect: your code tried to read files outside your submission
"""

CHECKOUT = "__CHECKOUT__"


def _reference():
    namespace = {}
    with open(f"{CHECKOUT}/solutions/e09_models.py") as handle:
        exec(handle.read(), namespace)
    return namespace


def build_classifier(vocab_size, embedding_dim, units):
    return _reference()["build_classifier"](vocab_size, embedding_dim, units)


def build_generator(vocab_size, embedding_dim, units):
    return _reference()["build_generator"](vocab_size, embedding_dim, units)
