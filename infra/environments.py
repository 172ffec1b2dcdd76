"""The deployed environments' values, decided here once (app.py builds one of them; the
cost page, bench/cost.py, reads prod's sizing and limits from the same place)."""

from __future__ import annotations

import os

from infra.config import EnvironmentConfig, UseCaseSizing

# Per-environment values are decided here, once, and passed down as keyword arguments.
ENVIRONMENTS = {
    "dev": EnvironmentConfig(
        name="dev",
        frontend_origin="http://localhost:8000",
        reserved_concurrency=5,
        log_retention_days=7,
        prediction_ttl_days=30,
        key_rate_per_minute=600,
        container_certificate_arn=os.environ.get("VITRINE_CONTAINER_CERTIFICATE_ARN"),
    ),
    "prod": EnvironmentConfig(
        name="prod",
        region=os.environ.get("CDK_DEFAULT_REGION"),
        account=os.environ.get("CDK_DEFAULT_ACCOUNT"),
        frontend_origin=os.environ.get("VITRINE_FRONTEND_ORIGIN", "https://vitrine.example.com"),
        sizing={"sepsis": UseCaseSizing(memory_mb=1536, timeout_s=10, reserved_concurrency=50)},
        throttle_rate=200,
        throttle_burst=400,
        key_rate_per_minute=6000,
        authorizer_reserved_concurrency=50,
        container_certificate_arn=os.environ.get("VITRINE_CONTAINER_CERTIFICATE_ARN"),
        log_retention_days=90,
        alarm_email=os.environ.get("VITRINE_ALARM_EMAIL"),
        github_repo=os.environ.get("VITRINE_GITHUB_REPO", "vitrine-ml/vitrine"),
        github_oidc_provider_arn=os.environ.get("VITRINE_GITHUB_OIDC_PROVIDER_ARN"),
    ),
}
