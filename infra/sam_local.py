"""AWS SAM CLI's local runs over the synthesized API stack (`make sam-invoke`, `make sam-api`).

    python -m infra.sam_local function NAME [--template T]   # the logical id SAM invokes
    python -m infra.sam_local env-vars [--template T] [--out F]  # SAM's --env-vars file

SAM reads cdk.out's templates as they are: each function's code is its bundle folder (the
asset metadata the CDK CLI writes), its handler, runtime and architecture the template's.
What SAM cannot resolve is the stateful stack's exports (the bucket and table names arrive as
``Fn::ImportValue``, which SAM turns into empty strings) and the account in an ARN (SAM uses
123456789012). A function started that way finds no bucket and falls back to a SQLite file in
its read-only code folder, so local runs go against a deployed environment's bucket and
tables: ``env-vars`` resolves them with the caller's AWS credentials (CloudFormation's
exports, STS's account) into the file SAM's ``--env-vars`` takes, one entry per function.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from infra.bundle import PLATFORM_FUNCTION

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "cdk.out" / "Api.template.json"  # `cdk synth`'s file for the stack id "Api"
AUTHORIZER_FUNCTION = "authorizer"
AUTHORIZER_HANDLER = "functions.authorizer.handler"


def lambda_functions(template: dict) -> dict[str, dict]:
    return {lid: r["Properties"] for lid, r in template["Resources"].items()
            if r["Type"] == "AWS::Lambda::Function"}


def function_names(template: dict) -> dict[str, str]:
    """The logical id of each function, by the name `make sam-invoke FN=` takes: a use case's
    own, ``platform`` (health, cards, keys) or ``authorizer``. Read from what the function
    serves (its ``VITRINE_USECASES``), not from its hashed id."""
    names = {}
    for lid, props in lambda_functions(template).items():
        env = props.get("Environment", {}).get("Variables", {})
        if props.get("Handler") == AUTHORIZER_HANDLER:
            names[AUTHORIZER_FUNCTION] = lid
        elif env.get("VITRINE_PREDICTS") == "false":
            names[PLATFORM_FUNCTION] = lid
        elif isinstance(env.get("VITRINE_USECASES"), str):
            [usecase] = json.loads(env["VITRINE_USECASES"])
            names[usecase] = lid
    return names


class Unresolved(LookupError):
    pass


def resolve(value: Any, exports: dict[str, str], pseudo: dict[str, str]) -> str:
    """A variable's value with the intrinsics CDK writes in this stack's environments."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and len(value) == 1:
        [(fn, arg)] = value.items()
        if fn == "Fn::ImportValue":
            if arg not in exports:
                raise Unresolved(f"no CloudFormation export {arg!r} in this account and "
                                 "region: deploy the stateful stack first (make deploy)")
            return exports[arg]
        if fn == "Ref" and arg in pseudo:
            return pseudo[arg]
        if fn == "Fn::Join":
            separator, parts = arg
            return separator.join(resolve(p, exports, pseudo) for p in parts)
    raise Unresolved(f"cannot resolve {json.dumps(value)} locally")


def env_vars(template: dict, exports: dict[str, str], pseudo: dict[str, str]) -> dict:
    """SAM's ``--env-vars`` document: each function's variables that the template does not
    hold as plain strings, resolved (SAM only overrides variables the template declares)."""
    out = {}
    for lid, props in lambda_functions(template).items():
        variables = props.get("Environment", {}).get("Variables", {})
        resolved = {k: resolve(v, exports, pseudo) for k, v in variables.items()
                    if not isinstance(v, str)}
        if resolved:
            out[lid] = resolved
    return out


def deployed(session=None) -> tuple[dict[str, str], dict[str, str]]:
    """The account's CloudFormation exports and the pseudo parameters, for the caller's
    credentials and region."""
    import boto3

    # AWS_REGION as the AWS CLI reads it (boto3 reads AWS_DEFAULT_REGION or the profile's).
    session = session or boto3.session.Session(region_name=os.environ.get("AWS_REGION"))
    if not session.region_name:
        raise Unresolved("no AWS region: set AWS_REGION (or a profile's region)")
    cfn = session.client("cloudformation")
    exports = {e["Name"]: e["Value"] for page in cfn.get_paginator("list_exports").paginate()
               for e in page["Exports"]}
    arn = session.client("sts").get_caller_identity()["Arn"]  # arn:<partition>:sts::<acct>:…
    partition, account = arn.split(":")[1], arn.split(":")[4]
    suffix = "amazonaws.com.cn" if partition == "aws-cn" else "amazonaws.com"
    return exports, {"AWS::AccountId": account, "AWS::Region": session.region_name,
                     "AWS::Partition": partition, "AWS::URLSuffix": suffix}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("function", "env-vars"))
    parser.add_argument("name", nargs="?", help="function: a use case, platform or authorizer")
    parser.add_argument("--template", type=Path, default=TEMPLATE)
    parser.add_argument("--out", type=Path, help="env-vars: the file to write (default: stdout)")
    args = parser.parse_args(argv)
    if not args.template.exists():
        raise SystemExit(f"no {args.template}: run `make synth` first")
    template = json.loads(args.template.read_text())
    if args.command == "function":
        names = function_names(template)
        if args.name not in names:
            raise SystemExit(f"no function {args.name!r} in {args.template}; one of: "
                             f"{', '.join(sorted(names))}")
        print(names[args.name])
        return
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        document = json.dumps(env_vars(template, *deployed()), indent=2)
    except (Unresolved, BotoCoreError, ClientError) as e:
        raise SystemExit(f"SAM's --env-vars: {e}") from None
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(document + "\n")
    else:
        sys.stdout.write(document + "\n")


if __name__ == "__main__":
    main()
