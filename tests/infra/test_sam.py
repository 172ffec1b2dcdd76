"""AWS SAM CLI over the synthesized API stack, checked without a Docker engine.

`sam local invoke` and `sam local start-api` run the functions in Lambda's image (Docker);
what they run is decided before that, by SAM's own readers: which functions the template
holds (handler, runtime, architecture, code folder), which routes start-api serves with which
function and authorizer, and the events both send. SAM reads them here, in its own venv
(tests/infra/sam_probe.py); the handler then answers those events in-process.
docs/infrastructure.md ("Local testing with SAM") has the commands.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
from pathlib import Path

import pytest

from functions.catalog import CATALOG, get_usecase
from functions.settings import get_settings
from infra.bundle import PLATFORM_FUNCTION
from infra.sam_local import AUTHORIZER_FUNCTION, env_vars, function_names
from tests.infra.conftest import ROOT, stand_in_bundle, synth

# aws-sam-cli pins boto3, pydantic and click below the project's pins: it has its own venv.
SAM_PYTHON = Path(os.environ.get("VITRINE_SAM_PYTHON", ROOT / ".venv-sam" / "bin" / "python"))
PROBE = Path(__file__).with_name("sam_probe.py")
# What the CDK CLI asks of the app (`cdk synth`, --path-metadata and --asset-metadata, on by
# default): aws:cdk:path and aws:asset:path, which SAM reads to find each function's code.
# An App built in-process writes neither unless told.
CLI_CONTEXT = {"aws:cdk:enable-path-metadata": True, "aws:cdk:enable-asset-metadata": True}
HANDLER = "functions.handler.handler"
SEPSIS = get_usecase("sepsis").endpoints[0]  # the session's published registry is sepsis'
needs_sam = pytest.mark.skipif(
    not SAM_PYTHON.exists(),
    reason=f"aws-sam-cli is not installed: no {SAM_PYTHON} (`make sam` installs it in .venv-sam: "
    "its pins of boto3, pydantic and click exclude the project's)")


@pytest.fixture(scope="module")
def cli_synth(tmp_path_factory):
    """conftest's synth (stand-in bundles, a folder per function) with the CLI's metadata."""
    import aws_cdk as cdk

    app = cdk.App
    root = tmp_path_factory.mktemp("sam")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cdk, "App", lambda **kw: app(**{**kw, "context": {
            **kw.get("context", {}), **CLI_CONTEXT}}))
        stacks, assembly, _ = synth(root / "cdk.out", stand_in_bundle(root / "bundle"),
                                    nag=False)
    template = Path(assembly.get_stack_by_name(stacks.api.stack_name).template_full_path)
    return stacks, template, root / "bundle"


def requests(patient_body: dict) -> list[dict]:
    """The HTTP requests whose events SAM makes (the key is filled in per test)."""
    return [
        {"name": "health", "method": "GET", "path": "/health"},
        {"name": "predict", "method": SEPSIS.method, "path": SEPSIS.path,
         "headers": {"Content-Type": "application/json", "X-API-Key": "__API_KEY__"},
         "body": json.dumps(patient_body)},
    ]


@pytest.fixture(scope="module")
def sam(cli_synth, patient_body):
    """SAM's view of the API stack (tests/infra/sam_probe.py)."""
    _, template, _ = cli_synth
    done = subprocess.run(
        [str(SAM_PYTHON), str(PROBE), str(template), json.dumps(requests(patient_body))],
        capture_output=True, text=True, timeout=300,
        env={"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"),
             "SAM_CLI_TELEMETRY": "0"})
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def names(cli_synth) -> dict[str, str]:
    _, template, _ = cli_synth
    return function_names(json.loads(template.read_text()))


@needs_sam
def test_sam_finds_every_function_with_its_own_bundle(cli_synth, sam, names):
    stacks, _, bundle = cli_synth
    assert set(names) == {*CATALOG, PLATFORM_FUNCTION, AUTHORIZER_FUNCTION}
    found = {f["logical_id"]: f for f in sam["functions"]}
    assert set(found) == set(names.values())  # nothing else SAM could invoke
    for name in (*CATALOG, PLATFORM_FUNCTION, AUTHORIZER_FUNCTION):
        fn = found[names[name]]
        owner = PLATFORM_FUNCTION if name == AUTHORIZER_FUNCTION else name
        built = stacks.api.functions[owner]
        assert fn["packagetype"] == "Zip" and fn["runtime"] == "python3.12"
        assert fn["handler"] == ("functions.authorizer.handler" if name == AUTHORIZER_FUNCTION
                                 else HANDLER)
        assert fn["architectures"] == [built.architecture.name]
        # The folder SAM mounts at /var/task: the function's own bundle (asset metadata).
        assert Path(fn["codeuri"]).resolve() == (bundle / owner).resolve(), name
        if name in CATALOG:
            assert json.loads(fn["environment"]["VITRINE_USECASES"]) == [name]


@needs_sam
def test_start_api_serves_each_route_with_its_function_and_the_key_authorizer(sam, names):
    from infra.stacks.api import PUBLIC_ROUTES

    served = {(m, r["path"]): r for r in sam["routes"] for m in r["methods"]}
    for name in CATALOG:
        for endpoint in get_usecase(name).endpoints:
            route = served[(endpoint.method, endpoint.path)]
            assert route["function"] == names[name], endpoint.path
            assert (route["event_type"], route["payload_format_version"]) == ("HttpApi", "2.0")
            assert route["authorizer"] == {
                "function": names[AUTHORIZER_FUNCTION], "payload_version": "2.0",
                "simple_responses": True, "identity_sources": ["X-API-Key"]}
    for method, path in PUBLIC_ROUTES:
        route = served[(method, path)]
        assert route["function"] == names[PLATFORM_FUNCTION] and route["authorizer"] is None


