"""The learner's checkout: its files, its progress and its backups.

`checkout` finds a checkout and resets an exercise to its stub (after a verified backup,
`rnnlab.safe_io.backup_verified`), `progress` remembers each exercise's latest grade for
``rnnlab list``, `grading` grades the learner's own ``exercises/`` and records the result.

It sits above the grader: it may call the grader, never the other way round.
"""
