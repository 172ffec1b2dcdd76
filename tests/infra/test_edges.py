"""The edges on AWS, as the templates hold them: a key at the gateway (Lambda authorizer) on
every route that needs one, each function held to its own DynamoDB partitions and registry
prefixes, and the container variant on HTTPS only (or not deployed at all)."""

from __future__ import annotations

import json

from aws_cdk.assertions import Template

from infra.constructs.key_authorizer import IDENTITY_SOURCE
from infra.stacks.api import PUBLIC_ROUTES
from tests.infra.conftest import stand_in_bundle, synth


def _list(value) -> list:
    return value if isinstance(value, list) else [value]


def _functions(template) -> dict[str, tuple[dict, list[dict]]]:
    """Each Lambda function's properties and the statements of its role's policies."""
    policies = template.find_resources("AWS::IAM::Policy").values()
    out = {}
    for lid, fn in template.find_resources("AWS::Lambda::Function").items():
        role = {"Ref": fn["Properties"]["Role"]["Fn::GetAtt"][0]}
        out[lid] = (fn["Properties"], [s for p in policies if role in p["Properties"]["Roles"]
                                       for s in p["Properties"]["PolicyDocument"]["Statement"]])
    return out


def _statements(template) -> list[dict]:
    return [s for p in template.find_resources("AWS::IAM::Policy").values()
            for s in p["Properties"]["PolicyDocument"]["Statement"]]


def _names(statement: dict, *tables: str) -> bool:
    text = json.dumps(statement["Resource"])
    return any(f"ExportsOutputFnGetAtt{t}" in text for t in tables)


def test_the_authorizer_checks_the_key_header_and_caches_a_simple_answer(templates,
                                                                          synthesized):
    _, _, config = synthesized
    t = templates["api"]
    [authorizer] = t.find_resources("AWS::ApiGatewayV2::Authorizer").values()
    props = authorizer["Properties"]
    assert props["AuthorizerType"] == "REQUEST"
    assert props["IdentitySource"] == [IDENTITY_SOURCE] == ["$request.header.X-API-Key"]
    assert props["AuthorizerResultTtlInSeconds"] == config.authorizer_cache_seconds == 60
    assert props["EnableSimpleResponses"] is True
    assert props["AuthorizerPayloadFormatVersion"] == "2.0"
    [(fn, statements)] = [v for v in _functions(t).values()
                          if v[0]["Handler"] == "functions.authorizer.handler"]
    assert fn["ReservedConcurrentExecutions"] == config.authorizer_reserved_concurrency
    assert set(fn["Environment"]["Variables"]) == {"VITRINE_KEYS_TABLE",
                                                  "VITRINE_PREDICTIONS_TABLE"}
    # Its whole policy: GetItem on the keys table (and X-Ray's writes).
    granted = [s for s in statements if not _list(s["Action"])[0].startswith("xray:")]
    assert granted == [{"Action": "dynamodb:GetItem", "Effect": "Allow",
                        "Resource": granted[0]["Resource"]}]
    assert _names(granted[0], "Keys")
    # API Gateway may invoke it (the permission the authorizer's binding adds).
    permissions = t.find_resources("AWS::Lambda::Permission")
    assert any(p["Properties"]["Principal"] == "apigateway.amazonaws.com"
               and "authorizers/" in json.dumps(p["Properties"]["SourceArn"])
               for p in permissions.values())


def test_every_key_route_goes_through_the_authorizer_and_the_public_ones_do_not(templates):
    t = templates["api"]
    [authorizer_id] = t.find_resources("AWS::ApiGatewayV2::Authorizer")
    routes = [r["Properties"] for r in t.find_resources("AWS::ApiGatewayV2::Route").values()]
    public = {f"{m} {p}" for m, p in PUBLIC_ROUTES}
    assert public == {"GET /health", "GET /usecases", "GET /openapi.json",
                      "GET /usecases/{name}/card",
                      # the Open Inference Protocol's server liveness and readiness
                      "GET /v2", "GET /v2/health/live", "GET /v2/health/ready"}
    assert public <= {r["RouteKey"] for r in routes}
    keyed = [r for r in routes if r["RouteKey"] not in public]
    # Predictions, feedback, monitoring, retraining, rollouts and keys.
    assert {"POST /predict/patient", "POST /secom/predict/batch", "POST /sepsis/feedback",
            "GET /tep/monitoring", "POST /docs/rollout", "POST /keys", "GET /keys",
            "DELETE /keys/{key_id}", "GET /keys/audit"} <= {r["RouteKey"] for r in keyed}
    for route in keyed:
        assert route["AuthorizationType"] == "CUSTOM", route["RouteKey"]
        assert route["AuthorizerId"] == {"Ref": authorizer_id}, route["RouteKey"]
    for route in routes:
        if route["RouteKey"] in public:
            assert route.get("AuthorizationType", "NONE") == "NONE", route["RouteKey"]
            assert "AuthorizerId" not in route, route["RouteKey"]


