"""Benchmark: how fast a learner (and a teacher) gets feedback, side by side in one run.

Every figure is the median of ``--repeat`` runs, taken alternately so that all of them see the
same machine load, and is reported next to its goal:

Grades are of every exercise solved (``--impl solutions``: a learner who finished the course,
e09's two models included), so nothing is cheaper for being wrong.

- **warm grade / import keras** (goal <= 1.0): ``nox -R -s grade`` grading every exercise with
  Keras's references (and e09's trained results) already cached, against
  ``python -c "import keras"`` in the same environment.
- **unchanged e09 re-graded / import keras** (goal <= 0.3): ``nox -R -s grade -- e09`` with
  the file unchanged since the last grade: nothing is trained and no worker runs.
- **watch: save to result** (goal <= 0.2 s): ``rnnlab watch`` in a temporary copy of the
  checkout; ``exercises/e02_simple_rnn.py`` is saved alternately as the answer and as the stub,
  and the time each re-grade finished is logged by ``bench/watch_events.py``.
- **fresh references / import keras** (goal <= 2.0): ``nox -R -s grade -- --fresh-references``,
  every reference computed by Keras again (an official run, or the first after Keras changed),
  e09's models trained again. Beside it, not a figure with a goal: e09 alone graded the same
  way, and the floors both bound (see `fresh_reference_costs`).
- **grade-all / (one fresh grade + N warm grades)** (goal <= 1.2): ``rnnlab grade-all`` over N
  submissions (copies of the solutions and of the stubs, alternately), against its steps done
  one by one: grading once with fresh references into a folder, then each submission alone
  (``--official``, as grade-all does) reading them from there.
- **nox -s docs** (goal <= 300 s): the site built strictly, its environment reused.
- **first nox -s grade on a fresh clone** (goal <= 120 s each): ``git clone`` of this
  checkout's last commit, then ``nox -s grade`` there, building its environment from nothing,
  once with an empty uv package cache (every wheel downloaded) and once with the shared one.

``--quick`` (CI-sized): one repeat, 2 submissions, and no docs build and no fresh clones.
``--grading-only``: the full run's repeats and submissions, but no docs build and no fresh
clones (a machine that may not download, or a busy one); the file then keeps those figures
from the run before, each saying when it was measured (``carried_from``).
``--only watch``: the watch figure alone (``2 * repeat`` saves); every other figure is kept
from the run before as ``--grading-only`` keeps the docs, and so are their samples.

Writes ``bench/results/feedback.json`` (``--quick``: ``bench/results/quick/feedback.json``).
Run with ``nox -s bench`` or ``python bench/feedback.py [--quick] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchlib import ROOT, environment, load, median_of, results_path, write_results

from rnnlab.stubs import write_stubs

WATCHED = "e02_simple_rnn"
SOLVED = ["--impl", "solutions"]  # every exercise solved: the course finished
CPU_SECONDS: list[float] = []  # of each timed command, in order


def nox_command() -> list[str]:
    """How to run nox: the Python that runs ``nox -s bench`` (``RNNLAB_NOX_PYTHON``), else PATH."""
    python = os.environ.get("RNNLAB_NOX_PYTHON")
    if python:
        return [python, "-m", "nox"]
    found = shutil.which("nox")
    return [found] if found else [sys.executable, "-m", "nox"]


def grade_python() -> Path:
    """The Python of the ``grade`` session's environment (built by a first ``nox -s grade``)."""
    if os.name == "nt":
        return ROOT / ".nox" / "grade" / "Scripts" / "python.exe"
    return ROOT / ".nox" / "grade" / "bin" / "python"


def _children_cpu() -> float:
    """CPU seconds used so far by finished child processes (and theirs); 0 where unknown."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Wall seconds of ``command``; raises with its output if it fails (no measurement then).

    The CPU seconds it used (with its own child processes) are appended to ``CPU_SECONDS``:
    unlike the wall clock, they do not grow while other work keeps the cores busy.
    """
    started, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout[-3000:]}{done.stderr}")
    CPU_SECONDS.append(_children_cpu() - cpu)
    return elapsed


def figure(name: str, value: float | None, goal: float, unit: str, **extra: Any) -> dict:
    """One row of the results table: the measured value next to its goal (an upper bound)."""
    met = None if value is None else value <= goal
    return {"figure": name, "value": value, "goal": goal, "unit": unit, "met": met, **extra}


# --- watch: save to result ------------------------------------------------------------------


