"""The pytest plugin behind ``rnnlab grade``: points per check, a learner fixture, the report.

Grading tests (``tests/grading/test_eNN_*.py``) declare their exercise and points::

    pytestmark = pytest.mark.exercise("e02_simple_rnn")

    @pytest.mark.points(2)          # shared equally by the parametrized cases
    @pytest.mark.parametrize(...)
    def test_simple_rnn_matches_keras(learner, ...):
        got = learner.simple_rnn(inputs=x, kernel=..., ...)
        assert_matches(got, expected, called=learner.last_call, keras="keras.layers.SimpleRNN(4)")

The ``learner`` fixture forwards calls to the implementation under test (``--impl``), run in its
own process per exercise by :class:`~rnnlab.grader.sandbox.supervisor.Sandbox`. A check that
fails because of the learner's code costs its points; an exception anywhere else is a grader
error, reported as such, and makes ``rnnlab grade`` exit non-zero.
"""

from __future__ import annotations

import io
import json
import signal
import sys
import threading
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from rnnlab import safe_io
from rnnlab.assignment import Assignment
from rnnlab.curriculum import Exercise, find_exercise
from rnnlab.grader import partner
from rnnlab.grader.checks.cases import use_official_seed
from rnnlab.grader.checks.compare import Mismatch, describe_call, recording_matches
from rnnlab.grader.checks.keras_reference import forget_layers
from rnnlab.grader.diagnosis.mistakes import Mistake
from rnnlab.grader.diagnosis.patterns import check_labels
from rnnlab.grader.diagnosis.recognise import Call, Recogniser
from rnnlab.grader.integrity import tampered
from rnnlab.grader.reference_cache import ReferenceStore, salt_for, stored_path
from rnnlab.grader.remembered import ModelResults, source_digest
from rnnlab.grader.report import GradeBook, TestResult
from rnnlab.grader.sandbox.protocol import end_with, grader_pid
from rnnlab.grader.sandbox.supervisor import LearnerError, Sandbox
from rnnlab.i18n import text
from rnnlab.quiet import quiet_tensorflow

quiet_tensorflow()  # the grading tests import Keras after this plugin loads

BOOK = pytest.StashKey[GradeBook]()
SANDBOXES = pytest.StashKey[dict[str, Sandbox]]()
REFERENCES = pytest.StashKey[dict[Path, ReferenceStore]]()
POINTS = pytest.StashKey[float]()
EXERCISE = pytest.StashKey[Exercise]()
CALLS = pytest.StashKey[list[Call]]()
RECOGNISER = pytest.StashKey[Recogniser]()
MATCHED = pytest.StashKey[list[float]]()
MODEL_RESULTS = pytest.StashKey[dict[Path, ModelResults]]()
REMEMBERED = pytest.StashKey[bool]()
WARNINGS = pytest.StashKey[list[str]]()
REPLAYED = pytest.StashKey[dict[str, ModelResults]]()
SOURCES = pytest.StashKey[dict[str, str]]()  # exercise -> digest of the learner's file
KERAS_IMPORT = pytest.StashKey[threading.Thread]()  # started early when references are due
PARTNER = pytest.StashKey[partner.Partner]()  # computes references beside this grade
ORDER = pytest.StashKey[list[str]]()  # the exercises' order when a partner reordered them


# (function, arguments, run the call in the worker) -> what the call returned
Replay = Callable[[str, dict[str, Any], Callable[[], Any]], Any]


class CheckTimedOut(Exception):
    """A check ran past pytest-timeout's limit for one test (``--timeout``)."""


