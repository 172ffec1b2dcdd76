"""Tennessee Eastman process fault diagnosis: the serving contract shared with training.

Variables are Rieth's 52 columns (41 measurements, 11 manipulated variables); a window is
``WINDOW`` consecutive 3-minute samples. ``window_features`` is the one function that turns
windows into the baseline model's features, for training and serving alike; the sequence
model reads the raw window (its normalization is inside its ONNX graph).
"""

from __future__ import annotations

import numpy as np

XMEAS = tuple(f"xmeas_{i}" for i in range(1, 42))
XMV = tuple(f"xmv_{i}" for i in range(1, 12))
VARIABLES = XMEAS + XMV
WINDOW = 20  # samples: one hour of 3-minute samples
STATS = ("mean", "std", "min", "max", "last", "slope")
FEATURE_NAMES = tuple(f"{v}_{s}" for s in STATS for v in VARIABLES)
FAULT_NAMES = (
    "Normal operation",
    "A/C feed ratio, B composition constant (stream 4), step",
    "B composition, A/C ratio constant (stream 4), step",
    "D feed temperature (stream 2), step",
    "Reactor cooling water inlet temperature, step",
    "Condenser cooling water inlet temperature, step",
    "A feed loss (stream 1), step",
    "C header pressure loss, reduced availability (stream 4), step",
    "A, B, C feed composition (stream 4), random variation",
    "D feed temperature (stream 2), random variation",
    "C feed temperature (stream 4), random variation",
    "Reactor cooling water inlet temperature, random variation",
    "Condenser cooling water inlet temperature, random variation",
    "Reaction kinetics, slow drift",
    "Reactor cooling water valve, sticking",
    "Condenser cooling water valve, sticking",
    "Unknown (16)",
    "Unknown (17)",
    "Unknown (18)",
    "Unknown (19)",
    "Unknown (20)",
)
_T = np.arange(WINDOW, dtype=np.float64) - (WINDOW - 1) / 2
_T_SS = float((_T**2).sum())


def window_features(windows: np.ndarray) -> np.ndarray:
    """(N, WINDOW, 52) windows -> (N, 312) float32: per-variable mean, std, min, max, last
    value and least-squares slope per sample, in ``FEATURE_NAMES`` order."""
    w = np.asarray(windows, dtype=np.float64)
    if w.ndim != 3 or w.shape[1:] != (WINDOW, len(VARIABLES)):
        raise ValueError(f"windows must be (N, {WINDOW}, {len(VARIABLES)}), not {w.shape}")
    slope = np.einsum("t,ntv->nv", _T, w) / _T_SS
    out = np.concatenate(
        [w.mean(axis=1), w.std(axis=1), w.min(axis=1), w.max(axis=1), w[:, -1, :], slope],
        axis=1)
    return out.astype(np.float32)


def sliding_windows(run: np.ndarray, stride: int = 1) -> np.ndarray:
    """All windows of one run's (samples, 52) values ending at samples WINDOW-1, +stride...:
    (n_windows, WINDOW, 52), a view (no copy)."""
    view = np.lib.stride_tricks.sliding_window_view(run, WINDOW, axis=0)  # (n, 52, W)
    return view.transpose(0, 2, 1)[::stride]
