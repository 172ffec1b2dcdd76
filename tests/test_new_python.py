"""`vitrine new NAME --template python` (issue 23 §3): the skeleton of a coded use case,
written in a temporary folder outside the repository, is found through
VITRINE_USECASE_PATH, trains, exports and serves with no platform file changed, and its own
test passes as written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NAME = "demo_python"


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "VITRINE_USECASE_PATH": str(tmp_path / "usecases"),
            "VITRINE_TRACKING_URI": "off", "PYTHONPATH": str(REPO)}


def _vitrine(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vitrine.cli", *args], cwd=tmp_path,
                          env=_env(tmp_path), capture_output=True, text=True, timeout=600)


def test_new_needs_a_table_or_the_python_template(tmp_path):
    cases = {(): "needs --csv FILE --target COLUMN (a table's use case) or --template python",
             ("--template", "rust"): "--template: python, not 'rust'",
             ("--template", "python", "--csv", "t.csv"): "--template python takes no --csv"}
    for extra, says in cases.items():
        done = _vitrine(tmp_path, "new", NAME, "--dir", str(tmp_path / "usecases"), *extra)
        lines = done.stderr.strip().splitlines()
        assert done.returncode == 1 and len(lines) == 1, done.stderr
        assert lines[0].startswith("error: ") and says in lines[0], lines
    assert not (tmp_path / "usecases").exists()


def test_an_existing_folder_is_never_overwritten(tmp_path):
    folder = tmp_path / "usecases" / NAME
    folder.mkdir(parents=True)
    (folder / "notes.md").write_text("mine\n")
    done = _vitrine(tmp_path, "new", NAME, "--template", "python", "--dir",
                    str(tmp_path / "usecases"))
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1 and "exists already" in lines[0], lines
    assert [p.name for p in folder.iterdir()] == ["notes.md"]
    assert (folder / "notes.md").read_text() == "mine\n"


SERVE = textwrap.dedent("""
    import json, sys
    from fastapi.testclient import TestClient
    from functions.app import create_app
    from functions.auth import create_key
    from functions.settings import Settings
    from functions.stores.sqlite import SQLiteStore

    name, bodies = sys.argv[1], json.loads(sys.argv[2])
    store = SQLiteStore("vitrine.db")
    key, _ = create_key(store, "predictor", "t")
    app = create_app(Settings(usecases=[name], sqlite_path="vitrine.db"), store=store)
    with TestClient(app, headers={"X-API-Key": key}) as client:
        answers = [client.post(f"/{name}/predict", json=b) for b in bodies]
        paths = sorted(p for p in client.get("/openapi.json").json()["paths"]
                       if p.startswith(f"/{name}/"))
    print(json.dumps({"answers": [[a.status_code, a.json()] for a in answers],
                      "paths": paths}))
""")
GOOD = {"vibration": 2.5, "bearing_temp": 48.0, "ambient_temp": 21.0, "speed": 1450.0,
        "hours_since_service": 1200.0}


@pytest.mark.slow
def test_the_python_template_becomes_a_served_use_case_with_no_platform_file_changed(
        tmp_path):
    tracked = ["git", "status", "--porcelain", "--untracked-files=no"]
    before = subprocess.run(tracked, cwd=REPO, capture_output=True, text=True).stdout

    def vitrine(*args: str) -> str:
        done = _vitrine(tmp_path, *args)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    vitrine("new", NAME, "--template", "python", "--dir", str(tmp_path / "usecases"))
    folder = tmp_path / "usecases" / NAME
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file()) == [".gitignore", "README.md", "contract.py", "pipeline.py",
                                      f"tests/test_{NAME}.py"]
    vitrine("data", NAME)
    assert (folder / "data" / "generated" / f"{NAME}.csv").is_file()
    trained = vitrine("train", NAME, "--quick")
    assert "(chosen)" in trained, trained
    exported = vitrine("export", NAME, "--promote")
    assert "parity" in exported and "(promoted)" in exported, exported

    bodies = [GOOD, {**GOOD, "vibration": -1.0},
              {**GOOD, "vibration": "fast", "bearing_temp": 5.0, "ambient_temp": 30.0}]
    done = subprocess.run([sys.executable, "-c", SERVE, NAME, json.dumps(bodies)],
                          cwd=tmp_path, env=_env(tmp_path), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    (ok, answer), (impossible, one), (wrong, two) = out["answers"]
    assert ok == 200 and answer["prediction"] in ("OK", "Failure"), answer
    assert 0 <= answer["probability"] <= 1 and answer["threshold"] == 0.3, answer
    assert impossible == 422 and [p["field"] for p in one["detail"]] == ["vibration"], one
    # One answer names every problem: a field's type and a rule across two fields.
    assert wrong == 422 and {p["field"] for p in two["detail"]} == {
        "vibration", "bearing_temp"}, two
    assert f"/{NAME}/predict" in out["paths"] and f"/{NAME}/feedback" in out["paths"]

    # The skeleton's own test, as its README says to run it.
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           str(folder / "tests")], cwd=tmp_path, env=_env(tmp_path),
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0 and "1 passed" in done.stdout, done.stdout[-3000:]

    after = subprocess.run(tracked, cwd=REPO, capture_output=True, text=True).stdout
    assert after == before  # no file of the platform changed
