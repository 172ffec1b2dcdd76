"""Drift and performance of a served model: pure functions over logged rows and feedback.

Live inputs are compared feature by feature with the training profile the manifest carries
(training/runs.py ``feature_profile``):

- PSI over the training deciles (counted exactly on the training rows) plus a missing bin;
- the Kolmogorov-Smirnov distance to the training CDF (51 quantiles) with its asymptotic
  p-value. The p-value is computed here rather than with scipy: scipy would add ~100 MB to
  a Lambda bundle that holds only the serving set (tests compare with scipy).

A feature drifts when size and evidence agree: PSI at or above ``psi`` AND a p-value below
``alpha`` / (2 x number of features) for either the KS test on present values or the test
of its missing rate (Bonferroni: 590 tests at 1 % would otherwise flag ~6 features on data
that did not move). No verdict at all on fewer than ``min_rows`` rows.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

EPS = 1e-4  # floor of a bin's share in PSI: an empty bin would make it infinite


@dataclass(frozen=True)
class Thresholds:
    psi: float = 0.2  # the usual "significant shift" size
    alpha: float = 0.01  # family-wise, split over the features
    min_rows: int = 200  # fewer rows: report the figures, give no verdict
    drifted_share: float = 0.1  # this share of features drifting makes the use case drift
    min_labels: int = 50  # feedback needed before performance is judged
    min_balanced_accuracy: float = 0.6  # below: performance has degraded
    # Where feedback judges one answer only (an alarm): below this share confirmed, most of
    # what the model raises is rejected, and performance has degraded.
    min_precision: float = 0.5


def snap(values: np.ndarray, points: Sequence[float]) -> np.ndarray:
    """Values within floating-point noise of a training point (a histogram edge, a
    quantile) read as that point. A feature constant in training sits exactly on its one
    edge, and its live values differ from it by rounding alone: a closed valve's window
    standard deviation is 3.6e-15 in training's batch and 7.1e-15 for one window, on the
    other side of the edge, and read as shifted with PSI 23 though nothing moved."""
    ref = np.unique(np.asarray(points, dtype=np.float64))
    if not len(ref) or not len(values):
        return values
    i = np.clip(np.searchsorted(ref, values), 1, len(ref) - 1) if len(ref) > 1 else \
        np.zeros(len(values), dtype=np.int64)
    near = ref[i] if len(ref) == 1 else np.where(
        np.abs(values - ref[i - 1]) <= np.abs(values - ref[i]), ref[i - 1], ref[i])
    tol = np.maximum(NOISE_ABS, NOISE_REL * np.abs(near))
    return np.where(np.abs(values - near) <= tol, near, values)


NOISE_ABS, NOISE_REL = 1e-12, 1e-9  # what float64 arithmetic leaves on values near 0 / of a size


def psi(hist: dict[str, list[float]], missing: float, values: np.ndarray) -> float:
    """Population stability index of ``values`` (NaN = missing) against a profile histogram."""
    edges = np.asarray(hist["edges"])
    expected = np.append(np.asarray(hist["p"]) * (1 - missing), missing)
    present = snap(values[~np.isnan(values)], edges)
    counts = np.bincount(np.searchsorted(edges, present, side="left"), minlength=len(edges) + 1)
    actual = np.append(counts, len(values) - len(present)) / max(len(values), 1)
    e, a = np.maximum(expected, EPS), np.maximum(actual, EPS)
    return float(np.sum((a - e) * np.log(a / e)))


def reference_cdf(levels: Sequence[float], q: Sequence[float]):
    """The training CDF from its quantiles; at a tie (many equal values) it takes the highest
    level, i.e. the right-continuous CDF's value at that point."""
    values, index = np.unique(np.asarray(q), return_index=False, return_inverse=True)
    top = np.zeros(len(values))
    np.maximum.at(top, index, np.asarray(levels))
    return lambda x: np.interp(x, values, top, left=0.0, right=1.0)


