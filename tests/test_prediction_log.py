"""The prediction log under concurrency: group commit, nothing lost, one bad record costs
only itself; and `vitrine serve --workers N` answers without Nagle's delay."""

from __future__ import annotations

import asyncio
import http.client
import socket
import threading
import time

import boto3
import httpx
import pytest
from moto import mock_aws

from functions.logwriter import PredictionLog
from functions.stores.dynamodb import DynamoStore
from functions.stores.sqlite import SQLiteStore
from tests.test_stores import make_tables, record


def test_concurrent_predictions_share_commits_and_every_answer_is_logged(settings, store,
                                                                         keys, body):
    from functions.app import create_app

    app = create_app(settings, store=store)

    async def burst() -> list[dict]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t",
                                     headers={"X-API-Key": keys["predictor"]}) as c:
            answers = await asyncio.gather(*(c.post("/predict/patient", json=body)
                                             for _ in range(60)))
        return [a.json() for a in answers if a.status_code == 200]

    answered = asyncio.run(burst())
    assert len(answered) == 60
    logged = {r.prediction_id for r in store.recent_predictions("sepsis", limit=100)}
    assert {a["prediction_id"] for a in answered} <= logged
    writer = app.state.services.prediction_log
    assert writer.records == 60
    assert writer.batches < 60  # requests waiting at once went out in shared commits


def test_a_failing_batch_is_written_record_by_record_and_only_the_bad_one_is_lost(tmp_path):
    store = SQLiteStore(tmp_path / "log.db")
    store.log_prediction(record(1))  # already there: its id again is refused
    failures: list[Exception] = []
    writer = PredictionLog(store, failures.append)
    outcomes = writer._store([record(2), record(1), record(3)])
    assert outcomes == [True, False, True]
    assert len(failures) == 1 and "UNIQUE" in str(failures[0])
    assert {r.prediction_id for r in store.recent_predictions("sepsis")} == {"id1", "id2",
                                                                            "id3"}
    [first] = [r for r in store.recent_predictions("sepsis") if r.prediction_id == "id1"]
    assert first == record(1)  # what was stored before is untouched


def test_a_sqlite_batch_is_one_transaction_all_or_nothing(tmp_path):
    store = SQLiteStore(tmp_path / "log.db")
    with pytest.raises(Exception, match="UNIQUE"):
        store.log_predictions([record(1), record(2), record(1)])
    assert store.recent_predictions("sepsis") == []
    store.log_predictions([record(i) for i in range(40)])
    assert len(store.recent_predictions("sepsis", limit=100)) == 40


def test_dynamodb_batches_hold_every_record(monkeypatch):
    with mock_aws():
        db = boto3.resource("dynamodb", region_name="eu-west-3")
        make_tables(db)
        store = DynamoStore("keys", "predictions", resource=db, feedback_table="feedback",
                            audit_table="audit")
        store.log_predictions([record(i) for i in range(60)])  # three BatchWriteItem calls
        assert len(store.recent_predictions("sepsis", limit=100)) == 60


def test_worker_connections_have_nagle_off_even_on_a_protocol_0_socket():
    """uvicorn --workers binds socket.socket(AF_INET) (protocol 0), on which asyncio leaves
    Nagle on; vitrine serve's protocol turns it off for every connection."""
    import uvicorn

    from vitrine.serving import NoDelayH11Protocol

    seen: list[int] = []

    class Spy(NoDelayH11Protocol):
        def connection_made(self, transport):
            super().connection_made(transport)
            seen.append(transport.get_extra_info("socket").getsockopt(
                socket.IPPROTO_TCP, socket.TCP_NODELAY))

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    sock = socket.socket(socket.AF_INET)  # as uvicorn's Config.bind_socket makes it
    assert sock.proto == 0
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, http=Spy, log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/")
        assert conn.getresponse().read() == b"ok"
        conn.close()
    finally:
        server.should_exit = True
        thread.join(10)
    assert seen and all(v != 0 for v in seen)


def test_the_event_loop_keeps_serving_while_another_process_holds_the_log(settings, store,
                                                                         keys, body):
    """SQLite commits run on the event loop, but never wait there: while another process
    holds the write lock, /health answers before the prediction waiting for the file, and
    that prediction is logged once the lock is gone."""
    import sqlite3

    from functions.app import create_app

    app = create_app(settings, store=store)
    holder = sqlite3.connect(settings.sqlite_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    finished: list[str] = []

    async def scenario() -> dict:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t",
                                     headers={"X-API-Key": keys["predictor"]}) as c:
            async def predict() -> dict:
                answer = await c.post("/predict/patient", json=body)
                finished.append("predict")
                return answer.json()

            async def health_then_release() -> None:
                await asyncio.sleep(0.2)  # the prediction is waiting for the file by now
                assert (await c.get("/health")).status_code == 200
                finished.append("health")
                holder.execute("ROLLBACK")

            answer, _ = await asyncio.gather(predict(), health_then_release())
            return answer

    try:
        answer = asyncio.run(scenario())
    finally:
        holder.close()
    assert finished == ["health", "predict"]
    assert store.get_prediction("sepsis", answer["prediction_id"]) is not None
    assert app.state.services.prediction_log.on_loop  # SQLite: the loop's own commits


def test_a_batch_the_loop_cannot_write_at_once_goes_to_the_writer_thread(tmp_path):
    store = SQLiteStore(tmp_path / "log.db")
    import sqlite3

    holder = sqlite3.connect(tmp_path / "log.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert store.log_predictions_now([record(1)]) is False  # refused, not waited for
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert store.recent_predictions("sepsis") == []
    assert store.log_predictions_now([record(1), record(2)]) is True
    assert len(store.recent_predictions("sepsis")) == 2
