"""Turn ``report.json`` into what other graders read: Gradescope's ``results.json``, JUnit XML.

Both are pure functions of the report, so every format tells the same story.
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

from rnnlab.i18n import text


def to_gradescope(report: dict[str, Any]) -> dict[str, Any]:
    """Gradescope's ``results.json``: one test per exercise, its first failing check as output,
    followed by the mistakes the grader recognised and what the failing checks share.

    Examples
    --------
    >>> report = {"earned": 1.0, "possible": 2.0, "official": True, "exercises": {"e01_x": {
    ...     "title": "X", "earned": 1.0, "possible": 2.0, "feedback": "Called f(): ...",
    ...     "tests": []}}}
    >>> result = to_gradescope(report)
    >>> result["score"], result["tests"][0]["max_score"], result["tests"][0]["status"]
    (1.0, 2.0, 'failed')
    """
    tests = [
        {
            "name": f"{name}: {entry['title']}",
            "score": entry["earned"],
            "max_score": entry["possible"],
            "status": "passed" if entry["earned"] >= entry["possible"] else "failed",
            "output": _feedback(entry),
        }
        for name, entry in report["exercises"].items()
    ]
    problems = [*report.get("not_official_because", []), *report.get("grader_errors", [])]
    output = "; ".join(problems)
    return {
        "score": report["earned"],
        "output": output
        or text(
            "formats.points", earned=f"{report['earned']:g}", possible=f"{report['possible']:g}"
        ),
        "tests": tests,
    }


def _feedback(entry: dict[str, Any]) -> str:
    """The first failing check, then the mistakes recognised and the patterns, one a line."""
    lines = [entry["feedback"]]
    mistake, pattern_ = text("formats.likely_mistake"), text("formats.pattern")
    lines += [f"{mistake}: {d['message']}" for d in entry.get("diagnoses", [])]
    lines += [f"{pattern_}: {pattern}" for pattern in entry.get("patterns", [])]
    return "\n".join(lines)


def to_junit(report: dict[str, Any]) -> str:
    """JUnit XML: a testsuite per exercise, a testcase per check, failures with their message.

    Examples
    --------
    >>> report = {"exercises": {"e01_x": {"tests": [
    ...     {"name": "test_a[x]", "earned": 0.0, "possible": 1.0, "message": "wrong"}]}}}
    >>> print(to_junit(report))  # doctest: +ELLIPSIS
    <testsuites tests="1" failures="1"><testsuite name="e01_x" tests="1" failures="1">...
    """

    def failed(test: dict[str, Any]) -> bool:
        return test["earned"] < test["possible"]

    everything = [t for entry in report["exercises"].values() for t in entry["tests"]]
    root = ElementTree.Element(
        "testsuites", tests=str(len(everything)), failures=str(sum(map(failed, everything)))
    )
    for name, entry in report["exercises"].items():
        tests = entry["tests"]
        suite = ElementTree.SubElement(
            root,
            "testsuite",
            name=name,
            tests=str(len(tests)),
            failures=str(sum(map(failed, tests))),
        )
        for test in tests:
            case = ElementTree.SubElement(suite, "testcase", classname=name, name=test["name"])
            if failed(test):
                failure = ElementTree.SubElement(case, "failure", message=test["message"][:500])
                failure.text = test["message"]
    return ElementTree.tostring(root, encoding="unicode")
