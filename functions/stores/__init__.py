"""Durable records: API keys, the prediction log and feedback. SQLite locally, DynamoDB on AWS."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class ApiKeyRecord:
    key_id: str
    name: str
    role: str
    salt: str  # hex
    hash: str  # hex sha256(salt + secret)
    created_at: str  # ISO 8601 UTC
    revoked_at: str | None = None
    # The use cases this key may call; None: all of them (and key management, for admins).
    usecases: tuple[str, ...] | None = None
    # Set when an admin excluded this key's labels: monitoring and retraining ignore them.
    feedback_excluded_at: str | None = None

    def public(self) -> dict[str, Any]:
        d = asdict(self)
        del d["salt"], d["hash"]
        d["usecases"] = list(self.usecases) if self.usecases is not None else None
        return d


@dataclass(frozen=True)
class AuditRecord:
    """One change of state: which key did what to what, when."""

    at: str  # ISO 8601 UTC
    # The acting key's id; ``cli`` for the local command line, ``monitor`` for the scheduled
    # monitoring's own decisions. Its name, when a key acted, is in ``details``.
    actor: str
    # key.create, key.revoke, feedback.exclude, feedback.include, rollout.shadow,
    # rollout.canary, rollout.promote, rollout.abort, retrain.start, alias.promote, ...
    action: str
    target: str  # what was acted on: a key id, a use case, a model family
    details: str  # JSON


@dataclass(frozen=True)
class PredictionRecord:
    prediction_id: str
    usecase: str
    model_version: str
    created_at: str  # ISO 8601 UTC
    inputs: str  # JSON
    output: str  # JSON
    latency_ms: float
    endpoint: str = ""  # the route that answered: how monitoring reads inputs and output
    # Which model answered: "production", "canary" (a candidate answering its share), or
    # "shadow" (a candidate's answer to the same request, logged, never returned; its id is
    # the answered prediction's id + ".shadow").
    variant: str = "production"
    key_id: str = ""  # the id of the key that asked (never the key); "" in older logs


@dataclass(frozen=True)
class FeedbackRecord:
    """The true outcome of one logged prediction, as someone who saw it reports it."""

    prediction_id: str
    usecase: str
    label: str
    predicted: str  # what the model answered: feedback alone makes the performance figures
    created_at: str  # ISO 8601 UTC
    source: str  # the key name that sent it
    key_id: str = ""  # the id of the key that sent it ("" for labels from before key ids)


class Store(Protocol):
    # True where a commit is a local file's (tens of microseconds): the prediction log then
    # commits on the event loop, through ``log_predictions_now`` (which refuses rather than
    # waits for a busy file); a network store's round trip would stall the loop, and goes
    # to the log's writer thread.
    commits_locally: bool

    def ping(self) -> None: ...
    def put_key(self, record: ApiKeyRecord) -> None: ...
    def get_key(self, key_id: str) -> ApiKeyRecord | None: ...
    def list_keys(self) -> list[ApiKeyRecord]: ...
    def revoke_key(self, key_id: str, when: str) -> bool: ...
    # Exclude (``when``) or include again (None) a key's labels; False: no such key.
    def exclude_feedback(self, key_id: str, when: str | None) -> bool: ...
    def put_audit(self, record: AuditRecord) -> None: ...
    def list_audit(self, limit: int = 100) -> list[AuditRecord]: ...
    def log_prediction(self, record: PredictionRecord) -> None: ...
    # Many records in as few round trips as the store allows (the group commit's batches):
    # one transaction on SQLite; on DynamoDB a batch whose retry per record is idempotent.
    def log_predictions(self, records: list[PredictionRecord]) -> None: ...
    def recent_predictions(self, usecase: str, limit: int = 100) -> list[PredictionRecord]: ...
    def get_prediction(self, usecase: str, prediction_id: str) -> PredictionRecord | None: ...
    # A second label for the same prediction replaces the first (a correction); the same
    # label from the same key again (a client's retry) changes nothing, not even the time.
    def put_feedback(self, record: FeedbackRecord) -> None: ...
    def list_feedback(self, usecase: str, limit: int = 1000) -> list[FeedbackRecord]: ...
    def describe(self) -> str: ...


def open_store(settings: Any) -> Store:
    if settings.store == "dynamodb":
        from functions.stores.dynamodb import DynamoStore

        return DynamoStore(
            keys_table=settings.keys_table,
            predictions_table=settings.predictions_table,
            feedback_table=settings.feedback_table,
            audit_table=settings.audit_table,
            ttl_days=settings.prediction_ttl_days,
        )
    from functions.stores.sqlite import SQLiteStore

    return SQLiteStore(settings.sqlite_path)
