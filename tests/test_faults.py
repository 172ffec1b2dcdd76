"""Faults a user relies on the platform to survive: the registry gone while serving, a
tampered new version, two promotions at once, a batch store that cannot be written."""

from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient

from functions.app import create_app
from tests.conftest import reviewer_headers


def test_registry_unreachable_keeps_serving_and_health_says_degraded(settings, store, keys,
                                                                    body, registry_dir):
    import shutil

    app = create_app(settings.model_copy(update={"alias_ttl_seconds": 0.0}), store=store)
    with TestClient(app, headers={"X-API-Key": keys["predictor"]}) as client:
        assert client.post("/predict/patient", json=body).status_code == 200
        shutil.rmtree(registry_dir)  # the bucket is gone / the network is down
        assert client.post("/predict/patient", json=body).status_code == 200
        health = client.get("/health", headers=reviewer_headers(client))
    assert health.status_code == 200 and health.json()["status"] == "DEGRADED"
    assert any("registry check failed" in r for r in health.json()["reasons"])


def test_a_tampered_new_version_is_refused_and_the_previous_one_serves(
        settings, store, keys, body, registry_dir):
    from functions.registry import LocalBlobStore
    from model_export.registry import RegistryWriter

    writer = RegistryWriter(LocalBlobStore(registry_dir / "models"))
    before = writer.production_version("sepsis")
    other = next(v for v in writer.versions("sepsis") if v != before)
    app = create_app(settings.model_copy(update={"alias_ttl_seconds": 0.0}), store=store)
    with TestClient(app, headers={"X-API-Key": keys["predictor"]}) as client:
        assert client.post("/predict/patient", json=body).json()["model_version"] == before
        model = registry_dir / "models" / "sepsis" / other / "model.onnx"
        model.write_bytes(model.read_bytes()[:-10] + b"tampered!!")
        writer.promote("sepsis", other)
        answer = client.post("/predict/patient", json=body)
        health = client.get("/health", headers=reviewer_headers(client)).json()
    assert answer.status_code == 200 and answer.json()["model_version"] == before
    assert health["status"] == "DEGRADED"
    assert any("sha256" in r for r in health["reasons"]), health["reasons"]


