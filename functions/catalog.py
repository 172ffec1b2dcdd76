"""The catalog: every use case Vitrine serves, in one place.

Adding a use case = one contract module, one training module, one line here.
"""

from __future__ import annotations

from functions.contracts import docs, rakuten, secom, sensors, sepsis, tep
from functions.contracts.base import UseCase
from functions.errors import NotFound

CATALOG: dict[str, UseCase] = {uc.name: uc for uc in (sepsis.USECASE, tep.USECASE,
                                                     secom.USECASE, rakuten.USECASE,
                                                     sensors.USECASE, docs.USECASE)}


def get_usecase(name: str) -> UseCase:
    try:
        return CATALOG[name]
    except KeyError:
        known = ", ".join(sorted(CATALOG))
        raise NotFound(f"unknown use case '{name}' (known: {known})") from None


def owner_of(family: str) -> UseCase:
    """The use case that serves a registry model family."""
    for uc in CATALOG.values():
        if family in uc.families:
            return uc
    raise NotFound(f"no use case serves models '{family}'")


def served(names: list[str]) -> list[UseCase]:
    """The use cases named in settings, or all of them when none is named."""
    return [get_usecase(n) for n in names] if names else list(CATALOG.values())
