"""The synthesized stacks created in moto's CloudFormation, then used for a prediction."""

from __future__ import annotations

import importlib
import json

import boto3
import pytest
from moto import mock_aws

from functions.settings import get_settings
from infra.moto_deploy import deploy, strip_for_moto
from tests.conftest import load_event

REGION = "us-east-1"


def test_strip_replaces_references_to_removed_resources():
    template = {"Resources": {
        "Api": {"Type": "AWS::ApiGatewayV2::Api", "Properties": {}},
        "Fn": {"Type": "AWS::Lambda::Function", "DependsOn": ["Api"],
               "Properties": {"Environment": {"Variables": {"A": {"Ref": "Api"}}}}},
    }, "Outputs": {"Url": {"Value": {"Fn::GetAtt": ["Api", "ApiEndpoint"]}}}}
    out, stripped = strip_for_moto(template)
    assert stripped == ["AWS::ApiGatewayV2::Api"]
    assert set(out["Resources"]) == {"Fn"} and "DependsOn" not in out["Resources"]["Fn"]
    assert out["Resources"]["Fn"]["Properties"]["Environment"]["Variables"]["A"] == "stripped-Api"
    assert out["Outputs"]["Url"]["Value"] == "stripped-Api-ApiEndpoint"


@pytest.fixture
def deployed(synthesized, monkeypatch):
    stacks, assembly, config = synthesized
    for k, v in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                 "AWS_DEFAULT_REGION": REGION}.items():
        monkeypatch.setenv(k, v)
    with mock_aws():
        session = boto3.Session(region_name=REGION)
        results = deploy(assembly, [s.artifact_id for s in stacks.all()], session)
        yield session, results


def test_every_stack_reaches_create_complete(deployed):
    _, results = deployed
    for stack_id, result in results.items():
        assert result["status"] == "CREATE_COMPLETE", (stack_id, result["reason"])
    kinds = {t for r in results.values() for t, _ in r["resources"].values()}
    assert {"AWS::S3::Bucket", "AWS::DynamoDB::Table", "AWS::Lambda::Function",
            "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::Logs::LogGroup",
            "AWS::SNS::Topic", "AWS::EC2::VPC", "AWS::ECS::Cluster", "AWS::ECS::Service",
            "AWS::ECS::TaskDefinition", "AWS::ElasticLoadBalancingV2::LoadBalancer",
            "AWS::StepFunctions::StateMachine", "AWS::Events::Rule"} <= kinds
    core = {"AWS::S3::Bucket", "AWS::DynamoDB::Table", "AWS::Lambda::Function", "AWS::IAM::Role"}
    assert all(pid for r in results.values() for t, pid in r["resources"].values() if t in core)
    assert {"AWS::ApiGatewayV2::Route", "AWS::ApiGatewayV2::Authorizer"} <= set(
        results["Api"]["stripped"])
    # The container's HTTPS listener and its redirect, on a stand-in for the certificate.
    listeners = [t for t, _ in results["Container"]["resources"].values()
                 if t == "AWS::ElasticLoadBalancingV2::Listener"]
    assert len(listeners) == 2


def test_deployed_function_serves_a_model_published_to_the_deployed_bucket(
        deployed, published_registry, patient_body, monkeypatch):
    session, results = deployed
    functions = [pid for t, pid in results["Api"]["resources"].values()
                 if t == "AWS::Lambda::Function"]
    lam = session.client("lambda")
    configs = [lam.get_function_configuration(FunctionName=f) for f in functions]
    env = next(c["Environment"]["Variables"] for c in configs
               if c["Environment"]["Variables"].get("VITRINE_USECASES") == '["sepsis"]')
    bucket = env["VITRINE_MODEL_BUCKET"]
    assert bucket.startswith("vitrine-test-registry-")
    s3 = session.client("s3")
    for path in (published_registry / "models").rglob("*"):
        if path.is_file():
            s3.upload_file(str(path), bucket, path.relative_to(published_registry).as_posix())

    from functions.auth import create_key
    from functions.stores.dynamodb import DynamoStore

    store = DynamoStore(env["VITRINE_KEYS_TABLE"], env["VITRINE_PREDICTIONS_TABLE"],
                        resource=session.resource("dynamodb"))
    key, record = create_key(store, "predictor", "moto")
    # API Gateway's authorizer, with its own deployed environment, lets the key through.
    [authorizer_env] = [c["Environment"]["Variables"] for c in configs
                        if c["Handler"] == "functions.authorizer.handler"]
    assert authorizer_env["VITRINE_KEYS_TABLE"] == env["VITRINE_KEYS_TABLE"]
    from functions import authorizer
    from tests.infra.test_authorizer import authorizer_event

    for k, v in authorizer_env.items():
        monkeypatch.setenv(k, v)
    authorizer._verifier.cache_clear()
    assert authorizer.handler(authorizer_event(key), None) == {
        "isAuthorized": True, "context": {"key_id": record.key_id, "role": "predictor"}}
    authorizer._verifier.cache_clear()
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    get_settings.cache_clear()
    import functions.handler

    handler = importlib.reload(functions.handler).handler
    resp = handler(load_event("apigw_v2_predict.json", api_key=key,
                              body=json.dumps(patient_body)), None)
    assert resp["statusCode"] == 200, resp["body"]
    answer = json.loads(resp["body"])
    [logged] = store.recent_predictions("sepsis")
    assert logged.prediction_id == answer["prediction_id"]
    get_settings.cache_clear()
