#!/usr/bin/env python3
"""The CDK app: every stack of one environment, from one configuration.

    npx cdk synth -c env=dev          (make synth)
    npx cdk deploy --all -c env=prod  (make deploy; needs AWS credentials and cdk bootstrap)
"""

import os

import aws_cdk as cdk

from infra.app_builder import build
from infra.config import EnvironmentConfig, UseCaseSizing

# Per-environment values are decided here, once, and passed down as keyword arguments.
ENVIRONMENTS = {
    "dev": EnvironmentConfig(
        name="dev",
        frontend_origin="http://localhost:8000",
        reserved_concurrency=5,
        log_retention_days=7,
        prediction_ttl_days=30,
    ),
    "prod": EnvironmentConfig(
        name="prod",
        region=os.environ.get("CDK_DEFAULT_REGION"),
        account=os.environ.get("CDK_DEFAULT_ACCOUNT"),
        frontend_origin=os.environ.get("VITRINE_FRONTEND_ORIGIN", "https://vitrine.example.com"),
        sizing={"sepsis": UseCaseSizing(memory_mb=1536, timeout_s=10, reserved_concurrency=50)},
        throttle_rate=200,
        throttle_burst=400,
        log_retention_days=90,
        alarm_email=os.environ.get("VITRINE_ALARM_EMAIL"),
        github_repo=os.environ.get("VITRINE_GITHUB_REPO", "vitrine-ml/vitrine"),
        github_oidc_provider_arn=os.environ.get("VITRINE_GITHUB_OIDC_PROVIDER_ARN"),
    ),
}

app = cdk.App()
env_name = app.node.try_get_context("env") or "dev"
if env_name not in ENVIRONMENTS:
    raise SystemExit(f"unknown env '{env_name}' (known: {', '.join(ENVIRONMENTS)})")
build(app, ENVIRONMENTS[env_name])
app.synth()
