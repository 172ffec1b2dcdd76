"""The registry: local directory and S3 (moto) behind one interface."""

from __future__ import annotations

import json

import boto3
import pytest
from moto import mock_aws

from functions.errors import IntegrityError, RegistryError
from functions.models import ModelCache
from functions.registry import LocalBlobStore, S3BlobStore
from model_export.registry import PublishRefused, RegistryWriter

PASSED = {"parity": {"passed": True, "max_abs_diff": 1e-7, "label_agreement": 1.0}}


@pytest.fixture(params=["local", "s3"])
def writer(request, tmp_path):
    if request.param == "local":
        yield RegistryWriter(LocalBlobStore(tmp_path / "models"))
        return
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-west-3")
        s3.create_bucket(Bucket="vitrine-models",
                         CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
        yield RegistryWriter(S3BlobStore("vitrine-models", "models", client=s3))


def test_publish_list_promote_rollback(writer):
    v1 = writer.publish("sepsis", b"model-one", {"threshold": 0.5, **PASSED})
    v2 = writer.publish("sepsis", b"model-two", {"threshold": 0.4, **PASSED})
    assert writer.versions("sepsis") == sorted([v1, v2])
    assert writer.production_version("sepsis") is None
    writer.promote("sepsis", v1)
    writer.promote("sepsis", v2)
    assert writer.production_version("sepsis") == v2
    alias = writer.rollback("sepsis")
    assert alias["version"] == v1 and alias["rolled_back_from"] == v2
    with pytest.raises(RegistryError, match="no earlier production version"):
        writer.rollback("sepsis")
    data, manifest = writer.load("sepsis", v1)
    assert data == b"model-one" and manifest["threshold"] == 0.5
    assert manifest["artifact"]["bytes"] == len(b"model-one")


def test_same_artifact_from_the_same_run_adds_no_version(writer):
    v1 = writer.publish("sepsis", b"same", {**PASSED, "run_id": "r1"})
    assert writer.publish("sepsis", b"same", {**PASSED, "run_id": "r1"}) == v1
    assert writer.versions("sepsis") == [v1]
    import time

    time.sleep(1.01)  # version ids have one-second resolution
    v2 = writer.publish("sepsis", b"same", {**PASSED, "run_id": "r2"})
    assert v2 != v1 and writer.manifest("sepsis", v2)["run_id"] == "r2"


def test_a_failed_parity_certificate_is_refused(writer):
    bad = {"parity": {"passed": False, "max_abs_diff": 0.02, "label_agreement": 0.97}}
    with pytest.raises(PublishRefused, match="max \\|p_onnx - p_native\\| = 0.02"):
        writer.publish("sepsis", b"model", bad)
    with pytest.raises(PublishRefused):
        writer.publish("sepsis", b"model", {})
    assert writer.versions("sepsis") == []


def test_promoting_an_unknown_version_changes_nothing(writer):
    v1 = writer.publish("sepsis", b"m", dict(PASSED))
    writer.promote("sepsis", v1)
    with pytest.raises(RegistryError, match="has no version 'nope'"):
        writer.promote("sepsis", "nope")
    assert writer.production_version("sepsis") == v1


def test_a_corrupted_artifact_is_refused(writer):
    v1 = writer.publish("sepsis", b"original", dict(PASSED))
    writer.blobs.put(f"sepsis/{v1}/model.onnx", b"tampered")
    with pytest.raises(IntegrityError, match="refusing a corrupted artifact"):
        writer.load("sepsis", v1)


def test_model_cache_refuses_corrupted_production_model(registry_dir):
    writer = RegistryWriter(LocalBlobStore(registry_dir / "models"))
    version = writer.production_version("sepsis")
    path = registry_dir / "models" / "sepsis" / version / "model.onnx"
    path.write_bytes(path.read_bytes()[:-10])
    cache = ModelCache(writer)
    with pytest.raises(Exception, match="corrupted artifact"):
        cache.get("sepsis")
    assert cache.status("sepsis")["loaded"] is False


def test_manifest_records_what_the_issue_asks(published_registry):
    writer = RegistryWriter(LocalBlobStore(published_registry / "models"))
    m = writer.manifest("sepsis", writer.production_version("sepsis"))
    for key in ("usecase", "version", "created_at", "git_commit", "libraries", "artifact",
                "input_schema", "metrics", "threshold", "parity", "profile", "training_data"):
        assert key in m, key
    assert m["parity"]["passed"] and m["parity"]["max_abs_diff"] <= 1e-4
    assert m["parity"]["label_agreement"] == 1.0
    fields = {f["name"]: f for f in m["input_schema"]["fields"]}
    assert fields["HR"]["unit"] == "beats/min" and fields["HR"]["max"] == 300
    assert len(m["profile"]["features"]) == len(m["input_schema"]["feature_names"])
    assert {"auroc", "auprc", "utility", "sensitivity", "specificity"} <= set(m["metrics"]["test"])
    assert json.dumps(m)  # plain JSON all through
