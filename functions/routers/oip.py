"""The Open Inference Protocol v2's server and model routes (functions/oip.py has the infer
endpoint each tensor family adds to its use case): health, metadata, readiness, and infer
on a named version."""

# No `from __future__ import annotations`: FastAPI must see the real types.

from typing import Any

from fastapi import APIRouter, Depends, Request, Response, Security
from fastapi.responses import JSONResponse
from starlette.background import BackgroundTask

from functions.auth import Principal
from functions.contracts.base import UseCase
from functions.deps import api_key_header, get_services, require
from functions.errors import InvalidInput, NotFound, Problem
from functions.oip import PREFIX, metadata
from functions.routers.predict import parse_body
from functions.service import Services


def build_router(usecases: list[UseCase]) -> APIRouter:
    router = APIRouter(tags=["open inference protocol"])
    served = {uc.name: uc for uc in usecases
              if any(e.path == f"{PREFIX}/{uc.name}/infer" for e in uc.endpoints)}

    @router.get("/v2", summary="Server metadata (Open Inference Protocol v2).")
    def server() -> dict[str, Any]:
        return {"name": "vitrine", "version": "0.1.0", "extensions": []}

    @router.get("/v2/health/live", summary="The server answers.")
    def live() -> dict[str, bool]:
        return {"live": True}

    @router.get("/v2/health/ready", summary="Every tensor model served here is loaded.",
                responses={503: {}})
    def ready(services: Services = Depends(get_services)) -> Any:
        ok = all(services.models.status(f)["loaded"] or _loads(services, f) for f in served)
        return {"ready": True} if ok else JSONResponse({"ready": False}, status_code=503)

    for uc in served.values():
        _add_model(router, uc)
    return router


def _loads(services: Services, family: str) -> bool:
    try:
        services.models.get(family)
        return True
    except Exception:
        return False


def _add_model(router: APIRouter, uc: UseCase) -> None:
    base = f"{PREFIX}/{uc.name}"
    infer = next(e for e in uc.endpoints if e.path == f"{base}/infer")
    tags = ["open inference protocol"]

    def version_of(services: Services, version: str | None) -> str:
        current = services.models.get(uc.name).version  # 503 without a model
        if version is not None and version != current:
            raise NotFound(f"{uc.name} serves version {current}, not '{version[:64]}'")
        return current

    def meta(services: Services = Depends(get_services),
             _: Principal = Depends(require("predictor", uc.name))) -> dict[str, Any]:
        return metadata(uc, [version_of(services, None)])

    def meta_version(version: str, services: Services = Depends(get_services),
                     _: Principal = Depends(require("predictor", uc.name))) -> dict[str, Any]:
        return metadata(uc, [version_of(services, version)])

    def model_ready(services: Services = Depends(get_services),
                    _: Principal = Depends(require("predictor", uc.name))) -> Any:
        return {"name": uc.name, "ready": _loads(services, uc.name)}

    def version_ready(version: str, services: Services = Depends(get_services),
                      _: Principal = Depends(require("predictor", uc.name))) -> Any:
        version_of(services, version)
        return {"name": uc.name, "ready": True}

    async def infer_version(version: str, request: Request,
                            _key: str | None = Security(api_key_header)) -> Response:
        services: Services = request.app.state.services
        who = services.keys.require(request.headers.get(api_key_header.model.name),
                                    "predictor", uc.name)
        version_of(services, version)
        if request.headers.get("inference-header-content-length"):
            raise InvalidInput([Problem(("body",), "the binary tensor extension is not "
                                        "served: send JSON tensors (binary_data=False)",
                                        "value_error")])
        body = parse_body(infer.request, infer, await request.body(),
                          request.headers.get("content-type"))
        _, text, after = await services.predict(uc, infer, body, who.key_id)
        return Response(text, media_type="application/json",
                        background=BackgroundTask(after) if after else None)

    errors = {401: {}, 403: {}, 404: {}, 503: {}}
    router.add_api_route(base, meta, methods=["GET"], tags=tags, responses=errors,
                         summary=f"{uc.name}'s metadata: its input tensor, features in order.")
    router.add_api_route(f"{base}/ready", model_ready, methods=["GET"], tags=tags,
                         responses=errors, summary=f"Whether {uc.name} is loaded.")
    router.add_api_route(f"{base}/versions/{{version}}", meta_version, methods=["GET"],
                         tags=tags, responses=errors, summary="Metadata of a named version.")
    router.add_api_route(f"{base}/versions/{{version}}/ready", version_ready, methods=["GET"],
                         tags=tags, responses=errors, summary="Whether that version serves.")
    router.add_api_route(f"{base}/versions/{{version}}/infer", infer_version, methods=["POST"],
                         tags=tags, responses={**errors, 422: {}},
                         summary="Infer on a named version (the production one).",
                         openapi_extra={"requestBody": {"required": True, "content": {
                             "application/json": {"schema": {
                                 "$ref": "#/components/schemas/InferRequest"}}}}})
