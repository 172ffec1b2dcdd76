"""What Powertools would give, kept hand-written (docs/architecture.md, "Powertools"): EMF
lines CloudWatch turns into metrics, a correlation id in every answer and log line, and a
client's retried feedback that changes nothing."""

from __future__ import annotations

import importlib
import io
import json
import logging
import re
from types import SimpleNamespace

import pytest

from functions import correlation, metrics
from functions.auth import create_key
from functions.errors import VitrineError
from functions.settings import get_settings
from tests.conftest import load_event

# The units CloudWatch accepts (PutMetricData's StandardUnit).
UNITS = {"Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes",
         "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits",
         "Percent", "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second",
         "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second",
         "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None"}


def emf_problems(doc: dict) -> list[str]:
    """What would make CloudWatch drop an EMF document or a metric of it (the embedded
    metric format's specification)."""
    problems = []
    meta = doc.get("_aws", {})
    if not isinstance(meta.get("Timestamp"), int):
        problems.append("Timestamp is not epoch milliseconds")
    for directive in meta.get("CloudWatchMetrics", []) or [None]:
        if not directive or not re.fullmatch(r"[^:].{0,254}", directive.get("Namespace", "")):
            problems.append("no Namespace")
            continue
        for dims in directive["Dimensions"]:
            if len(dims) > 30:
                problems.append("over 30 dimensions")
            problems += [f"dimension {d} is not a string member" for d in dims
                         if not isinstance(doc.get(d), str)]
        if not 1 <= len(directive["Metrics"]) <= 100:
            problems.append("not 1 to 100 metrics")
        for m in directive["Metrics"]:
            if m.get("Unit", "None") not in UNITS:
                problems.append(f"{m['Name']}: unit {m.get('Unit')}")
            if not isinstance(doc.get(m["Name"]), int | float):
                problems.append(f"{m['Name']}: no number")
    return problems


@pytest.mark.parametrize("variant", [None, "candidate"])
def test_emf_line_has_what_cloudwatch_needs(variant):
    out = io.StringIO()
    line = metrics.emf("sepsis", {"Predictions": (1, "Count"),
                                  "PredictionLatency": (2.5, "Milliseconds"),
                                  "DriftedShare": (0.1, "None")}, out=out, variant=variant)
    assert out.getvalue() == line + "\n" and "\n" not in line  # one line: one log event
    doc = json.loads(line)
    assert emf_problems(doc) == []
    [directive] = doc["_aws"]["CloudWatchMetrics"]
    assert directive["Namespace"] == metrics.NAMESPACE == "Vitrine"
    assert directive["Dimensions"] == [["UseCase", "Variant"] if variant else ["UseCase"]]
    assert {m["Name"]: m["Unit"] for m in directive["Metrics"]} == {
        "Predictions": "Count", "PredictionLatency": "Milliseconds", "DriftedShare": "None"}
    assert (doc["UseCase"], doc.get("Variant"), doc["PredictionLatency"]) == ("sepsis",
                                                                              variant, 2.5)


def test_emf_line_reads_as_powertools_would_write_it():
    """Powertools' own serializer, as an oracle: the same namespace, dimension set, units and
    values (where the package is installed: it is no serving dependency)."""
    powertools = pytest.importorskip("aws_lambda_powertools.metrics")
    ours = json.loads(metrics.emf("tep", {"VariantRequests": (1, "Count"),
                                          "VariantLatency": (3.25, "Milliseconds")},
                                  out=io.StringIO(), variant="production"))
    theirs_metrics = powertools.EphemeralMetrics(namespace="Vitrine")
    theirs_metrics.add_dimension("UseCase", "tep")
    theirs_metrics.add_dimension("Variant", "production")
    theirs_metrics.add_metric("VariantRequests", "Count", 1)
    theirs_metrics.add_metric("VariantLatency", "Milliseconds", 3.25)
    theirs = theirs_metrics.serialize_metric_set()

    def shape(doc: dict) -> dict:
        [d] = doc["_aws"]["CloudWatchMetrics"]
        return {"namespace": d["Namespace"], "dimensions": [sorted(x) for x in d["Dimensions"]],
                "units": {m["Name"]: m["Unit"] for m in d["Metrics"]},
                "values": {k: doc[k] for k in ("UseCase", "Variant")} | {
                    # EMF takes a number or an array of them: Powertools writes arrays
                    k: [doc[k]] if isinstance(doc[k], int | float) else doc[k]
                    for k in ("VariantRequests", "VariantLatency")}}

    assert shape(ours) == shape(theirs)


