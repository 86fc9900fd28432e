"""Similarity hints: which submissions share their code, after names and formatting are undone.

Every student starts from the same stub and writes a few dozen lines, so the question a teacher
asks is narrow: did two students hand in the same code, perhaps with the variables renamed and
the lines reformatted? This module answers it per exercise, in three steps.

1. `normalise` turns a file into tokens (Python's `tokenize`) without comments, docstrings,
   blank lines or layout; it renames every name the student chose to a placeholder by order of
   first appearance (``§1``, ``§2``, ...), and keeps what a renaming cannot change: keywords,
   builtins, attributes (``np.tanh``, ``x.shape``), imported modules (``np`` reads ``numpy``,
   whatever its alias) and the exercise's fixed names (its functions and their parameters).
2. `fingerprint` keeps what pairing needs and nothing else: a digest of the whole token
   sequence and the hashes of its ``K``-token shingles, less every shingle of the untouched
   stub (the signatures and docstrings everyone starts from must not make two students
   similar). No code, no path, no seed: ``grade-all`` records it in each student's report.
3. `similar_pairs` compares every two students' fingerprints of an exercise from the reports
   alone, so shares graded apart are compared as one class: identical token sequences, or a
   Jaccard index of their shingles of at least `NEAR`.

A pair is a hint to look at two files side by side, never a verdict: short exercises have few
ways to be right, and a study group may honestly converge.
"""

from __future__ import annotations

import ast
import builtins
import hashlib
import io
import itertools
import keyword
import tokenize
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

VERSION = 1  # of the fingerprint's format: pairs are only computed between equal versions
K = 5  # tokens per shingle: one short statement (``h = np.tanh(z)`` is 6 tokens)
# Shared shingles over all shingles (Jaccard) from which a pair is listed as near-identical.
# Measured by tests/unit/test_similarity.py::test_the_threshold_separates_copies_from_rewrites
# on the reference solutions. Independent rewrites and the catalogued broken variants written
# apart from the solution (e01-e04, e06, e08) stay at or below 0.43; the variants copied from
# the solution with one line changed (e05, e07, e09) start at 0.63, and copies with a line
# added, removed or swapped, or with every name renamed and the file reformatted, at 0.76.
# The threshold sits in that gap, nearer the rewrites: a missed hint costs more than a look.
NEAR = 0.5
# Fewer shingles of one's own than this (beyond the stub) is too little code to compare: a
# one-line answer such as ``return table[ids]`` is what every correct student writes.
MIN_SHINGLES = 12
# A shingle found in more students' files of an exercise than this is the class's common
# knowledge (the obvious answer, a snippet from the lecture), not evidence of a copy: it is
# left out of every pair, as MOSS leaves out passages in more than 10 programs (its -m 10).
COMMON = 10
IDENTICAL, NEAR_IDENTICAL = "identical", "near-identical"

_KEEP = frozenset(n for n in dir(builtins) if not n.startswith("_")) | frozenset(keyword.kwlist)
_SKIP = {
    tokenize.COMMENT,
    tokenize.NL,
    tokenize.ENCODING,
    tokenize.ENDMARKER,
    tokenize.TYPE_COMMENT,
}
_STATEMENT_START = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, None}
_OPENING, _CLOSING = {"(", "[", "{"}, {")", "]", "}"}
BLOCK, END = "⟨", "⟩"  # an indented block's edges: no Python token reads like them
_COMPOUND = {"if", "elif", "else", "for", "while", "with", "def", "class", "try", "except"}
_COMPOUND |= {"finally", "async"}


