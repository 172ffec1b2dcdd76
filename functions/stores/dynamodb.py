"""The AWS store: two DynamoDB tables (on-demand, defined in infra/).

keys:        partition key ``key_id``
predictions: partition key ``usecase``, sort key ``sk`` = ``<created_at>#<prediction_id>``
             so that "the latest N of a use case" is one Query; ``expires_at`` is the TTL.
"""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import boto3
from boto3.dynamodb.conditions import Attr, Key

from functions.errors import VitrineError
from functions.stores import ApiKeyRecord, PredictionRecord

_KEY_FIELDS = ("key_id", "name", "role", "salt", "hash", "created_at", "revoked_at")


class DynamoStore:
    def __init__(
        self,
        keys_table: str | None,
        predictions_table: str | None,
        ttl_days: int = 90,
        resource: Any = None,
    ):
        if not keys_table or not predictions_table:
            raise VitrineError(
                "VITRINE_STORE=dynamodb needs VITRINE_KEYS_TABLE and VITRINE_PREDICTIONS_TABLE"
            )
        db = resource or boto3.resource("dynamodb")
        self.keys = db.Table(keys_table)
        self.predictions = db.Table(predictions_table)
        self.ttl_seconds = ttl_days * 86400

    def ping(self) -> None:
        # A cheap read that fails when the table is missing or access is denied.
        self.keys.get_item(Key={"key_id": "__ping__"}, ProjectionExpression="key_id")

    def put_key(self, record: ApiKeyRecord) -> None:
        item = {k: getattr(record, k) for k in _KEY_FIELDS if getattr(record, k) is not None}
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

    def log_prediction(self, record: PredictionRecord) -> None:
        self.predictions.put_item(
            Item={
                "usecase": record.usecase,
                "sk": f"{record.created_at}#{record.prediction_id}",
                "prediction_id": record.prediction_id,
                "model_version": record.model_version,
                "created_at": record.created_at,
                "inputs": record.inputs,
                "output": record.output,
                "latency_ms": Decimal(str(round(record.latency_ms, 4))),
                "expires_at": int(time.time()) + self.ttl_seconds,
            }
        )

    def recent_predictions(self, usecase: str, limit: int = 100) -> list[PredictionRecord]:
        page = self.predictions.query(
            KeyConditionExpression=Key("usecase").eq(usecase), ScanIndexForward=False, Limit=limit
        )
        return [
            PredictionRecord(
                prediction_id=i["prediction_id"],
                usecase=i["usecase"],
                model_version=i["model_version"],
                created_at=i["created_at"],
                inputs=i["inputs"],
                output=i["output"],
                latency_ms=float(i["latency_ms"]),
            )
            for i in page["Items"]
        ]

    def describe(self) -> str:
        return f"dynamodb:{self.keys.name},{self.predictions.name}"


def _key(item: dict[str, Any]) -> ApiKeyRecord:
    return ApiKeyRecord(**{k: item.get(k) for k in _KEY_FIELDS})
