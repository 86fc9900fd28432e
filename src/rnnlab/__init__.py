"""rnnlab: learn embeddings and recurrent layers by writing them, graded against Keras.

Importing ``rnnlab`` is cheap and imports nothing of its own: every grading worker passes
through this file (see ARCHITECTURE.md), and Keras is imported only by the parts that need it.
The course is re-exported lazily from `rnnlab.curriculum`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Exercise", "find_exercise", "load_curriculum"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in __all__:
        from rnnlab import curriculum

        return getattr(curriculum, name)
    raise AttributeError(f"module 'rnnlab' has no attribute {name!r}")
