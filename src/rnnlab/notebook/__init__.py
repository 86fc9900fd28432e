"""rnnlab in Jupyter and Colab: a ``%%rnnlab eNN`` cell saves the learner's functions into
``exercises/`` and grades them with the same command as the terminal, ``rnnlab.check("eNN")``
grades the file as it stands, and the result renders as HTML. ``notebooks/`` is generated
from each exercise's course page and stub.

Nothing here is imported by ``import rnnlab``; IPython is imported only by `magic`, when the
extension is loaded (``%load_ext rnnlab``).
"""
