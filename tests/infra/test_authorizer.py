"""API Gateway's Lambda authorizer (functions/authorizer.py), answered in-process against
moto's DynamoDB: a valid key passes with its id and role, anything else is refused, and a
malformed key is refused before any table is read."""

from __future__ import annotations

import secrets

import boto3
import pytest
from moto import mock_aws

from functions import authorizer
from functions.auth import create_key
from functions.stores.dynamodb import DynamoStore

REGION = "eu-west-3"


def authorizer_event(key: str | None) -> dict:
    """What an HTTP API sends a REQUEST authorizer with payload format 2.0 and the identity
    source ``$request.header.X-API-Key`` (headers lower-cased)."""
    headers = {"content-type": "application/json", "host": "abc123.execute-api.eu-west-3"
                                                          ".amazonaws.com"}
    if key is not None:
        headers["x-api-key"] = key
    return {
        "version": "2.0", "type": "REQUEST",
        "routeArn": "arn:aws:execute-api:eu-west-3:123456789012:abc123/$default/POST/"
                    "predict/patient",
        "identitySource": [key] if key is not None else None,
        "routeKey": "POST /predict/patient", "rawPath": "/predict/patient",
        "rawQueryString": "", "headers": headers,
        "requestContext": {"accountId": "123456789012", "apiId": "abc123",
                           "domainName": headers["host"], "stage": "$default",
                           "http": {"method": "POST", "path": "/predict/patient",
                                    "protocol": "HTTP/1.1", "sourceIp": "203.0.113.9",
                                    "userAgent": "curl/8"},
                           "requestId": "r1", "routeKey": "POST /predict/patient",
                           "time": "07/Dec/2026:10:00:00 +0000", "timeEpoch": 0},
    }


@pytest.fixture
def keys(monkeypatch):
    """A keys table in moto, the authorizer pointed at it, and a store to make keys with."""
    for k, v in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                 "AWS_DEFAULT_REGION": REGION, "VITRINE_KEYS_TABLE": "keys",
                 "VITRINE_PREDICTIONS_TABLE": "predictions"}.items():
        monkeypatch.setenv(k, v)
    with mock_aws():
        db = boto3.resource("dynamodb", region_name=REGION)
        db.create_table(TableName="keys", BillingMode="PAY_PER_REQUEST",
                        KeySchema=[{"AttributeName": "key_id", "KeyType": "HASH"}],
                        AttributeDefinitions=[{"AttributeName": "key_id",
                                               "AttributeType": "S"}])
        authorizer._verifier.cache_clear()
        yield DynamoStore("keys", "predictions", resource=db)
        authorizer._verifier.cache_clear()


def test_a_valid_key_is_authorized_with_its_id_and_role(keys):
    key, record = create_key(keys, "reviewer", "moto")
    answer = authorizer.handler(authorizer_event(key), None)
    assert answer == {"isAuthorized": True,
                      "context": {"key_id": record.key_id, "role": "reviewer"}}


def test_unknown_and_revoked_keys_are_refused(keys):
    key, record = create_key(keys, "predictor", "moto")
    unknown = f"vk_{secrets.token_hex(6)}_{secrets.token_urlsafe(32)}"
    wrong_secret = f"vk_{record.key_id}_{secrets.token_urlsafe(32)}"
    for presented in (unknown, wrong_secret):
        assert authorizer.handler(authorizer_event(presented), None) == {"isAuthorized": False}
    assert authorizer.handler(authorizer_event(key), None)["isAuthorized"] is True
    assert keys.revoke_key(record.key_id, "2026-12-07T10:00:00+00:00")
    # No cache of its own: API Gateway's (its TTL) is the only delay before a revocation.
    assert authorizer.handler(authorizer_event(key), None) == {"isAuthorized": False}


MALFORMED = [
    "",
    "vk__" + "a" * 43,  # empty key id: DynamoDB would answer a ValidationException
    "vk_" + "a" * 12,  # no secret
    "vk_" + "A" * 12 + "_" + "a" * 43,  # upper-case id
    "vk_" + "g" * 12 + "_" + "a" * 43,  # not hex
    "vk_" + "a" * 11 + "_" + "a" * 43,  # id too short
    "vk_" + "a" * 12 + "_" + "a" * 42,  # secret too short
    "vk_" + "a" * 12 + "_" + "a" * 44,  # secret too long
    "vk_" + "a" * 12 + "_" + "a" * 42 + "=",  # outside the secret's alphabet
    "vk_" + "a" * 12 + "_" + "a" * 42 + "\x00",
    "Bearer " + "a" * 43,
    "vk_" + "a" * 12 + "_" + "a" * 10_000,  # large: refused by its length, never hashed
]


@pytest.mark.parametrize("presented", MALFORMED, ids=range(len(MALFORMED)))
def test_a_malformed_key_is_refused_without_reading_any_table(keys, monkeypatch, presented):
    def no_read(self, key_id):
        raise AssertionError(f"the keys table was read for a malformed key ({key_id!r})")

    monkeypatch.setattr(DynamoStore, "get_key", no_read)
    assert authorizer.handler(authorizer_event(presented), None) == {"isAuthorized": False}


def test_without_the_header_nothing_is_read(keys, monkeypatch):
    """API Gateway refuses a request without the identity source itself (401, no call);
    called anyway, the handler refuses too."""
    monkeypatch.setattr(DynamoStore, "get_key", lambda self, key_id: pytest.fail("read"))
    assert authorizer.handler(authorizer_event(None), None) == {"isAuthorized": False}


def test_a_store_failure_is_not_answered_as_a_bad_key(keys, monkeypatch):
    """A table that cannot be read raises (API Gateway answers 500 and caches nothing)
    instead of refusing a good key for the cache's TTL."""
    key, _ = create_key(keys, "predictor", "moto")
    monkeypatch.setenv("VITRINE_KEYS_TABLE", "missing")
    authorizer._verifier.cache_clear()
    with pytest.raises(Exception, match="ResourceNotFound|non-existent|not found"):
        authorizer.handler(authorizer_event(key), None)


def test_the_authorizer_imports_boto3_and_the_key_check_only():
    """Its cold start delays a key's first request: no numpy, pydantic, FastAPI or model
    runtime behind it."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = ("import sys, functions.authorizer; print(sorted({m.split('.')[0] for m in "
            "sys.modules} & {'numpy', 'pydantic', 'fastapi', 'starlette', 'mangum', "
            "'onnxruntime', 'PIL'}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=root, env={**os.environ, "PYTHONPATH": str(root)})
    assert done.stdout.strip() == "[]"
