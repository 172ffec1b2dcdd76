"""From a training run to a published version: convert, certify, write the manifest, publish."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import joblib
import numpy as np

from functions.catalog import get_usecase
from functions.errors import VitrineError
from model_export.onnx_export import certify, to_onnx
from model_export.registry import RegistryWriter


def export_run(
    run: Path, registry: RegistryWriter, model_name: str | None = None, promote: bool | None = None
) -> dict[str, Any]:
    """Publish ``model_name`` (default: the run's primary model) from a run folder.

    promote: True/False forces; None promotes only when the use case has no production model.
    """
    report = json.loads((run / "report.json").read_text())
    usecase = get_usecase(report["usecase"])
    name = model_name or report["primary"]
    if name not in report["models"]:
        raise VitrineError(f"run {run.name} has no model '{name}' (has: "
                           f"{', '.join(report['models'])})")
    if report["feature_names"] != list(usecase.feature_names):
        raise VitrineError(f"run {run.name} was trained on other features than the current "
                           f"serving contract of {usecase.name}; train again")
    results = report["models"][name]
    for version in registry.versions(usecase.name):
        m = registry.manifest(usecase.name, version)
        if m.get("run_id") == report["run_id"] and m.get("model") == name:
            # Already published from this run: reuse it (make demo's second run).
            return _result(registry, usecase.name, version, m, promote, len_bytes=None)
    native = joblib.load(run / "models" / f"{name}.joblib")
    holdout = np.load(run / "holdout.npz")
    onnx_bytes = to_onnx(native, len(usecase.feature_names))
    certificate = certify(native, onnx_bytes, holdout["x"], results["threshold"])
    manifest = {
        "model": name,
        "run_id": report["run_id"],
        "git_commit": report["git_commit"],
        "libraries": report["libraries"],
        "training_data": report["data"],
        "params": report["params"],
        "input_schema": {
            "feature_names": list(usecase.feature_names),
            "fields": list(usecase.input_schema),
        },
        "labels": list(usecase.labels),
        "threshold": results["threshold"],
        "metrics": {"val": results["val"], "test": results["test"]},
        "parity": certificate,
        "profile": report["profile"],
    }
    version = registry.publish(usecase.name, onnx_bytes, manifest)
    return _result(registry, usecase.name, version, manifest, promote, len(onnx_bytes))


def _result(registry: RegistryWriter, usecase: str, version: str, manifest: dict[str, Any],
            promote: bool | None, len_bytes: int | None) -> dict[str, Any]:
    production = registry.production_version(usecase)
    promoted = False
    if production != version and (promote or (promote is None and production is None)):
        registry.promote(usecase, version)
        promoted = True
    return {
        "usecase": usecase,
        "version": version,
        "reused": len_bytes is None,
        "promoted": promoted,
        "production": version if promoted else production,
        "parity": manifest["parity"],
        "bytes": len_bytes if len_bytes is not None else manifest["artifact"]["bytes"],
    }
