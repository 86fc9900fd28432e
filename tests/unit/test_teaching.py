"""The teaching page's files, checked as readers use them: the GitHub Actions workflow passes
actionlint and its commands parse, and the Kubernetes Job's command, run once per index as its
pods would (as its non-root user), grades a class whose shares make one whole class."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import BIN, ROOT, actionlint

from rnnlab.classroom.shards import whole_class
from rnnlab.cli import build_parser
from rnnlab.grader.sandbox.isolation import landlock_abi

FILES = ROOT / "docs" / "teaching"
WORKFLOW = FILES / "grade-class.yml"
JOB = FILES / "grade-class-job.yaml"


@pytest.mark.parametrize("page", ["teaching.md", "teaching.ko.md"])
def test_both_pages_include_the_files_readers_copy(page):
    text = (ROOT / "docs" / page).read_text("utf-8")
    for path in (WORKFLOW, JOB):
        assert f'--8<-- "teaching/{path.name}"' in text
    # Not pages of the site: the build leaves them out, the pages include them.
    assert "  teaching/\n" in (ROOT / "mkdocs.yml").read_text("utf-8")


def _workflows() -> dict[str, str]:
    """Every workflow readers copy: the included file, and those written in the pages."""
    found = {WORKFLOW.name: WORKFLOW.read_text("utf-8")}
    for page in ("teaching.md", "teaching.ko.md"):
        blocks = re.findall(r"```yaml\n(.*?)```", (ROOT / "docs" / page).read_text("utf-8"), re.S)
        found.update({f"{page}:{i}": b for i, b in enumerate(blocks) if "\njobs:" in b})
    return found


@pytest.mark.parametrize("name", list(_workflows()))
def test_the_workflows_pass_actionlint(name):
    assert actionlint(_workflows()[name], name) == (0, "")


def _runs(workflow: dict, job: str) -> list[dict]:
    return [step for step in workflow["jobs"][job]["steps"] if "run" in step]


def _rnnlab_args(step: dict, values: dict[str, str]) -> list[str]:
    """A ``run:`` line's rnnlab arguments, with ``${{ }}`` expressions and ``$VARIABLES`` taken
    from the step's ``env`` and ``values``."""
    env = {
        name: re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", lambda m: values[m.group(1)], str(value))
        for name, value in step.get("env", {}).items()
    }
    words = shlex.split(step["run"])
    assert words[0] == "rnnlab", step["run"]
    return [re.sub(r"\$(\w+)", lambda m: env[m.group(1)], word) for word in words[1:]]


