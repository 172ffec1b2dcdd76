"""Per-environment values, decided once in infra/environments.py and passed to stacks as
keyword arguments."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from functions.rollout import RolloutRules


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
    usecases: tuple[str, ...] = ("sepsis", "tep", "secom", "rakuten", "sensors", "docs")
    # Use cases the training pipeline retrains (on its schedule, and when monitoring calls
    # for it).
    retrain_usecases: tuple[str, ...] = ("sepsis", "tep", "secom", "rakuten", "sensors")
    monitor_minutes: int = 60  # minutes between scheduled monitoring reports
    frontend_origin: str = "https://localhost:8000"  # CORS: the only origin allowed to call
    # Per use case overrides of the catalog's Lambda sizing.
    sizing: dict[str, UseCaseSizing] = field(default_factory=dict)
    reserved_concurrency: int = 20  # per use case Lambda, unless sized otherwise
    throttle_rate: int = 50  # requests/second, steady, for the whole HTTP API
    throttle_burst: int = 100  # requests
    log_retention_days: int = 30  # days
    prediction_ttl_days: int = 90  # days a logged prediction is kept
    alarm_email: str | None = None
    container_cpu: int = 1024  # Fargate CPU units
    container_memory_mb: int = 2048  # MB
    container_desired_count: int = 1
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
    bundle_dir: str = "build/lambda"  # made by `make bundle`

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
