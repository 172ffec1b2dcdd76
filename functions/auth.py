"""API keys: ``vk_<key_id>_<secret>``, stored only as a salted SHA-256 of the secret.

The secret is 256 random bits, so a fast hash is enough (no password-style KDF, which would
add tens of milliseconds to every request); the salt keeps equal secrets from sharing a hash.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from functions.errors import AuthError
from functions.stores import ApiKeyRecord, Store

# Each role can do what the ones before it can:
#   predictor  predicts
#   reviewer   + sends feedback (corrections), reads monitoring and retraining status
#   admin      + retrains, and (with a key for every use case) manages keys
ROLES = ("predictor", "reviewer", "admin")
_RANK = {role: i for i, role in enumerate(ROLES)}


@dataclass(frozen=True)
class Principal:
    key_id: str
    name: str
    role: str
    usecases: tuple[str, ...] | None = None  # None: every use case

    def allows(self, role: str) -> bool:
        return _RANK[self.role] >= _RANK[role]

    def reaches(self, usecase: str | None) -> bool:
        """Whether the key may act on ``usecase``; None (platform-wide acts such as managing
        keys) needs a key scoped to every use case."""
        if self.usecases is None:
            return True
        return usecase is not None and usecase in self.usecases


# vk_ + 6 random bytes in hex (the id) + _ + 32 random bytes in URL-safe base64 (the secret).
_WELL_FORMED = re.compile(r"vk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")


def well_formed(presented: str) -> bool:
    """Whether ``presented`` has a key's shape: anything else is refused without asking a
    store (DynamoDB answers an empty or odd key attribute with a ValidationException)."""
    return isinstance(presented, str) and _WELL_FORMED.fullmatch(presented) is not None


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _digest(salt: bytes, secret: str) -> str:
    return hashlib.sha256(salt + secret.encode()).hexdigest()


Actor = Principal | str  # a key that acted, or "cli" / "monitor" for the platform itself


def create_key(store: Store, role: str, name: str, usecases: list[str] | None = None,
               actor: Actor | None = None) -> tuple[str, ApiKeyRecord]:
    """Store a new key and return its plaintext (shown once, never stored) and record.

    usecases: the use cases it may call (None: all). actor: who asks, for the audit log;
    its record is written before the key is, so no key is ever valid unaudited (a failed
    key write leaves an audited attempt, never an unaudited key).
    """
    if role not in _RANK:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not '{role}'")
    if usecases is not None:
        from functions.catalog import CATALOG

        unknown = [u for u in usecases if u not in CATALOG]
        if unknown or not usecases:
            raise ValueError(f"unknown use case(s) {', '.join(unknown) or '(none given)'} "
                             f"(known: {', '.join(CATALOG)})")
        usecases = list(dict.fromkeys(usecases))
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
        usecases=tuple(usecases) if usecases is not None else None,
    )
    if actor is not None:
        audit_key(store, actor, "key.create", record)
    store.put_key(record)
    return f"vk_{key_id}_{secret}", record


def revoke_key(store: Store, key_id: str, actor: Actor) -> ApiKeyRecord | None:
    """Revoke a key (audited); None when there is no such active key."""
    if not store.revoke_key(key_id, utcnow()):
        return None
    record = store.get_key(key_id)
    if record is not None:
        audit_key(store, actor, "key.revoke", record)
    return record


def exclude_feedback(store: Store, key_id: str, actor: Actor, exclude: bool = True
                     ) -> ApiKeyRecord | None:
    """Leave a key's labels out of monitoring and retraining (or, with ``exclude`` false,
    take them in again), audited first; None when there is no such key."""
    record = store.get_key(key_id)
    if record is None:
        return None
    audit_key(store, actor, "feedback.exclude" if exclude else "feedback.include", record)
    store.exclude_feedback(key_id, utcnow() if exclude else None)
    return store.get_key(key_id)


def audit(store: Store, actor: Actor, action: str, target: str,
          details: dict[str, Any] | None = None) -> None:
    """One audit record of a state change, by the acting key's id (its name in details)."""
    import json

    from functions.stores import AuditRecord

    details = dict(details or {})
    if isinstance(actor, Principal):
        details["actor_name"] = actor.name
        actor = actor.key_id
    store.put_audit(AuditRecord(at=utcnow(), actor=actor, action=action, target=target,
                                details=json.dumps(details, default=str)))


