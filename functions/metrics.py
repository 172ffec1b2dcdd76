"""CloudWatch metrics as embedded metric format (EMF) log lines: no API call, no latency.

Lambda ships stdout to CloudWatch Logs, which extracts the metrics; elsewhere this is off.
Written here rather than with Powertools' Metrics (a line 2 to 2.5 times dearer, a buffer
shared by the process where our dimensions change per call): docs/architecture.md.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

NAMESPACE = "Vitrine"  # infra/stacks/monitoring.py charts and alarms on this namespace
_cold = True


def enabled() -> bool:
    return "AWS_LAMBDA_FUNCTION_NAME" in os.environ


def emf(usecase: str, metrics: dict[str, tuple[float, str]], out: Any = None,
        variant: str | None = None) -> str:
    """One EMF document: ``metrics`` maps a name to (value, unit); dimension ``UseCase``,
    and ``Variant`` too for a rollout's candidate (the alarms that roll it back)."""
    doc = {
        "_aws": {
            "Timestamp": int(time.time() * 1000),
            "CloudWatchMetrics": [{
                "Namespace": NAMESPACE,
                "Dimensions": [["UseCase", "Variant"] if variant else ["UseCase"]],
                "Metrics": [{"Name": n, "Unit": unit} for n, (_, unit) in metrics.items()],
            }],
        },
        "UseCase": usecase,
        **({"Variant": variant} if variant else {}),
        **{n: v for n, (v, _) in metrics.items()},
    }
    line = json.dumps(doc, separators=(",", ":"))
    print(line, file=out or sys.stdout, flush=True)
    return line


def prediction(usecase: str, latency_ms: float) -> None:
    global _cold
    if not enabled():
        return
    values = {"Predictions": (1, "Count"), "PredictionLatency": (latency_ms, "Milliseconds")}
    if _cold:  # the first prediction of this execution environment
        values["ColdStarts"] = (1, "Count")
        _cold = False
    emf(usecase, values)


def variant_answer(usecase: str, variant: str, latency_ms: float, failed: bool) -> None:
    """Each variant's latency and errors, dimension Variant: production too, so an alarm
    compares the candidate with what production does at the same time."""
    if not enabled():
        return
    emf(usecase, {"VariantRequests": (1, "Count"), "VariantErrors": (int(failed), "Count"),
                  **({} if failed else {"VariantLatency": (latency_ms, "Milliseconds")})},
        variant=variant)


def monitoring(usecase: str, report: dict[str, Any]) -> None:
    """A monitoring report's figures: DriftedFeatures feeds the drift alarm (infra)."""
    if not enabled():
        return
    drift, perf = report["drift"], report["performance"]
    values: dict[str, tuple[float, str]] = {
        "MonitoredRows": (drift.get("rows", 0), "Count"),
        "LabelledPredictions": (perf["labelled"], "Count"),
    }
    if drift["verdict"] in ("drift", "stable"):  # no figure from too few rows
        values["DriftedFeatures"] = (drift["drifted_features"], "Count")
        values["DriftedShare"] = (drift["drifted_share"], "None")
    if perf["verdict"] != "insufficient_data" and perf["balanced_accuracy"] is not None:
        values["BalancedAccuracy"] = (perf["balanced_accuracy"], "None")
    if perf["verdict"] != "insufficient_data" and perf.get("precision") is not None:
        values["JudgedPrecision"] = (perf["precision"], "None")  # confirmed alarms' share
    emf(usecase, values)


def rollout_decision(usecase: str, action: str) -> None:
    """A rollout promoted or aborted by monitoring's rules (the dashboard counts them)."""
    if not enabled():
        return
    emf(usecase, {"RolloutPromoted" if action == "promote" else "RolloutAborted":
                  (1, "Count")})
