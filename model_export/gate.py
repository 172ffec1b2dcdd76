"""The quality gate: promote a candidate only if it is not worse than production.

Both models score the candidate run's held-out rows (rows neither model was trained on; the
production model came from an earlier run, whose patients may overlap, so the comparison
favours production if anything), on the use case's gate metric.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

from functions.models import make_session
from functions.registry import RegistryReader

METRICS = {"auroc": roc_auc_score, "auprc": average_precision_score}
# The same model scored natively (float64) and through ONNX (float32) differs by ~1e-5 AUROC;
# a smaller difference than this is noise, not a worse model.
TOLERANCE = 1e-3


@dataclass(frozen=True)
class GateDecision:
    passed: bool
    metric: str
    candidate: float
    production: float | None
    production_version: str | None
    tolerance: float
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def quality_gate(run: Path, registry: RegistryReader, metric: str = "auroc",
                 tolerance: float = TOLERANCE, model_name: str | None = None) -> GateDecision:
    report = json.loads((run / "report.json").read_text())
    usecase = report["usecase"]
    name = model_name or report["primary"]
    holdout = np.load(run / "holdout.npz")
    x, y = holdout["x"].astype(np.float32), holdout["y"]
    score = METRICS[metric]
    candidate = float(score(y, joblib.load(run / "models" / f"{name}.joblib")
                            .predict_proba(x)[:, 1]))
    version = registry.production_version(usecase)
    if version is None:
        return GateDecision(True, metric, candidate, None, None, tolerance,
                            "no production model yet")
    data, _ = registry.load(usecase, version)
    session = make_session(data)
    p = session.run(["probabilities"], {session.get_inputs()[0].name: x})[0][:, 1]
    production = float(score(y, p))
    passed = candidate >= production - tolerance
    verdict = "not worse than" if passed else "worse than"
    return GateDecision(
        passed, metric, candidate, production, version, tolerance,
        f"candidate {metric} {candidate:.4f} is {verdict} production {version} "
        f"{production:.4f} (tolerance {tolerance}) on {len(y)} held-out rows",
    )
