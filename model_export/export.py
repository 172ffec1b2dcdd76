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
from training.tracking import record_export


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
    if existing := _published_from(registry, usecase.name, report["run_id"], name):
        # Already published from this run: reuse it (make demo's second run).
        return _result(registry, usecase.name, *existing, promote, len_bytes=None)
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
    record_export(usecase.name, report["run_id"], version, onnx_bytes, manifest)
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


def export_tep_run(run: Path, registry: RegistryWriter, promote: bool | None = None
                   ) -> dict[str, dict[str, Any]]:
    """Publish a TEP run's two models: ``tep`` (XGBoost on window features) and ``tep_dl``
    (the 1D-CNN on raw windows), each with its own parity certificate."""

    from functions.contracts.tep import window_features
    from model_export.onnx_export import torch_to_onnx
    from training.tep.pipeline import load_cnn

    report = json.loads((run / "report.json").read_text())
    holdout = np.load(run / "holdout.npz")
    windows = holdout["windows"]
    classes = report["classes"]
    common = {
        "run_id": report["run_id"], "git_commit": report["git_commit"],
        "libraries": report["libraries"], "training_data": report["data"],
        "params": report["params"], "labels": [str(c) for c in classes], "threshold": None,
        "input_ranges": report["input_ranges"], "window": report["window"],
    }
    xgb = joblib.load(run / "models" / "xgboost.joblib")
    xgb_onnx = to_onnx(xgb, len(report["feature_names"]))
    cnn = load_cnn(run, report)
    items = {
        "tep": (xgb, xgb_onnx, window_features(windows), "xgboost",
                {"feature_names": report["feature_names"], "variables": report["variables"]}),
        "tep_dl": (cnn, torch_to_onnx(cnn.module, windows[:1]), windows, "cnn",
                   {"feature_names": report["variables"], "window": report["window"]}),
    }
    results = {}
    for family, (native, onnx_bytes, x, name, schema) in items.items():
        existing = _published_from(registry, family, report["run_id"], name)
        if existing:
            results[family] = _result(registry, family, existing[0], existing[1], promote,
                                      len_bytes=None)
            continue
        certificate = certify(native, onnx_bytes, x)
        manifest = {**common, "model": name, "input_schema": schema,
                    "metrics": {"test": {k: v for k, v in report["models"][name].items()
                                         if not k.startswith("confusion")}},
                    "parity": certificate,
                    "profile": report["profile"] if family == "tep" else None}
        version = registry.publish(family, onnx_bytes, manifest)
        record_export(report["usecase"], report["run_id"], version, onnx_bytes, manifest)
        results[family] = _result(registry, family, version, manifest, promote, len(onnx_bytes))
    return results


def _published_from(registry: RegistryWriter, family: str, run_id: str, model: str
                    ) -> tuple[str, dict[str, Any]] | None:
    for version in registry.versions(family):
        m = registry.manifest(family, version)
        if m.get("run_id") == run_id and m.get("model") == model:
            return version, m
    return None
