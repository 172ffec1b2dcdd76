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
