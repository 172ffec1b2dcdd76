"""Typed runtime settings, read once from ``VITRINE_*`` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from functions.monitoring import Thresholds as _Limits  # the limits' defaults live there
from functions.rollout import RolloutRules as _Rules  # and the rollout rules' there


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VITRINE_", extra="ignore")

    # Which use cases this process serves; empty = every use case in the catalog.
    # On AWS each Lambda serves one (set by the stack).
    usecases: list[str] = Field(default_factory=list)
    # Whether this process answers the use cases' predictions. The platform function serves
    # every card and health and no prediction: it loads the models (health says which are
    # there) but not what only a prediction uses (the docs encoder), which its bundle lacks.
    predicts: bool = True
    # Whether this process answers /keys (admins manage keys). On AWS only the platform
    # function does (API Gateway routes /keys there, and only it may write the keys table);
    # a use case's function leaves the router out, and its cold start the module's import.
    serves_keys: bool = True

    registry: Literal["local", "s3"] = "local"
    registry_dir: Path = Path("data/registry")
    model_bucket: str | None = None
    model_prefix: str = "models"

    store: Literal["sqlite", "dynamodb"] = "sqlite"
    sqlite_path: Path = Path("data/vitrine.db")
    keys_table: str | None = None
    predictions_table: str | None = None
    feedback_table: str | None = None
    audit_table: str | None = None  # who changed which key, when (the keys routes write it)
    prediction_ttl_days: int = 90  # days a logged prediction is kept in DynamoDB

    alias_ttl_seconds: float = 60.0  # how long a warm process trusts its cached alias
    key_cache_seconds: float = 60.0  # a revoked key stops working within this delay
    # Requests a key may make a minute in one process (429 past it); 0: no limit. On AWS
    # each environment sets it (infra/environments.py).
    key_rate_per_minute: int = Field(default=0, ge=0)
    max_body_bytes: int = 256 * 1024  # bytes
    # FastAPI's native OpenTelemetry (HTTP spans, metrics, logs) for a provider the
    # environment configures (opentelemetry-instrument, an OTel collector). Off by default:
    # unconfigured, FastAPI still looks the three providers up on every request (3 % of a
    # prediction's time in a profile under load).
    otel: bool = False
    cors_origins: list[str] = Field(default_factory=list)
    # Training runs, their MLflow tracking (sqlite:///..., http://server:5000 or "off") and
    # local retraining runs' status files.
    runs_dir: Path = Path("artifacts/runs")
    tracking_uri: str = "sqlite:///artifacts/mlflow/mlflow.db"
    retrain_dir: Path = Path("artifacts/retrains")
    # The data a local retraining run starts from, per use case; default: the pipeline's
    # (what `vitrine train` reads). Feedback rows are added to it.
    retrain_sources: dict[str, Path] = Field(default_factory=dict)
    # The docs assistant's answers written by SmolLM2 from the cited passages (the container
    # with llama-cpp-python only); off: it scored below the extractive answer (README).
    docs_generation: bool = False
    # On AWS: the training pipeline's state machine, which POST /{usecase}/retrain starts.
    training_state_machine: str | None = None

    # Monitoring (functions/monitoring.py): the logged predictions a report reads, drift and
    # performance limits, and the automatic retraining they trigger.
    monitor_window: int = 2000  # predictions, newest first
    drift_psi: float = _Limits.psi
    drift_alpha: float = _Limits.alpha
    drift_min_rows: int = _Limits.min_rows
    drift_share: float = _Limits.drifted_share
    perf_min_labels: int = _Limits.min_labels
    perf_min_balanced_accuracy: float = _Limits.min_balanced_accuracy
    perf_min_precision: float = _Limits.min_precision  # where feedback judges one answer
    # Labels of one key that monitoring, rollouts and retraining count (its newest): no
    # reviewer key, mistaken or hostile, outweighs the others (functions/feedback.py).
    feedback_max_per_key: int = Field(default=500, ge=1)
    auto_retrain: bool = True
    retrain_cooldown_s: float = 3600.0  # seconds between automatic runs of a use case
    monitor_interval_s: float = 300.0  # local server: seconds between background checks; 0: off

    # What retraining does with a candidate that passed the gate: a shadow rollout (the
    # default: it proves itself on live traffic first), a canary of retrain_canary_percent,
    # or promote it at once.
    retrain_rollout: Literal["shadow", "canary", "promote"] = "shadow"
    retrain_canary_percent: float = Field(default=10.0, gt=0, lt=100)
    # Safe rollout (functions/rollout.py): the rules monitoring judges a candidate by, and
    # whether it acts on them (promote, abort) or only reports.
    rollout_auto: bool = _Rules.auto
    rollout_min_requests: int = _Rules.min_requests
    rollout_promote_after: int = _Rules.promote_after
    rollout_min_error_requests: int = _Rules.min_error_requests
    rollout_max_error_rate_increase: float = _Rules.max_error_rate_increase
    rollout_max_p99_ratio: float = _Rules.max_p99_ratio
    rollout_min_p99_delta_ms: float = _Rules.min_p99_delta_ms
    rollout_min_labels: int = _Rules.min_labels
    rollout_max_accuracy_drop: float = _Rules.max_accuracy_drop

    def rollout_rules(self) -> _Rules:
        return _Rules(**{f: getattr(self, f"rollout_{f}") for f in _Rules.__dataclass_fields__})

    # Batch files (POST /secom/predict/batch with s3_key): in/ is read, out/ written.
    batch_bucket: str | None = None  # on AWS: the ML data bucket, under batch/
    batch_dir: Path = Path("data/batch")

    # The static site served at / by the local server; absent in the Lambda bundle.
    static_dir: Path = Path("frontend")
    # `vitrine demo`'s progress file (vitrine/demo.py): the catalog shows a use case still
    # training with its step. None: not a demo.
    demo_progress: Path | None = None

    @model_validator(mode="after")
    def _backends_from_resources(self) -> Settings:
        # A stack passes resource attributes only: a bucket name means the S3 registry,
        # table names mean DynamoDB, unless a backend is named explicitly.
        if self.model_bucket and "registry" not in self.model_fields_set:
            self.registry = "s3"
        if self.keys_table and "store" not in self.model_fields_set:
            self.store = "dynamodb"
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