def kolmogorov_sf(d: float, n: float) -> float:
    """P(D >= d) for the KS statistic of n rows (asymptotic, Stephens' small-n correction)."""
    if d <= 0:
        return 1.0
    root = math.sqrt(n)
    lam = (root + 0.12 + 0.11 / root) * d
    if lam < 0.2:  # the series converges slowly here and equals 1 to many digits
        return 1.0
    total = sum((-1) ** (k - 1) * math.exp(-2 * k * k * lam * lam) for k in range(1, 101))
    return float(min(max(2 * total, 0.0), 1.0))


def ks(levels: Sequence[float], q: Sequence[float], values: np.ndarray,
       reference_rows: int) -> tuple[float, float]:
    """KS distance between the present ``values`` and the training CDF, and its p-value.

    The reference is itself a sample of ``reference_rows``; the two-sample effective size
    n*m/(n+m) accounts for it."""
    present = np.sort(snap(values[~np.isnan(values)], q))
    n = len(present)
    if n == 0:
        return 0.0, 1.0
    cdf = reference_cdf(levels, q)
    f = cdf(present)
    above = np.arange(1, n + 1) / n  # the sample's CDF just at and just below each point
    below = np.arange(0, n) / n
    d = float(max(np.max(np.abs(above - f)), np.max(np.abs(f - below))))
    effective = n * reference_rows / (n + reference_rows) if reference_rows else n
    return d, kolmogorov_sf(d, effective)


def missing_shift_p(training_missing: float, live_missing: float, n: int) -> float:
    """Two-sided p-value that ``n`` live rows with this missing rate come from the training
    rate (normal approximation of the binomial; the rate is floored so that a sensor that
    was never missing and now is gets a finite, tiny p)."""
    rate = min(max(training_missing, 1.0 / max(n, 1) / 10), 1 - 1e-9)
    z = abs(live_missing - training_missing) / math.sqrt(rate * (1 - rate) / max(n, 1))
    return math.erfc(z / math.sqrt(2))


def drift(profile: dict[str, Any], names: Sequence[str], rows: np.ndarray,
          limits: Thresholds) -> dict[str, Any]:
    """Per-feature PSI and KS of ``rows`` (n x len(names)) against the training profile."""
    n = len(rows)
    features = [f for f in names if (profile["features"].get(f) or {}).get("hist")]
    enough = n >= limits.min_rows
    cutoff = limits.alpha / (2 * max(len(features), 1))
    report: list[dict[str, Any]] = []
    for j, name in enumerate(names):
        ref = profile["features"].get(name) or {}
        if not ref.get("hist") or n == 0:
            continue
        col = rows[:, j].astype(np.float64)
        value = psi(ref["hist"], ref["missing"], col)
        d, p = ks(profile["quantiles"], ref["q"], col, profile.get("rows", 0))
        missing = float(np.isnan(col).mean())
        p_missing = missing_shift_p(ref["missing"], missing, n)
        report.append({
            "feature": name, "psi": round(value, 4), "ks": round(d, 4), "p_value": p,
            "missing": round(missing, 4), "training_missing": round(ref["missing"], 4),
            "missing_p_value": p_missing,
            "drifted": bool(enough and value >= limits.psi and min(p, p_missing) < cutoff),
        })
    report.sort(key=lambda r: r["psi"], reverse=True)
    drifted = [r["feature"] for r in report if r["drifted"]]
    share = len(drifted) / len(report) if report else 0.0
    if not features:  # a manifest from before drift profiles: nothing to compare with
        verdict = "no_profile"
    elif not enough:
        verdict = "insufficient_data"
    else:
        verdict = "drift" if report and share >= limits.drifted_share else "stable"
    return {
        "verdict": verdict, "rows": n, "min_rows": limits.min_rows,
        "features_checked": len(report), "drifted_features": len(drifted),
        "drifted_share": round(share, 4), "bonferroni_alpha": cutoff,
        "features": report,
    }


