"""User rights: every role x scope x route answers exactly as docs/api.md documents."""

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from functions.app import create_app
from functions.auth import create_key
from functions.retrain import LocalRetrainer

PATIENT = json.loads((Path(__file__).parent / "events" / "patient.json").read_text())

# role, scope -> expected status per route (None scope: every use case)
# rollout_change is an abort with no rollout in place: 422 once the caller may ask.
OK_ALL = {"predict": 200, "feedback": 200, "monitoring": 200, "monitoring_act": 200,
          "retrain": 202, "rollout_read": 200, "rollout_change": 422,
          "keys_list": 200, "keys_create": 201, "keys_revoke": 200, "feedback_exclude": 200,
          "audit": 200}
EXPECTED = {
    ("predictor", None): {"predict": 200},
    ("predictor", "sepsis"): {"predict": 200},
    ("predictor", "tep"): {},
    ("reviewer", None): {"predict": 200, "feedback": 200, "monitoring": 200,
                         "rollout_read": 200},
    ("reviewer", "sepsis"): {"predict": 200, "feedback": 200, "monitoring": 200,
                             "rollout_read": 200},
    ("reviewer", "tep"): {},
    # A scoped admin runs its use cases but cannot hand out keys (it could widen its own).
    ("admin", "sepsis"): {"predict": 200, "feedback": 200, "monitoring": 200,
                          "monitoring_act": 200, "retrain": 202, "rollout_read": 200,
                          "rollout_change": 422},
    ("admin", "tep"): {},
    ("admin", None): OK_ALL,
}


@pytest.fixture
def app(settings, store, tmp_path):
    app = create_app(settings, store=store)
    # Retraining starts for real but does nothing: this test is about who may start it.
    app.state.services.retrainer = LocalRetrainer(
        tmp_path / "retrains", lambda uc, status, update: update(state="kept"))
    return app


def call(client: TestClient, route: str, key: str | None, prediction_id: str) -> int:
    headers = {"X-API-Key": key} if key else {}
    if route == "predict":
        r = client.post("/predict/patient", json=PATIENT, headers=headers)
    elif route == "feedback":
        r = client.post("/sepsis/feedback", headers=headers,
                        json={"prediction_id": prediction_id, "label": "Positive"})
    elif route == "monitoring":
        r = client.get("/sepsis/monitoring", headers=headers)
    elif route == "monitoring_act":
        r = client.post("/sepsis/monitoring", headers=headers)
    elif route == "retrain":
        r = client.post("/sepsis/retrain", headers=headers)
    elif route == "rollout_read":
        r = client.get("/sepsis/rollout", headers=headers)
    elif route == "rollout_change":
        r = client.post("/sepsis/rollout", headers=headers, json={"action": "abort"})
    elif route == "keys_list":
        r = client.get("/keys", headers=headers)
    elif route == "keys_create":
        r = client.post("/keys", headers=headers, json={"name": "new", "role": "predictor"})
    elif route == "audit":
        r = client.get("/keys/audit", headers=headers)
    elif route == "feedback_exclude":
        victim = create_key(client.app.state.services.store, "reviewer", "victim")[1]
        r = client.post(f"/keys/{victim.key_id}/feedback-exclusion", headers=headers)
    else:
        victim = create_key(client.app.state.services.store, "predictor", "victim")[1]
        r = client.delete(f"/keys/{victim.key_id}", headers=headers)
    return r.status_code


@pytest.mark.parametrize("route", list(OK_ALL))
def test_every_role_scope_and_route(app, store, route):
    keys = {(role, scope): create_key(store, role, f"{role}-{scope}",
                                      None if scope is None else [scope])[0]
            for role, scope in EXPECTED}
    with TestClient(app) as client:
        admin = keys[("admin", None)]
        prediction_id = client.post("/predict/patient", json=PATIENT,
                                    headers={"X-API-Key": admin}).json()["prediction_id"]
        for who, allowed in EXPECTED.items():
            want = allowed.get(route, 403)
            got = call(client, route, keys[who], prediction_id)
            assert got == want, f"{who} on {route}: {got}, expected {want}"
        assert call(client, route, None, prediction_id) == 401
        assert call(client, route, "vk_nope_nope", prediction_id) == 401


def test_scoped_403_says_why(app, store):
    key, _ = create_key(store, "predictor", "tep-only", ["tep"])
    with TestClient(app) as client:
        r = client.post("/predict/patient", json=PATIENT, headers={"X-API-Key": key})
    assert r.status_code == 403 and "scoped to tep" in r.json()["detail"]


def test_admins_manage_keys_over_http_and_every_change_is_audited(app, store):
    admin, ops = create_key(store, "admin", "ops")
    with TestClient(app, headers={"X-API-Key": admin}) as client:
        made = client.post("/keys", json={"name": "seller-tool", "role": "reviewer",
                                          "usecases": ["sepsis"]})
        assert made.status_code == 201, made.text
        body = made.json()
        assert body["usecases"] == ["sepsis"] and body["api_key"].startswith("vk_")
        # The new key works, within its scope and role.
        r = client.get("/sepsis/monitoring", headers={"X-API-Key": body["api_key"]})
        assert r.status_code == 200
        listed = {k["key_id"]: k for k in client.get("/keys").json()}
        assert "api_key" not in listed[body["key_id"]] and "hash" not in listed[body["key_id"]]
        assert client.delete(f"/keys/{body['key_id']}").status_code == 200
        assert client.delete(f"/keys/{body['key_id']}").status_code == 404  # already revoked
        bad = client.post("/keys", json={"name": "x", "role": "predictor",
                                         "usecases": ["nosuch"]})
        assert bad.status_code == 422 and "nosuch" in bad.text
        assert client.post("/keys", json={"name": "x", "role": "root"}).status_code == 422
        log = client.get("/keys/audit").json()
    actions = [(a["action"], a["actor"], a["target"]) for a in log]
    # The acting key's id (its name beside it), never the key.
    assert ("key.create", ops.key_id, body["key_id"]) in actions
    assert ("key.revoke", ops.key_id, body["key_id"]) in actions
    create = next(a for a in log if a["action"] == "key.create")
    assert create["details"] == {"name": "seller-tool", "role": "reviewer",
                                 "usecases": ["sepsis"], "actor_name": "ops"}
    assert admin not in json.dumps(log)
    # A revoked key stops working (after the verifier's cache: a fresh app here).
    with TestClient(create_app(app.state.services.settings, store=store)) as fresh:
        r = fresh.get("/sepsis/monitoring", headers={"X-API-Key": body["api_key"]})
        assert r.status_code == 401


def test_cli_scopes_keys_and_audits(tmp_path):
    import os
    import subprocess
    import sys

    from functions.stores.sqlite import SQLiteStore

    env = {**os.environ, "VITRINE_SQLITE_PATH": str(tmp_path / "v.db")}
    run = [sys.executable, "-m", "vitrine.cli", "keys", "create", "--role", "reviewer",
           "--name", "shop", "--usecases", "rakuten,tep"]
    r = subprocess.run(run, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "for rakuten, tep" in r.stderr and r.stdout.startswith("vk_")
    bad = subprocess.run([*run[:-1], "rakuten,nosuch"], capture_output=True, text=True,
                         env=env, cwd=tmp_path)
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "nosuch" in bad.stderr
    store = SQLiteStore(tmp_path / "v.db")
    [key] = store.list_keys()
    assert key.usecases == ("rakuten", "tep") and key.role == "reviewer"
    [entry] = store.list_audit()
    assert entry.actor == "cli" and entry.action == "key.create" and entry.target == key.key_id
