"""Roles mean what the rights table says (docs/api.md, docs/security.md): reading never
changes state, the labels retraining learns from are bounded per key and can be excluded,
every state change is audited with the acting key's id, and a malformed key never reaches
a store."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from functions.app import create_app
from functions.auth import AuthError, KeyVerifier, create_key
from functions.retrain import LocalRetrainer

PATIENT = json.loads(open("tests/events/patient.json").read())


@pytest.fixture
def server(settings, store, tmp_path):
    """Sepsis with test-sized rollout rules and monitoring limits, a retrainer that only
    records that it was started, and a key per role (two reviewers)."""
    settings = settings.model_copy(update={
        "perf_min_labels": 4, "rollout_min_requests": 3, "rollout_promote_after": 3,
        "feedback_max_per_key": 3, "retrain_cooldown_s": 0.0})
    app = create_app(settings, store=store)
    started: list[str] = []
    app.state.services.retrainer = LocalRetrainer(
        tmp_path / "retrains",
        lambda uc, status, update: (started.append(uc), update(state="kept")))
    keys = {name: create_key(store, role, name) for name, role in (
        ("predictor", "predictor"), ("alice", "reviewer"), ("bob", "reviewer"),
        ("admin", "admin"))}
    with TestClient(app) as client:
        client.keys = {n: k[0] for n, k in keys.items()}
        client.ids = {n: k[1].key_id for n, k in keys.items()}
        client.started = started
        yield client


def _as(client: TestClient, who: str) -> dict[str, str]:
    return {"X-API-Key": client.keys[who]}


def _predict(client: TestClient, n: int) -> list[str]:
    return [client.post("/predict/patient", json=PATIENT, headers=_as(client, "predictor"))
            .json()["prediction_id"] for _ in range(n)]


def _label_wrong(client: TestClient, who: str, ids: list[str]) -> None:
    for pid in ids:
        predicted = client.app.state.services.store.get_prediction("sepsis", pid)
        label = "Positive" if '"Negative"' in predicted.output else "Negative"
        r = client.post("/sepsis/feedback", headers=_as(client, who),
                        json={"prediction_id": pid, "label": label})
        assert r.status_code == 200, r.text


def _audit(client: TestClient) -> list[dict]:
    return client.get("/keys/audit", headers=_as(client, "admin")).json()


def test_reading_monitoring_and_rollout_changes_nothing_an_admins_post_acts(server):
    services = server.app.state.services
    production = services.registry.production_version("sepsis")
    other = next(v for v in services.registry.versions("sepsis") if v != production)
    r = server.post("/sepsis/rollout", headers=_as(server, "admin"),
                    json={"action": "shadow", "version": other})
    assert r.status_code == 200
    _label_wrong(server, "alice", _predict(server, 3))
    _label_wrong(server, "bob", _predict(server, 3))
    before = services.registry.blobs.get("sepsis/aliases/production.json")
    for route in ("/sepsis/monitoring", "/sepsis/rollout", "/health"):
        for _ in range(2):
            assert server.get(route, headers=_as(server, "alice")).status_code == 200
    report = server.get("/sepsis/monitoring", headers=_as(server, "alice")).json()
    assert report["retraining"]["needed"] and report["retraining"]["started"] is None
    assert report["rollout"]["decision"]["action"] == "promote"
    assert report["rollout"]["applied"] is None
    assert server.started == []  # nothing was started by reading
    assert services.registry.blobs.get("sepsis/aliases/production.json") == before
    # A reviewer cannot make it act; an admin's explicit POST does, audited with its id.
    assert server.post("/sepsis/monitoring", headers=_as(server, "alice")).status_code == 403
    acted = server.post("/sepsis/monitoring", headers=_as(server, "admin")).json()
    assert acted["retraining"]["started"] and acted["rollout"]["applied"] == "promote"
    assert services.registry.production_version("sepsis") == other
    log = _audit(server)
    mine = {(a["action"], a["actor"]) for a in log}
    assert ("rollout.shadow", server.ids["admin"]) in mine
    assert ("rollout.promote", server.ids["admin"]) in mine
    assert ("retrain.start", server.ids["admin"]) in mine
    assert all(a["actor"] != server.ids["alice"] for a in log)
    assert server.keys["admin"] not in json.dumps(log)


def test_each_key_weighs_at_most_its_cap_and_an_admin_can_exclude_a_key(server):
    _label_wrong(server, "alice", _predict(server, 5))
    _label_wrong(server, "bob", _predict(server, 2))
    stored = server.app.state.services.store.list_feedback("sepsis")
    assert {f.key_id for f in stored} == {server.ids["alice"], server.ids["bob"]}
    labels = server.get("/sepsis/monitoring", headers=_as(server, "bob")).json()["feedback"]
    assert labels["labels"] == 7 and labels["used"] == 5 and labels["keys"] == 2
    assert labels["over_key_cap"] == 2 and labels["per_key"][server.ids["alice"]] == 3

    alice = server.ids["alice"]
    assert server.post(f"/keys/{alice}/feedback-exclusion",
                       headers=_as(server, "bob")).status_code == 403
    r = server.post(f"/keys/{alice}/feedback-exclusion", headers=_as(server, "admin"))
    assert r.status_code == 200 and r.json()["feedback_excluded_at"]
    report = server.get("/sepsis/monitoring", headers=_as(server, "bob")).json()
    assert report["feedback"]["used"] == 2 and report["feedback"]["excluded_labels"] == 5
    assert report["performance"]["labelled"] == 2
    # Retraining reads the same policy: bob's 2 labels, from 1 key.
    from training.retrain import feedback_examples_and_report

    examples, counted = feedback_examples_and_report(server.app.state.services.store,
                                                     "sepsis", max_per_key=3)
    assert len(examples) == 2 and counted["keys"] == 1 and counted["excluded_labels"] == 5
    assert server.delete(f"/keys/{alice}/feedback-exclusion",
                         headers=_as(server, "admin")).json()["feedback_excluded_at"] is None
    assert server.post("/keys/000000000000/feedback-exclusion",
                       headers=_as(server, "admin")).status_code == 404
    assert server.post("/keys/..%2F..%2Fx/feedback-exclusion",
                       headers=_as(server, "admin")).status_code in (404, 405, 422)
    actions = [(a["action"], a["actor"], a["target"]) for a in _audit(server)]
    assert ("feedback.exclude", server.ids["admin"], alice) in actions
    assert ("feedback.include", server.ids["admin"], alice) in actions


def test_each_logged_prediction_names_the_key_id_never_the_key(server):
    [pid] = _predict(server, 1)
    record = server.app.state.services.store.get_prediction("sepsis", pid)
    assert record.key_id == server.ids["predictor"]
    secret = server.keys["predictor"].split("_", 2)[2]
    assert secret not in record.inputs + record.output


def test_a_key_created_is_audited_before_it_is_valid(store):
    def refuse(record):
        raise OSError("audit store down")

    store.put_audit = refuse
    with pytest.raises(OSError):
        create_key(store, "admin", "sneaky", actor="cli")
    assert [k.name for k in store.list_keys()] == []  # no unaudited key


MALFORMED = ["", "vk__", "vk_" + "0" * 12 + "_short", "vk_" + "A" * 12 + "_" + "x" * 43,
             "vk_" + "0" * 12 + "_" + "x" * 42 + "=", "Bearer vk_x", "vk_" + "0" * 11 + "_",
             "vk_\x00" + "0" * 11 + "_" + "x" * 43, "x" * 5000, "vk_ééééééééééé_" + "x" * 43]


def test_a_malformed_key_is_refused_before_any_store_is_asked(server):
    store = server.app.state.services.store
    asked = []
    real = store.get_key
    store.get_key = lambda key_id: asked.append(key_id) or real(key_id)
    try:
        for key in MALFORMED:
            r = server.post("/predict/patient", json=PATIENT, headers={"X-API-Key": key}) \
                if "\x00" not in key and key.isascii() else None
            if r is not None:
                assert r.status_code == 401, (key[:20], r.status_code)
            with pytest.raises(AuthError) as exc:
                server.app.state.services.keys.verify(key)
            assert exc.value.status == 401
    finally:
        store.get_key = real
    assert asked == []


def test_dynamodb_never_sees_an_empty_key_id():
    """DynamoDB answers an empty key attribute with a ValidationException (a 500 before)."""
    import boto3
    from moto import mock_aws

    from functions.stores.dynamodb import DynamoStore
    from tests.test_stores import make_tables

    with mock_aws():
        db = boto3.resource("dynamodb", region_name="us-east-1")
        make_tables(db)
        verifier = KeyVerifier(DynamoStore("keys", "predictions", resource=db))
        for key in ("vk__" + "x" * 43, "vk_" + "0" * 12 + "_x"):
            with pytest.raises(AuthError) as exc:
                verifier.verify(key)
            assert exc.value.status == 401


def test_a_key_over_its_rate_gets_429_with_when_to_retry(settings, store):
    app = create_app(settings.model_copy(update={"key_rate_per_minute": 3}), store=store)
    key, _ = create_key(store, "predictor", "burst")
    other, _ = create_key(store, "predictor", "calm")
    with TestClient(app, headers={"X-API-Key": key}) as client:
        codes = [client.post("/predict/patient", json=PATIENT).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        r = client.post("/predict/patient", json=PATIENT)
        assert r.status_code == 429 and 1 <= int(r.headers["Retry-After"]) <= 60
        # Per key: another key is not held back by this one.
        assert client.post("/predict/patient", json=PATIENT,
                           headers={"X-API-Key": other}).status_code == 200


def test_health_without_a_key_tells_the_state_alone(server):
    r = server.get("/health")
    assert r.json() == {"status": "OK"}
    detailed = server.get("/health", headers=_as(server, "alice")).text
    assert "sqlite:" in detailed and "sqlite:" not in r.text
