"""From a training run to published versions: every model the run declares is converted,
certified, described by its manifest and published. One path for every use case: what a
run produces is in its report (``exports``, written by ``training.runs.declare``), so this
module knows no use case.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from functions.catalog import owner_of
from functions.errors import VitrineError
from model_export.converters import certification_rows, load_native, to_onnx
from model_export.onnx_export import certify
from model_export.registry import RegistryWriter


def declared(run: Path, model: str | None = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The run's report and the declared models to publish: the named one (``model``), or
    every model the run declares as a default."""
    report = json.loads((run / "report.json").read_text())
    entries = report.get("exports")
    if not entries:
        raise VitrineError(f"run {run.name} declares no models to export (made by an older "
                           "pipeline): train again")
    chosen = [e for e in entries if (e["model"] == model if model else e.get("default"))]
    if not chosen:
        raise VitrineError(f"run {run.name} has no model '{model}' (has: "
                           f"{', '.join(dict.fromkeys(e['model'] for e in entries))})")
    return report, chosen


def export_run(run: Path, registry: RegistryWriter, model: str | None = None,
               promote: bool | None = None,
               on_published: Callable[[str, str, str, bytes, dict[str, Any]], None] | None
               = None) -> list[dict[str, Any]]:
    """Publish the run's models (the named one, or its defaults), one version per family.

    promote: True/False forces; None promotes a family only when it has no production model.
    Families from one run are promoted together or not at all. on_published: told of each
    new version (usecase, run id, version, ONNX bytes, manifest): the caller's tracking
    (training.tracking.record_export), which this layer does not import.
    """
    report, entries = declared(run, model)
    for entry in entries:  # before publishing anything: all or nothing
        expected = list(owner_of(entry["family"]).model_inputs(entry["family"]))
        if entry["input_schema"]["feature_names"] != expected:
            raise VitrineError(f"run {run.name} trained {entry['family']} on other inputs "
                               "than its current serving contract; train again")
    common = {"run_id": report["run_id"], "git_commit": report["git_commit"],
              "libraries": report["libraries"], "training_data": report["data"],
              "params": report["params"]}
    published = []
    for entry in entries:
        family = entry["family"]
        if existing := _published_from(registry, family, report["run_id"], entry["model"]):
            # Already published from this run: reuse it (make demo's second run).
            published.append((family, *existing, None))
            continue
        native = load_native(run, entry)
        x, _ = certification_rows(run, entry)
        onnx_bytes = to_onnx(run, entry, native, x)
        certificate = certify(native, onnx_bytes, x, entry.get("threshold"),
                              task=entry.get("task", "classification"))
        manifest = {
            **common, **entry.get("manifest", {}),
            "model": entry["model"], "converter": entry["converter"],
            "input_schema": entry["input_schema"], "labels": entry["labels"],
            "threshold": entry.get("threshold"), "metrics": entry.get("metrics", {}),
            "task": entry.get("task", "classification"),
            "parity": certificate,
            "profile": report.get("profile") if entry.get("profile") else None,
        }
        version = registry.publish(family, onnx_bytes, manifest)
        if on_published is not None:
            on_published(report["usecase"], report["run_id"], version, onnx_bytes, manifest)
        published.append((family, version, registry.manifest(family, version),
                          len(onnx_bytes)))
    together = promote or (promote is None and all(
        registry.production_version(f) is None for f, *_ in published))
    return [_result(registry, family, version, manifest, bool(together), size)
            for family, version, manifest, size in published]


def _result(registry: RegistryWriter, family: str, version: str, manifest: dict[str, Any],
            promote: bool, len_bytes: int | None) -> dict[str, Any]:
    production = registry.production_version(family)
    promoted = False
    if promote and production != version:
        registry.promote(family, version)
        promoted = True
    return {
        "usecase": family,  # the registry family (TEP publishes tep and tep_dl)
        "model": manifest.get("model"),
        "version": version,
        "reused": len_bytes is None,
        "promoted": promoted,
        "production": version if promoted else production,
        "parity": manifest["parity"],
        "bytes": len_bytes if len_bytes is not None else manifest["artifact"]["bytes"],
    }


def _published_from(registry: RegistryWriter, family: str, run_id: str, model: str
                    ) -> tuple[str, dict[str, Any]] | None:
    for version in registry.versions(family):
        m = registry.manifest(family, version)
        if m.get("run_id") == run_id and m.get("model") == model:
            return version, m
    return None
