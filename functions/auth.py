"""API keys: ``vk_<key_id>_<secret>``, stored only as a salted SHA-256 of the secret.

The secret is 256 random bits, so a fast hash is enough (no password-style KDF, which would
add tens of milliseconds to every request); the salt keeps equal secrets from sharing a hash.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from functions.errors import AuthError
from functions.stores import ApiKeyRecord, Store

ROLES = ("predictor", "admin")
_RANK = {role: i for i, role in enumerate(ROLES)}


@dataclass(frozen=True)
class Principal:
    key_id: str
    name: str
    role: str

    def allows(self, role: str) -> bool:
        return _RANK[self.role] >= _RANK[role]


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _digest(salt: bytes, secret: str) -> str:
    return hashlib.sha256(salt + secret.encode()).hexdigest()


def create_key(store: Store, role: str, name: str) -> tuple[str, ApiKeyRecord]:
    """Store a new key and return its plaintext (shown once, never stored) and record."""
    if role not in _RANK:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not '{role}'")
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    salt = secrets.token_bytes(16)
    record = ApiKeyRecord(
        key_id=key_id,
        name=name,
        role=role,
        salt=salt.hex(),
        hash=_digest(salt, secret),
        created_at=utcnow(),
    )
    store.put_key(record)
    return f"vk_{key_id}_{secret}", record


class KeyVerifier:
    """Checks keys against the store, remembering good ones for ``cache_seconds``."""

    def __init__(
        self, store: Store, cache_seconds: float = 60.0, clock: Callable[[], float] = time.monotonic
    ):
        self.store = store
        self.cache_seconds = cache_seconds
        self.clock = clock
        self._cache: dict[str, tuple[float, Principal]] = {}

    def verify(self, presented: str | None) -> Principal:
        if not presented:
            raise AuthError(401, "missing API key: send it in the X-API-Key header")
        hit = self._cache.get(presented)
        if hit and self.clock() - hit[0] < self.cache_seconds:
            return hit[1]
        parts = presented.split("_", 2)
        if len(parts) != 3 or parts[0] != "vk":
            raise AuthError(401, "invalid API key")
        record = self.store.get_key(parts[1])
        if (
            record is None
            or record.revoked_at is not None
            or not hmac.compare_digest(record.hash, _digest(bytes.fromhex(record.salt), parts[2]))
        ):
            self._cache.pop(presented, None)
            raise AuthError(401, "invalid or revoked API key")
        principal = Principal(record.key_id, record.name, record.role)
        if len(self._cache) > 10_000:  # bounded: a flood of distinct keys cannot grow it
            self._cache.clear()
        self._cache[presented] = (self.clock(), principal)
        return principal

    def require(self, presented: str | None, role: str) -> Principal:
        principal = self.verify(presented)
        if not principal.allows(role):
            raise AuthError(403, f"this key has role '{principal.role}'; '{role}' is needed")
        return principal
