"""Key management over HTTP (admins with a key for every use case), so that rights can be
managed on AWS without a shell. Every change is audited in the store."""

from __future__ import annotations

import json
from typing import Literal

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field

from functions.auth import ROLES, Principal, create_key, exclude_feedback, revoke_key
from functions.contracts.base import StrictBody
from functions.deps import get_services, require
from functions.errors import InvalidInput, NotFound, Problem
from functions.service import Services

router = APIRouter(tags=["keys"])
admin = require("admin", platform=True)


class KeyCreate(StrictBody):
    name: str = Field(min_length=1, max_length=64, pattern=r"^[\w.@ -]+$",
                      description="Who or what holds the key")
    role: Literal["predictor", "reviewer", "admin"] = Field(
        description=f"One of {', '.join(ROLES)}")
    usecases: list[str] | None = Field(
        default=None, max_length=50,
        description="Use cases the key may call; omitted or null: all of them")


class KeyPublic(BaseModel):
    key_id: str
    name: str
    role: str
    usecases: list[str] | None
    created_at: str
    revoked_at: str | None = None
    feedback_excluded_at: str | None = Field(
        default=None, description="Since when monitoring and retraining ignore its labels")


class KeyCreated(KeyPublic):
    api_key: str = Field(description="The key itself: shown once, never stored")


class AuditEntry(BaseModel):
    at: str
    actor: str
    action: str
    target: str
    details: dict


@router.post("/keys", response_model=KeyCreated, status_code=201,
             responses={401: {}, 403: {}, 422: {}})
def create(body: KeyCreate, services: Services = Depends(get_services),
           who: Principal = Depends(admin)) -> KeyCreated:
    """Create a key (admin for every use case); the answer is the only time it is shown."""
    try:
        plaintext, record = create_key(services.store, body.role, body.name, body.usecases,
                                       actor=who)
    except ValueError as exc:
        raise InvalidInput([Problem(("body", "usecases"), str(exc), "value_error")]) from None
    return KeyCreated(api_key=plaintext, **record.public())


@router.get("/keys", response_model=list[KeyPublic], responses={401: {}, 403: {}})
def list_keys(services: Services = Depends(get_services),
              _: Principal = Depends(admin)) -> list[KeyPublic]:
    """Every key, active and revoked, without its secret."""
    return [KeyPublic(**r.public()) for r in services.store.list_keys()]


# A key id as create_key makes it: anything else names no key, and reaches no store.
KeyId = Path(min_length=12, max_length=12, pattern="^[0-9a-f]{12}$",
             description="The key's id (GET /keys)")


@router.delete("/keys/{key_id}", response_model=KeyPublic, responses={401: {}, 403: {}, 404: {}})
def revoke(key_id: str = KeyId, services: Services = Depends(get_services),
           who: Principal = Depends(admin)) -> KeyPublic:
    """Revoke a key; warm functions stop accepting it within the key cache's delay."""
    record = revoke_key(services.store, key_id, who)
    if record is None:
        raise NotFound(f"no active key '{key_id}'")
    return KeyPublic(**record.public())


@router.post("/keys/{key_id}/feedback-exclusion", response_model=KeyPublic,
             responses={401: {}, 403: {}, 404: {}, 422: {}})
def exclude(key_id: str = KeyId, services: Services = Depends(get_services),
            who: Principal = Depends(admin)) -> KeyPublic:
    """Leave every label this key sent (and sends) out of monitoring and retraining
    (audited); its labels stay stored, so the exclusion can be undone."""
    record = exclude_feedback(services.store, key_id, who)
    if record is None:
        raise NotFound(f"no key '{key_id}'")
    return KeyPublic(**record.public())


@router.delete("/keys/{key_id}/feedback-exclusion", response_model=KeyPublic,
               responses={401: {}, 403: {}, 404: {}, 422: {}})
def include(key_id: str = KeyId, services: Services = Depends(get_services),
            who: Principal = Depends(admin)) -> KeyPublic:
    """Take this key's labels into monitoring and retraining again (audited)."""
    record = exclude_feedback(services.store, key_id, who, exclude=False)
    if record is None:
        raise NotFound(f"no key '{key_id}'")
    return KeyPublic(**record.public())


@router.get("/keys/audit", response_model=list[AuditEntry], responses={401: {}, 403: {}})
def audit_log(limit: int = 100, services: Services = Depends(get_services),
              _: Principal = Depends(admin)) -> list[AuditEntry]:
    """The latest state changes (keys, feedback exclusions, rollouts, retraining, aliases),
    newest first, each with the acting key's id."""
    limit = max(1, min(limit, 1000))
    return [AuditEntry(at=a.at, actor=a.actor, action=a.action, target=a.target,
                       details=json.loads(a.details)) for a in services.store.list_audit(limit)]
