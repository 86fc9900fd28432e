"""Diagnosis: explain a failing check.

`mistakes` reads the catalogue of known wrong answers (``tests/broken``), `recognise` finds
which of them a learner's answer equals, `patterns` names what a set of failing checks has in
common.

May import: NumPy, `rnnlab.i18n`, `rnnlab.modules`, the checks' tolerances and the grader's
`integrity` and `reference_cache`. Catalogued mistakes run in the grader's process, never the
learner's code.
"""
