"""Evaluation metrics, including the PhysioNet 2019 challenge's normalized utility score."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

# The challenge's utility parameters (evaluate_sepsis_score.py).
DT_EARLY, DT_OPTIMAL, DT_LATE = -12, -6, 3
MAX_U_TP, MIN_U_FN, U_FP, U_TN = 1.0, -2.0, -0.05, 0.0


def utility_rows(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-row utility of predicting 1 and of predicting 0, for one patient's labels."""
    n = len(labels)
    t = np.arange(n, dtype=float)
    u_pos = np.zeros(n)
    u_neg = np.zeros(n)
    if not labels.any():
        u_pos[:] = U_FP
        u_neg[:] = U_TN
        return u_pos, u_neg
    t_sepsis = float(np.argmax(labels)) - DT_OPTIMAL
    m1 = MAX_U_TP / (DT_OPTIMAL - DT_EARLY)
    b1 = -m1 * DT_EARLY
    m2 = -MAX_U_TP / (DT_LATE - DT_OPTIMAL)
    b2 = -m2 * DT_LATE
    m3 = MIN_U_FN / (DT_LATE - DT_OPTIMAL)
    b3 = -m3 * DT_OPTIMAL
    rel = t - t_sepsis
    early = t <= t_sepsis + DT_OPTIMAL
    late = ~early & (t <= t_sepsis + DT_LATE)
    u_pos[early] = np.maximum(m1 * rel[early] + b1, U_FP)
    u_pos[late] = m2 * rel[late] + b2
    u_neg[late] = m3 * rel[late] + b3
    return u_pos, u_neg


class UtilityScorer:
    """Normalized utility of any 0/1 predictions over a cohort, computed in one pass."""

    def __init__(self, labels: np.ndarray, patients: np.ndarray):
        labels = np.asarray(labels)
        patients = np.asarray(patients)
        self.u_pos = np.empty(len(labels))
        self.u_neg = np.empty(len(labels))
        best = 0.0
        # Rows of one patient are contiguous and in time order.
        bounds = np.flatnonzero(np.r_[True, patients[1:] != patients[:-1], True])
        for a, b in zip(bounds[:-1], bounds[1:], strict=True):
            up, un = utility_rows(labels[a:b])
            self.u_pos[a:b], self.u_neg[a:b] = up, un
            if labels[a:b].any():
                t_sepsis = int(np.argmax(labels[a:b])) - DT_OPTIMAL
                ideal = np.zeros(b - a, dtype=bool)
                ideal[max(0, t_sepsis + DT_EARLY): min(t_sepsis + DT_LATE + 1, b - a)] = True
                best += np.where(ideal, up, un).sum()
            else:
                best += un.sum()
        self.best = best
        self.inaction = self.u_neg.sum()

    def __call__(self, predictions: np.ndarray) -> float:
        observed = np.where(predictions.astype(bool), self.u_pos, self.u_neg).sum()
        return float((observed - self.inaction) / (self.best - self.inaction))


def best_threshold(proba: np.ndarray, scorer: UtilityScorer) -> float:
    # Finer at the low end: the utility rewards early alarms, so good thresholds are small.
    grid = np.round(np.r_[np.arange(0.002, 0.02, 0.002), np.arange(0.02, 0.99, 0.01)], 3)
    scores = [scorer(proba >= g) for g in grid]
    return float(grid[int(np.argmax(scores))])


def evaluate(y: np.ndarray, proba: np.ndarray, threshold: float, scorer: UtilityScorer) -> dict:
    pred = proba >= threshold
    pos, neg = y == 1, y == 0
    return {
        "auroc": float(roc_auc_score(y, proba)),
        "auprc": float(average_precision_score(y, proba)),
        "utility": scorer(pred),
        "sensitivity": float(pred[pos].mean()) if pos.any() else float("nan"),
        "specificity": float((~pred[neg]).mean()) if neg.any() else float("nan"),
        "threshold": threshold,
        "rows": int(len(y)),
        "positive_rows": int(pos.sum()),
    }
