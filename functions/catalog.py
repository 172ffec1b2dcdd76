"""The catalog: every use case Vitrine serves, found rather than listed
(functions/discovery.py): the package's contracts, then the folders of
VITRINE_USECASE_PATH (a table's declaration, or a team's coded use case).

Everything else — routes, Lambda functions, schedules, DVC stages, the site, the benches,
the fuzzing — reads this catalog; adding a use case edits none of them.
"""

from __future__ import annotations

import json
import os
from typing import Any

from functions.contracts.base import UseCase
from functions.discovery import CodedFolder, builtin, coded_folders, load_coded
from functions.errors import NotFound
from functions.oip import with_oip

DECLARATIONS: dict[str, Any] = {}  # name -> functions.declared.Declaration
CODED: dict[str, CodedFolder] = {}  # name -> a coded use case's folder outside the package


def _served() -> set[str] | None:
    """The use cases this process is told to serve (``VITRINE_USECASES``: a Lambda
    function's environment), or None for all. A function then loads only its own contracts:
    each contract builds its request and answer models at import, and the five it never
    serves were 10 % of a cold start. A malformed value loads everything, and the settings
    then name the mistake."""
    try:
        names = json.loads(os.environ.get("VITRINE_USECASES") or "[]")  # as the settings read it
    except ValueError:
        return None
    if not names or not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        return None
    return set(names)


def _found(only: set[str] | None = None) -> dict[str, UseCase]:
    from functions.declared import DeclarationError, build_usecase, discover

    catalog = {uc.name: uc for uc in builtin(only)}

    def add(name: str, where: Any, usecase: Any) -> None:
        taken = [uc for uc in catalog.values() if name == uc.name or name in uc.families]
        if taken:
            raise DeclarationError(f"{where}: name: '{name}' is taken by another use case")
        catalog[name] = usecase() if callable(usecase) else usecase

    for decl in discover():
        if only is None or decl.name in only:
            add(decl.name, decl.folder, lambda decl=decl: build_usecase(decl))
            DECLARATIONS[decl.name] = decl
    for coded in coded_folders():
        if only is None or coded.name in only:
            add(coded.name, coded.folder, lambda coded=coded: load_coded(coded))
            CODED[coded.name] = coded
    if only is not None and not only <= set(catalog):
        # A name not found where its name says (or a typo, which the settings will name):
        # the whole catalog, as without the setting.
        DECLARATIONS.clear()
        CODED.clear()
        return _found()
    return catalog


# Every family that reads a tensor of named features also answers the Open Inference
# Protocol v2 (functions/oip.py): one more endpoint, derived, never declared by hand.
# A process told which use cases it serves holds only those: the names clashing across the
# whole catalog are checked where it is whole (the CDK synth, the bundle build, the tests).
CATALOG: dict[str, UseCase] = {name: with_oip(uc) for name, uc in _found(_served()).items()}


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
