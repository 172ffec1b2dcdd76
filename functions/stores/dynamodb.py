"""The AWS store: three DynamoDB tables (on-demand, defined in infra/).

keys:        partition key ``key_id``
predictions: partition key ``usecase``, sort key ``sk`` = ``<created_at>#<prediction_id>``
             so that "the latest N of a use case" is one Query; ``expires_at`` is the TTL;
             index ``by_usecase_id`` (partition key ``usecase``, sort key ``prediction_id``)
             finds the one feedback names, within the use case's own partition: each
             function's IAM policy may then name its partition (``dynamodb:LeadingKeys``).
feedback:    partition key ``usecase``, sort key ``prediction_id`` (a new label replaces; the
             same label from the same key again is a retry and writes nothing).
audit:       partition key ``log`` (always "keys"), sort key ``sk`` = ``<at>#<random>``.
"""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import boto3
from boto3.dynamodb.conditions import Attr, Key

from functions.errors import VitrineError
from functions.stores import ApiKeyRecord, AuditRecord, FeedbackRecord, PredictionRecord

_KEY_FIELDS = ("key_id", "name", "role", "salt", "hash", "created_at", "revoked_at",
               "feedback_excluded_at")
_AUDIT_FIELDS = ("at", "actor", "action", "target", "details")
AUDIT_LOG = "keys"  # the audit table's one partition: rights change rarely
_FEEDBACK_FIELDS = ("prediction_id", "usecase", "label", "predicted", "created_at", "source",
                    "key_id")
BY_ID_INDEX = "by_usecase_id"


