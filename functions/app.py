"""The app factory: builds the FastAPI app and maps domain errors to HTTP in one place."""

from __future__ import annotations

import gc
import json
import logging
import threading
import time
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from functions.contracts.base import Endpoint
from functions.correlation import HEADER as CORRELATION_HEADER
from functions.correlation import CorrelationId
from functions.edges import json_shape_problem
from functions.errors import (
    AuthError,
    InvalidInput,
    ModelUnavailable,
    NotFound,
    Problem,
    StoreUnavailable,
    VitrineError,
    validation_problems,
)
from functions.registry import RegistryReader
from functions.routers import health, loop, oip, predict
from functions.service import build_services
from functions.settings import Settings, get_settings
from functions.stores import Store

log = logging.getLogger("vitrine")


def create_app(
    settings: Settings | None = None,
    registry: RegistryReader | None = None,
    store: Store | None = None,
    warm: bool = True,
) -> FastAPI:
    settings = settings or get_settings()
    services = build_services(settings, registry, store)
    app = FastAPI(
        title="Vitrine",
        version="0.1.0",
        description="Machine-learning use cases served from ONNX models. "
        "Predictions need an API key in the `X-API-Key` header.",
        telemetry=None if settings.otel else {"tracing": False, "metrics": False,
                                              "logs": False},
    )
    app.state.services = services
    app.state.endpoints = {e.path: e for uc in services.usecases for e in uc.endpoints}
    app.include_router(health.router)
    app.include_router(predict.build_router(services.usecases))
    app.include_router(loop.build_router(services.usecases))
    if settings.serves_keys:
        from functions.routers import keys

        app.include_router(keys.router)
    app.include_router(oip.build_router(services.usecases))
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Content-Type", "X-API-Key"],
            expose_headers=[CORRELATION_HEADER],  # a page may show it beside an error
        )
    if (settings.static_dir / "index.html").exists():
        from fastapi.staticfiles import StaticFiles

        # Mounted last: API routes take precedence over file names.
        app.mount("/", StaticFiles(directory=settings.static_dir, html=True), name="site")
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes,
                       per_path={e.path: e.max_body_bytes for uc in services.usecases
                                 for e in uc.endpoints if e.max_body_bytes})
    # Outermost: every answer (a body limit's 422 too) carries the id its log lines carry.
    app.add_middleware(CorrelationId)
    _add_error_handlers(app)
    if warm:
        # Load models now (Lambda's init phase, or server start) rather than on the first
        # request; failures are kept and reported by /health, not raised.
        for family in (f for uc in services.usecases for f in uc.families):
            try:
                services.models.get(family)
            except VitrineError as exc:
                # `vitrine demo` starts serving before the others are trained: expected.
                (log.info if settings.demo_progress else log.warning)("%s", exc)
        for uc in services.usecases:
            if uc.warm is not None and settings.predicts:
                uc.warm(settings)
        # Everything loaded so far (models, libraries, the app) lives as long as the
        # process: out of the collector's reach, so that the collections a request's
        # allocations trigger no longer walk it (8 % of a prediction's time under load,
        # in a profile, before). Frozen without a full collection first: that walk of the
        # ~75 000 objects cost 30-70 ms of every cold start to free nothing (init makes
        # little cyclic garbage); a SnapStart snapshot collects before it is taken.
        gc.freeze()
    return app


def start_monitor(services: Any, interval_s: float) -> threading.Thread | None:
    """The local server's stand-in for the AWS schedule: every ``interval_s`` seconds, each
    use case's monitoring report, which starts the retraining its thresholds call for."""
    if interval_s <= 0:
        return None

    def loop_forever() -> None:
        while True:
            time.sleep(interval_s)
            services.monitor_all()

    thread = threading.Thread(target=loop_forever, name="monitor", daemon=True)
    thread.start()
    return thread


def problems_body(problems: list[Problem]) -> dict[str, Any]:
    return {
        "detail": [
            {"loc": list(p.loc), "field": p.field, "msg": p.msg, "type": p.type} for p in problems
        ]
    }


def _answer(request: Request, body: dict[str, Any], status: int,
            headers: dict[str, str] | None = None) -> JSONResponse:
    """An error body; on the Open Inference Protocol's routes also its ``error`` string,
    which v2 clients (tritonclient, KServe's) read."""
    if request.url.path.startswith("/v2/"):
        detail = body["detail"]
        body = {**body, "error": detail if isinstance(detail, str) else "; ".join(
            f"{p['field']}: {p['msg']}" for p in detail)}
    return JSONResponse(body, status_code=status, headers=headers)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        route = request.scope.get("route")
        endpoint: Endpoint | None = app.state.endpoints.get(getattr(route, "path", None))
        problems = validation_problems(exc.errors(), exc.body,
                                       endpoint.check if endpoint is not None else None)
        return _answer(request, problems_body(problems), 422)

    @app.exception_handler(InvalidInput)
    async def on_invalid(request: Request, exc: InvalidInput) -> JSONResponse:
        return _answer(request, problems_body(exc.problems), 422)

    @app.exception_handler(AuthError)
    async def on_auth(request: Request, exc: AuthError) -> JSONResponse:
        headers = ({"WWW-Authenticate": "APIKey"} if exc.status == 401 else
                   {"Retry-After": str(exc.retry_after)} if exc.retry_after else None)
        return _answer(request, {"detail": str(exc)}, exc.status, headers)

    @app.exception_handler(NotFound)
    async def on_not_found(request: Request, exc: NotFound) -> JSONResponse:
        return _answer(request, {"detail": str(exc)}, 404)

    @app.exception_handler(ModelUnavailable)
    @app.exception_handler(StoreUnavailable)
    async def on_unavailable(request: Request, exc: VitrineError) -> JSONResponse:
        return _answer(request, {"detail": str(exc)}, 503)

    @app.exception_handler(VitrineError)
    async def on_error(request: Request, exc: VitrineError) -> JSONResponse:
        log.error("%s %s failed: %s", request.method, request.url.path, exc)
        return JSONResponse({"detail": str(exc)}, status_code=500)


class BodyLimit:
    """Answers 422 to a body over ``max_bytes``, or to JSON nested too deep or with too
    many elements (functions/edges.py), before anything parses it."""

    def __init__(self, app: ASGIApp, max_bytes: int, per_path: dict[str, int] | None = None):
        self.app = app
        self.max_bytes = max_bytes
        self.per_path = per_path or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        limit = self.per_path.get(scope["path"], self.max_bytes)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return await self._reject(send, int(declared), limit)
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > limit:
                return await self._reject(send, size, limit)
            more = message.get("more_body", False)
        body, replayed = b"".join(chunks), False
        if why := json_shape_problem(body):
            return await self._send(send, problems_body([Problem(("body",), why,
                                                                 "too_complex")]))

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _reject(self, send: Send, size: int, limit: int) -> None:
        await self._send(send, problems_body([Problem(
            ("body",), f"request body of {size} bytes is over the {limit}-byte limit",
            "too_large")]))

    @staticmethod
    async def _send(send: Send, body: dict[str, Any]) -> None:
        payload = json.dumps(body).encode()
        await send({"type": "http.response.start", "status": 422,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(payload)).encode())]})
        await send({"type": "http.response.body", "body": payload})
