"""The grader: grade an implementation of the exercises against Keras itself.

Three rooms, each a subpackage with one job:

- [checks][rnnlab.grader.checks]: build a case, ask Keras, judge an answer;
- [sandbox][rnnlab.grader.sandbox]: run untrusted code, return only safe values;
- [diagnosis][rnnlab.grader.diagnosis]: explain a failing check.

At the top: the pytest plugin that ties them together (`plugin`), the entry point that runs it
(`run`), the report and its formats (`report`, `formats`), the tamper check (`integrity`) and
the reference cache (`reference_cache`).

The grader may import `rnnlab.curriculum`, `rnnlab.i18n`, `rnnlab.layouts`, `rnnlab.modules`
and `rnnlab.quiet`; it never imports the learner's workspace, the CLI, `watch`, `classroom`,
the experiments or the figures (a unit test reads the imports). Whoever calls it records
progress. This file imports nothing: a worker process passes through it.
"""
