"""Multivariate anomaly detection on sensor series, shared by training, the SKAB benchmark
and serving: fit on a reference window of the asset's own normal operation, score every
point, flag, merge flags into alarm segments, name the sensors behind each alarm.

The detector is Hotelling's T² on smoothed channels (a Mahalanobis distance to the
reference's mean under its Ledoit-Wolf covariance):
- channels are averaged over ``smooth`` points first: one noisy reading is no anomaly, a
  collective one (a valve closing, a slow leak) moves the average;
- the threshold is ``margin`` times a quantile (by default the highest) of the scores
  seen on the reference: the reference is normal operation by definition, thresholds come
  from it alone, so they travel with the asset. The reference's own scores flatter it (the
  covariance was fitted on them); ``holdout`` scores its last points under a detector fitted
  on the points before them instead (a split-conformal threshold). The margin covers what
  a short reference (SKAB's is 400 s) cannot show: normal operation drifts after it;
- ``scale_floor`` weighs down a channel that barely moves on the reference (a vibration
  RMS quantised at 0.001 g, a fluid temperature steady to 0.02 °C), whose tiny variance
  would turn a small drift into a huge score: it is standardised by at least that share of
  its level, so Ledoit-Wolf's shrinkage draws its variance towards the channels' average
  (a hard floor on the covariance's diagonal instead scored lower on SKAB);
- flags closer than ``merge_gap`` points are merged and segments shorter than
  ``min_length`` dropped, so that a segment raises one alarm, not a flicker;
- each point's T² splits exactly into per-channel parts, z_j (Σ⁻¹z)_j: an alarm names
  the channels whose parts sum highest over it.

Everything here is numpy, fitted in milliseconds: serving calibrates on a request's own
reference window as the benchmark's protocol does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np


@dataclass(frozen=True)
class DetectorParams:
    # The defaults are the settings first chosen on SKAB's valve1 files (in-sample, F1 0.839),
    # kept so that a manifest written before a field existed reads as it did; the fields
    # added later default to the old behaviour. SKAB's settings, chosen by grouped
    # cross-validation, are training/sensors/skab.py's CHOSEN; the wells' are in the manifest.
    smooth: int = 10  # points averaged (SKAB: seconds; wells: hours)
    margin: float = 3.0  # threshold = margin x the reference's highest score
    merge_gap: int = 10  # points: flags closer than this form one segment
    min_length: int = 30  # points: shorter segments are dropped
    # Score each channel's departure from what the other channels and a linear trend
    # predict (a least-squares fit on the reference) instead of its level: a well's
    # pressure follows its flow and the site's inventory, so an 8 bar offset hides inside
    # a month's normal range of levels but not beside the flow it should match.
    residuals: bool = False
    quantile: float = 1.0  # threshold = margin x this quantile of the reference's scores
    scale_floor: float = 0.0  # standardise by at least this share of |the mean level|
    holdout: int = 0  # reference points scored out of sample for the threshold (0: none)


@dataclass(frozen=True)
class FittedDetector:
    params: DetectorParams
    channels: tuple[str, ...]
    coef: np.ndarray | None  # (channels + 2, channels): each channel from the others, t, 1
    mean: np.ndarray
    scale: np.ndarray
    precision: np.ndarray  # inverse covariance of the scaled features
    threshold: float
    reference_points: int = 0
    calibration: np.ndarray | None = None  # the reference scores the threshold is drawn from

    def features(self, x: np.ndarray, t0: int = 0) -> np.ndarray:
        level = _smooth(np.asarray(x, dtype=np.float64), self.params.smooth)
        if self.coef is None:
            return level
        return level - _design(level, t0) @ self.coef

    def score(self, x: np.ndarray, t0: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(T² per point, per-channel parts of it (n, channels)); ``t0``: where ``x``
        starts on the reference's clock (default: right after it)."""
        t0 = self.reference_points if t0 is None else t0
        z = (self.features(x, t0) - self.mean) / self.scale
        parts = z * (z @ self.precision)
        return parts.sum(axis=1), parts



def _smooth(x: np.ndarray, w: int) -> np.ndarray:
    """Trailing mean over ``w`` points (fewer at the start): causal, as a live feed allows."""
    if w <= 1:
        return x.astype(np.float64)
    c = np.cumsum(np.vstack([np.zeros((1, x.shape[1])), x]), axis=0)
    n = np.arange(1, len(x) + 1)
    lo = np.maximum(n - w, 0)
    return (c[n] - c[lo]) / (n - lo)[:, None]


def _design(level: np.ndarray, t0: int) -> np.ndarray:
    """Per point: every channel's level, the time in days of points, and 1. Each channel's
    own column gets a zero coefficient (it is predicted from the others)."""
    t = (t0 + np.arange(len(level), dtype=np.float64))[:, None] / 1000.0
    return np.hstack([level, t, np.ones_like(t)])


def _residual_fit(level: np.ndarray) -> np.ndarray:
    n, c = level.shape
    d = _design(level, 0)
    coef = np.zeros((c + 2, c))
    for j in range(c):
        cols = [k for k in range(c + 2) if k != j]
        sol, *_ = np.linalg.lstsq(d[:, cols], level[:, j], rcond=None)
        coef[cols, j] = sol
    return coef