class Learner:
    """Calls into the implementation under test: ``learner.simple_rnn(inputs=x, ...)``.

    Arguments are passed by keyword, so the exercise contract's parameter names are checked
    too. ``last_call`` describes the latest call for feedback messages; ``calls`` keeps every
    call and its result, so a failed check can be compared with the catalogued mistakes.
    """

    def __init__(self, sandbox: Sandbox, replay: Replay | None = None) -> None:
        self._sandbox = sandbox
        self._replay = replay
        self.last_call = ""
        self.calls: list[Call] = []

    def __getattr__(self, function: str) -> Any:
        if function.startswith("_"):
            raise AttributeError(function)

        def call(**arguments: Any) -> Any:
            self.last_call = describe_call(function, **arguments)
            record = Call(function, arguments)
            self.calls.append(record)
            described = self.last_call

            def run() -> Any:
                return self._sandbox.call(function, described, **arguments).value

            record.value = run() if self._replay is None else self._replay(function, arguments, run)
            record.returned = True
            return record.value

        return call


def resolve_impl(value: str, root: Path) -> Path:
    """Turn ``--impl`` (``exercises``, ``solutions`` or a path) into an existing folder."""
    path = Path(value)
    candidate = path if path.is_absolute() else (root / path)
    if not candidate.is_dir():
        raise pytest.UsageError(text("plugin.bad_impl", value=repr(value), folder=candidate))
    return candidate.resolve()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("rnnlab", "rnnlab grading")
    group.addoption("--impl", default="exercises", help="exercises, solutions, or a folder")
    group.addoption("--report", default=".rnnlab/report.json", help="where report.json goes")
    group.addoption(
        "--exercise-time-limit",
        type=float,
        default=60.0,
        help="seconds of learner code allowed per exercise (default 60)",
    )
    group.addoption("--no-table", action="store_true", help="do not print the points table")
    group.addoption(
        "--reference-cache",
        default=".rnnlab/cache",
        help="where Keras's references are remembered between runs",
    )
    group.addoption(
        "--fresh-references",
        action="store_true",
        help="compute every reference with Keras again (official runs)",
    )
    group.addoption(
        "--official",
        action="store_true",
        help="isolate learner code (rnnlab.grader.sandbox.isolation) and mark the report official",
    )
    group.addoption(
        "--official-seed",
        type=int,
        default=None,
        help="mix this secret into every check's inputs and add the hidden checks",
    )
    group.addoption(
        "--reference-partner",
        default=None,
        metavar="FOLDER",
        help="run as a grade's partner (rnnlab.grader.partner): compute the references of the "
        "files this run claims into FOLDER, call no learner code",
    )
    group.addoption(
        "--assignment-points",
        default=None,
        help="an assignment's points as JSON ({exercise: points}): each exercise's checks "
        "are scaled to its points, keeping their relative weights",
    )


def pytest_configure(config: pytest.Config) -> None:
    safe_io.hold_warnings()  # pytest captures stderr while checks run: said after the table
    config.addinivalue_line("markers", "points(n): points of a grading test, shared by its cases")
    config.addinivalue_line("markers", "exercise(name): the exercise a grading module grades")
    config.addinivalue_line("markers", "hidden: an official-only check; feedback shows no data")
    config.stash[BOOK] = GradeBook()
    book = config.stash[BOOK]
    book.official_mode = config.getoption("official")
    book.tampered = tampered(config.rootpath)  # still grade, but never as an official score
    config.stash[SANDBOXES] = {}
    config.stash[REFERENCES] = {}
    config.stash[MODEL_RESULTS] = {}
    config.stash[WARNINGS] = []
    config.stash[REPLAYED] = {}
    config.stash[SOURCES] = {}
    seed = config.getoption("official_seed")
    use_official_seed(seed)  # before any grading module is imported: cases read it
    book.seed = seed
    chosen = config.getoption("assignment_points")
    book.assignment = Assignment.from_json(json.loads(chosen)) if chosen else None
    config.stash[RECOGNISER] = Recogniser(
        config.rootpath,
        _cache_folder(config),
        fresh=config.getoption("fresh_references"),
        salt=salt_for(seed),
    )
    if config.getoption("reference_partner"):
        end_with(grader_pid())  # a partner outlives no grade, even one killed
    _start_workers_early(config)


