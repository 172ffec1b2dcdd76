"""Forecasting a well's wellhead pressure and temperature up to 48 h ahead: the features
shared by training and serving, the seasonal-naive baseline, and the intervals.

One model per target answers every horizon: a row is (forecast origin, horizon h), its
features the target's recent changes, its current level, the flow of the last day, the
calendar of the hour forecast and h itself; the model predicts the change from the
origin's value. Intervals are normalised split-conformal: per horizon, the quantile of
absolute errors over the target's recent volatility (``local_scale``) on a calibration
period the model did not train on (``interval`` in the manifest), times the volatility.
"""

from __future__ import annotations

import numpy as np

TARGETS = ("pressure_bar", "temperature_c")
STEP_HOURS = 1.0
LAGS = 24  # hours of the target's changes and of flow in each row
HISTORY = 48  # hours a request must cover (the longest lag, and a day before it)
MAX_HORIZON = 48  # hours
SEASON = 24  # hours: the seasonal naive repeats the same hour of the last day
FLOW_SCALE = 10_000.0  # m³/h: flows enter in tens of thousands


def feature_names(target: str) -> tuple[str, ...]:
    short = {"pressure_bar": "p", "temperature_c": "t"}[target]
    return (*(f"{short}_change_{j}h" for j in range(1, LAGS + 1)), f"{short}_change_47h",
            f"{short}_now", *(f"flow_{j}h_ago" for j in range(LAGS)), "flow_mean_48h",
            "hour_sin", "hour_cos", "weekend", "season_sin", "season_cos", "injecting",
            "horizon_h")


def utc_seconds(times: object) -> np.ndarray:
    """Times as numpy datetime64[s] in UTC: from a timezone-aware pandas index (training)
    or from datetime64 already (serving). Numpy only: pandas is not in the Lambda set."""
    if hasattr(times, "tz_convert"):  # a pandas DatetimeIndex with a zone
        times = times.tz_convert("UTC").tz_localize(None)  # type: ignore[attr-defined]
    return np.asarray(times, dtype="datetime64[s]")


def calendar(times: np.ndarray) -> np.ndarray:
    """(n, 6): hour of day and day of year as sin/cos, weekend, injection season; ``times``
    datetime64 in UTC."""
    t = np.asarray(times, dtype="datetime64[s]")
    days = t.astype("datetime64[D]")
    hour = (t - days).astype(np.int64) / 3600.0
    doy = (days - t.astype("datetime64[Y]").astype("datetime64[D]")).astype(np.int64) + 1
    month = t.astype("datetime64[M]").astype(np.int64) % 12 + 1
    weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    return np.column_stack([
        np.sin(2 * np.pi * hour / 24), np.cos(2 * np.pi * hour / 24),
        (weekday >= 5).astype(float),
        np.sin(2 * np.pi * doy / 365.25), np.cos(2 * np.pi * doy / 365.25),
        ((month >= 4) & (month <= 10)).astype(float)])


def rows(target: np.ndarray, flow: np.ndarray, times: object,
         origins: np.ndarray, horizons: np.ndarray) -> np.ndarray:
    """Feature rows for (origin index, horizon in steps) pairs: ``target`` and ``flow`` are
    the series on a regular hourly grid (gaps filled), ``times`` its times (``utc_seconds``
    takes them), ``origins[i] >= HISTORY - 1``."""
    y = np.asarray(target, dtype=np.float64)
    f = np.asarray(flow, dtype=np.float64) / FLOW_SCALE
    o = np.asarray(origins, dtype=np.int64)
    h = np.asarray(horizons, dtype=np.int64)
    lags = np.arange(1, LAGS + 1)
    change = y[o][:, None] - y[o[:, None] - lags[None, :]]
    change47 = y[o] - y[o - (HISTORY - 1)]
    recent_flow = f[o[:, None] - np.arange(LAGS)[None, :]]
    csum = np.concatenate([[0.0], np.cumsum(f)])
    flow_mean = (csum[o + 1] - csum[o + 1 - HISTORY]) / HISTORY
    when = utc_seconds(times)[o] + (h * STEP_HOURS * 3600).astype("timedelta64[s]")
    return np.column_stack([change, change47, y[o], recent_flow, flow_mean,
                            calendar(when), h.astype(float)]).astype(np.float32)


def local_scale(x: np.ndarray) -> np.ndarray:
    """Per feature row, the target's mean absolute hourly change over the last day (from
    the row's change columns), floored: the unit the intervals' widths are counted in."""
    change = np.column_stack([np.zeros(len(x)), np.asarray(x, dtype=np.float64)[:, :LAGS]])
    return np.maximum(np.abs(np.diff(change, axis=1)).mean(axis=1), 0.05)


def seasonal_naive(target: np.ndarray, origins: np.ndarray, horizons: np.ndarray
                   ) -> np.ndarray:
    """The value at the same hour of the last day seen from the origin: y[o + h - 24k],
    k the smallest number of days that reaches back to the origin or before."""
    o, h = np.asarray(origins), np.asarray(horizons)
    k = np.ceil(h / SEASON).astype(int)
    return np.asarray(target, dtype=np.float64)[o + h - SEASON * k]


def fill_gaps(values: np.ndarray) -> np.ndarray:
    """Missing readings (NaN) filled by linear interpolation, the ends held, per column of a
    2-D array: what the features need on a dropout; requests with too many are refused
    before this."""
    v = np.asarray(values, dtype=np.float64)
    if v.ndim == 2:
        return np.column_stack([fill_gaps(v[:, j]) for j in range(v.shape[1])]) \
            if v.shape[1] else v.copy()
    v = v.copy()
    bad = np.isnan(v)
    if bad.all() or not bad.any():
        return v
    idx = np.arange(len(v))
    v[bad] = np.interp(idx[bad], idx[~bad], v[~bad])
    return v
