"""Prediction routes, built from the catalog: one per endpoint a use case declares."""

# No `from __future__ import annotations`: FastAPI must see the real body type.

from fastapi import APIRouter, Depends, Request, Response

from functions.contracts.base import Endpoint, UseCase
from functions.deps import api_key_header
from functions.service import Services


def add_endpoint(router: APIRouter, usecase: UseCase, endpoint: Endpoint) -> None:
    request_model = endpoint.request

    # The hot path: one dependency, the key check, run before the body is validated (a
    # caller without a key learns nothing else). `Security(...)` sub-dependencies, as the
    # other routes use, cost more per request to resolve than the check itself
    # (bench/load_bench.py); the OpenAPI document declares the header all the same
    # (`security` below).
    async def authorized(request: Request) -> Services:
        services: Services = request.app.state.services
        services.keys.require(request.headers.get(api_key_header.model.name), "predictor",
                              usecase.name)
        return services

    async def route(
        body: request_model,  # type: ignore[valid-type]
        services: Services = Depends(authorized),
    ) -> Response:
        _, text = await services.predict(usecase, endpoint, body)
        # The answer's JSON as the log holds it: FastAPI would validate and serialize it a
        # second time through response_model (kept below for the OpenAPI schema).
        return Response(text, media_type="application/json")

    router.add_api_route(
        endpoint.path,
        route,
        methods=[endpoint.method],
        response_model=endpoint.response,
        summary=endpoint.summary,
        name=f"{usecase.name}:{endpoint.path}",
        tags=[usecase.name],
        responses={401: {}, 403: {}, 422: {}, 503: {}},
        openapi_extra={"x-vitrine-usecase": usecase.name,
                       "security": [{api_key_header.scheme_name: []}]},
    )


def build_router(usecases: list[UseCase]) -> APIRouter:
    router = APIRouter()
    for uc in usecases:
        for endpoint in uc.endpoints:
            add_endpoint(router, uc, endpoint)
    return router
