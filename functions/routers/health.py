from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from functions.deps import get_services
from functions.service import Services

router = APIRouter(tags=["platform"])


class Health(BaseModel):
    status: str
    reasons: list[str]
    models: dict[str, Any]
    store: dict[str, Any]
    registry: str
    prediction_log: dict[str, Any]


class UseCaseCard(BaseModel):
    name: str
    title: str
    description: str
    labels: list[str]
    routes: list[str]
    production_version: str | None
    metrics: dict[str, Any]
    threshold: float | None
    created_at: str | None


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
def health(services: Services = Depends(get_services)) -> Any:
    """OK when every served model is loaded and the stores answer; DEGRADED (200) while
    serving with a problem; 503 UNAVAILABLE with the reasons."""
    state, details = services.health()
    body = Health(status=state, **details)
    return body if state != "UNAVAILABLE" else JSONResponse(body.model_dump(), status_code=503)


@router.get("/usecases", response_model=list[UseCaseCard])
def usecases(services: Services = Depends(get_services)) -> list[UseCaseCard]:
    """The served use cases with their production model's version and metrics."""
    cards = []
    for uc in services.usecases:
        manifest: dict[str, Any] = {}
        try:
            manifest = services.models.get(uc.name).manifest
        except Exception:
            pass  # shown as "no production model" on the card
        cards.append(
            UseCaseCard(
                name=uc.name,
                title=uc.title,
                description=uc.description,
                labels=list(uc.labels),
                routes=[f"{e.method} {e.path}" for e in uc.endpoints],
                production_version=manifest.get("version"),
                metrics=manifest.get("metrics", {}).get("test", {}),
                threshold=manifest.get("threshold"),
                created_at=manifest.get("created_at"),
            )
        )
    return cards
