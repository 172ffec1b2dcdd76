"""Prediction routes, built from the catalog: one per endpoint a use case declares."""

# No `from __future__ import annotations`: FastAPI must see the real body type.

from fastapi import APIRouter, Depends

from functions.auth import Principal
from functions.contracts.base import Endpoint, PredictionBase, UseCase
from functions.deps import get_services, require
from functions.service import Services


def add_endpoint(router: APIRouter, usecase: UseCase, endpoint: Endpoint) -> None:
    request_model = endpoint.request

    async def route(
        body: request_model,  # type: ignore[valid-type]
        services: Services = Depends(get_services),
        _: Principal = Depends(require("predictor", usecase.name)),
    ) -> PredictionBase:
        return services.predict(usecase, endpoint, body)

    router.add_api_route(
        endpoint.path,
        route,
        methods=[endpoint.method],
        response_model=endpoint.response,
        summary=endpoint.summary,
        name=f"{usecase.name}:{endpoint.path}",
        tags=[usecase.name],
        responses={401: {}, 403: {}, 422: {}, 503: {}},
        openapi_extra={"x-vitrine-usecase": usecase.name},
    )


def build_router(usecases: list[UseCase]) -> APIRouter:
    router = APIRouter()
    for uc in usecases:
        for endpoint in uc.endpoints:
            add_endpoint(router, uc, endpoint)
    return router
