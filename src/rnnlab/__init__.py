"""rnnlab: learn embeddings and recurrent layers by writing them, graded against Keras.

Importing ``rnnlab`` is cheap: Keras is imported only by the parts that need it.
"""

from rnnlab.curriculum import Exercise, find_exercise, load_curriculum

__all__ = ["Exercise", "find_exercise", "load_curriculum"]
__version__ = "0.1.0"