def test_the_workflow_grades_each_share_and_merges_what_it_uploaded():
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    grade, merge = workflow["jobs"]["grade"], workflow["jobs"]["merge"]
    shards = grade["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, len(shards) + 1)) and len(shards) > 1
    assert merge["needs"] == "grade"
    parser = build_parser()
    outs = set()
    for k in shards:
        values = {
            "matrix.shard": str(k),
            "strategy.job-total": str(len(shards)),
            "secrets.RNNLAB_OFFICIAL_SEED": "7",
        }
        (step,) = [s for s in _runs(workflow, "grade") if "grade-all" in s["run"]]
        args = parser.parse_args(_rnnlab_args(step, values))
        assert (args.seed, args.shard, str(args.folder)) == (7, f"{k}/{len(shards)}", "class")
        outs.add(str(args.out))
    (upload,) = [s for s in grade["steps"] if s.get("uses", "").startswith("actions/upload-")]
    assert {upload["with"]["path"].rstrip("/")} == outs == {"results"}
    (download,) = [s for s in merge["steps"] if s.get("uses", "").startswith("actions/download-")]
    assert download["with"]["merge-multiple"] is True
    assert re.fullmatch(download["with"]["pattern"].replace("*", ".*"), "results-1")
    (step,) = [s for s in _runs(workflow, "merge") if "merge" in s["run"]]
    args = parser.parse_args(_rnnlab_args(step, {}))
    assert (args.command, str(args.folder)) == ("merge", download["with"]["path"])
    published = merge["steps"][-1]["with"]["path"].split()
    assert published == [str(args.csv), str(args.html)]


def _container(job: dict) -> dict:
    (container,) = job["spec"]["template"]["spec"]["containers"]
    return container


def test_the_job_is_indexed_and_takes_its_seed_from_a_secret():
    job = yaml.safe_load(JOB.read_text("utf-8"))
    assert (job["apiVersion"], job["kind"]) == ("batch/v1", "Job")
    spec = job["spec"]
    assert spec["completionMode"] == "Indexed"
    assert 1 <= spec["parallelism"] <= spec["completions"]
    container = _container(job)
    env = {e["name"]: e for e in container["env"]}
    assert env["SHARDS"]["value"] == str(spec["completions"])
    assert set(env["RNNLAB_OFFICIAL_SEED"]["valueFrom"]["secretKeyRef"]) == {"name", "key"}
    (volume,) = job["spec"]["template"]["spec"]["volumes"]
    (mount,) = container["volumeMounts"]
    assert volume["persistentVolumeClaim"]["claimName"] and mount["name"] == volume["name"]
    for folder in ("CLASS_DIR", "RESULTS_DIR"):  # both on the shared volume
        assert Path(mount["mountPath"]) in Path(env[folder]["value"]).parents
    assert job["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True


def _pod_env(container: dict, index: int, folders: dict[str, Path]) -> dict[str, str]:
    """The container's environment as Kubernetes sets it for pod ``index``, with the volume's
    folders in ``folders`` and the Secret's seed 7."""
    env = {"PATH": f"{BIN}{os.pathsep}/usr/bin:/bin", "RNNLAB_LANG": "en", "COLUMNS": "200"}
    env["JOB_COMPLETION_INDEX"] = str(index)
    for variable in container["env"]:
        secret = "valueFrom" in variable  # the Secret's key: the seed
        env[variable["name"]] = "7" if secret else str(variable["value"])
    env.update({name: str(path) for name, path in folders.items()})
    return env


def _as_pod_user(pod: dict) -> tuple[list[str], bool]:
    """A command prefix that runs as the pod's non-root user, and whether it does: as root
    here, a user namespace maps us to ``runAsUser`` (the files stay ours)."""
    if os.geteuid() != 0:
        return [], True
    user = pod["securityContext"]
    prefix = ["unshare", "--user", f"--map-user={user['runAsUser']}"]
    prefix += [f"--map-group={user['runAsGroup']}", "--"]
    probe = shutil.which("unshare") and subprocess.run([*prefix, "true"], capture_output=True)
    if probe and probe.returncode == 0:
        return prefix, True
    return [], False  # no user namespaces: graded as root, with the root-only layers


@pytest.mark.timeout(900)  # two grade-all runs, each computing every Keras reference
def test_each_pod_of_the_job_grades_its_share_into_one_whole_class(checkout, stubs, tmp_path):
    assert shutil.which("rnnlab", path=str(BIN)), f"no rnnlab command in {BIN}"
    job = yaml.safe_load(JOB.read_text("utf-8"))
    job["spec"]["completions"] = 2  # small: each share computes every Keras reference once
    container = _container(job)
    for variable in container["env"]:
        if variable["name"] == "SHARDS":
            variable["value"] = "2"
    volume = tmp_path / "volume"
    folders = {"CLASS_DIR": volume / "class", "RESULTS_DIR": volume / "results"}
    shutil.copytree(ROOT / "solutions", folders["CLASS_DIR"] / "ada")  # ada, bob: share 1
    shutil.copytree(stubs, folders["CLASS_DIR"] / "bob")
    (folders["CLASS_DIR"] / "cy").mkdir()  # cy: share 2
    shutil.copy(ROOT / "solutions" / "e01_embedding.py", folders["CLASS_DIR"] / "cy")
    prefix, as_pod_user = _as_pod_user(job["spec"]["template"]["spec"])
    pods = [
        subprocess.Popen(
            [*prefix, *container["command"], *container["args"]],
            cwd=checkout,  # the image's workingDir: the checkout
            env=_pod_env(container, index, folders),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for index in range(job["spec"]["completions"])  # in parallel, as the pods run
    ]
    for pod in pods:
        output, _ = pod.communicate(timeout=900)
        assert pod.returncode == 0, output
    results = folders["RESULTS_DIR"]
    assert sorted(p.name for p in results.glob("shard-*")) == [
        "shard-1-of-2.json",
        "shard-2-of-2.json",
    ]
    whole = whole_class(results)
    assert (whole.roster, whole.seed) == (["ada", "bob", "cy"], 7)
    assert set(whole.graded.values()) == {0}
    for student in whole.roster:
        report = json.loads((results / f"{student}.json").read_text("utf-8"))
        assert report["official"] is True and report["official_seed"] == 7
        assert "audit hook" in report["isolation"]["layers"]
        if as_pod_user and landlock_abi():  # the isolation the teaching page promises a pod
            expected = {"layers": [f"landlock (ABI {landlock_abi()})", "audit hook"], "missing": []}
            assert report["isolation"] == expected
    ada = json.loads((results / "ada.json").read_text("utf-8"))
    assert ada["earned"] == ada["possible"] > 0