def _sandbox(config: pytest.Config, exercise: str) -> Sandbox:
    sandboxes = config.stash[SANDBOXES]
    if exercise not in sandboxes:
        impl = resolve_impl(config.getoption("impl"), config.rootpath)
        limit = config.getoption("exercise_time_limit")
        course = find_exercise(exercise)
        sandboxes[exercise] = Sandbox(
            impl,
            exercise,
            time_limit=limit,
            numpy_only=course.numpy_only,
            when_missing=_when_missing(config.getoption("impl"), impl, course),
            official=config.getoption("official"),
        )
    return sandboxes[exercise]


def _when_missing(option: str, impl: Path, exercise: Exercise) -> str:
    """What a check says when the exercise's file is not there."""
    if option == "exercises":  # the learner's own checkout: the stub can be restored
        return text("plugin.file_missing", name=exercise.name, number=exercise.number)
    return text("plugin.not_submitted", name=exercise.name, folder=impl)


def _start_workers_early(config: pytest.Config) -> None:
    """Start a worker per named grading file now, then Keras's import in a thread if a
    reference must be computed, so the workers start while Keras is imported.

    A worker whose exercise may use Keras (e09) imports it too; on a machine of few cores
    the two imports would share them, so where NumPy exercises are graded as well that worker
    starts once the grader's own import is done, while their references are computed (unless
    a partner computes references beside this grade, `rnnlab.grader.partner`: the grade then
    takes that exercise first).
    """
    fresh = config.getoption("fresh_references")
    is_partner = bool(config.getoption("reference_partner"))
    later: list[Sandbox] = []
    numpy_exercises = 0
    due: list[Path] = []  # grading files whose references Keras must compute
    for argument in config.args:
        path = Path(argument.split("::")[0])
        if path.is_file() and path.name.startswith("test_e") and path.suffix == ".py":
            try:
                exercise = find_exercise(path.stem.removeprefix("test_"))
            except ValueError:
                continue  # not a course exercise: collection will say so
            if is_partner:
                pass  # a partner calls no learner code: no worker, nothing of theirs read
            elif (
                results := _model_results(config, path.resolve(), exercise)
            ) is None or not results.replayable(_source(config, exercise)):
                sandbox = _sandbox(config, exercise.name)  # else its calls are replayed
                if exercise.numpy_only:
                    sandbox.start()
                    numpy_exercises += 1
                else:
                    later.append(sandbox)
            salt = salt_for(config.getoption("official_seed"))
            if fresh or not stored_path(_cache_folder(config), path, salt=salt).exists():
                due.append(path.resolve())
    needs_keras = bool(due)
    seeded = config.getoption("official_seed") is not None
    if not is_partner and partner.wanted(due, official=config.getoption("official"), seeded=seeded):
        # The grade takes a Keras-model exercise (e09) first: its worker and its trainings
        # are the grade's own, while the partner computes the other files' references.
        due.sort(key=lambda path: find_exercise(path.stem.removeprefix("test_")).numpy_only)
        config.stash[PARTNER] = partner.Partner.start(
            due, config.rootpath, config.getoption("impl")
        )
    if not (needs_keras and numpy_exercises) or PARTNER in config.stash:
        for sandbox in later:
            sandbox.start()
        later = []
    if not needs_keras:  # a warm grade never imports Keras
        return

    def import_keras_then_start() -> None:
        try:
            import_module("keras")
        finally:  # a failed import is said by the check that needs Keras
            for sandbox in later:
                sandbox.start()

    config.stash[KERAS_IMPORT] = threading.Thread(target=import_keras_then_start)
    config.stash[KERAS_IMPORT].start()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Give each check its share of its test's points, and check them against curriculum.toml."""

    def test_function(item: pytest.Item) -> tuple[str, str]:
        return item.nodeid.split("::")[0], getattr(item, "originalname", item.name)

    cases: dict[tuple[str, str], int] = {}
    for item in items:
        cases[test_function(item)] = cases.get(test_function(item), 0) + 1
    totals: dict[str, float] = {}
    for item in items:
        exercise_mark = item.get_closest_marker("exercise")
        points_mark = item.get_closest_marker("points")
        if exercise_mark is None or points_mark is None:
            raise pytest.UsageError(
                f"{item.nodeid}: a grading test needs exercise and points marks"
            )
        exercise = find_exercise(exercise_mark.args[0])
        item.stash[EXERCISE] = exercise
        item.stash[POINTS] = float(points_mark.args[0]) / cases[test_function(item)]
        totals[exercise.name] = totals.get(exercise.name, 0.0) + item.stash[POINTS]
    for name, total in totals.items():
        expected = find_exercise(name).points
        if abs(total - expected) > 1e-9:
            raise pytest.UsageError(
                f"grader error: the tests of {name} award {total:g} points, "
                f"curriculum.toml says {expected:g}"
            )
    if PARTNER in config.stash:  # Keras-model exercises first (see `_start_workers_early`)
        config.stash[ORDER] = list(dict.fromkeys(item.stash[EXERCISE].name for item in items))
        items.sort(key=lambda item: item.stash[EXERCISE].numpy_only)
    assignment = config.stash[BOOK].assignment
    for item in items if assignment is not None else ():  # the checks keep their weights
        if item.stash[EXERCISE].name in assignment.names:
            item.stash[POINTS] *= assignment.scale(item.stash[EXERCISE])