def fixed_names(stub: str) -> frozenset[str]:
    """The names an exercise fixes: its top-level functions, classes and constants, and every
    parameter of its functions (a student who renames them breaks the contract, not a copy).

    Parameters
    ----------
    stub : str
        The source of the exercise's stub (or solution: they share every signature).

    Returns
    -------
    frozenset of str
    """
    names: set[str] = set()
    for node in ast.parse(stub).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    for node in ast.walk(ast.parse(stub)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            arguments = node.args
            every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
            every += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
            names.update(a.arg for a in every)
    return frozenset(names)


def normalise(source: str, fixed: Iterable[str] = ()) -> list[str]:
    """``source`` as tokens, free of comments, docstrings, layout and the student's own names.

    Parameters
    ----------
    source : str
        A Python file.
    fixed : iterable of str
        Names kept as they are (`fixed_names` of the exercise).

    Returns
    -------
    list of str
        The tokens. Statements end in ``;`` (a newline and a semicolon alike), blocks open with
        `BLOCK` and close with `END`, a trailing comma before a closing bracket is dropped, and
        every other name becomes ``§N``, numbered by first appearance.

    Raises
    ------
    SyntaxError
        If ``source`` cannot be split into Python tokens (unbalanced brackets, bad indents).
    """
    kept = _KEEP | frozenset(fixed)
    stream = list(_structured(_significant(source)))
    modules = _imported([token for _, token in stream])
    placeholders: dict[str, str] = {}
    tokens: list[str] = []
    depth = 0  # of brackets: ``name=`` inside them is a keyword argument
    blocks = 0
    for i, (previous, token) in enumerate(stream):
        if isinstance(token, str):  # a statement's end or a block's edge
            if not (token == ";" and tokens and tokens[-1] == ";"):
                tokens.append(token)
            blocks += (token == BLOCK) - (token == END)
            if token == END and blocks == 0:
                placeholders = {}  # numbered afresh in each top-level block: an extra name
                # in one function leaves the others' numbers alone
        elif token.type == tokenize.NAME:
            following = stream[i + 1][1] if i + 1 < len(stream) else ""
            keyword_argument = depth > 0 and getattr(following, "string", "") == "="
            tokens.append(
                token.string
                if keyword_argument  # ``f(axis=1)``: the callee's name, not the student's
                else _name(token.string, previous, kept, modules, placeholders)
            )
        elif token.type in (tokenize.STRING, tokenize.NUMBER):
            tokens.append(_literal(token.string))
        else:
            depth += (token.string in _OPENING) - (token.string in _CLOSING)
            tokens.append(token.string)
    return _without_trailing_commas(tokens)


def _name(
    name: str,
    previous: tokenize.TokenInfo | None,
    kept: frozenset[str],
    modules: Mapping[str, str],
    placeholders: dict[str, str],
) -> str:
    """A name as it reads normalised: kept, its module, or the student's own (``§N``)."""
    if name in kept or (previous is not None and previous.string == "."):
        return name
    if name in modules:
        return modules[name]
    return placeholders.setdefault(name, f"§{len(placeholders) + 1}")


def _structured(
    tokens: Iterable[tokenize.TokenInfo],
) -> Iterator[tuple[tokenize.TokenInfo | None, tokenize.TokenInfo | str]]:
    """``(the previous real token, a token or marker)``: statements end in ``";"``, blocks are
    `BLOCK` ... `END`, and a one-line suite (``if x: y``) reads as the block it stands for."""
    previous: tokenize.TokenInfo | None = None
    depth, open_suites, header, line_start = 0, 0, False, True
    for token in tokens:
        if token.type == tokenize.NEWLINE or (token.string == ";" and depth == 0):
            yield previous, ";"
            if token.type == tokenize.NEWLINE:
                for _ in range(open_suites):
                    yield previous, END
                open_suites, header, line_start = 0, False, True
            continue
        if token.type in (tokenize.INDENT, tokenize.DEDENT):
            yield previous, BLOCK if token.type == tokenize.INDENT else END
            continue
        after_colon = previous is not None and previous.exact_type == tokenize.COLON
        if header and depth == 0 and after_colon:  # a statement after a header's colon
            yield previous, ";"
            yield previous, BLOCK
            open_suites, header = open_suites + 1, False
        if line_start:
            header = token.type == tokenize.NAME and token.string in _COMPOUND
        depth += (token.string in _OPENING) - (token.string in _CLOSING)
        line_start = False
        yield previous, token
        previous = token


def _significant(source: str) -> Iterator[tokenize.TokenInfo]:
    """Every token but comments, blank lines and docstrings (a string that is a statement)."""
    try:
        every = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError) as error:
        raise SyntaxError(f"cannot tokenise the file: {error}") from error
    every = [token for token in every if token.type not in _SKIP]
    before: tokenize.TokenInfo | None = None
    dropped = False
    for i, token in enumerate(every):
        after = every[i + 1] if i + 1 < len(every) else None
        statement = (before is None or before.type in _STATEMENT_START) and (
            after is None or after.type == tokenize.NEWLINE
        )
        if token.type == tokenize.STRING and statement:
            dropped = True  # the docstring, and the newline that ends it
        elif not (dropped and token.type == tokenize.NEWLINE):
            yield token
            dropped = False
        before = token


def _imported(stream: list[Any]) -> dict[str, str]:
    """``{name in an import statement: what it reads as}`` from a `_structured` stream (so a
    file that does not parse still has its imports): a module path reads as itself, an alias
    as what it imports, so ``np`` and ``n`` both read ``numpy``."""
    bound: dict[str, str] = {}
    statement: list[str] = []
    for token in [*stream, ";"]:
        if token != ";":
            statement.append(token if isinstance(token, str) else token.string)
            continue
        words = [word for word in statement if word not in ("(", ")", BLOCK, END)]
        if words and words[0] in ("import", "from"):
            bound.update((w, w) for w in words if w.isidentifier() and not keyword.iskeyword(w))
            for i, word in enumerate(words[:-1]):
                if word == "as" and i > 0:
                    bound[words[i + 1]] = words[i - 1]
        statement = []
    return bound


def _literal(text: str) -> str:
    """A literal by its value: ``'a'`` and ``"a"``, ``1.`` and ``1.0`` read alike."""
    try:
        return repr(ast.literal_eval(text))
    except (ValueError, SyntaxError):  # an f-string, say: kept as written
        return text


def _without_trailing_commas(tokens: list[str]) -> list[str]:
    """A formatter's trailing comma (``f(a, b,)``) is layout: drop it."""
    return [
        token
        for i, token in enumerate(tokens)
        if not (token == "," and i + 1 < len(tokens) and tokens[i + 1] in _CLOSING)
    ]


