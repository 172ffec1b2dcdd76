"""Shared fixtures: one small cohort, trained and published once per test session."""

from __future__ import annotations

import copy
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from functions.auth import create_key
from functions.settings import Settings
from functions.stores.sqlite import SQLiteStore

EVENTS = Path(__file__).parent / "events"

# Every run trained by the tests is tracked, in a store of this test process, not the
# developer's artifacts/mlflow; local retraining runs write their status beside it.
_SCRATCH = Path(tempfile.mkdtemp(prefix="vitrine-tests-"))
os.environ["VITRINE_TRACKING_URI"] = f"sqlite:///{_SCRATCH / 'mlflow.db'}"
os.environ["VITRINE_RETRAIN_DIR"] = str(_SCRATCH / "retrains")


def load_event(name: str, **replace: str) -> dict:
    """A recorded API Gateway event with its ``__PLACEHOLDERS__`` filled in."""
    text = (EVENTS / name).read_text()
    event = json.loads(text)
    for key, value in replace.items():
        escaped = value.replace('"', '\\"')
        event = json.loads(json.dumps(event).replace(f"__{key.upper()}__", escaped))
    return event


@pytest.fixture(scope="session")
def patient_body() -> dict:
    return json.loads((EVENTS / "patient.json").read_text())


@pytest.fixture
def body(patient_body) -> dict:
    return copy.deepcopy(patient_body)


@pytest.fixture(scope="session")
def cohort_dir(tmp_path_factory) -> Path:
    from training.sepsis.data import CohortSpec, generate_cohort

    return generate_cohort(tmp_path_factory.mktemp("cohort"), CohortSpec(patients=300, seed=11))


@pytest.fixture(scope="session")
def trained_run(cohort_dir, tmp_path_factory) -> Path:
    from training.sepsis.pipeline import Params, train

    run, _ = train(cohort_dir, Params.quick(), runs_root=tmp_path_factory.mktemp("runs"))
    return run


@pytest.fixture(scope="session")
def published_registry(trained_run, tmp_path_factory) -> Path:
    """A local registry with the run's XGBoost (production) and RF (not promoted)."""
    from functions.registry import LocalBlobStore
    from model_export.export import export_run
    from model_export.registry import RegistryWriter

    root = tmp_path_factory.mktemp("registry")
    writer = RegistryWriter(LocalBlobStore(root / "models"))
    export_run(trained_run, writer, "xgboost")
    export_run(trained_run, writer, "rf")
    return root


@pytest.fixture
def registry_dir(published_registry, tmp_path) -> Path:
    """A private copy, so a test may promote, roll back or corrupt it."""
    return Path(shutil.copytree(published_registry, tmp_path / "registry"))


@pytest.fixture
def settings(registry_dir, tmp_path) -> Settings:
    return Settings(registry_dir=registry_dir, sqlite_path=tmp_path / "vitrine.db",
                    usecases=["sepsis"])


@pytest.fixture
def store(settings):
    s = SQLiteStore(settings.sqlite_path)
    yield s
    s.close()


@pytest.fixture
def keys(store) -> dict[str, str]:
    return {role: create_key(store, role, f"test-{role}")[0] for role in ("predictor", "admin")}


@pytest.fixture
def client(settings, store, keys):
    from fastapi.testclient import TestClient

    from functions.app import create_app

    app = create_app(settings, store=store)
    with TestClient(app, headers={"X-API-Key": keys["predictor"]}) as c:
        c.app_state = app.state
        yield c


def reviewer_headers(client) -> dict[str, str]:
    """Headers with a new reviewer key of ``client``'s app: /health's details need one."""
    key, _ = create_key(client.app.state.services.store, "reviewer", "test-reviewer")
    return {"X-API-Key": key}


def serving_client(registry_root: Path, usecases: list[str]):
    """A TestClient of the app serving ``usecases`` from a local registry, with a predictor
    key in its headers and a SQLite store beside the registry."""
    from fastapi.testclient import TestClient

    from functions.app import create_app

    store = SQLiteStore(registry_root / "vitrine.db")
    key, _ = create_key(store, "predictor", "test")
    app = create_app(Settings(registry_dir=registry_root, usecases=usecases), store=store)
    return TestClient(app, headers={"X-API-Key": key})


