"""Grading tests run with rnnlab's grading plugin (``rnnlab grade`` or ``pytest tests/grading``)."""

pytest_plugins = ["rnnlab.grader.plugin"]
