"""The catalog: every use case Vitrine serves, in one place.

A coded use case = one contract module, one training module, one line here; a table's use
case = one declaration in a folder of VITRINE_USECASE_PATH (functions/declared.py), found
without any edit here.
"""

from __future__ import annotations

from typing import Any

from functions.contracts import docs, rakuten, secom, sensors, sepsis, tep
from functions.contracts.base import UseCase
from functions.errors import NotFound
from functions.oip import with_oip

CATALOG: dict[str, UseCase] = {uc.name: uc for uc in (sepsis.USECASE, tep.USECASE,
                                                     secom.USECASE, rakuten.USECASE,
                                                     sensors.USECASE, docs.USECASE)}


DECLARATIONS: dict[str, Any] = {}  # name -> functions.declared.Declaration


def _declared() -> dict[str, UseCase]:
    """Use cases declared by a table (functions/declared.py), from the folders of
    VITRINE_USECASE_PATH: a team's own, served without editing the platform."""
    from functions.declared import DeclarationError, build_usecase, discover

    found: dict[str, UseCase] = {}
    for decl in discover():
        DECLARATIONS[decl.name] = decl
        if decl.name in CATALOG or decl.name in found or any(
                decl.name in uc.families for uc in CATALOG.values()):
            raise DeclarationError(f"{decl.folder}: name: '{decl.name}' is taken by another "
                                   "use case")
        found[decl.name] = build_usecase(decl)
    return found


CATALOG |= _declared()
# Every family that reads a tensor of named features also answers the Open Inference
# Protocol v2 (functions/oip.py): one more endpoint, derived, never declared by hand.
CATALOG = {name: with_oip(uc) for name, uc in CATALOG.items()}


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
