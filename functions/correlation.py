"""Each request's correlation id, in every log line written while it runs and in its answer.

The id is API Gateway's request id (``requestContext.requestId``: the one its JSON access log
records and its ``apigw-requestid`` header returns), else, off AWS, a well-formed
``X-Request-Id`` the client sent, else a fresh one. A context variable holds it, so the
local server's concurrent requests (the event loop and its worker threads) each keep their
own. On Lambda, ``configure()`` writes the ``vitrine`` loggers as one JSON object a line,
with the Lambda request id and the X-Ray trace id beside it (what Powertools' Logger adds,
written here: docs/architecture.md, "Powertools").
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from itertools import count
from typing import Any, TextIO

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "X-Request-Id"
_CLIENT_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")  # what a log line may carry from a caller
# A fresh id (off AWS: on Lambda the gateway's or the invocation's id is there): this
# process's random half and a counter, 32 hex digits; uuid4 reads the system's random source
# each time, 12 µs a request on these machines. A forked worker draws its own half.
_PROCESS = os.urandom(8).hex()
_next = count(1).__next__


def _new_process() -> None:
    global _PROCESS
    _PROCESS = os.urandom(8).hex()


os.register_at_fork(after_in_child=_new_process)
# (correlation id, Lambda request id) of the request running in this context.
_current: ContextVar[tuple[str, str | None] | None] = ContextVar("vitrine_request",
                                                                 default=None)


def fresh() -> str:
    return f"{_PROCESS}{_next():016x}"


@contextmanager
def bound(correlation_id: str | None, lambda_request_id: str | None = None) -> Iterator[str]:
    """Log lines written inside carry ``correlation_id`` (a fresh one for None): an event
    that is no HTTP request binds its Lambda request id."""
    correlation_id = correlation_id or fresh()
    token = _current.set((correlation_id, lambda_request_id))
    try:
        yield correlation_id
    finally:
        _current.reset(token)


def from_scope(scope: Scope) -> tuple[str, str | None]:
    """(correlation id, Lambda request id) of an ASGI request; Mangum puts the API Gateway
    event and the Lambda context in the scope."""
    event = scope.get("aws.event") or {}
    gateway = (event.get("requestContext") or {}).get("requestId")
    lambda_id = getattr(scope.get("aws.context"), "aws_request_id", None)
    if isinstance(gateway, str) and gateway:
        return gateway, lambda_id
    sent = next((v for k, v in scope.get("headers", ()) if k == b"x-request-id"), b"")
    text = sent.decode("latin-1")
    return (text if _CLIENT_ID.fullmatch(text) else fresh()), lambda_id


class CorrelationId:
    """ASGI middleware: binds the request's correlation id and answers it in ``X-Request-Id``
    (a client quotes it; an operator finds the request's log lines and access log entry)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        ids = from_scope(scope)
        header = (HEADER.lower().encode(), ids[0].encode())

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        token = _current.set(ids)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            _current.reset(token)


class JsonLines(logging.Formatter):
    """One JSON object a record, the keys CloudWatch Logs Insights discovers by itself; the
    names are Powertools' (``correlation_id``, ``xray_trace_id``) so queries carry over."""

    def format(self, record: logging.LogRecord) -> str:
        ids = _current.get()
        line: dict[str, Any] = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "correlation_id": ids[0] if ids else None,
        }
        if ids and ids[1]:
            line["lambda_request_id"] = ids[1]
        # The runtime sets it per invocation: Root=1-...;Parent=...;Sampled=...
        trace = os.environ.get("_X_AMZN_TRACE_ID", "")
        if trace.startswith("Root="):
            line["xray_trace_id"] = trace.split(";", 1)[0].removeprefix("Root=")
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure(stream: TextIO | None = None, level: str | None = None) -> logging.Handler:
    """The ``vitrine`` loggers as JSON lines on ``stream`` (stdout, which Lambda ships to
    CloudWatch Logs), not also through the runtime's root handler (a line each, not two)."""
    logger = logging.getLogger("vitrine")
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(JsonLines())
    for old in [h for h in logger.handlers if isinstance(h.formatter, JsonLines)]:
        logger.removeHandler(old)  # a reload (tests, SnapStart's restore) adds one, not two
    logger.addHandler(handler)
    # Lambda's log level setting (TRACE, DEBUG, INFO, WARN, ERROR, FATAL) where one is set.
    name = (level or os.environ.get("AWS_LAMBDA_LOG_LEVEL") or "INFO").upper()
    logger.setLevel(logging.getLevelNamesMapping().get(name, logging.DEBUG))
    logger.propagate = False
    return handler
