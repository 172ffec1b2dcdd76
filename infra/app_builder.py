"""Builds every stack of one environment; app.py and the tests both call it."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import aws_cdk as cdk
from aws_cdk import aws_lambda as lambda_
from cdk_nag import AwsSolutionsChecks

from infra.bundle import functions_served, read_manifest
from infra.config import EnvironmentConfig
from infra.constructs.usecase_function import Bundle
from infra.nag import acknowledge
from infra.stacks.api import ApiStack
from infra.stacks.container import ContainerStack
from infra.stacks.frontend import FrontendStack
from infra.stacks.github import GithubDeployStack
from infra.stacks.monitoring import MonitoringStack
from infra.stacks.pipeline import PipelineStack
from infra.stacks.stateful import StatefulStack

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Stacks:
    stateful: StatefulStack
    api: ApiStack
    frontend: FrontendStack
    monitoring: MonitoringStack
    container: ContainerStack | None  # None: no certificate for its HTTPS listener
    pipeline: PipelineStack
    github: GithubDeployStack
    left_out: list[str] = field(default_factory=list)  # why a stack is not in the app

    def all(self) -> list[cdk.Stack]:
        return [s for s in (self.stateful, self.api, self.frontend, self.monitoring,
                            self.container, self.pipeline, self.github) if s is not None]


ARCHITECTURES = {"arm64": lambda_.Architecture.ARM_64, "x86_64": lambda_.Architecture.X86_64}


def lambda_bundles(config: EnvironmentConfig) -> dict[str, Bundle]:
    """Each function's own bundle (``<bundle_dir>/<function>``, made by `make bundle`) and
    the architecture it was built for (``bundles.json``; without it, the environment's)."""
    root = ROOT / config.bundle_dir
    record = read_manifest(root) or {"functions": {}}
    out = {}
    for name in functions_served():
        folder = root / name
        if not (folder / "functions" / "handler.py").exists():
            raise SystemExit(f"no Lambda bundle for {name} in {folder}: run `make bundle` "
                             "first")
        built = record["functions"].get(name, {})
        arch = built.get("architecture", config.architecture)
        if built and arch != config.architecture:
            print(f"[Warning] the {name} function runs on {arch}, not {config.architecture}: "
                  f"{built.get('fallback') or 'its bundle was built for it'}", file=sys.stderr)
        out[name] = Bundle(lambda_.Code.from_asset(str(folder)), ARCHITECTURES[arch])
    return out


def build(app: cdk.App, config: EnvironmentConfig, nag: bool = True) -> Stacks:
    env = cdk.Environment(account=config.account, region=config.region) \
        if config.account or config.region else None
    bundles = lambda_bundles(config)
    stateful = StatefulStack(app, "Stateful", stack_name=config.stack_name("stateful"),
                             config=config, env=env, termination_protection=config.name == "prod")
    api = ApiStack(app, "Api", stack_name=config.stack_name("api"), config=config,
                   state=stateful, bundles=bundles, env=env)
    frontend = FrontendStack(app, "Frontend", stack_name=config.stack_name("frontend"),
                             config=config, api_url=api.url, access_logs=stateful.access_logs,
                             env=env)
    monitoring = MonitoringStack(app, "Monitoring", stack_name=config.stack_name("monitoring"),
                                 config=config, api_id=api.api.api_id, functions=api.functions,
                                 env=env)
    container, left_out = None, []
    if config.container_certificate_arn:
        container = ContainerStack(app, "Container", stack_name=config.stack_name("container"),
                                   config=config, state=stateful, env=env)
    else:  # `cdk deploy --all` (make deploy) then has no container stack to deploy
        left_out.append(
            f"{config.stack_name('container')} is left out: the container variant serves "
            "HTTPS only and no certificate is configured (set VITRINE_CONTAINER_CERTIFICATE_ARN "
            "to an ACM certificate ARN in the deploy region, infra/environments.py)")
    pipeline = PipelineStack(app, "Pipeline", stack_name=config.stack_name("pipeline"),
                             config=config, state=stateful, env=env)
    github = GithubDeployStack(app, "GithubDeploy", stack_name=config.stack_name("github"),
                               config=config, env=env)
    stacks = Stacks(stateful, api, frontend, monitoring, container, pipeline, github, left_out)
    for reason in left_out:  # the CDK CLI shows the app's stderr at synth and deploy
        print(f"[Warning] {reason}", file=sys.stderr)
    for stack in stacks.all():
        cdk.Tags.of(stack).add("project", "vitrine")
        cdk.Tags.of(stack).add("environment", config.name)
    if nag:
        cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(verbose=True))
        acknowledge(stacks)
    return stacks