@pytest.fixture
def learner(request: pytest.FixtureRequest) -> Learner:
    """The implementation under test for this test's exercise, in its own process."""
    config = request.config
    if config.getoption("reference_partner"):
        return partner.NoLearner()  # type: ignore[return-value]  # a partner runs no learner code
    exercise: Exercise = request.node.stash[EXERCISE]
    results = _model_results(config, Path(request.node.path), exercise)
    replay = None
    if results is not None:
        source = _source(config, exercise)
        config.stash[REPLAYED][source] = results

        def replay(function: str, arguments: dict[str, Any], run: Callable[[], Any]) -> Any:
            return results.call(source, function, arguments, run)

    learner = Learner(_sandbox(config, exercise.name), replay)
    request.node.stash[CALLS] = learner.calls
    return learner


def _source(config: pytest.Config, exercise: Exercise) -> str:
    """The digest of the learner's file for ``exercise`` (`rnnlab.grader.remembered`), taken
    once per run, before its worker starts: a save during the grade belongs to the next one."""
    sources = config.stash[SOURCES]
    if exercise.name not in sources:
        impl = resolve_impl(config.getoption("impl"), config.rootpath)
        sources[exercise.name] = source_digest(impl, exercise.name)
    return sources[exercise.name]


def _model_results(
    config: pytest.Config, test_file: Path, exercise: Exercise
) -> ModelResults | None:
    """The remembered results of a Keras-model exercise (e09); None in an official run, for a
    NumPy exercise, or with no learner's file."""
    if config.getoption("official") or exercise.numpy_only or not _source(config, exercise):
        return None
    results = config.stash[MODEL_RESULTS]
    if test_file not in results:
        results[test_file] = ModelResults(
            _cache_folder(config),
            test_file,
            fresh=config.getoption("fresh_references"),
            warn=config.stash[WARNINGS].append,
        )
    return results[test_file]


def _cache_folder(config: pytest.Config) -> Path:
    folder = Path(config.getoption("reference_cache"))
    return folder if folder.is_absolute() else config.rootpath / folder


@pytest.fixture
def reference(request: pytest.FixtureRequest) -> Any:
    """``reference(compute)``: Keras's result for this check, from the cache or ``compute()``."""
    config = request.config
    stores = config.stash[REFERENCES]
    test_file = Path(request.node.path)
    if test_file not in stores:
        fresh = config.getoption("fresh_references")
        salt = salt_for(config.getoption("official_seed"))
        stores[test_file] = ReferenceStore(_cache_folder(config), test_file, fresh=fresh, salt=salt)
        if PARTNER in config.stash:  # it may have computed this file's references already
            saved = config.stash[PARTNER].references_of(test_file)
            if saved is not None:
                stores[test_file].adopt(saved)
    store = stores[test_file]
    return lambda compute: store.get(request.node.name, compute)


