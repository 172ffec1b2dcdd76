"""What AWS SAM CLI makes of a synthesized template, as JSON (tests/infra/test_sam.py).

Run by SAM CLI's own Python, never the project's: aws-sam-cli pins boto3, pydantic and
click to versions the project's pins exclude, so it lives in its own venv (`make sam`,
.venv-sam). Imports only samcli, Flask (SAM's own local gateway) and the standard library.

    .venv-sam/bin/python tests/infra/sam_probe.py TEMPLATE [REQUESTS_JSON]

TEMPLATE: a stack template from cdk.out. REQUESTS_JSON (optional): a JSON list of
``{"name", "method", "path", "headers", "body"}``; each becomes the event
``sam local generate-event apigateway http-api-proxy`` writes and the one
``sam local start-api`` builds from that HTTP request. Prints one JSON document:
``functions`` (SAM's function provider: handler, runtime, architectures, code folder and the
environment SAM gives the function), ``routes`` (SAM's API provider: what start-api serves)
and ``events``.
"""

from __future__ import annotations

import json
import logging
import sys

from flask import Flask, request
from samcli.lib.generated_sample_events.events import Events
from samcli.lib.providers.api_provider import ApiProvider
from samcli.lib.providers.sam_function_provider import SamFunctionProvider
from samcli.lib.providers.sam_stack_provider import SamLocalStackProvider
from samcli.local.apigw.event_constructor import construct_v2_event_http
from samcli.local.lambdafn.env_vars import EnvironmentVariables

START_API_PORT = 3000  # start-api's default
REGION_VARIABLES = ("AWS_REGION", "AWS_DEFAULT_REGION")


def functions(stacks) -> list[dict]:
    found = []
    for fn in SamFunctionProvider(stacks, ignore_code_extraction_warnings=True).get_all():
        # What `sam local invoke` passes the container: a variable whose value is an
        # unresolved intrinsic (the stateful stack's Fn::ImportValue) becomes "".
        variables = (fn.environment or {}).get("Variables", {})
        env = EnvironmentVariables(fn.name, fn.memory, fn.timeout, fn.handler,
                                   variables=variables).resolve()
        found.append({
            "logical_id": fn.name,
            "handler": fn.handler,
            "runtime": fn.runtime,
            "architectures": fn.architectures,
            "packagetype": fn.packagetype,
            "codeuri": fn.codeuri,
            "cdk_path": (fn.metadata or {}).get("aws:cdk:path"),
            # The app's variables, and the region SAM always sets (us-east-1 by default).
            "environment": {k: v for k, v in env.items()
                            if k.startswith("VITRINE_") or k in REGION_VARIABLES},
        })
    return found


def routes(stacks) -> list[dict]:
    served = []
    for route in ApiProvider(stacks).routes:
        auth = route.authorizer_object
        served.append({
            "methods": sorted(route.methods),
            "path": route.path,
            "function": route.function_name,
            "event_type": route.event_type,
            "payload_format_version": route.payload_format_version,
            "authorizer": auth and {
                "function": getattr(auth, "lambda_name", None),
                "payload_version": getattr(auth, "payload_version", None),
                "simple_responses": getattr(auth, "use_simple_response", None),
                "identity_sources": [s.identity_source for s in auth.identity_sources],
            },
        })
    return served


def events(requests: list[dict]) -> dict[str, dict]:
    generator = Events()
    gateway = Flask(__name__)
    made = {}
    for r in requests:
        # The values `sam local generate-event apigateway http-api-proxy --method --path
        # --body` substitutes (its --path has no leading slash: the template adds it).
        generated = generator.generate_event("apigateway", "http-api-proxy", {
            "method": r["method"], "path": r["path"].lstrip("/"), "body": r.get("body", ""),
            "stage": "$default", "account_id": "123456789012",
            "dns_suffix": "us-east-1.amazonaws.com"})
        with gateway.test_request_context(r["path"], method=r["method"],
                                          headers=r.get("headers", {}),
                                          data=r.get("body", ""),
                                          environ_base={"REMOTE_ADDR": "127.0.0.1"}):
            served = construct_v2_event_http(request, START_API_PORT, binary_types=[],
                                             stage_name="$default",
                                             route_key=f"{r['method']} {r['path']}")
        made[r["name"]] = {"generated": json.loads(generated), "start_api": served}
    return made


def main() -> None:
    logging.disable(logging.WARNING)  # SAM's notes on CDK ids and authorizer fidelity
    template = sys.argv[1]
    requests = json.loads(sys.argv[2]) if len(sys.argv) > 2 else []
    stacks, _ = SamLocalStackProvider.get_stacks(template)
    json.dump({"functions": functions(stacks), "routes": routes(stacks),
               "events": events(requests)}, sys.stdout)


if __name__ == "__main__":
    main()