@pytest.fixture
def serve(sam, names, settings, store, monkeypatch):
    """The handler as SAM starts a function: that function's variables and region as SAM
    resolves them (the stateful stack's exports blank), the local registry and SQLite file
    standing in for the deployed bucket and tables that `python -m infra.sam_local env-vars`
    names."""
    by_id = {f["logical_id"]: f for f in sam["functions"]}

    def start(name: str, **override: str):
        for key in [k for k in os.environ if k.startswith("VITRINE_")]:
            if key not in ("VITRINE_TRACKING_URI", "VITRINE_RETRAIN_DIR"):  # tests/conftest
                monkeypatch.delenv(key)
        for key, value in (by_id[names[name]]["environment"] | override).items():
            monkeypatch.setenv(key, value)
        monkeypatch.setenv("VITRINE_REGISTRY_DIR", str(settings.registry_dir))
        monkeypatch.setenv("VITRINE_SQLITE_PATH", str(settings.sqlite_path))
        get_settings.cache_clear()
        import functions.handler

        return importlib.reload(functions.handler).handler

    yield start
    get_settings.cache_clear()


def answer(handler, event: dict) -> tuple[int, dict]:
    resp = handler(event, None)
    return resp["statusCode"], json.loads(resp["body"])


@needs_sam
@pytest.mark.parametrize("source", ["generated", "start_api"])
def test_sam_events_are_answered_by_the_handler(serve, sam, keys, source):
    """``generated``: `sam local generate-event apigateway http-api-proxy` (for `sam local
    invoke -e`); it has no option for headers, so the client's are added. ``start_api``: the
    event start-api builds from the HTTP request."""
    health = sam["events"]["health"][source]
    status, body = answer(serve(PLATFORM_FUNCTION), health)
    assert (status, body) == (503, {"status": "UNAVAILABLE"})  # only sepsis is published here
    # --env-vars may narrow what the platform serves (SAM overrides declared variables only).
    status, body = answer(serve(PLATFORM_FUNCTION, VITRINE_USECASES='["sepsis"]'), health)
    assert (status, body) == (200, {"status": "OK"})

    handler = serve("sepsis")
    event = json.loads(json.dumps(sam["events"]["predict"][source])
                       .replace("__API_KEY__", keys["predictor"]))
    if source == "generated":
        assert event["isBase64Encoded"]  # SAM's generator encodes the body
        event["headers"] |= {"content-type": "application/json",
                             "x-api-key": keys["predictor"]}
    status, body = answer(handler, event)
    assert status == 200, body
    assert body["prediction"] in ("Positive", "Negative") and body["model_version"]

    for header in [h for h in event["headers"] if h.lower() == "x-api-key"]:
        del event["headers"][header]
    status, _ = answer(handler, event)
    assert status == 401  # the app's own check, behind the gateway's authorizer


def test_env_vars_name_the_deployed_resources(cli_synth, names):
    """What `make sam-invoke`/`sam-api` give SAM's --env-vars: every variable the template
    holds as an intrinsic, resolved from the account's exports and pseudo parameters."""
    _, template_path, _ = cli_synth
    template = json.loads(template_path.read_text())
    imports = {v["Fn::ImportValue"]
               for props in (r["Properties"] for r in template["Resources"].values()
                             if r["Type"] == "AWS::Lambda::Function")
               for v in props.get("Environment", {}).get("Variables", {}).values()
               if isinstance(v, dict) and "Fn::ImportValue" in v}
    exports = {name: f"deployed-{i}" for i, name in enumerate(sorted(imports))}
    pseudo = {"AWS::AccountId": "111122223333", "AWS::Region": "eu-west-3",
              "AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com"}
    document = env_vars(template, exports, pseudo)
    sepsis = document[names["sepsis"]]
    assert sepsis["VITRINE_MODEL_BUCKET"] in exports.values()
    assert sepsis["VITRINE_KEYS_TABLE"] in exports.values()
    assert document[names[AUTHORIZER_FUNCTION]]["VITRINE_KEYS_TABLE"] == \
        sepsis["VITRINE_KEYS_TABLE"]
    machine = sepsis.get("VITRINE_TRAINING_STATE_MACHINE")
    if machine:  # a retrained use case's function starts the training pipeline
        assert machine.startswith("arn:aws:states:eu-west-3:111122223333:stateMachine:")
    assert all(isinstance(v, str) for env in document.values() for v in env.values())
    with pytest.raises(LookupError, match="deploy the stateful stack"):
        env_vars(template, {}, pseudo)


def test_deployed_exports_and_account_come_from_the_callers_credentials(monkeypatch):
    import boto3
    from moto import mock_aws

    from infra.sam_local import deployed

    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-3")
    with mock_aws():
        boto3.client("cloudformation").create_stack(StackName="vitrine-dev-stateful",
                                                    TemplateBody=json.dumps({
            "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
            "Outputs": {"Keys": {"Value": "vitrine-dev-keys",
                                 "Export": {"Name": "vitrine-dev-stateful:Keys"}}}}))
        exports, pseudo = deployed(boto3.session.Session())
    assert exports == {"vitrine-dev-stateful:Keys": "vitrine-dev-keys"}
    assert pseudo == {"AWS::AccountId": "123456789012", "AWS::Region": "eu-west-3",
                      "AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com"}
