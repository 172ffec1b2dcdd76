"""One export path: model_export knows no use case, and every run declares what it makes."""

import ast
from pathlib import Path

from functions.catalog import CATALOG

ROOT = Path(__file__).resolve().parents[1]


def test_model_export_names_no_usecase_and_imports_no_usecase_training():
    families = {f for uc in CATALOG.values() for f in uc.families} | set(CATALOG)
    for path in sorted((ROOT / "model_export").glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom | ast.Import):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                    [a.name for a in node.names]
                for name in names:
                    parts = name.split(".")
                    assert not (parts[0] == "training" and len(parts) > 1
                                and parts[1] in CATALOG), f"{path.name} imports {name}"
                    assert not (parts[:2] == ["functions", "contracts"] and len(parts) > 2), \
                        f"{path.name} imports {name}"
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert node.value not in families, f"{path.name} names {node.value!r}"


def test_a_run_without_declarations_is_refused_with_a_reason(tmp_path):
    import json

    import pytest

    from functions.errors import VitrineError
    from functions.registry import LocalBlobStore
    from model_export.export import export_run
    from model_export.registry import RegistryWriter

    run = tmp_path / "20260101T000000Z"
    run.mkdir()
    (run / "report.json").write_text(json.dumps({"usecase": "sepsis", "run_id": run.name}))
    with pytest.raises(VitrineError, match="declares no models"):
        export_run(run, RegistryWriter(LocalBlobStore(tmp_path / "reg")))
