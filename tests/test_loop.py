"""The MLOps loop through the API on SECOM: feedback, monitoring, drift, gated retraining."""

from __future__ import annotations

import time

import numpy as np
import pytest

from functions.contracts.secom import FEATURES
from training.secom.data import GeneratorSpec, generate


def as_values(row) -> dict:
    return {f: None if np.isnan(row[f]) else float(row[f]) for f in FEATURES}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A SECOM model in production, trained on 600 generated lots, and its settings."""
    from functions.registry import LocalBlobStore
    from functions.settings import Settings
    from model_export.export import export_run
    from model_export.registry import RegistryWriter
    from training.secom.pipeline import Params, train

    root = tmp_path_factory.mktemp("loop")
    source = root / "secom.csv"
    generate(GeneratorSpec(lots=600, seed=3)).to_csv(source, index=False)
    run, _ = train(source, Params(rf_trees=40, xgb_trees=40), runs_root=root / "runs")
    export_run(run, RegistryWriter(LocalBlobStore(root / "registry" / "models")))
    settings = Settings(
        usecases=["secom"], registry_dir=root / "registry", sqlite_path=root / "vitrine.db",
        runs_dir=root / "runs", retrain_dir=root / "retrains",
        retrain_sources={"secom": source}, drift_min_rows=60, perf_min_labels=20,
        retrain_cooldown_s=0,
    )
    unseen = generate(GeneratorSpec(lots=300, seed=99))
    return settings, unseen


@pytest.fixture
def api(world, tmp_path):
    from fastapi.testclient import TestClient

    from functions.app import create_app
    from functions.auth import create_key
    from functions.stores.sqlite import SQLiteStore

    settings, _ = world
    settings = settings.model_copy(update={"sqlite_path": tmp_path / "v.db",
                                           "retrain_dir": tmp_path / "retrains"})
    store = SQLiteStore(settings.sqlite_path)
    keys = {role: create_key(store, role, f"t-{role}")[0] for role in ("reviewer", "admin")}
    app = create_app(settings, store=store)
    with TestClient(app, headers={"X-API-Key": keys["reviewer"]}) as client:
        client.keys = keys
        yield client
    store.close()


def predict(api, lots) -> list[dict]:
    answers = []
    for _, row in lots.iterrows():
        r = api.post("/secom/predict", json={"values": as_values(row)})
        assert r.status_code == 200, r.text
        answers.append(r.json())
    return answers


def test_feedback_records_the_true_label_of_a_prediction(api, world):
    _, unseen = world
    answer = predict(api, unseen.iloc[:1])[0]
    r = api.post("/secom/feedback", json={"prediction_id": answer["prediction_id"],
                                          "label": "Fail"})
    assert r.status_code == 200, r.text
    assert r.json() == {"prediction_id": answer["prediction_id"], "label": "Fail",
                        "predicted": answer["prediction"],
                        "correct": answer["prediction"] == "Fail"}
    perf = api.get("/secom/monitoring").json()["performance"]
    assert perf["labelled"] == 1 and perf["verdict"] == "insufficient_data"


def test_feedback_errors_name_the_field(api, world):
    _, unseen = world
    answer = predict(api, unseen.iloc[:1])[0]
    r = api.post("/secom/feedback", json={"prediction_id": answer["prediction_id"],
                                          "label": "Broken"})
    assert r.status_code == 422
    [problem] = r.json()["detail"]
    assert problem["field"] == "label" and "Pass, Fail" in problem["msg"]
    r = api.post("/secom/feedback", json={"prediction_id": "nope", "label": "Pass"})
    assert r.status_code == 404 and "nope" in r.json()["detail"]
    batch = api.post("/secom/predict/batch",
                     json={"rows": [as_values(row) for _, row in unseen.iloc[:3].iterrows()]})
    r = api.post("/secom/feedback", json={"prediction_id": batch.json()["prediction_id"],
                                          "label": "Pass"})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "prediction_id"
    assert api.post("/secom/feedback", json={"prediction_id": "x", "label": "Pass"},
                    headers={"X-API-Key": ""}).status_code == 401


def test_monitoring_waits_for_enough_rows_then_sees_no_drift(api, world):
    _, unseen = world
    predict(api, unseen.iloc[:30])
    report = api.get("/secom/monitoring").json()
    assert report["drift"]["verdict"] == "insufficient_data"
    assert report["window"]["rows"] == 30 and report["rate"]["predictions"] == 30
    predict(api, unseen.iloc[30:150])
    report = api.get("/secom/monitoring").json()
    assert report["drift"]["verdict"] == "stable", report["drift"]["features"][:3]
    assert report["retraining"]["needed"] is False
    shares = report["class_balance"]["Fail"]
    assert 0 < shares["training_share"] < 0.15 and shares["predicted_share"] < 0.5


def test_a_batch_is_logged_as_a_sample_that_monitoring_reads(api, world):
    _, unseen = world
    rows = [as_values(row) for _, row in unseen.iloc[:200].iterrows()]
    r = api.post("/secom/predict/batch", json={"rows": rows})
    assert r.status_code == 200
    report = api.get("/secom/monitoring").json()
    assert report["window"]["predictions"] == 1 and report["window"]["rows"] == 8


def shifted(lots, features, by: float):
    out = lots.copy()
    for f in features:
        out[f] = out[f] + by * out[f].std()
    return out


def wait(api, run_id: str, timeout: float = 180) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = api.get(f"/secom/retrain/{run_id}").json()
        if status["state"] != "running":
            return status
        time.sleep(0.5)
    raise AssertionError(f"retraining {run_id} still running after {timeout} s")


def test_drift_triggers_a_gated_retraining_run(api, world):
    from training.tracking import list_runs

    _, unseen = world
    varying = [f for f in FEATURES if unseen[f].std() > 0][:120]
    lots = shifted(unseen.iloc[:150], varying, 2.0)
    answers = predict(api, lots)
    for answer, (_, row) in zip(answers, lots.iterrows(), strict=True):
        api.post("/secom/feedback", json={"prediction_id": answer["prediction_id"],
                                          "label": "Fail" if row["Pass/Fail"] == 1 else "Pass"})
    report = api.get("/secom/monitoring").json()  # reading: needed, and nothing started
    assert report["drift"]["verdict"] == "drift"
    assert report["drift"]["drifted_features"] >= 0.1 * report["drift"]["features_checked"]
    assert report["retraining"]["needed"] and report["retraining"]["started"] is None
    # What the schedule does (services.monitor_all), here by an admin's POST.
    admin = {"X-API-Key": api.keys["admin"]}
    report = api.post("/secom/monitoring", headers=admin).json()
    started = report["retraining"]["started"]
    assert started and started["trigger"].startswith("automatic: ")
    again = api.post("/secom/monitoring", headers=admin).json()["retraining"]
    assert again["started"] is None and "still running" in again["blocked"]
    status = wait(api, started["run_id"])
    # A candidate that passes the gate goes to a shadow rollout (the default), not to
    # production: monitoring's rules promote or abort it on live traffic.
    assert status["state"] in ("rollout", "kept"), status
    decision = status["decision"]
    assert decision["metric"] == "auroc" and decision["production_version"]
    assert status["reason"] and str(round(decision["candidate"], 4)) in status["reason"]
    assert any("150 of 150 labelled predictions" in s["step"] for s in status["steps"])
    models = api.get("/usecases").json()[0]
    assert models["production_version"] == decision["production_version"]
    if status["state"] == "rollout":
        assert status["version"] != decision["production_version"]
        rollout = api.get("/secom/rollout").json()
        assert rollout["candidate"]["version"] == status["version"]
        assert rollout["candidate"]["mode"] == "shadow"
        assert rollout["decision"]["action"] == "wait"
    tracked = [r for r in list_runs("secom") if r["run_id"] == status["training_run"]]
    assert tracked and tracked[0]["gate"] == decision["reason"]


def test_retraining_by_hand_needs_the_admin_role(api):
    assert api.post("/secom/retrain").status_code == 403
    r = api.post("/secom/retrain", headers={"X-API-Key": api.keys["admin"]})
    assert r.status_code == 202 and r.json()["state"] == "running"
    assert r.json()["trigger"] == "manual: t-admin"
    status = wait(api, r.json()["run_id"])
    assert status["state"] in ("rollout", "kept")
    assert api.get("/secom/retrain/nope").status_code == 404


def test_the_simulation_shows_the_loop_end_to_end(world, tmp_path):
    from functions.auth import create_key
    from functions.stores.sqlite import SQLiteStore
    from vitrine import simulate as sim

    settings, _ = world
    settings = settings.model_copy(update={"sqlite_path": tmp_path / "v.db",
                                           "retrain_dir": tmp_path / "retrains",
                                           "drift_min_rows": 100})
    store = SQLiteStore(settings.sqlite_path)
    keys = {role: create_key(store, role, role)[0] for role in ("reviewer", "admin")}
    base, stop = sim.local_server(settings)
    try:
        summary = sim.run(sim.Api(base, keys["reviewer"], keys["admin"]), "secom",
                          sim.Scenario(items=240), lambda m: None, wait_s=180)
    finally:
        stop()
    before, after = summary["phases"]
    assert before["drift"] == "stable" and after["drift"] == "drift"
    assert set(f for f, _ in after["top"]) <= set(summary["shifted"])
    run = summary["retraining"]
    assert run["trigger"].startswith("automatic") and run["state"] in ("rollout", "kept")
    assert run["decision"]["passed"] == (run["state"] == "rollout")


def test_a_retraining_that_learns_noise_keeps_production(world, tmp_path):
    """The pipeline's kept-production branch, reached for real: the training lots' labels
    shuffled (the same lots, the same features), so the retrained candidate is genuinely
    worse on the held-out lots; the gate refuses it and production stays."""
    import pandas as pd
    from fastapi.testclient import TestClient

    from functions.app import create_app
    from functions.auth import create_key
    from functions.stores.sqlite import SQLiteStore

    settings, _ = world
    noisy = tmp_path / "secom.csv"
    df = pd.read_csv(settings.retrain_sources["secom"])
    # Only the training lots (the earliest 70 %: the split is chronological): the held-out
    # lots keep their true labels, or the gate would judge both models on noise.
    first = df.sort_values("Time").index[: int(0.7 * len(df))]
    df.loc[first, "Pass/Fail"] = np.random.default_rng(7).permutation(
        df.loc[first, "Pass/Fail"].to_numpy())
    df.to_csv(noisy, index=False)
    settings = settings.model_copy(update={
        "sqlite_path": tmp_path / "v.db", "retrain_dir": tmp_path / "retrains",
        "retrain_sources": {"secom": noisy}})
    from functions.registry import LocalBlobStore
    from model_export.registry import RegistryWriter

    store = SQLiteStore(settings.sqlite_path)
    admin = create_key(store, "admin", "t-admin")[0]
    registry = RegistryWriter(LocalBlobStore(settings.registry_dir / "models"))
    published = registry.versions("secom")
    with TestClient(create_app(settings, store=store), headers={"X-API-Key": admin}) as api:
        before = api.get("/usecases").json()[0]["production_version"]
        started = api.post("/secom/retrain").json()
        status = wait(api, started["run_id"])
        assert status["state"] == "kept", status
        decision = status["decision"]
        assert not decision["passed"] and decision["candidate"] < decision["production"]
        assert status["reason"].startswith(f"production {before} kept: ")
        assert api.get("/usecases").json()[0]["production_version"] == before
        # Nothing published either: no new version, so no rollout of it (the module's
        # registry may hold an earlier test's candidate).
        assert registry.versions("secom") == published
    store.close()
