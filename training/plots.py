"""ROC, precision-recall and calibration plots of held-out predictions, as PNG files."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no display on servers or in CI
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.calibration import calibration_curve  # noqa: E402
from sklearn.metrics import precision_recall_curve, roc_curve  # noqa: E402


def evaluation_plots(y: np.ndarray, probas: dict[str, np.ndarray], out: Path) -> list[str]:
    files = []
    for kind in ("roc", "pr", "calibration"):
        fig, ax = plt.subplots(figsize=(5, 4.5), dpi=100)
        for name, p in probas.items():
            if kind == "roc":
                fpr, tpr, _ = roc_curve(y, p)
                ax.plot(fpr, tpr, label=name)
                ax.plot([0, 1], [0, 1], ls=":", c="grey")
                ax.set(xlabel="False positive rate", ylabel="True positive rate", title="ROC")
            elif kind == "pr":
                prec, rec, _ = precision_recall_curve(y, p)
                ax.plot(rec, prec, label=name)
                ax.axhline(y.mean(), ls=":", c="grey")
                ax.set(xlabel="Recall", ylabel="Precision", title="Precision-recall")
            else:
                frac, mean = calibration_curve(y, p, n_bins=10, strategy="quantile")
                ax.plot(mean, frac, marker="o", label=name)
                ax.plot([0, 1], [0, 1], ls=":", c="grey")
                ax.set(xlabel="Predicted probability", ylabel="Observed frequency",
                       title="Calibration (test split)")
        ax.legend(loc="best")
        fig.tight_layout()
        path = out / f"{kind}.png"
        fig.savefig(path)
        plt.close(fig)
        files.append(path.name)
    return files


def permutation_importance(model, x: np.ndarray, y: np.ndarray, names, scoring: str,
                           out: Path, seed: int, top: int = 20, max_rows: int = 4000,
                           repeats: int = 3) -> dict:
    """Global importance on held-out rows: how much ``scoring`` drops when one input's
    column is shuffled (scikit-learn's permutation importance, on the native model), the
    ``top`` inputs as a bar chart (importance.png) and as the report's figures."""
    from sklearn.inspection import permutation_importance as permute

    x, y = np.asarray(x), np.asarray(y)
    rng = np.random.default_rng(seed)
    rows = np.sort(rng.choice(len(y), min(max_rows, len(y)), replace=False))
    result = permute(model, x[rows], y[rows], scoring=scoring, n_repeats=repeats,
                     random_state=seed, n_jobs=1)
    order = np.argsort(-result.importances_mean)[:top]
    fig, ax = plt.subplots(figsize=(6, 0.28 * len(order) + 1.2), dpi=100)
    ax.barh([str(names[j]) for j in order][::-1], result.importances_mean[order][::-1],
            xerr=result.importances_std[order][::-1], color="#0b5cad")
    ax.set(xlabel=f"drop in {scoring} when shuffled", title="Permutation importance (test)")
    fig.tight_layout()
    fig.savefig(out / "importance.png")
    plt.close(fig)
    return {"method": "permutation", "scoring": scoring, "rows": int(len(rows)),
            "repeats": repeats, "plot": "importance.png",
            "top": [{"feature": str(names[j]), "mean": float(result.importances_mean[j]),
                     "std": float(result.importances_std[j])} for j in order]}