def shingles(tokens: list[str], k: int = K) -> set[str]:
    """Hashes (12 hex digits) of every run of ``k`` consecutive tokens; the whole sequence if
    shorter."""
    if k < 1:
        raise ValueError(
            f"Received an invalid value for argument `k`: expected >= 1. Received: {k}."
        )
    runs = [tokens[i : i + k] for i in range(max(len(tokens) - k + 1, 1))] if tokens else []
    return {hashlib.sha256("\x00".join(run).encode()).hexdigest()[:12] for run in runs}


def fingerprint(source: str, stub: str) -> dict[str, Any] | None:
    """What pairing needs of one file: its digest and its shingles beyond the stub's.

    Parameters
    ----------
    source : str
        The student's file.
    stub : str
        The exercise's untouched stub.

    Returns
    -------
    dict or None
        ``{"digest": ..., "shingles": [...]}`` (sorted hashes, none of the stub's), or None
        when the file cannot be tokenised.
    """
    fixed = fixed_names(stub)
    try:
        tokens = normalise(source, fixed)
    except SyntaxError:
        return None
    own = shingles(_anonymous(tokens)) - shingles(_anonymous(normalise(stub, fixed)))
    digest = hashlib.sha256("\x00".join(tokens).encode()).hexdigest()[:16]
    return {"digest": digest, "shingles": sorted(own)}


def _anonymous(tokens: list[str]) -> list[str]:
    return ["§" if token.startswith("§") else token for token in tokens]


def submission_fingerprint(files: Mapping[str, Path], stubs: Mapping[str, str]) -> dict[str, Any]:
    """The fingerprint a student's report keeps: one per exercise with a stub.

    Parameters
    ----------
    files : mapping of str to pathlib.Path
        Exercise name -> the student's file for it.
    stubs : mapping of str to str
        Exercise name -> its stub's source (`rnnlab.stubs.stub_for`).

    Returns
    -------
    dict
        ``{"version", "k", "exercises": {name: fingerprint}}``; files that cannot be read or
        tokenised, and exercises without a stub, are left out.
    """
    exercises = {}
    for name, path in sorted(files.items()):
        if name not in stubs:
            continue
        try:
            source = Path(path).read_text("utf-8", errors="replace")
        except OSError:
            continue
        found = fingerprint(source, stubs[name])
        if found is not None:
            exercises[name] = found
    return {"version": VERSION, "k": K, "exercises": exercises}


def similar_pairs(
    fingerprints: Mapping[str, Mapping[str, Any]], exercises: Iterable[str]
) -> list[dict[str, Any]]:
    """Every pair of students whose code for an exercise is identical or near-identical.

    Parameters
    ----------
    fingerprints : mapping of str to dict
        Student -> their `submission_fingerprint` (from their report); students without one,
        or with another version or ``k``, are left out.
    exercises : iterable of str
        The exercises to compare, in the order the pairs are listed.

    Returns
    -------
    list of dict
        ``{"students": [a, b], "exercise", "shared", "kind"}``: ``shared`` is the Jaccard
        index of their own shingles (1.0 when identical), ``kind`` `IDENTICAL` or
        `NEAR_IDENTICAL`. By exercise, then the most shared first, then by names.
    """
    usable = {
        student: found["exercises"]
        for student, found in sorted(fingerprints.items())
        if isinstance(found, Mapping) and (found.get("version"), found.get("k")) == (VERSION, K)
    }
    pairs = []
    for exercise in exercises:
        pairs += _pairs_of(
            exercise,
            {student: found[exercise] for student, found in usable.items() if exercise in found},
        )
    return pairs


def _pairs_of(exercise: str, found: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The pairs of one exercise, from each student's fingerprint of it, the most shared
    first; what more than `COMMON` students share is left out first.

    Only students who share a shingle are compared, counted through an index of who holds
    each: a class of 200 takes a fraction of a second, not the minute of every pair's sets.
    """
    holders: dict[str, list[str]] = {}
    for student, record in found.items():
        for shingle in set(record["shingles"]):
            holders.setdefault(shingle, []).append(student)
    kept = {student: 0 for student in found}
    shared: Counter[tuple[str, str]] = Counter()
    for students in holders.values():
        if len(students) > COMMON:
            continue
        for student in students:
            kept[student] += 1
        shared.update(itertools.combinations(sorted(students), 2))
    digests = Counter(record["digest"] for record in found.values())
    pairs = []
    for (a, b), common in shared.items():
        if min(kept[a], kept[b]) < MIN_SHINGLES:
            continue
        digest = found[a]["digest"]
        identical = digest == found[b]["digest"] and digests[digest] <= COMMON
        fraction = 1.0 if identical else common / (kept[a] + kept[b] - common)
        if fraction >= NEAR:
            kind = IDENTICAL if identical else NEAR_IDENTICAL
            pairs.append(
                {
                    "students": [a, b],
                    "exercise": exercise,
                    "shared": round(fraction, 4),
                    "kind": kind,
                }
            )
    return sorted(pairs, key=lambda pair: (-pair["shared"], pair["students"]))