def build_all_usecases(published_registry: Path, root: Path) -> dict:
    """A registry with every use case's models, small enough for a test module: sepsis (the
    session's), TEP, SECOM, Rakuten and sensors trained here on tiny data."""
    from functions.registry import LocalBlobStore
    from model_export.export import export_run
    from model_export.registry import RegistryWriter
    from training.rakuten.data import GeneratorSpec as RakutenSpec
    from training.rakuten.data import generate as generate_rakuten
    from training.rakuten.pipeline import Params as RakutenParams
    from training.rakuten.pipeline import train as train_rakuten
    from training.secom.data import GeneratorSpec, generate
    from training.secom.pipeline import Params as SecomParams
    from training.secom.pipeline import train as train_secom
    from training.tep.data import SplitSpec
    from training.tep.data import generate as generate_tep
    from training.tep.pipeline import Params as TepParams
    from training.tep.pipeline import train as train_tep

    registry = Path(shutil.copytree(published_registry, root / "registry"))
    writer = RegistryWriter(LocalBlobStore(registry / "models"))
    train_spec = SplitSpec(runs_per_fault=1, hours=3.0, onset_hours=1.0, faults=(0, 1, 6))
    test_spec = SplitSpec(runs_per_fault=1, hours=4.0, onset_hours=1.5, faults=(0, 1, 6), seed=5)
    tep = generate_tep(root / "tep", {"train": train_spec, "test": test_spec})
    run, _ = train_tep(tep, TepParams(stride=2, xgb_trees=20, cnn_epochs=3, cnn_channels=16),
                       runs_root=root / "runs", onsets={"train": train_spec.onset_sample,
                                                        "test": test_spec.onset_sample})
    export_run(run, writer)
    secom = root / "secom.csv"
    generate(GeneratorSpec(lots=600, seed=3)).to_csv(secom, index=False)
    run, _ = train_secom(secom, SecomParams(rf_trees=40, xgb_trees=40), runs_root=root / "runs")
    export_run(run, writer)
    listings = generate_rakuten(root / "rakuten", RakutenSpec(products=800, seed=9))
    run, _ = train_rakuten(root / "rakuten", RakutenParams(
        word_features=10_000, char_features=20_000, image_size=64, image_train=300,
        head_epochs=10), runs_root=root / "runs")
    export_run(run, writer)
    from training.sensors.data import SiteSpec, generate_site, write
    from training.sensors.pipeline import Params as SensorParams
    from training.sensors.pipeline import train as train_sensors

    wells = write(generate_site(SiteSpec(wells=2, hours=400 * 24, seed=5)), root / "site.csv")
    run, _ = train_sensors(wells, SensorParams(test_days=30, calibration_days=30, xgb_trees=40,
                                               prophet_origins=0, origin_every=6),
                           runs_root=root / "runs")
    export_run(run, writer)
    docs = small_docs(root / "docs")
    from training.docs.pipeline import Params as DocsParams
    from training.docs.pipeline import train as train_docs

    run, _ = train_docs(docs["folder"], DocsParams(), runs_root=root / "runs",
                        questions_path=docs["questions"])
    export_run(run, writer)
    return {"registry": registry, "tep": tep, "tep_test_spec": test_spec, "secom": secom,
            "listings": listings, "wells": wells, "docs": docs["folder"]}


SMALL_DOCS = ("PR-03", "PR-05", "PR-06")


def small_docs(root: Path) -> dict[str, Path]:
    """Three of the corpus' procedures and the evaluation questions on them (and those the
    corpus cannot answer): an index built in seconds."""
    import json

    from training.docs.pipeline import CORPUS_DIR, QUESTIONS

    folder = root / "corpus"
    folder.mkdir(parents=True)
    for f in CORPUS_DIR.glob("*.md"):
        if f.name[:5] in SMALL_DOCS:
            shutil.copyfile(f, folder / f.name)
    kept = [line for line in QUESTIONS.read_text(encoding="utf-8").splitlines()
            if line.strip() and json.loads(line)["doc"] in (*SMALL_DOCS, None)]
    questions = root / "questions.jsonl"
    questions.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return {"folder": folder, "questions": questions}


def wait_for_run(api, usecase: str, started, timeout_s: float, poll_s: float = 0.5) -> dict:
    """A retraining run started through the API (its 202 answer), followed until it ends or
    ``timeout_s`` passes: its last status."""
    import time

    assert started.status_code == 202, started.text
    run_id = started.json()["run_id"]
    deadline = time.monotonic() + timeout_s
    while (status := api.get(f"/{usecase}/retrain/{run_id}").json())["state"] == "running" \
            and time.monotonic() < deadline:
        time.sleep(poll_s)
    return status

