"""API Gateway's Lambda authorizer (HTTP API, payload 2.0, simple responses).

API Gateway calls it with the ``X-API-Key`` header as the identity source (a request
without the header is refused with 401 before anything runs) and caches its answer per key
for the stack's ``authorizer_cache_seconds``. A malformed key is refused without reading
any table; a well-formed one is checked as the app checks it (``KeyVerifier``: one GetItem
on the keys table, the salted hash, revocation). Roles and use-case scopes stay the app's
business: this only decides whether the key exists and is valid, and passes its id and role
on (``requestContext.authorizer.lambda``).

Only boto3 and the standard library besides functions/: a cold start here delays every
first request of a key.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

from functions.auth import KeyVerifier, well_formed
from functions.errors import AuthError
from functions.stores.dynamodb import DynamoStore

DENY: dict[str, Any] = {"isAuthorized": False}


@lru_cache(maxsize=1)
def _verifier() -> KeyVerifier:
    # The store's constructor names the predictions table; nothing here reads it (the
    # function's policy has GetItem on the keys table only). No cache of its own: API
    # Gateway's is the one cache, so a revocation takes effect within its TTL. No rate limit
    # either: the app counts each key's requests (VITRINE_KEY_RATE_PER_MINUTE, 429).
    store = DynamoStore(os.environ["VITRINE_KEYS_TABLE"], os.environ["VITRINE_PREDICTIONS_TABLE"])
    return KeyVerifier(store, cache_seconds=0)


def presented_key(event: dict[str, Any]) -> str | None:
    """The key from the identity source (or the header, which payload 2.0 lower-cases)."""
    source = event.get("identitySource") or []
    if source:
        return str(source[0])
    return (event.get("headers") or {}).get("x-api-key")


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    key = presented_key(event)
    if not key or not well_formed(key):
        return DENY
    try:
        principal = _verifier().verify(key)
    except AuthError:
        return DENY
    # A store failure (throttling, access) raises: API Gateway answers 500 and caches
    # nothing, rather than a 401 that would look like a bad key.
    return {"isAuthorized": True,
            "context": {"key_id": principal.key_id, "role": principal.role}}
