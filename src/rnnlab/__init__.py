"""rnnlab: learn word embeddings and recurrent layers by writing them and grading them against Keras.

Importing ``rnnlab`` is cheap: Keras is imported only by the parts that need it.
"""

from rnnlab.curriculum import Exercise, find_exercise, load_curriculum

__all__ = ["Exercise", "find_exercise", "load_curriculum"]
__version__ = "0.1.0"