def test_two_promotions_at_once_leave_a_consistent_alias_with_its_whole_history(registry_dir):
    """Two promotions whose reads of the alias overlap (a slow store makes them overlap):
    both changes are in the history, none lost."""
    import shutil
    import time

    from functions.registry import LocalBlobStore
    from model_export.registry import RegistryWriter

    class SlowStore(LocalBlobStore):
        def get(self, key: str) -> bytes:
            data = super().get(key)
            if key.endswith("aliases/production.json"):
                time.sleep(0.3)  # read, then think: the window a concurrent write falls in
            return data

    models = registry_dir / "models" / "sepsis"
    writer = RegistryWriter(LocalBlobStore(registry_dir / "models"))
    first = writer.production_version("sepsis")
    other = next(v for v in writer.versions("sepsis") if v != first)
    third = "20991231-000000-deadbeef"
    shutil.copytree(models / other, models / third)
    start = writer.alias("sepsis")["history"]
    threads = [threading.Thread(target=lambda v=v: RegistryWriter(
        SlowStore(registry_dir / "models")).promote("sepsis", v)) for v in (other, third)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    alias = writer.alias("sepsis")
    history = [h["version"] for h in alias["history"]]
    assert len(history) == len(start) + 2, history
    assert history[-2] == first and {history[-1], alias["version"]} == {other, third}


def test_a_batch_store_that_cannot_be_written_is_a_clear_error_not_a_result(tmp_path):
    from functions.contracts.secom import Batch, predict_batch
    from functions.errors import VitrineError

    class ReadOnlyStore:
        def get(self, key, max_bytes=None):
            header = ",".join(str(i) for i in range(590))
            return (header + "\n" + ",".join("1" for _ in range(590)) + "\n").encode()

        def put(self, key, data):
            raise OSError(28, "No space left on device")

    class Model:
        threshold = 0.5

        def predict_proba(self, x):
            import numpy as np

            return np.tile([0.9, 0.1], (len(x), 1))

    with pytest.raises(VitrineError, match="cannot write the results") as exc:
        predict_batch(Batch(s3_key="in/lots.csv"), Model(), ReadOnlyStore())
    assert "No space" not in str(exc.value)  # the cause is logged, not shown to callers


@pytest.mark.parametrize("error", ["ProvisionedThroughputExceededException",
                                   "ResourceNotFoundException"])
def test_dynamodb_throttling_or_outage_never_fails_a_prediction(published_registry, body,
                                                                 monkeypatch, error):
    """The prediction log on DynamoDB (moto) throttles or disappears: predictions are still
    answered, each failed write is counted and shown in /health, and no record is left
    half-written (a failed put writes nothing)."""
    import boto3
    from botocore.exceptions import ClientError
    from moto import mock_aws

    from functions.auth import create_key
    from functions.settings import Settings
    from functions.stores.dynamodb import DynamoStore
    from tests.test_stores import make_tables

    with mock_aws():
        db = boto3.resource("dynamodb", region_name="eu-west-3")
        make_tables(db)
        store = DynamoStore("keys", "predictions", resource=db, feedback_table="feedback")
        key, _ = create_key(store, "predictor", "t")
        app = create_app(Settings(registry_dir=published_registry, usecases=["sepsis"]),
                         store=store)

        def failing_put(**kwargs):
            raise ClientError({"Error": {"Code": error, "Message": "simulated"}}, "PutItem")

        with TestClient(app, headers={"X-API-Key": key}) as client:
            ok = client.post("/predict/patient", json=body)
            assert ok.status_code == 200
            monkeypatch.setattr(store.predictions, "put_item", failing_put)
            answers = [client.post("/predict/patient", json=body) for _ in range(3)]
            health = client.get("/health", headers=reviewer_headers(client)).json()
        assert [a.status_code for a in answers] == [200, 200, 200]
        assert health["prediction_log"]["write_failures"] == 3
        assert error in health["prediction_log"]["last_error"]
        logged = db.Table("predictions").scan()["Items"]
        assert [i["prediction_id"] for i in logged] == [ok.json()["prediction_id"]]



def test_two_promotions_at_once_on_s3_both_land(monkeypatch):
    """The same race on S3 (moto): conditional writes make the slower writer start again
    from what the faster one left, so both promotions are in the history."""
    import time

    import boto3
    from moto import mock_aws

    from functions.registry import S3BlobStore
    from model_export.registry import RegistryWriter

    class SlowS3(S3BlobStore):
        def _read_tagged(self, key):
            out = super()._read_tagged(key)
            if key.endswith("aliases/production.json"):
                time.sleep(0.3)
            return out

    with mock_aws():
        client = boto3.client("s3", region_name="eu-west-3")
        client.create_bucket(Bucket="vitrine-reg", CreateBucketConfiguration={
            "LocationConstraint": "eu-west-3"})
        fast = RegistryWriter(S3BlobStore("vitrine-reg", client=client))
        for v in ("20260101-000000-aaaaaaaa", "20260102-000000-bbbbbbbb",
                  "20260103-000000-cccccccc"):
            fast.blobs.put(f"sepsis/{v}/manifest.json", b"{}")
        fast.promote("sepsis", "20260101-000000-aaaaaaaa")
        threads = [threading.Thread(target=lambda v=v: RegistryWriter(SlowS3(
            "vitrine-reg", client=client)).promote("sepsis", v))
            for v in ("20260102-000000-bbbbbbbb", "20260103-000000-cccccccc")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        alias = fast.alias("sepsis")
    history = [h["version"] for h in alias["history"]]
    assert history[0] == "20260101-000000-aaaaaaaa" and len(history) == 2, history
    assert {history[1], alias["version"]} == {"20260102-000000-bbbbbbbb",
                                              "20260103-000000-cccccccc"}


def test_a_locked_or_read_only_sqlite_log_never_fails_a_prediction(settings, store, keys,
                                                                   body):
    """Another process holds the database's write lock, then the file turns read-only:
    predictions are answered, the failed log writes are counted and named in /health, and
    the log holds only the predictions it could write, whole."""
    import sqlite3

    app = create_app(settings, store=store)
    with TestClient(app, headers={"X-API-Key": keys["predictor"]}) as client:
        first = client.post("/predict/patient", json=body).json()["prediction_id"]
        holder = sqlite3.connect(settings.sqlite_path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")  # another process writing, for longer than 5 s
        try:
            locked = client.post("/predict/patient", json=body)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        for db in (store._db, store._log_db):
            db.execute("PRAGMA query_only = ON")  # the file became read-only
        try:
            read_only = client.post("/predict/patient", json=body)
        finally:
            for db in (store._db, store._log_db):
                db.execute("PRAGMA query_only = OFF")
        health = client.get("/health", headers=reviewer_headers(client)).json()
        last = client.post("/predict/patient", json=body).json()["prediction_id"]
    assert locked.status_code == 200 and read_only.status_code == 200
    assert health["prediction_log"]["write_failures"] == 2
    assert "readonly" in health["prediction_log"]["last_error"]
    logged = {r.prediction_id for r in store.recent_predictions("sepsis", 10)}
    assert logged == {first, last}
