"""SnapStart's hooks (functions/snapstart.py), fired by a stand-in for the Lambda runtime's
``snapshot_restore_py``: what a snapshot holds, and what each restored copy renews."""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import types

import pytest
from fastapi.testclient import TestClient

from functions import snapstart


@pytest.fixture
def runtime(monkeypatch):
    """The runtime's module, recording the hooks it is given; ``fire`` runs them."""
    hooks: dict[str, list] = {"before": [], "after": []}
    module = types.ModuleType("snapshot_restore_py")
    module.register_before_snapshot = lambda f: hooks["before"].append(f)
    module.register_after_restore = lambda f: hooks["after"].append(f)
    monkeypatch.setitem(sys.modules, "snapshot_restore_py", module)

    def fire(which: str) -> None:
        for f in hooks[which]:
            f()

    hooks["fire"] = fire
    return hooks


@pytest.fixture
def served(registry_dir, tmp_path, store, keys):
    """A sepsis server whose alias would not be read again for an hour on its own."""
    from functions.app import create_app
    from functions.settings import Settings

    settings = Settings(registry_dir=registry_dir, sqlite_path=tmp_path / "vitrine.db",
                        usecases=["sepsis"], alias_ttl_seconds=3600)
    app = create_app(settings, store=store)
    with TestClient(app, headers={"X-API-Key": keys["predictor"]}) as client:
        client.services = app.state.services
        yield client


def test_without_the_runtime_nothing_is_registered(monkeypatch, served):
    monkeypatch.setitem(sys.modules, "snapshot_restore_py", None)  # import fails
    assert snapstart.register(served.services) is False


def test_before_the_snapshot_every_model_has_run_once(runtime, served):
    assert snapstart.register(served.services) is True
    assert len(runtime["before"]) == 1 and len(runtime["after"]) == 1
    assert snapstart.prime(served.services) == ["sepsis"]


def test_a_copy_restored_after_a_promotion_serves_the_new_production(
        runtime, served, registry_dir, patient_body):
    from functions.registry import LocalBlobStore
    from model_export.registry import RegistryWriter

    snapstart.register(served.services)
    runtime["fire"]("before")  # the snapshot is taken with the version of publish time
    first = served.post("/predict/patient", json=patient_body).json()["model_version"]
    writer = RegistryWriter(LocalBlobStore(registry_dir / "models"))
    other = next(v for v in writer.versions("sepsis") if v != first)
    writer.promote("sepsis", other)  # days later, another version goes to production
    # Without a restore, the alias is not read again for an hour (the counter-test).
    assert served.post("/predict/patient", json=patient_body).json()["model_version"] == first
    runtime["fire"]("after")  # a copy restored from the snapshot
    assert served.post("/predict/patient", json=patient_body).json()["model_version"] == other


def test_two_restored_copies_draw_their_own_numbers_and_ids(runtime, served, patient_body):
    import numpy as np

    """Two processes resumed from one memory image (fork stands in for two restores): with
    the hook, their random draws and prediction ids differ; without it, the draws match."""
    snapstart.register(served.services)

    def copies(restore: bool) -> list[dict]:
        random.seed(1234)  # whatever state the snapshot holds
        np.random.seed(1234)
        seen = []
        for _ in range(2):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # a restored copy
                os.close(read)
                signal.alarm(30)  # a copy that hangs dies: the test fails, CI does not wait
                try:
                    if restore:
                        runtime["fire"]("after")

                    # The service itself: the test client's event loop thread does not
                    # survive a fork.
                    uc = served.services.usecases[0]
                    endpoint = uc.endpoint("/predict/patient")
                    answer, _, _, _ = served.services.answer(
                        uc, endpoint, endpoint.request.model_validate(patient_body))
                    out = {"random": random.random(), "numpy": float(np.random.random()),
                           "id": answer.prediction_id}
                    os.write(write, json.dumps(out).encode())
                finally:
                    os._exit(0)
            os.close(write)
            with os.fdopen(read) as f:
                seen.append(json.loads(f.read()))
            os.waitpid(pid, 0)
        return seen

    restored = copies(restore=True)
    assert restored[0]["random"] != restored[1]["random"]
    assert restored[0]["numpy"] != restored[1]["numpy"]
    assert restored[0]["id"] != restored[1]["id"]
    unrestored = copies(restore=False)
    # What the hook is for: NumPy's state is copied as it is. (Python's ``random`` reseeds
    # itself in a forked child, which a SnapStart restore is not: there, only the hook
    # renews it.)
    assert unrestored[0]["numpy"] == unrestored[1]["numpy"]


def test_a_restored_copy_gets_fresh_aws_clients():
    from functions.registry import S3BlobStore
    from functions.stores.dynamodb import DynamoStore

    os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-3")
    s3 = S3BlobStore("bucket")
    db = DynamoStore("keys", "predictions")
    before = (s3.client, db.keys)
    s3.reconnect()
    db.reconnect()
    assert s3.client is not before[0] and db.keys is not before[1]
    given = object()
    mine = S3BlobStore("bucket", client=given)
    mine.reconnect()  # a client the caller passed in stays the caller's
    assert mine.client is given