def ledoit_wolf(z: np.ndarray) -> np.ndarray:
    """Ledoit-Wolf shrunk covariance of centred rows ``z``: scikit-learn's estimator
    (``sklearn.covariance.ledoit_wolf``), written out so that serving needs numpy only; a
    test holds the two equal."""
    n, p = z.shape
    emp = z.T @ z / n
    z2 = z ** 2
    trace = z2.sum(axis=0) / n
    mu = trace.sum() / p
    beta_ = (z2.T @ z2).sum()
    delta_ = ((z.T @ z) ** 2).sum() / n ** 2
    beta = (beta_ / n - delta_) / (p * n)
    delta = (delta_ - 2 * mu * trace.sum() + p * mu ** 2) / p
    beta = min(beta, delta)
    shrink = 0.0 if beta == 0 else beta / delta
    return (1 - shrink) * emp + shrink * mu * np.eye(p)


def min_reference(n_channels: int, params: DetectorParams) -> int:
    """Points a reference must hold: a covariance of the channels, over a few smoothing
    windows."""
    return max(5 * n_channels, 3 * params.smooth, 50) + params.holdout


def threshold_of(calibration: np.ndarray, params: DetectorParams) -> float:
    """``margin`` x the ``quantile`` of the reference's (calibration) scores."""
    c = np.asarray(calibration, dtype=np.float64)
    stat = c.max() if params.quantile >= 1.0 else np.quantile(c, params.quantile)
    return float(params.margin * stat)


def fit(reference: np.ndarray, channels: tuple[str, ...], params: DetectorParams
        ) -> FittedDetector:
    reference = np.asarray(reference, dtype=np.float64)
    need = min_reference(len(channels), params)
    if len(reference) < need:
        raise ValueError(f"the reference needs at least {need} points, got {len(reference)}")
    level = _smooth(reference, params.smooth)
    coef = _residual_fit(level) if params.residuals else None
    f = level - _design(level, 0) @ coef if coef is not None else level
    mean = f.mean(axis=0)
    scale = np.maximum(f.std(axis=0), params.scale_floor * np.abs(level.mean(axis=0)))
    scale = np.where(scale > 1e-9, scale, 1.0)
    z = (f - mean) / scale
    precision = np.linalg.pinv(ledoit_wolf(z))
    if params.holdout:
        # Split conformal: the last points scored by a detector that never saw them.
        inner = fit(reference[:-params.holdout], channels,
                    replace(params, holdout=0))
        calibration = inner.score(reference, 0)[0][-params.holdout:]
    else:
        calibration = (z * (z @ precision)).sum(axis=1)
    return FittedDetector(params, tuple(channels), coef, mean, scale, precision,
                          threshold_of(calibration, params), len(reference), calibration)


def segments(flags: np.ndarray, merge_gap: int, min_length: int) -> list[tuple[int, int]]:
    """[start, end) index ranges of flagged points, gaps under ``merge_gap`` merged,
    segments under ``min_length`` points dropped."""
    idx = np.flatnonzero(flags)
    if not len(idx):
        return []
    out: list[list[int]] = [[int(idx[0]), int(idx[0]) + 1]]
    for i in idx[1:]:
        if i - out[-1][1] < merge_gap:
            out[-1][1] = int(i) + 1
        else:
            out.append([int(i), int(i) + 1])
    return [(a, b) for a, b in out if b - a >= min_length]


def detect(det: FittedDetector, x: np.ndarray, missing: np.ndarray | None = None,
           t0: int | None = None) -> dict[str, object]:
    """Scores, the smoothed flags (1 inside an alarm segment) and the alarm segments with
    the channels that contribute most to each. ``x`` has its gaps filled; ``missing``
    (points, channels) marks where readings were absent: a sensor that stops reporting is
    an alarm of its own (kind "missing"), named after that sensor, whatever the score."""
    score, parts = det.score(x, t0)
    p = det.params
    segs = [(a, b, "score") for a, b in segments(score > det.threshold, p.merge_gap,
                                                  p.min_length)]
    if missing is not None and missing.any():
        segs += [(a, b, "missing") for a, b in segments(missing.any(axis=1), 1, 1)]
    flags = np.zeros(len(score), dtype=bool)
    alarms = []
    for a, b, kind in sorted(segs):
        flags[a:b] = True
        if kind == "missing":
            share = missing[a:b].sum(axis=0).astype(np.float64)
        else:
            share = np.clip(parts[a:b], 0, None).sum(axis=0)
        share = share / share.sum() if share.sum() > 0 else share
        order = np.argsort(-share)
        alarms.append({"start": a, "end": b, "kind": kind, "peak": float(score[a:b].max()),
                       "sensors": [{"sensor": det.channels[j], "share": float(share[j])}
                                   for j in order[:3] if share[j] > 0]})
    return {"score": score, "flags": flags, "alarms": alarms, "parts": parts}
