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


def gate(run: Any, registry: Any, **options: Any) -> Any:
    """The quality gate for a run of ``run``'s use case, with the use case's own check
    (a pipeline's ``gate_check``; alone where ``GATE_BY_CHECK``) handed to the export
    layer, which knows no use case."""
    import json

    from model_export.gate import quality_gate

    usecase = json.loads((run / "report.json").read_text()).get("usecase")
    pipeline = get(usecase) if usecase else None
    return quality_gate(run, registry, check=getattr(pipeline, "gate_check", None),
                        check_only=bool(getattr(pipeline, "GATE_BY_CHECK", False)), **options)
