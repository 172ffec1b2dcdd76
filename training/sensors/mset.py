"""MSET (the multivariate state estimation technique), one of the families at the top of
SKAB's published table, under the benchmark's protocol: a training-side comparison, not
served (the cross-validated figures did not support it; docs/usecases/sensors.md).

Each file's reference (smoothed, standardised) gives a memory of states: every channel's
lowest and highest row and rows evenly spaced between, up to ``MEMORY`` states. A point is
estimated as a combination of the memory's states weighted by a Gaussian similarity
(Nadaraya-Watson corrected by the memory's own similarity matrix, the MSET operator); its
score is the sum of its standardised residuals squared. The reference's own points sit in
the memory, so their residuals say nothing: the threshold's scores and the residuals'
scale come from the reference's last ``HOLDOUT`` points under a memory built from the points
before them (split conformal), as the T² detector's ``holdout`` does.
"""

from __future__ import annotations

import numpy as np

from functions.contracts.sensors_detect import _smooth

MEMORY = 100  # states
HOLDOUT = 100  # reference points
SMOOTH = (10, 30, 60)  # points averaged, the family's own setting (crossed with thresholds)


def _memory(z: np.ndarray, size: int = MEMORY) -> tuple[np.ndarray, float, np.ndarray]:
    rows = set(np.argmin(z, axis=0)) | set(np.argmax(z, axis=0))
    rows |= set(np.linspace(0, len(z) - 1, max(size - len(rows), 2)).astype(int))
    d = z[sorted(rows)]
    dist = np.sqrt(((d[:, None] - d[None]) ** 2).sum(-1))
    h = float(np.median(dist[dist > 0])) if (dist > 0).any() else 1.0
    g = np.exp(-(dist / h) ** 2)
    return d, h, np.linalg.pinv(g + 1e-6 * np.eye(len(d)))


def _estimate(memory: tuple[np.ndarray, float, np.ndarray], z: np.ndarray) -> np.ndarray:
    d, h, g_inv = memory
    k = np.exp(-(np.sqrt(((z[:, None] - d[None]) ** 2).sum(-1)) / h) ** 2)
    w = k @ g_inv.T
    total = w.sum(axis=1, keepdims=True)
    return (w / np.where(np.abs(total) > 1e-9, total, 1.0)) @ d


def scores(reference: np.ndarray, x: np.ndarray, smooth: int) -> tuple[np.ndarray, np.ndarray]:
    """(the threshold's reference scores, every row's score) for ``x``, which starts with
    ``reference``."""
    n = len(reference)
    level = _smooth(np.asarray(x, dtype=np.float64), smooth)
    mean, scale = level[:n].mean(axis=0), level[:n].std(axis=0)
    z = (level - mean) / np.where(scale > 1e-9, scale, 1.0)
    inner = z[:n] - _estimate(_memory(z[:n - HOLDOUT]), z[:n])
    spread = inner[n - HOLDOUT:].std(axis=0)
    spread = np.where(spread > 1e-9, spread, 1.0)
    residual = z - _estimate(_memory(z[:n]), z)
    return (((inner[n - HOLDOUT:] / spread) ** 2).sum(axis=1),
            ((residual / spread) ** 2).sum(axis=1))


def grid(experiments: list) -> object:
    """MSET's candidates on every file (skab.Grid): SMOOTH crossed with the threshold grid."""
    from training.sensors import skab

    out = None
    for s in SMOOTH:
        per_file = [scores(e.values[:skab.TRAIN_ROWS], e.values, s) for e in experiments]
        part = skab.sweep(experiments, per_file, {"family": "mset", "smooth": s})
        out = part if out is None else out + part
    return out
