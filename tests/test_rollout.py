"""Safe rollout: a candidate beside production in shadow or canary mode, from the alias
document; promote and abort move the alias in one step; shadow answers are logged, never
returned, and a failing candidate never fails production's answer."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from functions.app import create_app
from functions.errors import RegistryError
from functions.registry import LocalBlobStore
from functions.service import canary_pick
from functions.settings import Settings
from model_export.registry import RegistryWriter


@pytest.fixture
def writer(registry_dir):
    return RegistryWriter(LocalBlobStore(registry_dir / "models"))


@pytest.fixture
def versions(writer):
    production = writer.production_version("sepsis")
    [candidate] = [v for v in writer.versions("sepsis") if v != production]
    return production, candidate


@pytest.fixture
def api(registry_dir, tmp_path, store, keys):
    settings = Settings(registry_dir=registry_dir, sqlite_path=tmp_path / "vitrine.db",
                        usecases=["sepsis"], alias_ttl_seconds=0)
    app = create_app(settings, store=store)
    with TestClient(app, headers={"X-API-Key": keys["predictor"]}) as c:
        c.services = app.state.services
        c.keys_admin = keys["admin"]
        yield c


def test_canary_share_holds_and_is_stable_per_request():
    rng = random.Random(5)
    requests = [json.dumps({"HR": rng.uniform(40, 180), "Age": rng.randint(18, 95)})
                for _ in range(20000)]
    picked = [canary_pick("sepsis", r, 0.1) for r in requests]
    assert abs(sum(picked) / len(picked) - 0.1) < 0.01
    assert picked == [canary_pick("sepsis", r, 0.1) for r in requests]  # retries agree
    assert not any(canary_pick("sepsis", r, 0.0) for r in requests[:1000])


def test_rollout_states_move_the_alias_atomically(writer, versions):
    production, candidate = versions
    with pytest.raises(RegistryError, match="production already"):
        writer.start_rollout("sepsis", production, "shadow")
    with pytest.raises(RegistryError, match="between 0 and 1"):
        writer.start_rollout("sepsis", candidate, "canary", 1.5)
    with pytest.raises(RegistryError, match="no version 'v-nope'"):
        writer.start_rollout("sepsis", "v-nope", "shadow")
    with pytest.raises(RegistryError, match="no candidate to abort"):
        writer.abort_rollout("sepsis")

    alias = writer.start_rollout("sepsis", candidate, "shadow")
    assert alias["version"] == production and alias["candidate"]["mode"] == "shadow"
    alias = writer.start_rollout("sepsis", candidate, "canary", 0.25)
    assert alias["candidate"] == {**alias["candidate"], "mode": "canary", "share": 0.25}
    alias = writer.abort_rollout("sepsis", reason="p99 too high", figures={"p99_ms": 40})
    assert "candidate" not in alias and alias["version"] == production
    assert alias["rollouts"][-1]["outcome"] == "aborted"
    assert alias["rollouts"][-1]["figures"] == {"p99_ms": 40}

    writer.start_rollout("sepsis", candidate, "canary", 0.1)
    alias = writer.promote_candidate("sepsis")
    assert alias["version"] == candidate and "candidate" not in alias
    assert alias["history"][-1]["version"] == production
    # shadow -> canary ended the shadow rollout (replaced), then aborted, then promoted.
    assert [r["outcome"] for r in alias["rollouts"]] == ["replaced", "aborted", "promoted"]


def test_shadow_answers_are_logged_never_returned(api, writer, versions, patient_body):
    production, candidate = versions
    writer.start_rollout("sepsis", candidate, "shadow")
    answers = [api.post("/predict/patient", json=patient_body) for _ in range(3)]
    assert all(a.status_code == 200 for a in answers)
    assert {a.json()["model_version"] for a in answers} == {production}
    store = api.services.store
    for a in answers:
        pid = a.json()["prediction_id"]
        assert store.get_prediction("sepsis", pid).variant == "production"
        shadow = store.get_prediction("sepsis", pid + ".shadow")
        assert shadow.variant == "shadow" and shadow.model_version == candidate
        assert json.loads(shadow.output)["model_version"] == candidate
    # Monitoring reads what callers received: production's three answers, not the shadows.
    report = api.services.monitoring(api.services.usecases[0], act=False)
    assert report["window"]["predictions"] == 3
    cmp = report["rollout"]["comparison"]
    assert cmp["candidate"]["requests"] == 3 and cmp["candidate"]["errors"] == 0


def test_a_failing_shadow_is_counted_not_raised(api, writer, versions, patient_body):
    production, candidate = versions
    writer.start_rollout("sepsis", candidate, "shadow")
    api.post("/predict/patient", json=patient_body)  # loads the candidate
    _, _, model = api.services.models.variants("sepsis")

    def broken(x):
        raise RuntimeError("candidate crashed")

    model.predict_proba = broken
    answer = api.post("/predict/patient", json=patient_body)
    assert answer.status_code == 200 and answer.json()["model_version"] == production
    cmp = api.services.rollout(api.services.usecases[0])["comparison"]
    assert cmp["candidate"]["errors"] == 1 and cmp["candidate"]["requests"] == 2
    shadow = api.services.store.get_prediction("sepsis",
                                               answer.json()["prediction_id"] + ".shadow")
    assert "candidate crashed" in json.loads(shadow.output)["error"]


def test_canary_answers_its_share_and_a_retry_gets_the_same_variant(api, writer, versions,
                                                                     patient_body):
    production, candidate = versions
    writer.start_rollout("sepsis", candidate, "canary", 0.3)
    bodies = [{**patient_body, "vitals": {**patient_body["vitals"], "HR": 50 + i}}
              for i in range(120)]
    seen = [api.post("/predict/patient", json=b).json()["model_version"] for b in bodies]
    share = seen.count(candidate) / len(seen)
    assert 0.15 < share < 0.45 and set(seen) == {production, candidate}
    again = [api.post("/predict/patient", json=b).json()["model_version"] for b in bodies[:30]]
    assert again == seen[:30]
    # Aborting reaches the warm server on its next alias read: production alone.
    writer.abort_rollout("sepsis")
    assert {api.post("/predict/patient", json=b).json()["model_version"]
            for b in bodies[:30]} == {production}


def test_cli_rollout(registry_dir, versions, tmp_path):
    production, candidate = versions
    env_extra = {"VITRINE_REGISTRY_DIR": str(registry_dir)}

    def vitrine(*args):
        import os
        return subprocess.run([sys.executable, "-m", "vitrine.cli", *args], cwd=tmp_path,
                              env={**os.environ, **env_extra}, capture_output=True,
                              text=True, timeout=120)

    r = vitrine("rollout", "sepsis", candidate, "--canary", "10")
    assert r.returncode == 0 and "canary on 10% of requests" in r.stdout
    r = vitrine("rollout", "sepsis", candidate, "--shadow", "--canary", "5")
    assert r.returncode == 1 and "exactly one of" in r.stderr
    r = vitrine("rollout", "sepsis", "--promote")
    assert r.returncode == 0 and f"production is {candidate}" in r.stdout
    r = vitrine("rollout", "sepsis", "--abort")
    assert r.returncode == 1 and r.stderr.strip() == "error: sepsis has no candidate to abort"


# ----------------------------------------------------------- comparison and decisions

def _rules(**kw):
    from functions.rollout import RolloutRules
    return RolloutRules(**({"min_requests": 20, "promote_after": 40, "min_error_requests": 10}
                           | kw))


def _side(requests, errors=0, p99=5.0, labelled=0, accuracy=None):
    return {"requests": requests, "errors": errors, "error_rate": errors / max(requests, 1),
            "latency_p50_ms": p99 / 2, "latency_p99_ms": p99, "label_shares": {},
            "labelled": labelled, "accuracy": accuracy}


@pytest.mark.parametrize("candidate, action, says", [
    (_side(10), "wait", "10 candidate requests < 20"),
    (_side(30), "wait", "holding: 30 of 40"),
    (_side(40), "promote", "held over 40 requests"),
    (_side(12, errors=3), "abort", "error rate 0.250 over 12 requests"),
    (_side(40, p99=30.0), "abort", "p99 30.0 ms > 1.5 x production's 5.0 ms"),
    (_side(40, p99=7.0), "promote", "held"),  # 1.4x, and 2 ms: within tolerance
    (_side(40, labelled=50, accuracy=0.80), "abort", "accuracy 0.800 on 50 labels"),
    (_side(40, labelled=50, accuracy=0.89), "promote", "and accuracy within tolerance"),
])
def test_decisions_follow_the_rules(candidate, action, says):
    from functions.rollout import decide
    figures = {"production": _side(400, labelled=60, accuracy=0.90), "candidate": candidate}
    decision = decide(figures, _rules())
    assert decision["action"] == action and says in " ".join(decision["reasons"])


@pytest.fixture
def judged(registry_dir, tmp_path, store, keys):
    """A server whose monitoring judges a rollout after 20 requests, promotes after 40."""
    settings = Settings(registry_dir=registry_dir, sqlite_path=tmp_path / "vitrine.db",
                        usecases=["sepsis"], alias_ttl_seconds=0, rollout_min_requests=20,
                        rollout_promote_after=40, rollout_min_error_requests=10,
                        retrain_dir=tmp_path / "retrains")
    app = create_app(settings, store=store)
    with TestClient(app, headers={"X-API-Key": keys["predictor"]}) as c:
        c.services = app.state.services
        yield c


def _bodies(patient_body, n):
    return [{**patient_body, "vitals": {**patient_body["vitals"], "HR": 50 + i}}
            for i in range(n)]


def test_an_injected_latency_in_the_candidate_rolls_it_back(judged, writer, versions,
                                                             patient_body):
    import time as _time
    production, candidate = versions
    writer.start_rollout("sepsis", candidate, "shadow")
    judged.post("/predict/patient", json=patient_body)
    _, _, model = judged.services.models.variants("sepsis")
    real = model.predict_proba

    # Far above what a loaded CI machine adds to production's own p99 (with 31 requests
    # p99 is their maximum: one scheduling hiccup of 15 ms hid a 20 ms delay once).
    def slow(x):
        _time.sleep(0.15)
        return real(x)

    model.predict_proba = slow
    for b in _bodies(patient_body, 30):
        assert judged.post("/predict/patient", json=b).json()["model_version"] == production
    uc = judged.services.usecases[0]
    report = judged.services.rollout(uc, act=True)
    assert report["decision"]["action"] == "abort" and report["applied"] == "abort"
    assert "p99" in report["decision"]["reasons"][0]
    alias = writer.alias("sepsis")
    assert "candidate" not in alias and alias["version"] == production
    ended = alias["rollouts"][-1]
    assert ended["outcome"] == "aborted" and ended["abort_reason"].startswith("automatic: ")
    assert ended["figures"]["candidate"]["latency_p99_ms"] > 150


def test_an_injected_error_in_the_canary_is_answered_by_production_then_rolled_back(
        judged, writer, versions, patient_body):
    production, candidate = versions
    writer.start_rollout("sepsis", candidate, "canary", 0.5)
    judged.post("/predict/patient", json=patient_body)
    _, _, model = judged.services.models.variants("sepsis")

    def broken(x):
        raise RuntimeError("candidate crashed")

    model.predict_proba = broken
    answers = [judged.post("/predict/patient", json=b) for b in _bodies(patient_body, 40)]
    assert all(a.status_code == 200 for a in answers)
    assert {a.json()["model_version"] for a in answers} == {production}
    monitored = judged.services.monitoring(judged.services.usecases[0], act=True)
    # What callers received: 41 answers, all production's; the failed attempts apart.
    assert monitored["window"]["predictions"] == 41
    assert monitored["window"]["skipped"]["unreadable"] == 0
    report = monitored["rollout"]
    assert report["comparison"]["candidate"]["errors"] >= 10
    assert report["applied"] == "abort" and "error rate" in report["decision"]["reasons"][0]
    assert "candidate" not in writer.alias("sepsis")


def test_a_candidate_that_holds_is_promoted_and_served(judged, writer, versions,
                                                      patient_body):
    production, candidate = versions
    writer.start_rollout("sepsis", candidate, "shadow")
    for b in _bodies(patient_body, 45):
        judged.post("/predict/patient", json=b)
    report = judged.services.rollout(judged.services.usecases[0], act=False)
    assert report["decision"]["action"] == "promote" and report["applied"] is None
    assert report["comparison"]["paired"] == 45
    assert 0 <= report["comparison"]["agreement"] <= 1
    report = judged.services.rollout(judged.services.usecases[0], act=True)
    assert report["applied"] == "promote"
    alias = writer.alias("sepsis")
    assert alias["version"] == candidate and alias["rollouts"][-1]["outcome"] == "promoted"
    assert judged.post("/predict/patient", json=patient_body).json()["model_version"] == \
        candidate


def test_admins_roll_out_over_http_and_mistakes_name_the_field(api, versions, keys, store):
    from functions.auth import create_key
    production, candidate = versions
    admin = {"X-API-Key": keys["admin"]}
    reviewer = {"X-API-Key": create_key(store, "reviewer", "r")[0]}
    r = api.post("/sepsis/rollout", headers=reviewer, json={"action": "abort"})
    assert r.status_code == 403
    for body, field, says in [
        ({"action": "canary", "version": candidate}, "percent", "canary needs percent"),
        ({"action": "shadow"}, "version", "needs the candidate's version"),
        ({"action": "shadow", "version": "v-nope"}, "version", "no version 'v-nope'"),
        ({"action": "shadow", "version": production}, "version", "production already"),
        ({"action": "abort"}, "action", "no candidate to abort"),
        ({"action": "canary", "version": candidate, "percent": 120}, "percent", "less than"),
        ({"action": "rollback"}, "action", "Input should be"),
    ]:
        r = api.post("/sepsis/rollout", headers=admin, json=body)
        assert r.status_code == 422, (body, r.text)
        [problem] = r.json()["detail"]
        assert problem["field"] == field and says in problem["msg"], (body, problem)
    r = api.post("/sepsis/rollout", headers=admin,
                 json={"action": "canary", "version": candidate, "percent": 20,
                       "reason": "new features"})
    assert r.status_code == 200
    state = r.json()
    assert state["candidate"]["share"] == 0.2 and state["candidate"]["version"] == candidate
    assert state["candidate"]["reason"] == "test-admin: new features"
    assert state["decision"]["action"] == "wait"
    got = api.get("/sepsis/rollout", headers=reviewer).json()
    assert got["candidate"] == state["candidate"] and got["rules"]["min_requests"] == 200
    r = api.post("/sepsis/rollout", headers=admin, json={"action": "promote"})
    assert r.status_code == 200 and r.json()["production"] == candidate
    assert r.json()["candidate"] is None


def test_a_rollback_alarm_event_aborts_the_candidate(api, writer, versions):
    production, candidate = versions
    assert api.services.alarm_abort("sepsis", "x")["aborted"] is None  # nothing to abort
    writer.start_rollout("sepsis", candidate, "canary", 0.2)
    done = api.services.alarm_abort("sepsis", "vitrine-dev-rollout-sepsis-errors")
    assert done == {"usecase": "sepsis", "aborted": candidate,
                    "why": "vitrine-dev-rollout-sepsis-errors"}
    alias = writer.alias("sepsis")
    assert "candidate" not in alias and alias["version"] == production
    assert alias["rollouts"][-1]["abort_reason"] == \
        "alarm vitrine-dev-rollout-sepsis-errors in ALARM"


def test_rollouts_on_the_s3_registry(monkeypatch):
    """The same alias changes on S3 (moto), through its conditional writes."""
    import boto3
    from moto import mock_aws

    from functions import rollout as ops
    from functions.registry import S3BlobStore

    for k, v in {"AWS_ACCESS_KEY_ID": "t", "AWS_SECRET_ACCESS_KEY": "t",
                 "AWS_DEFAULT_REGION": "eu-west-3"}.items():
        monkeypatch.setenv(k, v)
    with mock_aws():
        s3 = boto3.client("s3")
        s3.create_bucket(Bucket="reg", CreateBucketConfiguration={"LocationConstraint":
                                                                  "eu-west-3"})
        writer = RegistryWriter(S3BlobStore("reg", "models", s3))
        manifest = {"parity": {"passed": True}, "run_id": "a"}
        first = writer.publish("secom", b"1", manifest)
        writer.promote("secom", first)
        second = writer.publish("secom", b"2", {**manifest, "run_id": "b"})
        ops.start(writer, "secom", second, "canary", 0.05)
        assert writer.alias("secom")["candidate"]["share"] == 0.05
        decision = {"action": "promote", "reasons": ["held"]}
        alias = ops.apply(writer.blobs, "secom", decision, {"n": 1}, expected_version=second)
        assert alias["version"] == second and alias["rollouts"][-1]["figures"] == {"n": 1}
        # A decision about a rollout that ended meanwhile changes nothing.
        assert ops.apply(writer.blobs, "secom", decision, {}, expected_version=second) is None


def test_the_comparison_pairs_shadow_answers_and_reads_their_scores(api, writer, versions,
                                                                   patient_body):
    production, candidate = versions
    writer.start_rollout("sepsis", candidate, "shadow")
    ids = [api.post("/predict/patient", json=b).json()["prediction_id"]
           for b in _bodies(patient_body, 12)]
    for pid in ids[:6]:
        api.post("/sepsis/feedback", headers={"X-API-Key": api.keys_admin},
                 json={"prediction_id": pid, "label": "Positive"})
    report = api.services.rollout(api.services.usecases[0])
    cmp = report["comparison"]
    assert cmp["paired"] == 12 and cmp["candidate"]["requests"] == 12
    assert cmp["production"]["labelled"] == cmp["candidate"]["labelled"] == 6
    for side in ("production", "candidate"):
        q = cmp[side]["score_quantiles"]
        assert 0 <= q["p10"] <= q["p50"] <= q["p90"] <= 1
    # Scores are each model's own: the candidate's answers come from another model.
    logged = [json.loads(api.services.store.get_prediction("sepsis", pid + ".shadow").output)
              ["probability"] for pid in ids]
    assert sorted(logged)[len(logged) // 2] == pytest.approx(cmp["candidate"]
                                                             ["score_quantiles"]["p50"],
                                                             abs=0.05)


def test_racing_decisions_leave_one_outcome(writer, versions):
    """Servers deciding at once (one promotes, another aborts): the alias swap lets exactly
    one act on the rollout; the other finds it ended and changes nothing."""
    from concurrent.futures import ThreadPoolExecutor

    from functions import rollout as ops

    production, candidate = versions
    writer.start_rollout("sepsis", candidate, "shadow")
    decisions = [{"action": a, "reasons": [a]} for a in ("promote", "abort") * 4]
    with ThreadPoolExecutor(8) as pool:
        applied = list(pool.map(lambda d: ops.apply(writer.blobs, "sepsis", d, {},
                                                    expected_version=candidate), decisions))
    assert sum(a is not None for a in applied) == 1
    alias = writer.alias("sepsis")
    [ended] = [r for r in alias["rollouts"] if r["version"] == candidate]
    assert "candidate" not in alias
    assert alias["version"] == (candidate if ended["outcome"] == "promoted" else production)


def test_the_shadow_scores_after_the_answer_is_ready(api, writer, versions, patient_body):
    """predict() gives the answer, its record logged, and the shadow's work apart: the route
    runs it as a background task once the answer is sent."""
    import asyncio

    production, candidate = versions
    writer.start_rollout("sepsis", candidate, "shadow")
    api.post("/predict/patient", json=patient_body)  # the candidate is loaded
    services = api.services
    uc = services.usecases[0]
    endpoint = uc.endpoint("/predict/patient")
    body = endpoint.request.model_validate(patient_body)
    store = services.store

    async def call():
        answer, _, after = await services.predict(uc, endpoint, body)
        pid = answer.prediction_id
        assert store.get_prediction("sepsis", pid).variant == "production"
        assert store.get_prediction("sepsis", pid + ".shadow") is None  # not yet
        await after()
        assert store.get_prediction("sepsis", pid + ".shadow").model_version == candidate

    asyncio.run(call())
