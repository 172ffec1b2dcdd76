"""The quality gate: promote a candidate only if it is not worse than production.

Both models score the candidate run's held-out rows (rows neither model was trained on; the
production model came from an earlier run, whose patients may overlap, so the comparison
favours production if anything), on the use case's gate metric.

A run may publish several model families (TEP: ``tep`` and ``tep_dl``); each is compared with
its own production model and the run passes only if every family does: families from one run
are promoted together, so what is served side by side was trained on the same data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score, f1_score, roc_auc_score

from functions.errors import VitrineError
from functions.models import feed, make_session, scores_output
from functions.registry import RegistryReader
from model_export.converters import certification_rows, load_native
from model_export.export import declared


def _macro_f1(y: np.ndarray, proba: np.ndarray, classes: np.ndarray) -> float:
    # Over the classes present in the held-out rows, the same set for both models.
    return float(f1_score(y, classes[proba.argmax(axis=1)], labels=np.unique(y),
                          average="macro", zero_division=0))


def _weighted_f1(y: np.ndarray, proba: np.ndarray, classes: np.ndarray) -> float:
    # The Rakuten challenge's metric: F1 per class weighted by its support.
    return float(f1_score(y, classes[proba.argmax(axis=1)], labels=np.unique(y),
                          average="weighted", zero_division=0))


def _mae(y: np.ndarray, pred: np.ndarray, classes: np.ndarray) -> float:
    return float(np.mean(np.abs(np.asarray(y, dtype=np.float64) - pred.reshape(len(y), -1)[:, 0])))


# metric name -> (y, probabilities or a regressor's values, column labels) -> score; higher
# is better, except for LOWER_IS_BETTER
METRICS: dict[str, Callable[[np.ndarray, np.ndarray, np.ndarray], float]] = {
    "auroc": lambda y, p, c: float(roc_auc_score(y, p[:, 1])),
    "auprc": lambda y, p, c: float(average_precision_score(y, p[:, 1])),
    "macro_f1": _macro_f1,
    "weighted_f1": _weighted_f1,
    "mae": _mae,
}
LOWER_IS_BETTER = {"mae"}
# The same model scored natively (float64) and through ONNX (float32) differs by ~1e-5 AUROC;
# a smaller difference than this is noise, not a worse model.
TOLERANCE = 1e-3
# An error is in the target's units (bar, °C): the tolerance is relative, 1 % of production's.
RELATIVE_TOLERANCE = 0.01


@dataclass(frozen=True)
class GateInput:
    """One family's comparison: the candidate (native, ``predict_proba``), the held-out rows
    as its ONNX graph takes them, their labels, and the candidate's probability columns."""

    family: str
    model: Any
    x: np.ndarray
    y: np.ndarray
    classes: np.ndarray


@dataclass(frozen=True)
class GateDecision:
    passed: bool
    metric: str
    candidate: float
    production: float | None
    production_version: str | None
    tolerance: float
    reason: str
    family: str = ""
    families: tuple[dict[str, Any], ...] = field(default=())  # per family, when several

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["families"] = list(self.families)
        return out


def gate_inputs(run: Path, model_name: str | None = None) -> tuple[dict[str, Any],
                                                                   list[GateInput]]:
    """One comparison per model the run would publish (its defaults, or the named one), on
    the held-out rows it declares for certification."""
    report, entries = declared(run, model_name)
    inputs = []
    for entry in entries:
        x, y = certification_rows(run, entry)
        if y is None:
            raise VitrineError(f"run {run.name}: {entry['model']} declares no held-out labels")
        classes = np.asarray(entry["classes"])
        inputs.append(GateInput(entry["family"], load_native(run, entry), x,
                                np.asarray(y).astype(classes.dtype), classes))
    return report, inputs


def _production_classes(manifest: dict[str, Any], fallback: np.ndarray) -> np.ndarray:
    """Production's probability columns as the held-out labels' type (TEP: fault numbers)."""
    try:
        return np.asarray(manifest.get("labels") or fallback).astype(fallback.dtype)
    except ValueError:  # named binary labels ("Pass", "Fail"): columns are 0 and 1
        return fallback


def _judge(item: GateInput, registry: RegistryReader, metric: str, tolerance: float
           ) -> GateDecision:
    score = METRICS[metric]
    candidate = score(item.y, np.asarray(item.model.predict_proba(item.x)), item.classes)
    version = registry.production_version(item.family)
    if version is None:
        return GateDecision(True, metric, candidate, None, None, tolerance,
                            "no production model yet", item.family)
    data, manifest = registry.load(item.family, version)
    session = make_session(data)
    p = session.run([scores_output(session)], feed(session, item.x))[0]
    production = score(item.y, np.asarray(p, dtype=np.float64),
                       _production_classes(manifest, item.classes))
    if metric in LOWER_IS_BETTER:
        tolerance = RELATIVE_TOLERANCE * production
        passed = candidate <= production + tolerance
    else:
        passed = candidate >= production - tolerance
    verdict = "not worse than" if passed else "worse than"
    return GateDecision(
        passed, metric, candidate, production, version, tolerance,
        f"candidate {metric} {candidate:.4f} is {verdict} production {version} "
        f"{production:.4f} (tolerance {tolerance:.4g}) on {len(item.y)} held-out rows",
        item.family,
    )


def quality_gate(run: Path, registry: RegistryReader, metric: str | None = None,
                 tolerance: float = TOLERANCE, model_name: str | None = None,
                 check: Callable[[Path, dict[str, Any], Any], GateDecision] | None = None,
                 check_only: bool = False) -> GateDecision:
    """The decision for a run; ``metric`` defaults to the one its report names.

    A use case whose models are not all judged on labelled rows adds its own comparison
    (sensors: the anomaly detector's settings on the run's labelled test stretches) as
    ``check``, or is judged by it alone (``check_only``; docs: retrieval on the evaluation
    questions). The caller passes it (training/pipelines.py ``gate``): this layer knows no
    use case, so that the local loop and the pipeline's evaluate step judge alike."""
    report, _ = declared(run, model_name)
    check = check if model_name is None else None
    decisions = []
    if not (check and check_only):
        report, inputs = gate_inputs(run, model_name)
        metric = metric or report.get("gate_metric", "auroc")
        decisions = [_judge(item, registry, metric, tolerance) for item in inputs]
    if check:
        decisions.append(check(run, report, registry))
    if len(decisions) == 1:
        return decisions[0]
    failed = [d for d in decisions if not d.passed]
    return replace(
        decisions[0], passed=not failed,
        reason="; ".join(f"{d.family}: {d.reason}" for d in decisions),
        families=tuple(d.as_dict() for d in decisions))
