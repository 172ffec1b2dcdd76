"""API keys and the prediction log: SQLite for real, DynamoDB against moto."""

from __future__ import annotations

import boto3
import pytest
from moto import mock_aws

from functions.auth import KeyVerifier, create_key, utcnow
from functions.stores import FeedbackRecord, PredictionRecord
from functions.stores.dynamodb import DynamoStore
from functions.stores.sqlite import SQLiteStore


def make_tables(db) -> None:
    db.create_table(TableName="keys", BillingMode="PAY_PER_REQUEST",
                    KeySchema=[{"AttributeName": "key_id", "KeyType": "HASH"}],
                    AttributeDefinitions=[{"AttributeName": "key_id", "AttributeType": "S"}])
    db.create_table(TableName="predictions", BillingMode="PAY_PER_REQUEST",
                    KeySchema=[{"AttributeName": "usecase", "KeyType": "HASH"},
                               {"AttributeName": "sk", "KeyType": "RANGE"}],
                    AttributeDefinitions=[{"AttributeName": "usecase", "AttributeType": "S"},
                                          {"AttributeName": "sk", "AttributeType": "S"},
                                          {"AttributeName": "prediction_id", "AttributeType": "S"}],
                    GlobalSecondaryIndexes=[{
                        "IndexName": "by_usecase_id",
                        "KeySchema": [{"AttributeName": "usecase", "KeyType": "HASH"},
                                      {"AttributeName": "prediction_id", "KeyType": "RANGE"}],
                        "Projection": {"ProjectionType": "ALL"}}])
    db.create_table(TableName="feedback", BillingMode="PAY_PER_REQUEST",
                    KeySchema=[{"AttributeName": "usecase", "KeyType": "HASH"},
                               {"AttributeName": "prediction_id", "KeyType": "RANGE"}],
                    AttributeDefinitions=[{"AttributeName": "usecase", "AttributeType": "S"},
                                          {"AttributeName": "prediction_id", "AttributeType": "S"}])
    db.create_table(TableName="audit", BillingMode="PAY_PER_REQUEST",
                    KeySchema=[{"AttributeName": "log", "KeyType": "HASH"},
                               {"AttributeName": "sk", "KeyType": "RANGE"}],
                    AttributeDefinitions=[{"AttributeName": "log", "AttributeType": "S"},
                                          {"AttributeName": "sk", "AttributeType": "S"}])


@pytest.fixture(params=["sqlite", "dynamodb"])
def any_store(request, tmp_path):
    if request.param == "sqlite":
        s = SQLiteStore(tmp_path / "v.db")
        yield s
        s.close()
        return
    with mock_aws():
        db = boto3.resource("dynamodb", region_name="eu-west-3")
        make_tables(db)
        yield DynamoStore("keys", "predictions", resource=db, feedback_table="feedback",
                          audit_table="audit")


def record(i: int, usecase: str = "sepsis") -> PredictionRecord:
    return PredictionRecord(prediction_id=f"id{i}", usecase=usecase, model_version="v1",
                            created_at=f"2026-11-22T10:00:{i:02d}.000000+00:00",
                            inputs='{"x": 1}', output='{"p": 0.5}', latency_ms=1.25,
                            endpoint="/predict/patient")


def test_keys_round_trip_and_revoke(any_store):
    any_store.ping()
    plaintext, rec = create_key(any_store, "admin", "ops")
    assert any_store.get_key(rec.key_id) == rec
    assert [r.key_id for r in any_store.list_keys()] == [rec.key_id]
    verifier = KeyVerifier(any_store, cache_seconds=0)
    assert verifier.verify(plaintext).role == "admin"
    assert any_store.revoke_key(rec.key_id, utcnow()) is True
    assert any_store.revoke_key(rec.key_id, utcnow()) is False  # already revoked
    assert any_store.revoke_key("missing", utcnow()) is False
    with pytest.raises(Exception, match="revoked"):
        verifier.verify(plaintext)


def test_prediction_log_newest_first_per_usecase(any_store):
    for i in range(5):
        any_store.log_prediction(record(i))
    any_store.log_prediction(record(9, usecase="tep"))
    latest = any_store.recent_predictions("sepsis", limit=3)
    assert [r.prediction_id for r in latest] == ["id4", "id3", "id2"]
    assert latest[0].latency_ms == 1.25 and latest[0].inputs == '{"x": 1}'
    assert latest[0].endpoint == "/predict/patient"
    assert [r.prediction_id for r in any_store.recent_predictions("tep")] == ["id9"]


def test_dynamodb_log_items_expire():
    with mock_aws():
        db = boto3.resource("dynamodb", region_name="eu-west-3")
        make_tables(db)
        DynamoStore("keys", "predictions", ttl_days=30, resource=db).log_prediction(record(1))
        item = db.Table("predictions").scan()["Items"][0]
        import time

        assert abs(int(item["expires_at"]) - (time.time() + 30 * 86400)) < 60


