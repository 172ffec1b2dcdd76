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


def _onnx_run(tmp_path, expected_shift: float = 0.0, name: str = "20260101T000000Z"):
    """A run whose model was made ONNX at training time (converter "onnx"), with the native
    model's probabilities on the certification rows recorded beside it."""
    import json

    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from functions.contracts.secom import FEATURES, LABELS
    from model_export.onnx_export import to_onnx
    from training.runs import declare

    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, len(FEATURES))).astype(np.float32)
    y = (x[:, 0] > 0).astype(int)
    model = LogisticRegression(max_iter=200).fit(x, y)
    run = tmp_path / name
    (run / "models").mkdir(parents=True)
    (run / "models" / "model.onnx").write_bytes(to_onnx(model, len(FEATURES)))
    np.savez_compressed(run / "holdout.npz", x=x[:50], y=y[:50],
                        p=model.predict_proba(x[:50]) + expected_shift)
    entry = declare("secom", "logreg", "models/model.onnx", "onnx", onnx="models/model.onnx",
                    input={"dtype": "float32", "shape": [len(FEATURES)]},
                    certify={"file": "holdout.npz", "x": "x", "y": "y", "expected": "p"},
                    input_schema={"feature_names": list(FEATURES)}, labels=list(LABELS),
                    classes=[0, 1], metrics={}, threshold=0.5)
    (run / "report.json").write_text(json.dumps({
        "usecase": "secom", "run_id": run.name, "git_commit": "x", "libraries": {},
        "data": {}, "params": {}, "exports": [entry]}))
    return run


def test_an_already_onnx_artifact_is_certified_against_its_recorded_outputs(tmp_path):
    import pytest

    from functions.registry import LocalBlobStore
    from model_export.export import export_run
    from model_export.registry import PublishRefused, RegistryWriter

    writer = RegistryWriter(LocalBlobStore(tmp_path / "reg"))
    [result] = export_run(_onnx_run(tmp_path / "good"), writer)
    assert result["parity"]["passed"] and result["parity"]["max_abs_diff"] < 1e-5
    manifest = writer.manifest("secom", result["version"])
    assert manifest["converter"] == "onnx" and manifest["model"] == "logreg"
    # Recorded outputs the graph does not reproduce: refused, nothing published.
    with pytest.raises(PublishRefused):
        export_run(_onnx_run(tmp_path / "bad", expected_shift=0.01, name="20260102T000000Z"),
                   writer)
    assert writer.versions("secom") == [result["version"]]
