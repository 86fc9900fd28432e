"""Say what an exercise's failing checks have in common, from the checks' own parameters.

Every check is labelled by its parameters (``reset_after=True``, ``use_bias=False``, the
function it calls) and a few relations between its sizes (``units != features``,
``timesteps > 1``). When only some checks fail, a label that every failing check carries is a
clue: if no passing check carries it, the failures follow it exactly ("every reset_after=True
check fails; every reset_after=False check passes"); otherwise the failures happen only under
it ("fails only when use_bias=False"). Nothing here is written per exercise: a new grading test
gets its patterns from its parametrization.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from rnnlab.i18n import text

# Sizes whose relation explains a classic mistake: kernels swapped only break when the input
# and state sizes differ; a state never carried between steps only shows after the first step.
_RELATIONS = (("units", "features"), ("units", "input_dim"))
MAX_PATTERNS = 2


def check_labels(
    params: Mapping[str, Any], functions: Sequence[str] = (), test: str = ""
) -> dict[str, str]:
    """A check's labels: ``{feature: how the feature reads for this check}``.

    Booleans and strings among the parameters become ``name=value``; a dataclass parameter
    (a `rnnlab.grader.checks.cases.RecurrentCase`) adds its own fields and the relations
    between its sizes; ``functions`` are the learner's functions the check called, and
    ``test`` the grading test it belongs to (the last resort of a pattern).

    Examples
    --------
    >>> from rnnlab.grader.checks.cases import RecurrentCase
    >>> check_labels({"case": RecurrentCase(2, 1, 4, 4), "reset_after": True}, ["gru"])
    ... # doctest: +NORMALIZE_WHITESPACE
    {'function': 'gru', 'use_bias': 'use_bias=True', 'initial_state': 'initial_state=False',
     'units/features': 'units == features', 'timesteps': 'timesteps == 1',
     'reset_after': 'reset_after=True'}
    """
    joined = text("patterns.names_joined").join(dict.fromkeys(functions))
    labels = {"function": joined} if functions else {}
    for name, value in params.items():
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = dataclasses.asdict(value)
            labels.update(_flags(fields))
            labels.update(_relations(fields))
        else:
            labels.update(_flags({name: value}))
    labels.update(_relations(params))  # sizes given as separate parameters, as in e06
    if test:
        labels["test"] = test
    return labels


def _flags(values: Mapping[str, Any]) -> dict[str, str]:
    """``name=value`` for booleans and strings; numbers say too little on their own."""
    return {
        name: f"{name}={value!r}"
        for name, value in values.items()
        if isinstance(value, (bool, str))
    }


def _relations(values: Mapping[str, Any]) -> dict[str, str]:
    labels = {}
    for left, right in _RELATIONS:
        a, b = values.get(left), values.get(right)
        if isinstance(a, int) and isinstance(b, int):
            labels[f"{left}/{right}"] = f"{left} {'==' if a == b else '!='} {right}"
    steps = values.get("timesteps")
    if isinstance(steps, int) and not isinstance(steps, bool):
        labels["timesteps"] = "timesteps == 1" if steps == 1 else "timesteps > 1"
    return labels


def summarise(checks: Sequence[tuple[Mapping[str, str], bool]]) -> list[str]:
    """What the failing checks have in common, at most ``MAX_PATTERNS`` sentences.

    Parameters
    ----------
    checks : sequence of (labels, passed)
        Every check of one exercise: its `check_labels` and whether it passed.

    Returns
    -------
    list of str
        Empty when every check passes, every check fails, or nothing sets the failures apart.

    Examples
    --------
    >>> checks = [({"reset_after": f"reset_after={v}"}, not v) for v in (True, False) * 2]
    >>> summarise(checks)
    ['every reset_after=True check fails; every reset_after=False check passes']
    >>> checks = [({"use_bias": "use_bias=False", "x": "x=1"}, False),
    ...           ({"use_bias": "use_bias=False", "x": "x=2"}, False),
    ...           ({"use_bias": "use_bias=False", "x": "x=1"}, True),
    ...           ({"use_bias": "use_bias=True", "x": "x=2"}, True)]
    >>> summarise(checks)
    ['fails only when use_bias=False']
    """
    failing = [labels for labels, passed in checks if not passed]
    passing = [labels for labels, passed in checks if passed]
    if not failing or not passing:
        return []
    exact: list[str] = []
    only: list[tuple[int, str]] = []  # (how many checks carry the label, sentence)
    seen: set[frozenset[int]] = set()  # two labels on the very same checks say one thing
    for feature, value in _shared(failing):
        others = {labels[feature] for labels in passing if labels.get(feature) not in (None, value)}
        carriers = frozenset(
            i for i, (labels, _) in enumerate(checks) if labels.get(feature) == value
        )
        if not others or carriers in seen:
            continue  # every check of the exercise has it: no clue
        seen.add(carriers)
        if all(labels.get(feature) != value for labels in passing):
            rest = (
                _every(feature, others.pop()) if len(others) == 1 else text("patterns.every_other")
            )
            exact.append(
                text("patterns.fails_rest_passes", subject=_every(feature, value), rest=rest)
            )
        elif len(failing) > 1:
            word = "in" if feature in ("function", "test") else "when"
            only.append((len(carriers), text(f"patterns.fails_only_{word}", value=value)))
    if exact:  # it already says exactly which checks fail
        return exact[:MAX_PATTERNS]
    if only:  # the rarer a label, the more it says: "initial_state=True" before "use_bias=True"
        return [sentence for _, sentence in sorted(only, key=lambda pair: pair[0])][:MAX_PATTERNS]
    # Failures spread over several kinds of check: perhaps the passing ones have one thing in
    # common ("every check of test_zero_peepholes... passes": the peepholes are what is wrong).
    return [
        text("patterns.passes_rest_fails", subject=_every(feature, value))
        for feature, value in _shared(passing)
        if all(labels.get(feature) != value for labels in failing)
    ][:1]


def _shared(checks: Sequence[Mapping[str, str]]) -> list[tuple[str, str]]:
    """The ``(feature, value)`` pairs that every one of ``checks`` carries."""
    pairs = []
    for feature in dict.fromkeys(key for labels in checks for key in labels):
        values = {labels.get(feature) for labels in checks}
        if len(values) == 1 and None not in values:
            pairs.append((feature, values.pop()))
    return pairs


def _every(feature: str, value: str) -> str:
    key = {"test": "every_check_of", "function": "every_function_check"}.get(feature, "every_check")
    return text(f"patterns.{key}", value=value)
