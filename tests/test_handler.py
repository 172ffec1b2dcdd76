"""The Lambda handler (Mangum around the app) with recorded API Gateway events."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys

import boto3
import pytest
from moto import mock_aws

from functions.auth import create_key
from functions.settings import get_settings
from tests.conftest import load_event
from tests.test_stores import make_tables


@pytest.fixture
def handler_module(settings, store, keys, monkeypatch):
    monkeypatch.setenv("VITRINE_REGISTRY_DIR", str(settings.registry_dir))
    monkeypatch.setenv("VITRINE_SQLITE_PATH", str(settings.sqlite_path))
    monkeypatch.setenv("VITRINE_USECASES", '["sepsis"]')
    get_settings.cache_clear()
    import functions.handler

    module = importlib.reload(functions.handler)
    yield module
    get_settings.cache_clear()


def call(handler, name, **fill):
    resp = handler(load_event(name, **fill), None)
    return resp["statusCode"], json.loads(resp["body"]) if resp.get("body") else None


@pytest.mark.parametrize("event", ["apigw_v2_predict.json", "apigw_v1_predict.json"])
def test_predict_through_api_gateway_events(handler_module, keys, patient_body, event):
    status, body = call(handler_module.handler, event, api_key=keys["predictor"],
                        body=json.dumps(patient_body))
    assert status == 200, body
    assert body["prediction"] in ("Positive", "Negative") and body["model_version"]


def test_health_event(handler_module):
    status, body = call(handler_module.handler, "apigw_v2_health.json")
    assert status == 200 and body["status"] == "OK"


def test_422_and_401_through_events(handler_module, keys, body):
    body["vitals"]["DBP"] = 200
    status, answer = call(handler_module.handler, "apigw_v2_predict.json",
                          api_key=keys["predictor"], body=json.dumps(body))
    assert status == 422 and answer["detail"][0]["field"] == "vitals.DBP"
    status, _ = call(handler_module.handler, "apigw_v1_predict.json", api_key="",
                     body=json.dumps(body))
    assert status == 401


def test_handler_on_aws_backends(published_registry, patient_body, monkeypatch):
    """S3 registry + DynamoDB tables (moto): the configuration a deployed Lambda uses."""
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-west-3")
        s3.create_bucket(Bucket="models-bucket",
                         CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
        for path in (published_registry / "models").rglob("*"):
            if path.is_file():
                s3.upload_file(str(path), "models-bucket",
                               path.relative_to(published_registry).as_posix())
        db = boto3.resource("dynamodb", region_name="eu-west-3")
        make_tables(db)
        env = {"VITRINE_REGISTRY": "s3", "VITRINE_MODEL_BUCKET": "models-bucket",
               "VITRINE_STORE": "dynamodb", "VITRINE_KEYS_TABLE": "keys",
               "VITRINE_PREDICTIONS_TABLE": "predictions", "AWS_DEFAULT_REGION": "eu-west-3",
               "VITRINE_USECASES": '["sepsis"]'}
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        get_settings.cache_clear()
        from functions.stores.dynamodb import DynamoStore

        store = DynamoStore("keys", "predictions", resource=db)
        plaintext, _ = create_key(store, "predictor", "t")
        reviewer, _ = create_key(store, "reviewer", "r")
        import functions.handler

        module = importlib.reload(functions.handler)
        status, body = call(module.handler, "apigw_v2_predict.json", api_key=plaintext,
                            body=json.dumps(patient_body))
        assert status == 200, body
        items = db.Table("predictions").scan()["Items"]
        assert [i["prediction_id"] for i in items] == [body["prediction_id"]]
        status, health = call(module.handler, "apigw_v2_health.json")
        assert status == 200 and health == {"status": "OK"}  # no bucket without a key
        event = load_event("apigw_v2_health.json")
        event["headers"]["x-api-key"] = reviewer
        answer = module.handler(event, None)
        health = json.loads(answer["body"])
        assert answer["statusCode"] == 200 and health["registry"] == "s3://models-bucket/models"
    get_settings.cache_clear()


def test_serving_imports_only_the_runtime_set(tmp_path):
    """A fresh interpreter importing the Lambda handler loads no training package."""
    code = (
        "import sys, functions.handler\n"
        "bad = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'sklearn', 'pandas', 'xgboost', 'torch', 'training', 'model_export', 'skl2onnx', "
        "'scipy', 'matplotlib'})\n"
        "print(','.join(bad))\n"
    )
    env = {**os.environ, "VITRINE_REGISTRY_DIR": str(tmp_path), "VITRINE_SQLITE_PATH":
           str(tmp_path / "db.sqlite")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         check=True)
    assert out.stdout.strip() == ""


def test_a_use_case_function_leaves_the_keys_router_out(tmp_path):
    """/keys is routed to the platform function alone (infra/stacks/api.py): a use case's
    function (VITRINE_SERVES_KEYS=false) neither routes nor imports it; the default does."""
    code = (
        "import json, sys, functions.handler as h\n"
        "paths = sorted({r.path for r in h.app.router.routes if hasattr(r, 'path')} |"
        " {s.path for r in h.app.router.routes for s in getattr(getattr(r, 'original_router',"
        " None), 'routes', [])})\n"
        "print(json.dumps([any(p.startswith('/keys') for p in paths),"
        " 'functions.routers.keys' in sys.modules, '/predict/patient' in paths]))\n"
    )

    def served(**extra: str) -> list[bool]:
        env = {**os.environ, "VITRINE_REGISTRY_DIR": str(tmp_path), "VITRINE_USECASES":
               '["sepsis"]', "VITRINE_SQLITE_PATH": str(tmp_path / "db.sqlite"), **extra}
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env=env, check=True)
        return json.loads(out.stdout.strip().splitlines()[-1])

    assert served(VITRINE_SERVES_KEYS="false") == [False, False, True]
    assert served() == [True, True, True]


def test_lambda_emits_prediction_metrics_as_emf(handler_module, keys, patient_body, monkeypatch,
                                                capsys):
    from functions import metrics

    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "vitrine-sepsis")
    monkeypatch.setattr(metrics, "_cold", True)
    for _ in range(2):
        call(handler_module.handler, "apigw_v2_predict.json", api_key=keys["predictor"],
             body=json.dumps(patient_body))
    docs = [json.loads(line) for line in capsys.readouterr().out.splitlines()
            if line.startswith('{"_aws"')]
    assert [d["Predictions"] for d in docs] == [1, 1]
    assert [d.get("ColdStarts") for d in docs] == [1, None]
    assert docs[0]["UseCase"] == "sepsis"
    assert docs[0]["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "Vitrine"


def test_scheduled_monitor_event_reports_each_usecase(handler_module, keys, patient_body,
                                                      capsys, monkeypatch):
    """EventBridge's {"vitrine": "monitor"}: the report runs and its metrics go out as EMF."""
    for _ in range(3):
        call(handler_module.handler, "apigw_v2_predict.json", api_key=keys["predictor"],
             body=json.dumps(patient_body))
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "vitrine-test-sepsis")
    capsys.readouterr()
    out = handler_module.handler({"vitrine": "monitor"}, None)
    assert out == {"sepsis": {"drift": "insufficient_data", "performance": "insufficient_data",
                              "retraining": None}}
    [line] = [json.loads(x) for x in capsys.readouterr().out.splitlines() if '"_aws"' in x]
    assert line["UseCase"] == "sepsis" and line["MonitoredRows"] == 3
    assert "DriftedFeatures" not in line  # no figure from 3 rows
