"""Predictions, health, keys and the prediction log through the FastAPI app."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from functions.app import create_app
from functions.auth import utcnow
from tests.conftest import reviewer_headers


def test_prediction_answers_label_probability_threshold_version(client, body, registry_dir):
    resp = client.post("/predict/patient", json=body)
    assert resp.status_code == 200
    out = resp.json()
    production = json.loads((registry_dir / "models/sepsis/aliases/production.json").read_text())
    assert out["model_version"] == production["version"]
    assert 0.0 <= out["probability"] <= 1.0
    assert out["prediction"] == ("Positive" if out["probability"] >= out["threshold"]
                                 else "Negative")
    assert len(out["prediction_id"]) == 32


def test_sicker_patient_gets_higher_risk(client, body):
    stable = json.loads(json.dumps(body))
    stable["vitals"].update(HR=72, Temp=36.8, Resp=14, SBP=128, MAP=90, DBP=70, O2Sat=99)
    stable["labs"] = {"Lactate": 1.0, "WBC": 7.0, "Creatinine": 0.8, "Platelets": 250}
    stable["history"] = []
    sick = client.post("/predict/patient", json=body).json()["probability"]
    calm = client.post("/predict/patient", json=stable).json()["probability"]
    assert sick > calm


def test_health_ok(client):
    resp = client.get("/health", headers=reviewer_headers(client))
    assert resp.status_code == 200
    h = resp.json()
    assert h["status"] == "OK" and h["models"]["sepsis"]["loaded"] and h["store"]["ok"]


def test_health_without_a_reviewer_key_says_the_status_alone(client, keys):
    """The details name the store's file, the registry and errors: reviewers only."""
    for headers in ({"X-API-Key": ""}, {"X-API-Key": keys["predictor"]},
                    {"X-API-Key": "vk_000000000000_" + "x" * 43}):
        assert client.get("/health", headers=headers).json() == {"status": "OK"}
    full = client.get("/health", headers={"X-API-Key": keys["admin"]}).json()
    assert full["store"]["backend"].startswith("sqlite:") and full["models"]


def test_health_503_names_the_reason_without_a_model(tmp_path, store):
    from functions.settings import Settings

    app = create_app(Settings(registry_dir=tmp_path / "empty", usecases=["sepsis"]), store=store)
    assert TestClient(app).get("/health").json() == {"status": "UNAVAILABLE"}
    resp = TestClient(app).get("/health", headers=reviewer_headers(TestClient(app)))
    assert resp.status_code == 503
    assert "no production model for 'sepsis'" in resp.json()["reasons"][0]


@pytest.mark.parametrize(("headers", "status"), [
    ({}, 401),
    ({"X-API-Key": "vk_nope_nope"}, 401),
    ({"X-API-Key": "garbage"}, 401),
])
def test_keys_are_required(settings, store, body, headers, status):
    client = TestClient(create_app(settings, store=store))
    resp = client.post("/predict/patient", json=body, headers=headers)
    assert resp.status_code == status
    assert "API key" in resp.json()["detail"]


def test_health_and_catalog_are_open(settings, store):
    client = TestClient(create_app(settings, store=store))
    assert client.get("/health").status_code == 200
    cards = client.get("/usecases").json()
    assert cards[0]["name"] == "sepsis" and cards[0]["production_version"]
    assert "auroc" in cards[0]["metrics"]


def test_admin_key_may_predict_and_revoked_key_may_not(settings, store, keys, body):
    from functions.auth import create_key

    client = TestClient(create_app(settings.model_copy(update={"key_cache_seconds": 0}),
                                   store=store))
    assert client.post("/predict/patient", json=body,
                       headers={"X-API-Key": keys["admin"]}).status_code == 200
    plaintext, record = create_key(store, "predictor", "soon-revoked")
    assert client.post("/predict/patient", json=body,
                       headers={"X-API-Key": plaintext}).status_code == 200
    store.revoke_key(record.key_id, utcnow())
    assert client.post("/predict/patient", json=body,
                       headers={"X-API-Key": plaintext}).status_code == 401


def test_wrong_role_is_403():
    from functions.auth import KeyVerifier, create_key
    from functions.errors import AuthError
    from functions.stores.sqlite import SQLiteStore

    store = SQLiteStore(":memory:")
    verifier = KeyVerifier(store)
    plaintext, _ = create_key(store, "predictor", "p")
    assert verifier.require(plaintext, "predictor").role == "predictor"
    with pytest.raises(AuthError) as exc:
        verifier.require(plaintext, "admin")
    assert exc.value.status == 403


def test_keys_are_stored_only_as_salted_hashes(store, keys):
    dump = "\n".join(store._db.iterdump())
    for plaintext in keys.values():
        assert plaintext.split("_", 2)[2] not in dump
    salts = {r.salt for r in store.list_keys()}
    assert len(salts) == len(keys)


def test_every_prediction_is_logged(client, body, store):
    out = client.post("/predict/patient", json=body).json()
    [logged] = store.recent_predictions("sepsis")
    assert logged.prediction_id == out["prediction_id"]
    assert logged.model_version == out["model_version"]
    assert json.loads(logged.inputs)["vitals"]["HR"] == 112
    assert json.loads(logged.output)["probability"] == out["probability"]
    assert logged.latency_ms > 0


def test_failed_log_write_does_not_fail_the_prediction(client, body, store):
    def broken(records):
        raise OSError("disk full")

    # Every way a record reaches the file (the loop's commit, the writer thread's batch and
    # its record-by-record retry) fails.
    store.log_prediction = store.log_predictions = store.log_predictions_now = broken
    resp = client.post("/predict/patient", json=body)
    assert resp.status_code == 200
    health = client.get("/health", headers=reviewer_headers(client)).json()
    assert health["prediction_log"]["write_failures"] == 1
    assert "disk full" in health["prediction_log"]["last_error"]


def test_promotion_and_rollback_reach_a_warm_server(settings, store, keys, body, registry_dir):
    from functions.registry import LocalBlobStore
    from model_export.registry import RegistryWriter

    now = [0.0]
    app = create_app(settings, store=store, warm=False)
    app.state.services.models.clock = lambda: now[0]
    client = TestClient(app, headers={"X-API-Key": keys["predictor"]})
    writer = RegistryWriter(LocalBlobStore(registry_dir / "models"))
    first, second = writer.versions("sepsis")
    served = client.post("/predict/patient", json=body).json()["model_version"]
    other = second if served == first else first
    writer.promote("sepsis", other)
    assert client.post("/predict/patient", json=body).json()["model_version"] == served
    now[0] += settings.alias_ttl_seconds  # the alias is re-read after its TTL
    assert client.post("/predict/patient", json=body).json()["model_version"] == other
    writer.rollback("sepsis")
    now[0] += settings.alias_ttl_seconds
    assert client.post("/predict/patient", json=body).json()["model_version"] == served


def test_openapi_documents_the_route(client):
    spec = client.get("/openapi.json").json()
    schema = spec["paths"]["/predict/patient"]["post"]
    assert "requestBody" in schema and "X-API-Key" in json.dumps(spec["components"])


def test_local_server_serves_the_site_beside_the_api(client):
    page = client.get("/")
    assert page.status_code == 200 and "<title>Catalog — Vitrine</title>" in page.text
    assert 'export const API_URL = ""' in client.get("/config.js").text
    assert client.get("/health").json()["status"] == "OK"  # the API still wins