def _events(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _wait_for(predicate: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.005)
    raise TimeoutError(f"gave up waiting for {what}")


def watch_latencies(python: Path, saves: int) -> tuple[list[float], list[float]]:
    """Seconds from each save to ``rnnlab watch`` having its result, and the points it gave."""
    with tempfile.TemporaryDirectory(prefix="rnnlab-watch-") as folder:
        checkout = Path(folder)
        for part in ("solutions", "tests/grading"):
            shutil.copytree(ROOT / part, checkout / part)
        write_stubs(ROOT, checkout / "exercises")  # pristine: exercises/ is the learner's work
        shutil.copy(ROOT / "pyproject.toml", checkout)
        if (ROOT / ".rnnlab" / "cache").is_dir():  # as on a learner's machine after one grade
            shutil.copytree(ROOT / ".rnnlab" / "cache", checkout / ".rnnlab" / "cache")
        log = checkout / ".rnnlab" / "watch-events.jsonl"
        process = subprocess.Popen(
            [str(python), ROOT / "bench" / "watch_events.py", log, str(saves)],
            cwd=checkout,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            course = len(list((checkout / "exercises").glob("e*.py")))
            _wait_for(lambda: len(_events(log)) >= course, 300, "the first full grade")
            time.sleep(0.5)  # let the watcher settle on its inotify handles
            exercise = checkout / "exercises" / f"{WATCHED}.py"
            versions = [
                (checkout / "solutions" / f"{WATCHED}.py").read_text("utf-8"),
                exercise.read_text("utf-8"),
            ]
            latencies, points = [], []
            for save in range(saves):
                seen = len(_events(log))
                saved = time.time()
                exercise.write_text(versions[save % 2], "utf-8")
                event = _wait_for(lambda n=seen: _events(log)[n:], 60, "the re-grade")[0]
                latencies.append(event["finished"] - saved)
                points.append(event["earned"])
                time.sleep(0.3)
        finally:
            process.wait(timeout=60)
    return latencies, points


def watch_figure(latencies: list[float]) -> dict:
    """The watch row of the results table: the median seconds from a save to its result."""
    return figure("watch: save to result", median_of(latencies), 0.2, "s")


def watch_samples(latencies: list[float], points: list[float]) -> dict[str, Any]:
    """The results file's ``watch`` section: every save's seconds and points."""
    return {
        "exercise": WATCHED,
        "save_to_result_s": [round(t, 3) for t in latencies],
        "points_each_save": points,
    }


def only_watch(python: Path, repeat: int, load_before: list[float] | None) -> None:
    """``--only watch``: measure the watch figure and write it into the results file, every
    other figure carried over from the file before (``carry_over``), their samples kept."""
    path = results_path("feedback", quick=False)
    before = json.loads(path.read_text("utf-8")) if path.exists() else None
    latencies, points = watch_latencies(python, max(2, 2 * repeat))
    measured = watch_figure(latencies)
    measured["value"] = round(measured["value"], 3)
    rows = [
        measured if row["figure"] == measured["figure"] else {**row, "value": None}
        for row in (before or {}).get("figures", [])
    ]
    if not any(row is measured for row in rows):
        rows.append(measured)
    own = {"benchmark", "quick", "load_avg_before", "load_avg_after", *environment()}
    kept = {k: v for k, v in (before or {}).items() if k not in own}
    result = {
        **kept,
        "figures": carry_over(rows, before),
        "watch": watch_samples(latencies, points),
    }
    write_results("feedback", result, quick=False, load_before=load_before)


# --- grade-all ------------------------------------------------------------------------------


def make_submissions(folder: Path, count: int) -> list[Path]:
    """``count`` student folders: copies of the solutions and of the stubs, alternately (the
    stubs generated from the solutions, never the learner's own ``exercises/``)."""
    stubs = write_stubs(ROOT, folder.parent / f"{folder.name}-stubs")  # beside: not a student
    submissions = []
    for n in range(count):
        source = ROOT / "solutions" if n % 2 == 0 else stubs
        student = folder / f"student{n:02d}"
        student.mkdir(parents=True)
        for file in source.glob("e*.py"):
            shutil.copy(file, student)
        submissions.append(student)
    return submissions


def grade_all_round(python: Path, count: int) -> dict[str, float]:
    """One ``grade-all`` over ``count`` submissions, and the one-by-one grades it replaces.

    One by one means what ``grade-all`` does, in sequence and by hand: one grade computing
    every reference with Keras into a folder, then one official grade per submission reading
    them from there.
    """
    with tempfile.TemporaryDirectory(prefix="rnnlab-class-") as folder:
        base = Path(folder)
        submissions = make_submissions(base / "submissions", count)
        rnnlab = [str(python), "-m", "rnnlab"]
        out = ["--out", str(base / "reports"), "--csv", str(base / "scores.csv"), "--seed", "1"]
        grade_all = timed([*rnnlab, "grade-all", str(base / "submissions"), *out], ROOT)
        report = ["--format", "json", "--report", str(base / "one.json")]
        shared = ["--shared-references", str(base / "references"), "--seed", "1"]
        solutions = ["--impl", "solutions", "--fresh-references"]
        fresh = timed([*rnnlab, "grade", *solutions, *shared, *report], ROOT)
        warm = [
            timed([*rnnlab, "grade", "--official", *shared, "--impl", str(s), *report], ROOT)
            for s in submissions
        ]
    one_by_one = fresh + sum(warm)
    return {
        "grade_all_s": grade_all,
        "fresh_grade_s": fresh,
        "warm_grades_s": sum(warm),
        "one_by_one_s": one_by_one,
        "ratio": grade_all / one_by_one,
    }


# --- fresh clone ----------------------------------------------------------------------------


def fresh_clone_grade(cold_cache: bool) -> float:
    """Seconds of the first ``nox -s grade`` in a new clone (environment built from nothing)."""
    with tempfile.TemporaryDirectory(prefix="rnnlab-clone-") as folder:
        clone = Path(folder) / "rnnlab"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        env = dict(os.environ)
        if cold_cache:
            env["UV_CACHE_DIR"] = str(Path(folder) / "uv-cache")
        return timed([*nox_command(), "-s", "grade"], clone, env)


def fresh_reference_costs(
    times: dict[str, Any], computed: int, cores: int | None = None
) -> dict[str, Any]:
    """What recomputing ``computed`` references costs beyond a warm grade and importing Keras,
    and how near the goal any schedule of that work could come on this machine.

    ``times`` holds the samples as ``main`` records them. Per reference: the median fresh
    grade less the median warm grade and the median import, in wall and in CPU seconds.
    ``ratio_floor`` is fresh references / import keras if every reference were free.

    Two floors bound what spreading the same work out could reach (both against the median
    import's wall time): ``ratio_floor_cores``, the fresh grade's CPU seconds shared perfectly
    by ``cores`` cores (no schedule of that work ends sooner); and, when the samples hold
    ``fresh_e09_grade_s``, ``ratio_e09_alone``, e09 graded alone with fresh references (a
    worker importing Keras and four models trained): a core for each exercise would still wait
    for it.
    """
    cpu = times["cpu_s"]
    samples = {
        "wall": (times["fresh_references_grade_s"], times["warm_grade_s"], times["import_keras_s"]),
        "cpu": (cpu["fresh_references_grade"], cpu["warm_grade"], cpu["import_keras"]),
    }
    costs: dict[str, Any] = {"computed_by_keras": computed}
    for clock, (fresh, warm, keras) in samples.items():
        fresh_s, warm_s, keras_s = median_of(fresh), median_of(warm), median_of(keras)
        costs[f"ms_per_reference_{clock}"] = round((fresh_s - warm_s - keras_s) / computed * 1e3, 2)
        costs[f"ratio_floor_{clock}"] = round((warm_s + keras_s) / keras_s, 3)
    keras_wall = median_of(times["import_keras_s"])
    cores = cores or os.cpu_count() or 1
    costs["cores"] = cores
    costs["ratio_floor_cores"] = round(
        median_of(cpu["fresh_references_grade"]) / cores / keras_wall, 3
    )
    if times.get("fresh_e09_grade_s"):
        costs["ratio_e09_alone"] = round(median_of(times["fresh_e09_grade_s"]) / keras_wall, 3)
    return costs


def carry_over(figures: list[dict], before: dict | None) -> list[dict]:
    """``figures`` with each one not measured now (value None) taken from ``before`` (the
    previous results file), marked ``carried_from`` with the date it was measured."""
    earlier = {row["figure"]: row for row in (before or {}).get("figures", [])}
    kept = []
    for row in figures:
        old = earlier.get(row["figure"])
        if row["value"] is None and old is not None and old.get("value") is not None:
            row = {**old, "carried_from": old.get("carried_from") or before["date_utc"]}
        kept.append(row)
    return kept


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="CI-sized: 1 repeat, no docs/clones")
    parser.add_argument("--repeat", type=int, help="runs per figure (default 3; 1 with --quick)")
    parser.add_argument("--submissions", type=int, help="grade-all size (default 20; 2 quick)")
    parser.add_argument(
        "--grading-only", action="store_true", help="no docs build, no fresh clones (kept)"
    )
    parser.add_argument(
        "--only", choices=["watch"], help="measure this figure alone; the others are kept"
    )
    args = parser.parse_args()
    repeat = args.repeat or (1 if args.quick else 3)
    count = args.submissions or (2 if args.quick else 20)
    load_before = load()

    nox = nox_command()
    grade = [*nox, "-R", "-s", "grade", "--", *SOLVED]
    # Builds the environment, and fills .rnnlab/cache (a watch's copy starts from it).
    subprocess.run([*nox, "-s", "grade", "--", *SOLVED], cwd=ROOT, check=True, capture_output=True)
    python = grade_python()
    if args.only == "watch":
        only_watch(python, repeat, load_before)
        return 0
    imports, warm, fresh, fresh_e09, e09, cpu = [], [], [], [], [], []
    for _ in range(repeat):
        imports.append(timed([str(python), "-c", "import keras"], ROOT))
        warm.append(timed(grade, ROOT))
        fresh.append(timed([*grade, "--fresh-references"], ROOT))
        cpu.append(CPU_SECONDS[-3:])
        report = json.loads((ROOT / ".rnnlab" / "report.json").read_text("utf-8"))
        computed = report["references"]["computed_by_keras"]  # by this fresh grade
        by_partner = report["references"].get("computed_by_partner", 0)  # of those
        fresh_e09.append(timed([*grade, "e09", "--fresh-references"], ROOT))  # its floor
        e09.append(timed([*grade, "e09"], ROOT))  # unchanged since the fresh grade stored it
    latencies, points = watch_latencies(python, max(2, 2 * repeat))
    rounds = [grade_all_round(python, count) for _ in range(repeat)]

    docs: list[float] = []
    clones: dict[str, float] = {}
    if not (args.quick or args.grading_only):
        subprocess.run([*nox, "-s", "docs", "--install-only"], cwd=ROOT, check=True)
        docs = [timed([*nox, "-R", "-s", "docs"], ROOT) for _ in range(repeat)]
        clones = {"empty": fresh_clone_grade(True), "shared": fresh_clone_grade(False)}

    result_times = {
        "import_keras_s": [round(t, 3) for t in imports],
        "warm_grade_s": [round(t, 3) for t in warm],
        "fresh_references_grade_s": [round(t, 3) for t in fresh],
        "fresh_e09_grade_s": [round(t, 3) for t in fresh_e09],
        "unchanged_e09_grade_s": [round(t, 3) for t in e09],
        # The same three, in CPU seconds (all processes): steadier on a busy machine.
        "cpu_s": {
            name: [round(c[n], 3) for c in cpu]
            for n, name in enumerate(("import_keras", "warm_grade", "fresh_references_grade"))
        },
    }
    keras = median_of(imports)
    figures = [
        figure("warm grade / import keras", median_of(warm) / keras, 1.0, "ratio"),
        figure("unchanged e09 re-graded / import keras", median_of(e09) / keras, 0.3, "ratio"),
        watch_figure(latencies),
        figure("fresh references / import keras", median_of(fresh) / keras, 2.0, "ratio"),
        figure(
            f"grade-all of {count} / (one fresh grade + {count} warm grades)",
            median_of([r["ratio"] for r in rounds]),
            1.2,
            "ratio",
        ),
        figure("nox -s docs (environment reused)", median_of(docs) if docs else None, 300, "s"),
        figure("first nox -s grade, fresh clone, empty uv cache", clones.get("empty"), 120, "s"),
        figure("first nox -s grade, fresh clone, shared uv cache", clones.get("shared"), 120, "s"),
    ]
    for row in figures:
        row["value"] = None if row["value"] is None else round(row["value"], 3)
    if args.grading_only:
        path = results_path("feedback", quick=False)
        before = json.loads(path.read_text("utf-8")) if path.exists() else None
        figures = carry_over(figures, before)
    result = {
        "repeat": repeat,
        "figures": figures,
        **result_times,
        "fresh_references": {
            **fresh_reference_costs(result_times, computed),
            "computed_by_partner": by_partner,
        },
        "watch": watch_samples(latencies, points),
        "grade_all": {
            "submissions": count,
            "jobs": os.cpu_count(),
            "rounds": [{k: round(v, 3) for k, v in r.items()} for r in rounds],
        },
        "docs_s": [round(t, 1) for t in docs],
        "fresh_clone_grade_s": {k: round(v, 1) for k, v in clones.items()},
    }
    write_results("feedback", result, quick=args.quick, load_before=load_before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
