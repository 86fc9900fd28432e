"""The learner's checkout: its files, its progress and its backups.

`checkout` finds a checkout and resets an exercise to its stub, `progress` remembers each
exercise's latest grade for ``rnnlab list``, `backups` keeps a copy of any file before it is
replaced, `grading` grades the learner's own ``exercises/`` and records the result.

It sits above the grader: it may call the grader, never the other way round.
"""
