"""The DVC pipeline: dvc.yaml and params.yaml follow the code, the whole pipeline resolves,
and one use case really reproduces offline in a temporary clone (data -> train -> export),
with its metrics and plots where `dvc metrics show` and `dvc plots` read them."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from functions.catalog import CATALOG
from vitrine import dvcfiles

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def test_the_committed_files_are_what_the_code_writes(tmp_path):
    dvcfiles.write(tmp_path)
    for name in ("dvc.yaml", "params.yaml"):
        assert (ROOT / name).read_text() == (tmp_path / name).read_text(), \
            f"{name} is stale: run `vitrine dvc`"


def test_params_yaml_holds_every_parameter_at_the_demo_sizes():
    doc = yaml.safe_load((ROOT / "params.yaml").read_text())
    assert list(doc) == list(CATALOG)
    for name in CATALOG:
        # The sizes `vitrine demo` (make demo) trains at: --quick, or the full parameters.
        pipeline = dvcfiles.pipeline(name)
        quick_in_demo = not pipeline.DEMO_FULL_SIZE
        wanted = pipeline.Params.quick() if quick_in_demo else pipeline.Params()
        train = doc[name]["train"]
        assert sorted(train) == sorted(f.name for f in dataclasses.fields(wanted))
        # Read back through the CLI's parser, the file gives exactly those parameters.
        from training.params import with_overrides
        assert with_overrides(pipeline.Params(),
                              dvcfiles.train_params(ROOT / "params.yaml", name)) == wanted


def test_a_params_file_error_names_the_file_and_the_field(tmp_path):
    bad = tmp_path / "p.yaml"
    bad.write_text("secom:\n  train:\n    rf_trees: many\n")
    r = subprocess.run([sys.executable, "-m", "vitrine.cli", "train", "secom", "--source",
                        str(bad), "--params-file", str(bad)], capture_output=True, text=True,
                       cwd=tmp_path, timeout=120)
    assert r.returncode == 1
    assert r.stderr.strip() == "error: secom: parameter 'rf_trees': 'many' is not int"
    bad.write_text("secom: [1, 2]\n")
    r = subprocess.run([sys.executable, "-m", "vitrine.cli", "train", "secom", "--source",
                        str(bad), "--params-file", str(bad)], capture_output=True, text=True,
                       cwd=tmp_path, timeout=120)
    assert r.returncode == 1 and "'secom.train' must be a mapping" in r.stderr


def _clone(tmp_path: Path) -> Path:
    """The working tree's tracked and new files (what a commit of it would hold), as a
    fresh git repository: no data, no runs, no registry."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                           capture_output=True, check=True).stdout.decode().split("\0")
    clone = tmp_path / "clone"
    for rel in filter(None, files):
        src = ROOT / rel
        if src.is_file() and not rel.startswith(("frontend/", "node_modules/", "bench/")):
            (clone / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, clone / rel)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=clone, check=True)
    subprocess.run([*git, "add", "-A"], cwd=clone, check=True)
    subprocess.run([*git, "commit", "-qm", "clone"], cwd=clone, check=True)
    return clone


def _dvc(clone: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
           "VITRINE_TRACKING_URI": "off", "DVC_NO_ANALYTICS": "1"}
    for k in [k for k in env if k.startswith("VITRINE_") and k != "VITRINE_TRACKING_URI"]:
        del env[k]  # the clone's own defaults: data/, artifacts/, data/registry
    return subprocess.run([sys.executable, "-m", "dvc", *args], cwd=clone, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    return _clone(tmp_path_factory.mktemp("dvc"))


def test_the_whole_pipeline_resolves_on_a_fresh_clone(clone):
    # --force: without it a dry run stops at the first stage whose input an earlier stage
    # would write (treeverse/dvc#9021); with it, every stage's command is printed.
    r = _dvc(clone, "repro", "--dry", "--force")
    assert r.returncode == 0, r.stderr
    ran = [line.split("'")[1] for line in r.stdout.splitlines()
           if line.startswith("Running stage")]
    expected = []
    for name in CATALOG:
        expected += ([f"data_{name}"] if dvcfiles.pipeline(name).DATA_OPTIONS else []) + \
            [f"train_{name}", f"export_{name}"]
    assert ran == expected
    assert "vitrine data sepsis --out data/generated/physionet2019 --patients 3000 " \
        "--seed 2019" in r.stdout
    assert not (clone / "data/generated").exists()  # a dry run runs nothing


@pytest.mark.slow
def test_secom_reproduces_offline_and_dvc_reads_its_metrics(clone):
    r = _dvc(clone, "repro", "export_secom")
    assert r.returncode == 0, r.stdout + r.stderr
    for stage in ("data_secom", "train_secom", "export_secom"):
        assert f"Running stage '{stage}'" in r.stdout
    assert "train_sepsis" not in r.stdout  # only what export_secom needs

    report = clone / "reports/secom"
    run = json.loads((report / "run.json").read_text())
    assert Path(clone / run["run"]).is_dir() and run["params"]["rf_trees"] == 100
    exported = json.loads((report / "export.json").read_text())["secom"]
    manifest = clone / "data/registry/models/secom" / exported["version"]
    assert manifest.is_dir(), "the published version is in the clone's registry"
    assert exported["parity_max_abs_diff"] < 1e-4

    shown = _dvc(clone, "metrics", "show", "--json")
    assert shown.returncode == 0, shown.stderr
    metrics = json.loads(shown.stdout)
    figures = next(iter(metrics.values()))["data"]
    test_auc = figures["reports/secom/metrics.json"]["data"]["models"]["rf"]["test"]["roc_auc"]
    report_json = json.loads((clone / run["run"] / "report.json").read_text())
    assert test_auc == report_json["models"]["rf"]["test"]["roc_auc"]
    plots = sorted(p.name for p in (report / "plots").iterdir())
    assert plots == sorted(p.name for p in (clone / run["run"]).glob("*.png")) and plots

    shown = _dvc(clone, "plots", "show", "--json")
    assert shown.returncode == 0, shown.stderr
    images = json.loads(shown.stdout)["data"]
    assert all(images[f"reports/secom/plots/{p}"][0]["type"] == "image" for p in plots)
    # Data and models stay out of git: what git sees new is DVC's lock and the reports.
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"],
                            cwd=clone, capture_output=True, text=True, check=True).stdout
    new = {line[3:] for line in status.splitlines()}
    assert new and all(p == "dvc.lock" or p.startswith("reports/") for p in new), new

    # The generated data goes to the default remote, a folder beside the clone.
    pushed = _dvc(clone, "push")
    assert pushed.returncode == 0, pushed.stderr
    assert any((clone.parent / "vitrine-dvc-remote").rglob("*"))

    # Nothing changed: nothing runs again. A parameter edit reruns training, not the data.
    again = _dvc(clone, "repro", "export_secom")
    assert again.returncode == 0 and "Running stage" not in again.stdout
    params = clone / "params.yaml"
    params.write_text(params.read_text().replace("rf_trees: 100", "rf_trees: 50"))
    status = _dvc(clone, "status", "export_secom", "--with-deps", "--json")
    changed = json.loads(status.stdout)
    assert "train_secom" in changed and "data_secom" not in changed
