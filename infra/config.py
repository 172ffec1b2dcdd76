"""Per-environment values, decided once in infra/environments.py and passed to stacks as
keyword arguments."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from functions.rollout import RolloutRules


def _catalog() -> dict:
    from functions.catalog import CATALOG

    return CATALOG


@dataclass(frozen=True)
class UseCaseSizing:
    memory_mb: int  # MB
    timeout_s: int  # seconds
    reserved_concurrency: int


@dataclass(frozen=True)
class EnvironmentConfig:
    name: str  # "dev", "prod": prefixes every stack name
    region: str | None = None  # None: the CLI's region (and moto's CloudFormation in tests)
    account: str | None = None
    # Every use case of the catalog (coded, or declared in VITRINE_USECASE_PATH), unless an
    # environment names fewer.
    usecases: tuple[str, ...] = field(default_factory=lambda: tuple(_catalog()))
    # Use cases the training pipeline retrains (on its schedule, and when monitoring calls
    # for it): those whose contract says the AWS pipeline can.
    retrain_usecases: tuple[str, ...] = field(default_factory=lambda: tuple(
        name for name, uc in _catalog().items() if uc.pipeline_retraining))
    monitor_minutes: int = 60  # minutes between scheduled monitoring reports
    frontend_origin: str = "https://localhost:8000"  # CORS: the only origin allowed to call
    # Per use case overrides of the catalog's Lambda sizing.
    sizing: dict[str, UseCaseSizing] = field(default_factory=dict)
    reserved_concurrency: int = 20  # per use case Lambda, unless sized otherwise
    # Lambda SnapStart on every serving function's published versions, the API and the
    # schedules calling its "live" alias (functions/snapstart.py: the hooks). Off: $LATEST.
    snap_start: bool = True
    throttle_rate: int = 50  # requests/second, steady, for the whole HTTP API
    throttle_burst: int = 100  # requests
    # API Gateway's Lambda authorizer (functions/authorizer.py): how long it keeps an answer
    # per key (a revoked key passes the gateway for at most this long), and how many copies
    # of it may run (a flood of distinct well-formed keys stops there, not at the account's
    # pool of concurrency).
    authorizer_cache_seconds: int = 60  # seconds; 0 turns the cache off, 3600 at most
    authorizer_reserved_concurrency: int = 10
    # Each key's requests per minute, counted by the app (429 beyond): HTTP APIs have no
    # usage plans, so per-key limits cannot live in API Gateway.
    key_rate_per_minute: int = 600  # requests/minute per key
    log_retention_days: int = 30  # days
    prediction_ttl_days: int = 90  # days a logged prediction is kept
    alarm_email: str | None = None
    container_cpu: int = 1024  # Fargate CPU units
    container_memory_mb: int = 2048  # MB
    container_desired_count: int = 1
    # The ACM certificate of the container variant's HTTPS listener (same region as the
    # stack). None: the container stack is left out of the app, and the synth says why.
    container_certificate_arn: str | None = None
    retrain_schedule: str = "cron(0 3 ? * MON *)"  # EventBridge: Mondays 03:00 UTC
    # What the pipeline does with a candidate that passed its gate: a shadow rollout beside
    # production (the serving functions' monitoring then promotes or aborts it), a canary,
    # or promote.
    retrain_rollout: str = "shadow"
    # The rules a rollout's candidate is judged by: the functions' scheduled decisions read
    # them (VITRINE_ROLLOUT_*), and the rollback alarms use the same p99 tolerance.
    rollout: RolloutRules = field(default_factory=RolloutRules)
    rollout_alarm_error_rate: float = 5.0  # % of the candidate's answers failing

    def rollout_environment(self) -> dict[str, str]:
        return {f"VITRINE_ROLLOUT_{k.upper()}": str(v).lower() if isinstance(v, bool)
                else str(v) for k, v in asdict(self.rollout).items()}
    bundle_dir: str = "build/lambda"  # made by `make bundle`: a folder per function
    # Graviton: arm64 costs about 20 % less per GB-second. A function whose bundle needs a
    # wheel with no aarch64 build is built for x86_64 instead (infra/bundle.py records it,
    # the synth says it).
    architecture: str = "arm64"

    # GitHub Actions' deploys (infra/stacks/github.py): the repository whose workflow runs in
    # the GitHub environment of this name may assume the deploy role; an account that has
    # GitHub's OIDC provider already passes its ARN (one per account).
    github_repo: str = "vitrine-ml/vitrine"
    github_oidc_provider_arn: str | None = None

    sagemaker_instance_type: str = "ml.m5.xlarge"
    training_max_hours: int = 2  # hours a SageMaker training job may run

    def stack_name(self, component: str) -> str:
        return f"vitrine-{self.name}-{component}"

    def rollout_alarm_name(self, usecase: str, kind: str) -> str:
        """A rollout's rollback alarm (kind: errors or latency), named once: the monitoring
        stack creates it, the API stack's rule sends its ALARM to the use case's function."""
        return f"{self.stack_name('rollout')}-{usecase}-{kind}"

    def drift_alarm_name(self, usecase: str) -> str:
        """Named once: the monitoring stack creates it, the pipeline's rule listens to it."""
        return f"{self.stack_name('drift')}-{usecase}"
