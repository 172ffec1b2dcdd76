"""Domain exceptions, mapped to HTTP answers in one place (``functions.app``)."""

from __future__ import annotations

from dataclasses import dataclass


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
    def __init__(self, status: int, msg: str):
        self.status = status
        super().__init__(msg)