@pytest.fixture
def lambda_handler(settings, store, monkeypatch):
    """functions.handler as Lambda imports it (JSON log lines on), its stdout a buffer."""
    logs = io.StringIO()
    monkeypatch.setenv("VITRINE_REGISTRY_DIR", str(settings.registry_dir))
    monkeypatch.setenv("VITRINE_SQLITE_PATH", str(settings.sqlite_path))
    monkeypatch.setenv("VITRINE_USECASES", '["sepsis"]')
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "vitrine-sepsis")
    monkeypatch.setattr("sys.stdout", logs)  # configure() writes where stdout is at import
    get_settings.cache_clear()
    import functions.handler

    module = importlib.reload(functions.handler)
    module.logs = logs
    yield module
    vitrine = logging.getLogger("vitrine")
    for handler in [h for h in vitrine.handlers if isinstance(h.formatter,
                                                                correlation.JsonLines)]:
        vitrine.removeHandler(handler)
    vitrine.propagate = True
    vitrine.setLevel(logging.NOTSET)
    get_settings.cache_clear()


def test_a_failed_request_answers_the_id_its_log_line_carries(lambda_handler, store,
                                                              monkeypatch):
    """On Lambda: API Gateway's request id comes back in X-Request-Id, and the error's
    JSON log line carries it, with the Lambda request id and the X-Ray trace id."""
    reviewer, _ = create_key(store, "reviewer", "r")
    event = load_event("apigw_v2_predict.json", api_key=reviewer,
                       body=json.dumps({"prediction_id": "p1", "label": "Positive"}))
    event["rawPath"] = event["requestContext"]["http"]["path"] = "/sepsis/feedback"
    services = lambda_handler.app.state.services

    def broken(*_):
        raise VitrineError("the store broke")

    monkeypatch.setattr(services.store, "get_prediction", broken)
    monkeypatch.setenv("_X_AMZN_TRACE_ID", "Root=1-6740a1b2-0a1b2c3d;Parent=53995c3f;Sampled=1")
    answer = lambda_handler.handler(event, SimpleNamespace(aws_request_id="lambda-req-1"))
    assert answer["statusCode"] == 500
    assert answer["headers"]["x-request-id"] == "CxKl2hXYCGkEJbQ="  # requestContext.requestId
    [line] = [json.loads(x) for x in lambda_handler.logs.getvalue().splitlines()
              if x.startswith("{") and '"level"' in x]
    assert line["level"] == "ERROR" and "the store broke" in line["message"]
    assert line["correlation_id"] == "CxKl2hXYCGkEJbQ="
    assert line["lambda_request_id"] == "lambda-req-1"
    assert line["xray_trace_id"] == "1-6740a1b2-0a1b2c3d"


def test_scheduled_event_log_lines_carry_the_lambda_request_id(lambda_handler, monkeypatch):
    services = lambda_handler.app.state.services
    monkeypatch.setattr(services, "monitor_all",
                        lambda: logging.getLogger("vitrine").warning("checked") or {})
    lambda_handler.handler({"vitrine": "monitor"}, SimpleNamespace(aws_request_id="sched-1"))
    [line] = [json.loads(x) for x in lambda_handler.logs.getvalue().splitlines()
              if '"checked"' in x]
    assert line["correlation_id"] == line["lambda_request_id"] == "sched-1"


def test_local_answers_carry_a_request_id(client):
    """Off AWS: a fresh id, or the client's own when it is a plain token (it goes into log
    lines, so nothing else is taken from a caller)."""
    fresh = client.get("/health").headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", fresh)
    assert client.get("/health").headers["x-request-id"] != fresh
    sent = client.get("/health", headers={"X-Request-Id": "front-42.a:b"})
    assert sent.headers["x-request-id"] == "front-42.a:b"
    for bad in ("a b", "x" * 65, "{\"level\":\"ERROR\"}"):
        got = client.get("/health", headers={"X-Request-Id": bad}).headers["x-request-id"]
        assert re.fullmatch(r"[0-9a-f]{32}", got)
    too_large = client.post("/predict/patient", content=b"{" * 10_000_000)
    assert too_large.status_code == 422 and "x-request-id" in too_large.headers


def test_a_page_on_another_origin_may_read_the_request_id(settings, store):
    from fastapi.testclient import TestClient

    from functions.app import create_app

    app = create_app(settings.model_copy(update={"cors_origins": ["https://site.example"]}),
                     store=store, warm=False)
    answer = TestClient(app).get("/health", headers={"Origin": "https://site.example"})
    assert "x-request-id" in answer.headers["access-control-expose-headers"].lower()


def test_feedback_retried_by_a_client_gets_the_same_answer_and_one_label(client, body):
    """A retry after a lost answer: the same answer, one stored label, its first time."""
    reviewer, _ = create_key(client.app.state.services.store, "reviewer", "r")
    answer = client.post("/predict/patient", json=body).json()
    feedback = {"prediction_id": answer["prediction_id"], "label": answer["prediction"]}
    first = client.post("/sepsis/feedback", json=feedback, headers={"X-API-Key": reviewer})
    [stored] = client.app.state.services.store.list_feedback("sepsis")
    again = client.post("/sepsis/feedback", json=feedback, headers={"X-API-Key": reviewer})
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json() and first.json()["correct"] is True
    assert client.app.state.services.store.list_feedback("sepsis") == [stored]