def audit_key(store: Store, actor: Actor, action: str, record: ApiKeyRecord) -> None:
    audit(store, actor, action, record.key_id,
          {"name": record.name, "role": record.role, "usecases": record.public()["usecases"]})


class RateLimit:
    """At most ``per_minute`` requests a key in each minute (a fixed window), in this
    process: a key over it is answered 429 with the seconds to wait. On AWS each warm
    function instance counts for itself; API Gateway's stage throttle bounds the total."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic):
        self.per_minute = per_minute
        self.clock = clock
        self._windows: dict[str, tuple[int, int]] = {}
        self._lock = threading.Lock()

    def check(self, key_id: str) -> None:
        if self.per_minute <= 0:
            return
        now = self.clock()
        window = int(now // 60)
        with self._lock:
            start, count = self._windows.get(key_id, (window, 0))
            if start != window:
                start, count = window, 0
            if count >= self.per_minute:
                raise AuthError(429, f"this key is over its {self.per_minute} requests a "
                                "minute; try again shortly",
                                retry_after=max(1, int((window + 1) * 60 - now)))
            if len(self._windows) > 10_000:  # bounded: old windows go first
                self._windows = {k: v for k, v in self._windows.items() if v[0] == window}
            self._windows[key_id] = (start, count + 1)


class KeyVerifier:
    """Checks keys against the store, remembering good ones for ``cache_seconds``; a
    malformed key is refused before any store is asked."""

    def __init__(
        self, store: Store, cache_seconds: float = 60.0,
        clock: Callable[[], float] = time.monotonic, rate_per_minute: int = 0,
    ):
        self.store = store
        self.cache_seconds = cache_seconds
        self.clock = clock
        self.rate = RateLimit(rate_per_minute, clock)
        self._cache: dict[str, tuple[float, Principal]] = {}

    def verify(self, presented: str | None) -> Principal:
        if not presented:
            raise AuthError(401, "missing API key: send it in the X-API-Key header")
        hit = self._cache.get(presented)
        if hit and self.clock() - hit[0] < self.cache_seconds:
            return hit[1]
        if not well_formed(presented):
            raise AuthError(401, "invalid API key: not the shape of a key (vk_<id>_<secret>)")
        parts = presented.split("_", 2)
        record = self.store.get_key(parts[1])
        if (
            record is None
            or record.revoked_at is not None
            or not hmac.compare_digest(record.hash, _digest(bytes.fromhex(record.salt), parts[2]))
        ):
            self._cache.pop(presented, None)
            raise AuthError(401, "invalid or revoked API key")
        principal = Principal(record.key_id, record.name, record.role, record.usecases)
        if len(self._cache) > 10_000:  # bounded: a flood of distinct keys cannot grow it
            self._cache.clear()
        self._cache[presented] = (self.clock(), principal)
        return principal

    def require(self, presented: str | None, role: str, usecase: str | None = None,
                platform: bool = False) -> Principal:
        """The caller, if its key has ``role`` and reaches ``usecase`` (``platform``: every
        use case, as managing keys needs); else 401 or 403 saying why."""
        principal = self.verify(presented)
        self.rate.check(principal.key_id)
        if not principal.allows(role):
            raise AuthError(403, f"this key has role '{principal.role}'; '{role}' is needed")
        if (platform or usecase is not None) and not principal.reaches(
                None if platform else usecase):
            scope = ", ".join(principal.usecases or ())
            what = "every use case" if platform else f"'{usecase}'"
            raise AuthError(403, f"this key is scoped to {scope}; {what} is needed")
        return principal
