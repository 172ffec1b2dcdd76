from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Depends, Security
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse
from pydantic import BaseModel, Field

from functions.cards import model_card, to_html, to_markdown
from functions.deps import api_key_header, get_services
from functions.errors import AuthError, NotFound
from functions.service import Services

router = APIRouter(tags=["platform"])


class Health(BaseModel):
    """Without a key, the status alone: the details name stores, buckets and errors, which
    are for reviewers (X-API-Key of a reviewer or admin)."""

    status: str
    reasons: list[str] | None = None
    models: dict[str, Any] | None = None
    store: dict[str, Any] | None = None
    registry: str | None = None
    prediction_log: dict[str, Any] | None = None


class UseCaseCard(BaseModel):
    name: str
    title: str
    description: str
    labels: list[str]
    routes: list[str]
    page: str = Field(description="Its page on the site (relative to the site's root)")
    training: dict[str, Any] | None = Field(
        None, description="`vitrine demo` only: its state while its model is being trained "
        "(queued, training with its step, failed)")
    production_version: str | None
    serving: bool = Field(description="Whether this server has its models loaded and answers")
    metrics: dict[str, Any]
    threshold: float | None
    created_at: str | None


@router.get("/health", response_model=Health, response_model_exclude_none=True,
            responses={503: {"model": Health}})
def health(services: Services = Depends(get_services),
           key: str | None = Security(api_key_header)) -> Any:
    """OK when every served model is loaded and the stores answer; DEGRADED (200) while
    serving with a problem; 503 UNAVAILABLE. With a reviewer's key, the reasons and each
    model's, store's and log's state."""
    state, details = services.health()
    body = Health(status=state, **details) if _reviewer(services, key) else Health(status=state)
    return body if state != "UNAVAILABLE" else JSONResponse(
        body.model_dump(exclude_none=True), status_code=503)


def _reviewer(services: Services, key: str | None) -> bool:
    """Whether ``key`` is a good reviewer's or admin's key (any other: the status alone)."""
    if not key:
        return False
    try:
        return services.keys.verify(key).allows("reviewer")
    except AuthError:
        return False


def _demo_progress(path: Any) -> dict[str, Any]:
    """`vitrine demo`'s progress file (written whole, then renamed: never half read)."""
    if path is None:
        return {}
    try:
        state = json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return {}
    return {name: {k: v for k, v in s.items() if k in ("state", "step", "since")}
            for name, s in state.items() if isinstance(s, dict)}


@router.get("/usecases", response_model=list[UseCaseCard])
def usecases(services: Services = Depends(get_services)) -> list[UseCaseCard]:
    """The served use cases with their production model's version and metrics."""
    cards = []
    demo = _demo_progress(services.settings.demo_progress)
    for uc in services.usecases:
        manifest: dict[str, Any] = {}
        serving = True
        try:
            manifest = services.models.get(uc.name).manifest
            for family in uc.families[1:]:
                services.models.get(family)
        except Exception:
            serving = False  # shown as "no production model" on the card
        cards.append(
            UseCaseCard(
                name=uc.name,
                title=uc.title,
                description=uc.description,
                labels=list(uc.labels),
                routes=[f"{e.method} {e.path}" for e in uc.endpoints],
                page=uc.site_page,
                training=demo.get(uc.name) if not serving else None,
                production_version=manifest.get("version"),
                serving=serving,
                metrics=manifest.get("metrics", {}).get("test", {}),
                threshold=manifest.get("threshold"),
                created_at=manifest.get("created_at"),
            )
        )
    return cards


@router.get("/usecases/{name}/card", response_class=HTMLResponse,
            responses={200: {"content": {"text/markdown": {}}}, 404: {}, 503: {}})
def card(name: str, format: Literal["html", "md"] = "html",
         services: Services = Depends(get_services)) -> Any:
    """The model card of a served use case, from its production manifests: intended use,
    data, metrics, published references, parity certificate, limits, provenance. HTML, or
    Markdown with ``?format=md``."""
    uc = next((u for u in services.usecases if u.name == name), None)
    if uc is None:
        raise NotFound(f"no use case '{name}' is served here (served: "
                       f"{', '.join(u.name for u in services.usecases)})")
    # ModelUnavailable (503) when a family has no production model: no card without one.
    models = [(f, (m := services.models.get(f)).version, m.manifest) for f in uc.families]
    built = model_card(uc, models)
    if format == "md":
        return PlainTextResponse(to_markdown(built), media_type="text/markdown; charset=utf-8")
    return HTMLResponse(to_html(built))