@pytest.fixture
def remembered(request: pytest.FixtureRequest) -> Any:
    """``remembered(got, compute)``: what ``compute()`` found of the learner's model ``got``
    (e09), from an earlier self-study grade of the same model if there was one.

    An official run always calls ``compute()`` and keeps nothing (`rnnlab.grader.remembered`).
    """
    node = request.node
    results = _model_results(request.config, Path(node.path), node.stash[EXERCISE])
    if results is None:
        return lambda got, compute: compute()

    def get(got: Any, compute: Any) -> Any:
        value, hit = results.get(node.name, got, compute)
        node.stash[REMEMBERED] = node.stash.get(REMEMBERED, False) or hit
        return value

    return get


def _failure_message(
    item: pytest.Item, excinfo: pytest.ExceptionInfo[BaseException]
) -> tuple[str, bool]:
    """The learner-facing reason for a failed check, and whether it is the grader's fault."""
    error = excinfo.value
    if isinstance(error, (LearnerError, Mismatch)):
        return str(error), False
    if isinstance(error, CheckTimedOut):
        return text("plugin.timed_out"), False
    return f"{item.nodeid}: {type(error).__name__}: {error}", True


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item) -> bool | None:
    """A partner runs a file's checks only if it claims the file first; at the first file
    the grade holds, it stops (`rnnlab.grader.partner`)."""
    folder = item.config.getoption("reference_partner")
    if folder and not partner.owns(Path(folder), Path(item.path)):
        item.session.shouldstop = "the grade computes the rest"
        return True  # not run
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    """Run the check while recording how close each of its matches was."""
    with recording_matches() as errors:
        item.stash[MATCHED] = errors
        yield


@pytest.hookimpl(tryfirst=True)
def pytest_timeout_set_timer(item: pytest.Item, settings: Any) -> bool | None:
    """Time a check out with `CheckTimedOut`, so a timeout is told apart by its type.

    This is pytest-timeout's own signal method with our exception; where it cannot run (no
    SIGALRM, or not the main thread) pytest-timeout's thread method ends the run instead.
    """
    if (
        settings.method != "signal"
        or not hasattr(signal, "SIGALRM")
        or threading.current_thread() is not threading.main_thread()
    ):
        return None

    def time_out(signum: int, frame: Any) -> None:
        raise CheckTimedOut(f"Timeout (>{settings.timeout:g}s)")

    def cancel() -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)

    item.cancel_timeout = cancel  # what pytest-timeout's cancel hook calls
    signal.signal(signal.SIGALRM, time_out)
    signal.setitimer(signal.ITIMER_REAL, settings.timeout)
    return True


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if EXERCISE not in item.stash:
        return
    book = item.config.stash[BOOK]
    points = item.stash[POINTS]
    exercise = item.stash[EXERCISE]
    errors = item.stash.get(MATCHED, []) if report.when == "call" else []
    calls = item.stash.get(CALLS, [])
    callspec = getattr(item, "callspec", None)
    hidden = item.get_closest_marker("hidden") is not None
    labels = (
        {}
        if hidden
        else check_labels(  # a hidden check's sizes stay hidden
            callspec.params if callspec else {},
            [c.function for c in calls],
            getattr(item, "originalname", item.name),
        )
    )
    if report.when == "call" and report.passed:
        error = max(errors) if errors else None
        result = TestResult(
            item.name,
            points,
            points,
            max_abs_error=error,
            labels=labels,
            hidden=hidden,
            remembered=item.stash.get(REMEMBERED, False),
        )
        book.record(exercise, result)
    elif report.failed and report.when in ("setup", "call") and call.excinfo is not None:
        message, grader_fault = _failure_message(item, call.excinfo)
        if grader_fault:
            book.grader_errors.append(message)
            message = text("grade.grader_fault", message=message)
        elif hidden:  # its message would show the hidden inputs or expected values
            message = text("grade.hidden_failed")
        mistakes: tuple[Mistake, ...] = ()
        steps = None
        if isinstance(call.excinfo.value, Mismatch):
            mistakes = _recognise(item, exercise, calls)
            steps = None if hidden else call.excinfo.value.steps
        result = TestResult(
            item.name,
            0.0,
            points,
            message,
            mistakes=mistakes,
            labels=labels,
            hidden=hidden,
            steps=steps,
            remembered=item.stash.get(REMEMBERED, False),
        )
        book.record(exercise, result)