class DynamoStore:
    commits_locally = False  # a round trip per batch: kept off the event loop

    def __init__(
        self,
        keys_table: str | None,
        predictions_table: str | None,
        ttl_days: int = 90,
        resource: Any = None,
        feedback_table: str | None = None,
        audit_table: str | None = None,
    ):
        if not keys_table or not predictions_table:
            raise VitrineError(
                "VITRINE_STORE=dynamodb needs VITRINE_KEYS_TABLE and VITRINE_PREDICTIONS_TABLE"
            )
        self._tables = (keys_table, predictions_table, feedback_table, audit_table)
        self._own_resource = resource is None
        self._open(resource or boto3.resource("dynamodb"))
        self.ttl_seconds = ttl_days * 86400

    def _open(self, db: Any) -> None:
        keys_table, predictions_table, feedback_table, audit_table = self._tables
        self.keys = db.Table(keys_table)
        self.predictions = db.Table(predictions_table)
        # Optional: a process that takes no feedback (the platform function) has no table.
        self.feedback = db.Table(feedback_table) if feedback_table else None
        # Only the function that manages keys writes the audit (and the CLI, with a name).
        self.audit = db.Table(audit_table) if audit_table else None

    def reconnect(self) -> None:
        """A fresh client (SnapStart: a restored copy's pooled connections are stale)."""
        if self._own_resource:
            self._open(boto3.resource("dynamodb"))

    def ping(self) -> None:
        # A cheap read that fails when the table is missing or access is denied.
        self.keys.get_item(Key={"key_id": "__ping__"}, ProjectionExpression="key_id")

    def put_key(self, record: ApiKeyRecord) -> None:
        item: dict[str, Any] = {k: getattr(record, k) for k in _KEY_FIELDS
                                if getattr(record, k) is not None}
        if record.usecases is not None:
            item["usecases"] = list(record.usecases)
        self.keys.put_item(Item=item, ConditionExpression=Attr("key_id").not_exists())

    def get_key(self, key_id: str) -> ApiKeyRecord | None:
        item = self.keys.get_item(Key={"key_id": key_id}, ConsistentRead=True).get("Item")
        return _key(item) if item else None

    def list_keys(self) -> list[ApiKeyRecord]:
        items: list[dict[str, Any]] = []
        kwargs: dict[str, Any] = {}
        while True:
            page = self.keys.scan(**kwargs)
            items += page["Items"]
            if "LastEvaluatedKey" not in page:
                break
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        return sorted((_key(i) for i in items), key=lambda r: r.created_at)

    def revoke_key(self, key_id: str, when: str) -> bool:
        try:
            self.keys.update_item(
                Key={"key_id": key_id},
                UpdateExpression="SET revoked_at = :w",
                ConditionExpression=Attr("key_id").exists() & Attr("revoked_at").not_exists(),
                ExpressionAttributeValues={":w": when},
            )
        except self.keys.meta.client.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def exclude_feedback(self, key_id: str, when: str | None) -> bool:
        change = ({"UpdateExpression": "SET feedback_excluded_at = :w",
                   "ExpressionAttributeValues": {":w": when}} if when is not None
                  else {"UpdateExpression": "REMOVE feedback_excluded_at"})
        try:
            self.keys.update_item(Key={"key_id": key_id},
                                  ConditionExpression=Attr("key_id").exists(), **change)
        except self.keys.meta.client.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def _audit_table(self) -> Any:
        if self.audit is None:
            raise VitrineError("managing keys needs VITRINE_AUDIT_TABLE (every change is "
                               "audited)")
        return self.audit

    def put_audit(self, record: AuditRecord) -> None:
        import secrets

        self._audit_table().put_item(Item={
            "log": AUDIT_LOG, "sk": f"{record.at}#{secrets.token_hex(4)}",
            **{k: getattr(record, k) for k in _AUDIT_FIELDS}})

    def list_audit(self, limit: int = 100) -> list[AuditRecord]:
        page = self._audit_table().query(KeyConditionExpression=Key("log").eq(AUDIT_LOG),
                                         ScanIndexForward=False, Limit=limit)
        return [AuditRecord(**{k: i[k] for k in _AUDIT_FIELDS}) for i in page["Items"]]

    def log_prediction(self, record: PredictionRecord) -> None:
        self.predictions.put_item(Item=self._prediction_item(record))

    def log_predictions(self, records: list[PredictionRecord]) -> None:
        """BatchWriteItem, 25 items a call, unprocessed items resent by boto3. Not one
        transaction: a batch that fails part-way is written again record by record by the
        caller, and writing an item twice stores the same item (same key, same values)."""
        with self.predictions.batch_writer() as batch:
            for record in records:
                batch.put_item(Item=self._prediction_item(record))

    def _prediction_item(self, record: PredictionRecord) -> dict[str, Any]:
        return {
            "usecase": record.usecase,
            "sk": f"{record.created_at}#{record.prediction_id}",
            "prediction_id": record.prediction_id,
            "model_version": record.model_version,
            "created_at": record.created_at,
            "inputs": record.inputs,
            "output": record.output,
            "latency_ms": Decimal(str(round(record.latency_ms, 4))),
            "endpoint": record.endpoint,
            "variant": record.variant,
            "key_id": record.key_id,
            "expires_at": int(time.time()) + self.ttl_seconds,
        }

    def recent_predictions(self, usecase: str, limit: int = 100) -> list[PredictionRecord]:
        items: list[dict[str, Any]] = []
        kwargs: dict[str, Any] = {"KeyConditionExpression": Key("usecase").eq(usecase),
                                  "ScanIndexForward": False}
        while len(items) < limit:  # one Query page stops at 1 MB
            page = self.predictions.query(Limit=limit - len(items), **kwargs)
            items += page["Items"]
            if "LastEvaluatedKey" not in page:
                break
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        return [_prediction(i) for i in items]

    def get_prediction(self, usecase: str, prediction_id: str) -> PredictionRecord | None:
        page = self.predictions.query(
            IndexName=BY_ID_INDEX,
            KeyConditionExpression=Key("usecase").eq(usecase)
            & Key("prediction_id").eq(prediction_id))
        return _prediction(page["Items"][0]) if page["Items"] else None

    def _feedback_table(self) -> Any:
        if self.feedback is None:
            raise VitrineError("feedback needs VITRINE_FEEDBACK_TABLE")
        return self.feedback

    def put_feedback(self, record: FeedbackRecord) -> None:
        table = self._feedback_table()
        try:  # one conditional write: a client's retry of a stored label changes nothing
            table.put_item(Item={k: getattr(record, k) for k in _FEEDBACK_FIELDS},
                           ConditionExpression=Attr("prediction_id").not_exists()
                           | Attr("label").ne(record.label) | Attr("key_id").not_exists()
                           | Attr("key_id").ne(record.key_id))
        except table.meta.client.exceptions.ConditionalCheckFailedException:
            pass  # the same label from the same key: kept with its first time

    def list_feedback(self, usecase: str, limit: int = 1000) -> list[FeedbackRecord]:
        items: list[dict[str, Any]] = []
        kwargs: dict[str, Any] = {"KeyConditionExpression": Key("usecase").eq(usecase)}
        while True:
            page = self._feedback_table().query(**kwargs)
            items += page["Items"]
            if "LastEvaluatedKey" not in page:
                break
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        records = sorted((FeedbackRecord(**{k: i.get(k, "") for k in _FEEDBACK_FIELDS})
                          for i in items),
                         key=lambda r: r.created_at, reverse=True)
        return records[:limit]

    def describe(self) -> str:
        return f"dynamodb:{self.keys.name},{self.predictions.name}"


def _prediction(i: dict[str, Any]) -> PredictionRecord:
    return PredictionRecord(
        prediction_id=i["prediction_id"], usecase=i["usecase"], model_version=i["model_version"],
        created_at=i["created_at"], inputs=i["inputs"], output=i["output"],
        latency_ms=float(i["latency_ms"]), endpoint=i.get("endpoint", ""),
        variant=i.get("variant", "production"), key_id=i.get("key_id", ""),
    )


def _key(item: dict[str, Any]) -> ApiKeyRecord:
    scope = item.get("usecases")
    return ApiKeyRecord(**{k: item.get(k) for k in _KEY_FIELDS},
                        usecases=None if scope is None else tuple(scope))
