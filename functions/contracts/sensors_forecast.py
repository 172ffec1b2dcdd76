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
import pandas as pd

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


def calendar(times: pd.DatetimeIndex) -> np.ndarray:
    """(n, 6): hour of day and day of year as sin/cos, weekend, injection season."""
    hour = times.hour.to_numpy() + times.minute.to_numpy() / 60
    doy = times.day_of_year.to_numpy()
    month = times.month.to_numpy()
    return np.column_stack([
        np.sin(2 * np.pi * hour / 24), np.cos(2 * np.pi * hour / 24),
        (times.day_of_week.to_numpy() >= 5).astype(float),
        np.sin(2 * np.pi * doy / 365.25), np.cos(2 * np.pi * doy / 365.25),
        ((month >= 4) & (month <= 10)).astype(float)])


def rows(target: np.ndarray, flow: np.ndarray, times: pd.DatetimeIndex,
         origins: np.ndarray, horizons: np.ndarray) -> np.ndarray:
    """Feature rows for (origin index, horizon in steps) pairs: ``target`` and ``flow`` are
    the series on a regular hourly grid (gaps filled), ``origins[i] >= HISTORY - 1``."""
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
    when = pd.DatetimeIndex(times[o]) + pd.to_timedelta(h * STEP_HOURS, unit="h")
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
    """Missing readings (NaN) filled by linear interpolation, the ends held: what the
    features need on a dropout; requests with too many are refused before this."""
    s = pd.Series(np.asarray(values, dtype=np.float64))
    return s.interpolate(limit_direction="both").to_numpy()