def class_balance(predicted: Sequence[str], training_shares: dict[str, float] | None,
                  labels: Sequence[str]) -> dict[str, Any]:
    counts = Counter(predicted)
    total = max(len(predicted), 1)
    return {label: {"predicted_share": round(counts.get(label, 0) / total, 4),
                    "training_share": None if training_shares is None
                    else round(training_shares.get(label, 0.0), 4)}
            for label in labels}


def prediction_rate(times: Sequence[str]) -> dict[str, Any]:
    """Predictions per hour over the logged window (ISO 8601 times, any order)."""
    from datetime import datetime

    if not times:
        return {"predictions": 0, "per_hour": 0.0, "first": None, "last": None, "by_hour": []}
    stamps = sorted(datetime.fromisoformat(t) for t in times)
    # Less than an hour of log is counted as one hour: extrapolating one prediction made a
    # minute ago to "60 per hour" told users a rate nobody saw.
    hours = max((stamps[-1] - stamps[0]).total_seconds() / 3600, 1.0)
    buckets = Counter(t.strftime("%Y-%m-%dT%H:00Z") for t in stamps)  # times are UTC
    return {"predictions": len(stamps), "per_hour": round(len(stamps) / hours, 2),
            "first": stamps[0].isoformat(), "last": stamps[-1].isoformat(),
            "by_hour": [{"hour": h, "predictions": n} for h, n in sorted(buckets.items())]}


def performance(pairs: Sequence[tuple[str, str]], labels: Sequence[str],
                limits: Thresholds, judges: str | None = None) -> dict[str, Any]:
    """From (predicted, true) pairs: accuracy, balanced accuracy, recall per true label; for
    a model answering values (no labels, a regression), their mean absolute error (no
    degradation rule: the gate judges a retrained one on its held-out rows). ``judges``: the
    one answer the feedback judges (UseCase.feedback_judges): its precision, the share of
    those answers the field confirmed."""
    n = len(pairs)
    if judges is not None:
        judged = [t for p, t in pairs if p == judges]
        precision = round(sum(t == judges for t in judged) / len(judged), 4) if judged else None
        verdict = "insufficient_data" if len(judged) < limits.min_labels else \
            "degraded" if precision < limits.min_precision else "ok"
        return {"verdict": verdict, "labelled": n, "min_labels": limits.min_labels,
                "judges": judges, "precision": precision, "min_precision": limits.min_precision,
                "accuracy": precision, "balanced_accuracy": None,
                "min_balanced_accuracy": limits.min_balanced_accuracy, "recall": {}}
    if not labels:
        errors = []
        for p, t in pairs:
            try:
                errors.append(abs(float(p) - float(t)))
            except (TypeError, ValueError):
                continue
        return {"verdict": "insufficient_data" if n < limits.min_labels else "ok",
                "labelled": n, "min_labels": limits.min_labels,
                "mae": round(sum(errors) / len(errors), 4) if errors else None,
                "accuracy": None, "balanced_accuracy": None,
                "min_balanced_accuracy": limits.min_balanced_accuracy, "recall": {}}
    recall: dict[str, float | None] = {}
    for label in labels:
        truth = [p for p, t in pairs if t == label]
        recall[label] = round(sum(p == label for p in truth) / len(truth), 4) if truth else None
    present = [r for r in recall.values() if r is not None]
    balanced = round(sum(present) / len(present), 4) if present else None
    if n < limits.min_labels:
        verdict = "insufficient_data"
    elif balanced is not None and balanced < limits.min_balanced_accuracy:
        verdict = "degraded"
    else:
        verdict = "ok"
    return {
        "verdict": verdict, "labelled": n, "min_labels": limits.min_labels,
        "accuracy": round(sum(p == t for p, t in pairs) / n, 4) if n else None,
        "balanced_accuracy": balanced,
        "min_balanced_accuracy": limits.min_balanced_accuracy,
        "recall": recall,
    }


def thresholds_dict(limits: Thresholds) -> dict[str, Any]:
    return asdict(limits)
