"""The one place a use case's training pipeline is found: a declared table's is the tabular
runtime (training/tabular.py), a coded use case's is its ``training/<name>/pipeline.py``."""

from __future__ import annotations

import importlib
from typing import Any


def get(usecase: str) -> Any:
    """The pipeline of a catalog use case (unknown names fail, listing the catalog)."""
    from functions.catalog import DECLARATIONS, get_usecase

    get_usecase(usecase)
    if usecase in DECLARATIONS:
        from training.tabular import for_declaration

        return for_declaration(DECLARATIONS[usecase])
    return importlib.import_module(f"training.{usecase}.pipeline")


def declared(usecase: str) -> bool:
    from functions.catalog import DECLARATIONS

    return usecase in DECLARATIONS
