"""The teacher's side: a class graded in parallel or in shards, merged, and reported.

`grade_all` grades every submission of a class folder (or the K-th of N shares of it, or
some students again) with official inputs, `submissions` finds each student's files however
they were handed in, `roster` says who the students are (ids, folders, names, languages),
`shards` says which students a share holds and checks that a results folder is whole,
`history` keeps every run with its time beside each student's latest report, `merge` turns a
results folder into the scores CSV and the class report, `scores` writes the CSV and the
summary table, `feedback` writes each student's feedback to hand back, `bundle` builds the
Gradescope autograder, `template` a GitHub Classroom starter repository, `similarity`
fingerprints each submission's code for the class report's pairs of look-alike submissions,
and `reference_progress` is the pytest plugin that names each exercise while grade-all
computes its Keras references.

It sits above the grader: it runs `rnnlab grade --official` once per submission.
"""