def test_each_function_reads_and_writes_only_its_own_partitions(templates, synthesized):
    _, _, config = synthesized
    serving = [v for v in _functions(templates["api"]).values()
               if v[0]["Handler"] == "functions.handler.handler"]
    assert len(serving) == len(config.usecases) + 1
    for fn, statements in serving:
        usecases = json.loads(fn["Environment"]["Variables"]["VITRINE_USECASES"])
        partitioned = [s for s in statements if _names(s, "Predictions", "Feedback")]
        if len(usecases) > 1:  # the platform function: health, cards and keys, no log
            assert partitioned == [], partitioned
            continue
        assert {a for s in partitioned for a in _list(s["Action"])} == {
            "dynamodb:PutItem", "dynamodb:BatchWriteItem", "dynamodb:Query"}
        assert any(_names(s, "Feedback") for s in partitioned)
        assert any("/index/by_usecase_id" in json.dumps(s["Resource"]) for s in partitioned)
        for s in partitioned:
            assert s["Condition"] == {"ForAllValues:StringEquals": {
                "dynamodb:LeadingKeys": usecases}}, usecases


def test_the_container_and_the_pipeline_are_held_to_their_use_cases_partitions(templates,
                                                                               synthesized):
    _, _, config = synthesized
    for stack, usecases in (("container", config.usecases),
                            ("pipeline", config.retrain_usecases)):
        partitioned = [s for s in _statements(templates[stack])
                       if _names(s, "Predictions", "Feedback")]
        assert partitioned, stack
        for s in partitioned:
            assert s["Condition"] == {"ForAllValues:StringEquals": {
                "dynamodb:LeadingKeys": list(usecases)}}, stack


def test_functions_list_their_own_prefixes_only(templates):
    from functions.catalog import get_usecase

    for fn, statements in _functions(templates["api"]).values():
        if fn["Handler"] != "functions.handler.handler":
            continue
        usecases = json.loads(fn["Environment"]["Variables"]["VITRINE_USECASES"])
        listing = [s for s in statements if "s3:ListBucket" in _list(s["Action"])]
        assert all(_list(s["Action"]) == ["s3:ListBucket"] for s in listing)
        by_bucket = {json.dumps(s["Resource"]).split("vitrine-test-")[1].split("-")[0]:
                     s["Condition"]["StringLike"]["s3:prefix"] for s in listing}
        families = [f for uc in usecases for f in get_usecase(uc).families]
        # The registry: its own families' prefixes, where versions are listed and a missing
        # alias is "not found".
        assert sorted(by_bucket.pop("registry")) == sorted(f"models/{f}/*" for f in families)
        # Batch files (SECOM, Rakuten): what callers put in batch/in/; the platform function
        # predicts nothing and has no right on the ML bucket at all.
        assert by_bucket == ({"ml": ["batch/in/*"]} if usecases in (["secom"], ["rakuten"])
                             else {}), usecases
        if len(usecases) > 1:
            assert "-ml-" not in json.dumps(statements)


def test_the_container_variant_answers_https_only(templates, synthesized):
    _, _, config = synthesized
    t = templates["container"]
    listeners = [r["Properties"] for r in
                 t.find_resources("AWS::ElasticLoadBalancingV2::Listener").values()]
    assert sorted(x["Port"] for x in listeners) == [80, 443]
    [https] = [x for x in listeners if x["Port"] == 443]
    assert https["Protocol"] == "HTTPS"
    assert https["Certificates"] == [{"CertificateArn": config.container_certificate_arn}]
    assert https["SslPolicy"] == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    [http] = [x for x in listeners if x["Port"] == 80]
    assert http["DefaultActions"] == [{"Type": "redirect", "RedirectConfig": {
        "Port": "443", "Protocol": "HTTPS", "StatusCode": "HTTP_301"}}]
    [url] = [o for k, o in t.to_json()["Outputs"].items() if k.startswith("ServiceUrl")]
    assert url["Value"]["Fn::Join"][1][0] == "https://"


def test_without_a_certificate_the_container_stack_is_left_out_and_the_synth_says_why(
        tmp_path, capsys):
    stacks, assembly, config = synth(tmp_path / "out", stand_in_bundle(tmp_path / "bundle"),
                                     container_certificate_arn=None)
    assert stacks.container is None
    names = {s.stack_name for s in assembly.stacks}
    assert config.stack_name("container") not in names
    assert {config.stack_name(c) for c in ("stateful", "api", "frontend", "monitoring",
                                           "pipeline", "github")} == names
    [reason] = stacks.left_out
    assert "VITRINE_CONTAINER_CERTIFICATE_ARN" in reason and "HTTPS" in reason
    assert f"[Warning] {reason}" in capsys.readouterr().err
    # cdk-nag ran (nag=True) on what is left, with nothing to acknowledge for the container.
    Template.from_stack(stacks.api).resource_count_is("AWS::ApiGatewayV2::Authorizer", 1)