def _recognise(item: pytest.Item, exercise: Exercise, calls: list[Call]) -> tuple[Mistake, ...]:
    """The catalogued mistakes that explain a failed check; a failure here is the grader's."""
    book = item.config.stash[BOOK]
    try:
        recogniser = item.config.stash[RECOGNISER]
        return recogniser.recognise(exercise.name, Path(item.path), item.name, calls)
    except Exception as error:
        book.grader_errors.append(
            f"{item.nodeid}: recognising mistakes failed: {type(error).__name__}: {error}"
        )
        return ()


def pytest_report_teststatus(report: pytest.TestReport) -> tuple[str, str, str] | None:
    """Keep pytest's dots quiet: the points table tells the story."""
    if report.when == "call":
        return report.outcome, "", ""
    return None


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    if KERAS_IMPORT in config.stash:  # never leave TensorFlow half imported at exit
        config.stash[KERAS_IMPORT].join()
    forget_layers()  # one grading session's layers; `watch` grades again in this process
    book = config.stash[BOOK]
    for sandbox in config.stash[SANDBOXES].values():
        sandbox.discard()
        seen = sandbox.isolation  # the same in every worker; the report keeps the weakest
        if seen is not None and (
            book.isolation is None or len(seen["missing"]) > len(book.isolation["missing"])
        ):
            book.isolation = seen
    stores = config.stash[REFERENCES].values()
    for store in stores:
        store.save()
    config.stash[RECOGNISER].save()
    for source, results in config.stash[REPLAYED].items():
        results.finish(source)
    for results in config.stash[MODEL_RESULTS].values():
        results.save()
    if config.getoption("reference_partner"):
        partner.finish(config.getoption("reference_partner"))  # all saved: the grade may adopt
    if PARTNER in config.stash:
        config.stash[PARTNER].close()
        del config.stash[PARTNER]
    if ORDER in config.stash:  # the report and table in the course's order, as always
        book.exercises = {n: book.exercises[n] for n in config.stash[ORDER] if n in book.exercises}
    book.references = {
        "computed_by_keras": sum(s.computed for s in stores),
        "from_cache": sum(s.hits for s in stores),
        "computed_by_partner": sum(s.adopted for s in stores),  # of computed_by_keras
    }
    if book.exercises:
        report = Path(config.getoption("report"))
        book.write(report if report.is_absolute() else config.invocation_params.dir / report)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    # A grading module that cannot even be collected is a grader error: say why, briefly
    # (pytest's own error section is switched off to keep learners' output to the table).
    reasons = {
        f"grader error in {report.nodeid}: "
        + " | ".join(report.longreprtext.strip().splitlines()[-3:])
        for report in terminalreporter.stats.get("error", [])
        if isinstance(report, pytest.CollectReport)
    }
    for reason in sorted(reasons):
        terminalreporter.write_line(reason)
    for warning in config.stash[WARNINGS]:  # a damaged cache file: computed again, said once
        terminalreporter.write_line(warning)
    book = config.stash[BOOK]
    if book.exercises and not config.getoption("no_table"):
        writer = config.get_terminal_writer()
        console = Console(
            file=io.StringIO(), force_terminal=writer.hasmarkup, width=max(writer.fullwidth, 80)
        )
        book.print(console)
        terminalreporter.write(console.file.getvalue())
    for line in safe_io.release_warnings():  # what could not be saved or read, after the grade
        terminalreporter.write_line(line)


def pytest_unconfigure(config: pytest.Config) -> None:
    for line in safe_io.release_warnings():  # no summary came (an interrupted run): say them now
        sys.stderr.write(line + "\n")
