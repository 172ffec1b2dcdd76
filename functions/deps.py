"""FastAPI dependencies: the services of this app, and the caller's key checked for a role."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from functions.auth import Principal
from functions.service import Services

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)


# async on purpose: FastAPI runs plain `def` dependencies in a worker thread, and that hop
# costs more than everything they do (a dict lookup, a cached key check).
async def get_services(request: Request) -> Services:
    return request.app.state.services


def require(role: str, usecase: str | None = None, platform: bool = False
            ) -> Callable[..., Principal]:
    """The caller's key, checked for ``role`` and for reaching ``usecase`` (or, with
    ``platform``, every use case)."""
    async def check(
        key: str | None = Security(api_key_header),
        services: Services = Depends(get_services),
    ) -> Principal:
        return services.keys.require(key, role, usecase, platform)

    return check