def test_sqlite_survives_reopening(tmp_path):
    s = SQLiteStore(tmp_path / "v.db")
    s.log_prediction(record(1))
    s.close()
    assert SQLiteStore(tmp_path / "v.db").recent_predictions("sepsis")[0].prediction_id == "id1"


def test_prediction_found_by_id_within_its_usecase_only(any_store):
    for i in range(3):
        any_store.log_prediction(record(i))
    assert any_store.get_prediction("sepsis", "id1").created_at.endswith("10:00:01.000000+00:00")
    assert any_store.get_prediction("tep", "id1") is None  # another use case's id
    assert any_store.get_prediction("sepsis", "nope") is None


def test_feedback_is_replaced_by_a_correction_and_listed_newest_first(any_store):
    def fb(pid: str, label: str, second: int) -> FeedbackRecord:
        return FeedbackRecord(pid, "secom", label, "fail", f"2026-11-22T10:00:{second:02d}+00:00",
                              "ops")

    any_store.put_feedback(fb("a", "fail", 1))
    any_store.put_feedback(fb("b", "pass", 2))
    any_store.put_feedback(fb("a", "pass", 3))  # corrected
    got = any_store.list_feedback("secom")
    assert [(r.prediction_id, r.label) for r in got] == [("a", "pass"), ("b", "pass")]
    assert any_store.list_feedback("sepsis") == []


def test_feedback_retried_by_a_client_changes_nothing(any_store):
    """The same label from the same key again (a retry after a lost answer) keeps the row
    and its first time; the same label from another key, or another label, replaces it."""
    def fb(label: str, second: int, key: str = "k1") -> FeedbackRecord:
        return FeedbackRecord("a", "secom", label, "fail",
                              f"2026-11-22T10:00:{second:02d}+00:00", "ops", key)

    any_store.put_feedback(fb("fail", 1))
    any_store.put_feedback(fb("fail", 5))  # the retry
    assert any_store.list_feedback("secom") == [fb("fail", 1)]
    any_store.put_feedback(fb("fail", 6, key="k2"))  # another reviewer agrees: theirs now
    assert any_store.list_feedback("secom") == [fb("fail", 6, key="k2")]
    any_store.put_feedback(fb("pass", 7, key="k2"))  # a correction
    assert any_store.list_feedback("secom") == [fb("pass", 7, key="k2")]


def test_dynamodb_recent_predictions_follows_pages():
    with mock_aws():
        db = boto3.resource("dynamodb", region_name="eu-west-3")
        make_tables(db)
        store = DynamoStore("keys", "predictions", resource=db)
        big = "x" * 60_000  # ~17 items fill a 1 MB Query page
        for i in range(40):
            r = record(i)
            store.log_prediction(PredictionRecord(**{**r.__dict__, "inputs": big}))
        assert len(store.recent_predictions("sepsis", limit=35)) == 35


def test_sqlite_log_from_before_monitoring_is_kept_and_extended(tmp_path):
    import sqlite3

    old = sqlite3.connect(tmp_path / "v.db")
    old.execute("CREATE TABLE predictions (prediction_id TEXT PRIMARY KEY, usecase TEXT NOT NULL,"
                " model_version TEXT NOT NULL, created_at TEXT NOT NULL, inputs TEXT NOT NULL,"
                " output TEXT NOT NULL, latency_ms REAL NOT NULL)")
    old.execute("INSERT INTO predictions VALUES ('old', 'sepsis', 'v0', "
                "'2026-11-01T00:00:00+00:00', '{}', '{}', 1.0)")
    old.commit()
    old.close()
    s = SQLiteStore(tmp_path / "v.db")
    s.log_prediction(record(1))
    assert [(r.prediction_id, r.endpoint) for r in s.recent_predictions("sepsis")] == [
        ("id1", "/predict/patient"), ("old", "")]


def test_scoped_keys_and_the_audit_log_round_trip(any_store):
    from functions.auth import revoke_key

    _, scoped = create_key(any_store, "reviewer", "shop", ["rakuten", "tep"], actor="ops")
    _, everything = create_key(any_store, "predictor", "site", actor="ops")
    assert any_store.get_key(scoped.key_id).usecases == ("rakuten", "tep")
    assert any_store.get_key(everything.key_id).usecases is None
    assert KeyVerifier(any_store).verify(_).usecases is None
    assert revoke_key(any_store, scoped.key_id, "ops").revoked_at is not None
    assert revoke_key(any_store, scoped.key_id, "ops") is None  # not audited twice
    log = any_store.list_audit()
    assert [(a.action, a.target) for a in log] == [
        ("key.revoke", scoped.key_id), ("key.create", everything.key_id),
        ("key.create", scoped.key_id)]
