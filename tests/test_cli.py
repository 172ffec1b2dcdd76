"""The vitrine command: the flow a data scientist runs, and its errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def vitrine(*args, cwd, env_extra=None):
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "vitrine.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def workdir(tmp_path):
    return tmp_path


def test_errors_are_one_line_and_non_zero(workdir):
    r = vitrine("train", "sepsis", cwd=workdir)
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [
        "error: no data in data/generated/physionet2019: run `vitrine data sepsis` first"]
    r = vitrine("promote", "sepsis", "v-nope", cwd=workdir)
    assert r.returncode == 1 and "has no version 'v-nope'" in r.stderr
    r = vitrine("train", "nosuch", cwd=workdir)
    assert r.returncode == 1 and "unknown use case 'nosuch'" in r.stderr
    r = vitrine("keys", "create", "--role", "root", cwd=workdir)
    assert r.returncode == 1 and "--role must be one of predictor, reviewer, admin" in r.stderr
    r = vitrine("runs", "nosuch", cwd=workdir)
    assert r.returncode == 1 and "unknown use case 'nosuch'" in r.stderr
    (workdir / "secom.csv").write_text("Time\n")  # --set is checked before any data is read
    r = vitrine("train", "secom", "--source", "secom.csv", "--set", "select_features=many",
                cwd=workdir)
    assert r.stderr.strip().splitlines() == [
        "error: secom: parameter 'select_features': 'many' is not int"]
    r = vitrine("simulate", "secom", cwd=workdir)  # no model served yet
    assert r.returncode == 1 and "no production model for 'secom'" in r.stderr
    assert r.stderr.strip().splitlines()[-1].startswith("error: GET /secom/monitoring: HTTP 503")


def test_keys_create_list_revoke(workdir):
    r = vitrine("keys", "create", "--role", "admin", "--name", "ops", cwd=workdir)
    assert r.returncode == 0
    key = r.stdout.strip()
    assert key.startswith("vk_")
    key_id = key.split("_")[1]
    listing = vitrine("keys", "list", cwd=workdir).stdout
    assert key_id in listing and key not in listing
    assert vitrine("keys", "revoke", key_id, cwd=workdir).returncode == 0
    again = vitrine("keys", "revoke", key_id, cwd=workdir)
    assert again.returncode == 1 and "no active key" in again.stderr


@pytest.mark.slow
def test_data_train_export_models_flow(workdir):
    assert vitrine("data", "sepsis", "--patients", "150", cwd=workdir).returncode == 0
    skip = vitrine("data", "sepsis", "--patients", "150", cwd=workdir)
    assert "already generated" in skip.stdout
    r = vitrine("train", "sepsis", "--quick", cwd=workdir)
    assert r.returncode == 0, r.stderr
    assert "xgboost" in r.stdout and "rf" in r.stdout
    r = vitrine("export", "sepsis", cwd=workdir)
    assert r.returncode == 0, r.stderr
    assert "(promoted)" in r.stdout
    # A second export of the same run publishes nothing new.
    r = vitrine("export", "sepsis", cwd=workdir)
    versions = list((Path(workdir) / "data/registry/models/sepsis").glob("2*"))
    assert len(versions) == 1
    r = vitrine("export", "sepsis", "--model", "rf", "--promote", cwd=workdir)
    assert r.returncode == 0 and "(promoted)" in r.stdout
    r = vitrine("rollback", "sepsis", cwd=workdir)
    assert r.returncode == 0 and f"rolled back to {versions[0].name}" in r.stdout
    r = vitrine("models", cwd=workdir, env_extra={"COLUMNS": "200"})
    assert versions[0].name in r.stdout and "production" in r.stdout
    # The run is tracked in MLflow with what was published from it.
    [run] = (Path(workdir) / "artifacts/runs/sepsis").iterdir()
    r = vitrine("runs", "sepsis", cwd=workdir, env_extra={"COLUMNS": "300"})
    assert r.returncode == 0, r.stderr
    line = next(x for x in r.stdout.splitlines() if run.name in x)
    assert "xgboost" in line and versions[0].name in line and "auroc" in line
