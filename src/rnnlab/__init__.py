"""rnnlab: learn embeddings and recurrent layers by writing them, graded against Keras.

Importing ``rnnlab`` is cheap and imports nothing of its own: every grading worker passes
through this file (see ARCHITECTURE.md), and Keras is imported only by the parts that need it.
The course is re-exported lazily from `rnnlab.curriculum`, and `check` (grade one exercise
from a notebook) from `rnnlab.notebook.check`; ``%load_ext rnnlab`` loads the notebook magic
(IPython is imported only then).
"""

from __future__ import annotations

from typing import Any

__all__ = ["Exercise", "check", "find_exercise", "load_curriculum"]
__version__ = "0.1.0"


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext rnnlab``: register the ``%%rnnlab eNN`` cell magic."""
    from rnnlab.notebook.magic import register

    register(ipython)


def __getattr__(name: str) -> Any:
    if name == "check":
        from rnnlab.notebook.check import check

        return check
    if name in __all__:
        from rnnlab import curriculum

        return getattr(curriculum, name)
    raise AttributeError(f"module 'rnnlab' has no attribute {name!r}")
