"""Domain exceptions, mapped to HTTP answers in one place (``functions.app``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


class VitrineError(Exception):
    """Base class: a failure with a message fit to show a user as one line."""


@dataclass(frozen=True)
class Problem:
    """One problem with a request: where it is and why it is wrong."""

    loc: tuple[str | int, ...]
    msg: str
    type: str = "value_error"

    @property
    def field(self) -> str:
        inner = [str(p) for p in self.loc[1:]] if self.loc[:1] == ("body",) else self.loc
        return ".".join(str(p) for p in inner) or "body"


BODY_NOT_OBJECT = "body must be a JSON object (send Content-Type: application/json)"


def validation_problems(errors: Iterable[dict[str, Any]], body: Any = None,
                        check: Callable[[dict], list[Problem]] | None = None,
                        prefix: tuple[str, ...] = ()) -> list[Problem]:
    """pydantic's errors as problems a caller reads (``prefix`` before each location: a
    model validated on its own reports them from its root). Field errors stop pydantic
    before the endpoint's cross-field checks, so ``check`` runs on the raw body too (a dict,
    or JSON bytes) and the caller learns every problem from one answer."""
    problems = []
    for e in errors:
        loc, msg, kind = prefix + tuple(e["loc"]), e["msg"], e["type"]
        if kind == "extra_forbidden":
            msg = "unknown field"
        elif kind == "missing":
            msg = "required field is missing"
        elif kind == "json_invalid":
            loc = ("body",)
            msg = f"body is not valid JSON ({e.get('ctx', {}).get('error', 'parse error')})"
        elif kind in ("model_attributes_type", "model_type") and loc == ("body",):
            # A JSON array, string or null: one type whichever parser read it.
            msg, kind = BODY_NOT_OBJECT, "model_attributes_type"
        problems.append(Problem(loc, msg, kind))
    if check is not None:
        if isinstance(body, (bytes, str)):
            try:
                body = json.loads(body)
            except ValueError:
                body = None
        if isinstance(body, dict):
            seen = {p.loc for p in problems}
            problems += [p for p in check(body) if p.loc not in seen]
    return problems


class InvalidInput(VitrineError):
    """The request is well-formed JSON but inconsistent with the domain (HTTP 422)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(f"{p.field}: {p.msg}" for p in problems))


class ModelUnavailable(VitrineError):
    """No servable model for a use case (HTTP 503)."""


class RegistryError(VitrineError):
    """The registry holds nothing usable at the asked place."""


class IntegrityError(RegistryError):
    """An artifact does not match the sha256 its manifest records."""


class NotFound(VitrineError):
    pass


class StoreUnavailable(VitrineError):
    """A store a request needs cannot be written now (HTTP 503): nothing was announced."""


class AuthError(VitrineError):
    """401 (no good key), 403 (not this key's right) or 429 (this key's rate)."""

    def __init__(self, status: int, msg: str, retry_after: int | None = None):
        self.status = status
        self.retry_after = retry_after  # seconds, for 429
        super().__init__(msg)
