"""Gas-storage well sensors (pressure, temperature, flow): forecasts up to 48 h ahead and
anomaly detection, the serving contract shared with training.

A request carries a well's recent series as readings or as CSV text in the project's
layout (``timestamp, pressure_bar, temperature_c, flow_m3h``; other columns ignored). The
series is laid on its regular grid here, once, for both routes: what cannot be laid on one
(unsorted or repeated timestamps, steps off the grid) is refused naming the reading;
missing readings (null, or whole steps absent) are gaps, filled for the features.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import numpy as np
from pydantic import BaseModel, Field

from functions.contracts import sensors_detect as detect_core
from functions.contracts import sensors_forecast as fc
from functions.contracts.base import (
    CardText,
    Endpoint,
    Measure,
    PredictionBase,
    StrictBody,
    UseCase,
    dig,
    log_sample,
)
from functions.edges import csv_rows
from functions.errors import InvalidInput, Problem

# Impossible values, whatever the well: 422. Wellhead pressure is absolute (bar): never
# below 0, and storage wells are rated far below 700 bar; gas at a wellhead stays within
# -60..200 °C; no well flows a million m³/h.
MEASURES = (
    Measure("pressure_bar", "bar (absolute)", 0.0, 700.0, "Wellhead pressure"),
    Measure("temperature_c", "°C", -60.0, 200.0, "Wellhead temperature"),
    Measure("flow_m3h", "m³/h (standard)", -1_000_000.0, 1_000_000.0,
            "Flow: positive injecting, negative withdrawing"),
)
SENSORS = tuple(m.name for m in MEASURES)
MAX_POINTS = 20_000  # readings a request may carry (two years hourly)
STEP_TOLERANCE = 0.1  # a step may be off its grid by this share of the step
MAX_MISSING = 0.25  # share of missing readings (gaps) a series may have
SERIES_BODY_BYTES = 4 * 1024 * 1024  # bytes: 20,000 readings as JSON
INTERVAL = 0.9  # the forecast interval's nominal coverage


class Reading(StrictBody):
    timestamp: str = Field(description="ISO 8601, e.g. 2025-01-06T08:00:00Z (no zone: UTC)")
    pressure_bar: MEASURES[0].annotated() | None = None  # type: ignore[valid-type]
    temperature_c: MEASURES[1].annotated() | None = None  # type: ignore[valid-type]
    flow_m3h: MEASURES[2].annotated() | None = None  # type: ignore[valid-type]


class SeriesBody(StrictBody):
    well: str | None = Field(default=None, max_length=64, description="The well's name")
    series: list[Reading] | None = Field(default=None, max_length=MAX_POINTS)
    csv: str | None = Field(default=None, description="CSV text, header first: timestamp, "
                            "pressure_bar, temperature_c, flow_m3h")


class ForecastRequest(SeriesBody):
    """A well's last hours (at least 48, hourly) and how far ahead to forecast."""

    horizon: int = Field(default=24, ge=1, le=fc.MAX_HORIZON, description="Hours ahead")


class AnomalyRequest(SeriesBody):
    """A series to score, and optionally a window of this asset's normal operation to
    calibrate on; without one, the series' first part is taken as the reference."""

    reference: list[Reading] | None = Field(default=None, max_length=MAX_POINTS)
    reference_points: int | None = Field(
        default=None, ge=1, le=MAX_POINTS,
        description="Without a reference: how many first points of the series are normal "
                    "operation (default: a quarter of the series, at least the minimum)")


class Band(BaseModel):
    value: float
    lower: float
    upper: float


class ForecastPoint(BaseModel):
    timestamp: str
    pressure_bar: Band
    temperature_c: Band


class Forecast(PredictionBase):
    well: str | None
    horizon: int
    interval: float = Field(description="Nominal coverage of [lower, upper]")
    last_timestamp: str
    points: list[ForecastPoint]


class Contribution(BaseModel):
    sensor: str
    share: float = Field(description="Share of the alarm's score from this sensor")


class Alarm(BaseModel):
    start: str
    end: str = Field(description="Timestamp of the alarm's last point")
    points: int
    kind: str = Field(description="score: the anomaly score crossed the threshold; "
                      "missing: a sensor stopped reporting")
    peak: float
    sensors: list[Contribution]


class PointScore(BaseModel):
    timestamp: str
    score: float
    flag: bool
    sensor: str | None = Field(description="The top contributing sensor, on flagged points")


class Anomalies(PredictionBase):
    well: str | None
    threshold: float
    reference: dict[str, Any]
    points: list[PointScore]
    alarms: list[Alarm]


# ---------------------------------------------------------------- series on their grid

class Series:
    """Readings on a regular grid: ``times`` (datetime64[s], UTC), ``values`` (n, 3) with
    NaN for gaps, ``step`` in seconds."""

    def __init__(self, times: np.ndarray, values: np.ndarray, step: int):
        self.times, self.values, self.step = times, values, step

    @property
    def missing(self) -> float:
        return float(np.isnan(self.values).any(axis=1).mean()) if len(self.values) else 0.0


def _time(text: Any) -> int | None:
    """Seconds since the epoch of an ISO 8601 time (no zone: UTC), or None."""
    if not isinstance(text, str):
        return None
    try:
        t = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if t.tzinfo is None:
        t = t.replace(tzinfo=UTC)
    return int(t.timestamp())


def _number(cell: str) -> float | None:
    return None if cell.strip() == "" else float(cell)


def _rows(body: SeriesBody, field: str) -> tuple[list[Any], np.ndarray, str]:
    """(timestamps as sent, values (n, 3) with NaN for missing, the field's name)."""
    readings = getattr(body, field)
    if field == "series" and (readings is None) == (body.csv is None):
        raise InvalidInput([Problem(("body", "series"), "send the series as `series` or as "
                                    "`csv`, exactly one of them", "missing")])
    if readings is not None:
        stamps = [r.timestamp for r in readings]
        values = np.array([[np.nan if getattr(r, k) is None else getattr(r, k)
                            for k in SENSORS] for r in readings], dtype=np.float64)
        return stamps, values.reshape(len(stamps), len(SENSORS)), field
    reader = (fields for _, fields in csv_rows(body.csv or "", ("body", "csv"), MAX_POINTS))
    header = next(reader, [])
    missing = [c for c in ("timestamp", *SENSORS) if c not in header]
    if missing:
        raise InvalidInput([Problem(("body", "csv"), f"missing columns: {', '.join(missing)}",
                                    "missing")])
    at = {c: header.index(c) for c in ("timestamp", *SENSORS)}
    stamps, values = [], []
    for i, line in enumerate(reader):
        if not line:
            continue
        if len(stamps) >= MAX_POINTS:
            raise InvalidInput([Problem(("body", "csv"), f"more than {MAX_POINTS} rows",
                                        "too_long")])
        row = []
        for m in MEASURES:
            cell = line[at[m.name]] if at[m.name] < len(line) else ""
            try:
                v = _number(cell)
            except ValueError:
                v = math.nan
            if v is not None and not math.isfinite(v):
                raise InvalidInput([Problem(("body", "csv", i, m.name),
                                            f"'{cell}' is not a finite number", "value_error")])
            if v is not None and not m.lo <= v <= m.hi:
                raise InvalidInput([Problem(("body", "csv", i, m.name),
                                            f"{v:g} is outside the plausible range "
                                            f"[{m.lo:g}, {m.hi:g}] {m.unit}", "out_of_range")])
            row.append(np.nan if v is None else v)
        stamps.append(line[at["timestamp"]] if at["timestamp"] < len(line) else "")
        values.append(row)
    return stamps, np.array(values, dtype=np.float64).reshape(len(stamps), len(SENSORS)), "csv"


def on_grid(body: SeriesBody, field: str = "series", step_hours: float | None = None
            ) -> Series:
    """The readings of ``field`` (or the CSV) on their regular grid; 422 naming the reading
    for what cannot be laid on one. ``step_hours``: the grid the route needs."""
    stamps, raw, name = _rows(body, field)
    loc = ("body", name)
    if not stamps:
        raise InvalidInput([Problem(loc, "no readings", "missing")])
    secs = []
    for i, text in enumerate(stamps):
        t = _time(text)
        if t is None:
            raise InvalidInput([Problem((*loc, i, "timestamp"),
                                        f"'{text}' is not an ISO 8601 time", "value_error")])
        secs.append(t)
    times = np.array(secs, dtype=np.int64)
    delta = np.diff(times)
    if (delta == 0).any():
        i = int(np.flatnonzero(delta == 0)[0]) + 1
        raise InvalidInput([Problem((*loc, i, "timestamp"),
                                    f"{_iso_s(times[i])} appears twice", "duplicate")])
    if (delta < 0).any():
        i = int(np.flatnonzero(delta < 0)[0]) + 1
        raise InvalidInput([Problem((*loc, i, "timestamp"), f"{_iso_s(times[i])} comes "
                                    f"before the reading above it: sort by time", "time_order")])
    step = int(round(step_hours * 3600)) if step_hours else \
        (int(np.median(delta)) if len(delta) else 3600)
    k = delta / step
    off = (np.abs(k - np.round(k)) > STEP_TOLERANCE) | (np.round(k) < 1)
    if off.any():
        i = int(np.flatnonzero(off)[0]) + 1
        raise InvalidInput([Problem(
            (*loc, i, "timestamp"),
            f"{_iso_s(times[i])} is off the series' {_step_text(step)} grid (steps may "
            f"differ from it by {STEP_TOLERANCE:.0%}; whole missing steps are gaps)",
            "irregular")])
    slot = np.concatenate([[0], np.cumsum(np.round(k).astype(np.int64))])
    values = np.full((int(slot[-1]) + 1, len(SENSORS)), np.nan)
    values[slot] = raw
    grid = (times[0] + step * np.arange(len(values))).astype("datetime64[s]")
    series = Series(grid, values, step)
    if series.missing > MAX_MISSING:
        raise InvalidInput([Problem(loc, f"{series.missing:.0%} of the readings are missing "
                                    f"(gaps included); at most {MAX_MISSING:.0%}", "too_sparse")])
    return series


def _step_text(step: int) -> str:
    return f"{step / 3600:g} h" if step >= 3600 else f"{step:g} s"


def _iso_s(seconds: int) -> str:
    return _iso(np.datetime64(int(seconds), "s"))


def _iso(t: np.datetime64) -> str:
    return f"{np.datetime_as_string(t, unit='s')}Z"


def _series_loc(req: SeriesBody) -> tuple[str, str]:
    return ("body", "series" if req.series is not None else "csv")


def check_series(body: Mapping[str, Any]) -> list[Problem]:
    """Cross-field problems visible on the raw body (field validation reports the rest)."""
    if dig(body, "series") is not None and dig(body, "csv") is not None:
        return [Problem(("body", "csv"), "send the series as `series` or as `csv`, not both",
                        "conflict")]
    return []


# ---------------------------------------------------------------------------- forecast

def predict_forecast(req: ForecastRequest, models: dict[str, Any]) -> dict[str, Any]:
    s = on_grid(req, step_hours=fc.STEP_HOURS)
    if len(s.values) < fc.HISTORY:
        raise InvalidInput([Problem(_series_loc(req),
                                    f"{len(s.values)} hours of history; the forecast needs "
                                    f"the last {fc.HISTORY}", "too_short")])
    recent = s.values[-fc.HISTORY:]
    for j, name in enumerate(SENSORS):
        if np.isnan(recent[:, j]).mean() > MAX_MISSING:
            raise InvalidInput([Problem(_series_loc(req),
                                        f"{name}: more than {MAX_MISSING:.0%} of the last "
                                        f"{fc.HISTORY} hours are missing", "too_sparse")])
    filled = fc.fill_gaps(s.values)
    origin = len(filled) - 1
    h = np.arange(1, req.horizon + 1)
    origins = np.full(len(h), origin)
    out: dict[str, list[dict[str, float]]] = {}
    for target, family in (("pressure_bar", "sensors"),
                           ("temperature_c", "sensors_temperature")):
        model = models[family]
        y = filled[:, SENSORS.index(target)]
        x = fc.rows(y, filled[:, SENSORS.index("flow_m3h")], s.times, origins, h)
        change = model.predict_proba(x)[:, 0]
        width = np.asarray(model.manifest["interval"]["half_width"],
                           dtype=np.float64)[h - 1] * fc.local_scale(x)
        value = y[origin] + change
        out[target] = [{"value": float(v), "lower": float(v - w), "upper": float(v + w)}
                       for v, w in zip(value, width, strict=True)]
    when = s.times[-1] + (s.step * h).astype("timedelta64[s]")
    return {"well": req.well, "horizon": req.horizon,
            "interval": float(models["sensors"].manifest["interval"]["coverage"]),
            "last_timestamp": _iso(s.times[-1]),
            "points": [{"timestamp": _iso(t), "pressure_bar": p, "temperature_c": q}
                       for t, p, q in zip(when, out["pressure_bar"], out["temperature_c"],
                                          strict=True)]}


# --------------------------------------------------------------------------- anomalies

def detector_params(model: Any) -> detect_core.DetectorParams:
    spec = model.manifest.get("detector") or {}
    return detect_core.DetectorParams(**spec)


def predict_anomalies(req: AnomalyRequest, model: Any) -> dict[str, Any]:
    params = detector_params(model)
    s = on_grid(req)
    need = detect_core.min_reference(len(SENSORS), params)
    t0 = 0  # where the series starts on the reference's clock, in points
    if req.reference is not None:
        ref = on_grid(req, "reference")
        reference, source = ref.values, "given"
        ref_loc = ("body", "reference")
        t0 = int(round((s.times[0] - ref.times[0]).astype(np.int64) / ref.step))
    else:
        n_ref = req.reference_points or max(need, len(s.values) // 4)
        if len(s.values) < n_ref + 1:
            raise InvalidInput([Problem(_series_loc(req),
                                        f"{len(s.values)} points: with no reference, the series"
                                        f" needs its first {n_ref} as one and more to score",
                                        "too_short")])
        reference, source = s.values[:n_ref], "series_start"
        ref_loc = ("body", "reference_points")
    if len(reference) < need:
        raise InvalidInput([Problem(ref_loc, f"{len(reference)} reference points; at least "
                                    f"{need} are needed", "too_short")])
    ref_filled, values = fc.fill_gaps(reference), fc.fill_gaps(s.values)
    det = detect_core.fit(ref_filled, SENSORS, params)
    # The whole series is scored (its first part too, when that is the reference); t0 puts
    # it on the reference's clock, which the residual mode's trend is fitted on.
    missing = np.isnan(s.values)
    out = detect_core.detect(det, values, missing, t0=t0)
    points = []
    top = np.where(missing.any(axis=1), np.argmax(missing, axis=1),
                   np.argmax(out["parts"], axis=1))
    for i, t in enumerate(s.times):
        flag = bool(out["flags"][i])
        points.append({"timestamp": _iso(t), "score": float(out["score"][i]), "flag": flag,
                       "sensor": SENSORS[int(top[i])] if flag else None})
    alarms = []
    for a in out["alarms"]:
        alarms.append({"start": _iso(s.times[a["start"]]), "end": _iso(s.times[a["end"] - 1]),
                       "points": a["end"] - a["start"], "kind": a["kind"], "peak": a["peak"],
                       "sensors": a["sensors"]})
    return {"well": req.well, "threshold": det.threshold,
            "reference": {"source": source, "points": int(len(reference)),
                          "gaps_filled": int(np.isnan(reference).any(axis=1).sum())},
            "points": points, "alarms": alarms}


LOGGED_READINGS = 48  # readings of a series the log keeps, drawn at random (monitoring)


def _log_view(body: Any, answer: dict[str, Any], _: Any) -> tuple[Any, Any]:
    """A series can be two years of readings: the log keeps the request's shape, a sample
    of its readings (what drift monitoring compares with training) and the answer's alarms,
    not every point."""
    if body.series is not None:
        rows = [[getattr(r, k) for k in SENSORS] for r in body.series]
    else:
        _, values, _ = _rows(body, "series")
        rows = [[None if math.isnan(v) else float(v) for v in r] for r in values]
    keep = log_sample(len(rows), LOGGED_READINGS)
    points = answer.get("points", [])
    flags = [bool(points[i]["flag"]) if "flag" in (points[i] if i < len(points) else {})
             else False for i in keep]
    inputs = {"well": body.well, "points": len(rows), "horizon": getattr(body, "horizon", None),
              "sample": [rows[i] for i in keep], "flags": flags}
    kept = {k: v for k, v in answer.items() if k != "points"}
    kept["points"] = len(points)
    return inputs, kept


def observe_readings(inputs: Mapping[str, Any], answer: Mapping[str, Any]
                     ) -> tuple[np.ndarray, list[str]]:
    """A logged call's sampled readings (pressure, temperature, flow) and, per reading,
    "alarm" when the answer flagged it (a forecast flags none)."""
    sample = inputs.get("sample") or []
    x = np.array([[np.nan if v is None else v for v in r] for r in sample],
                 dtype=np.float64).reshape(-1, len(SENSORS))
    flags = inputs.get("flags") or [False] * len(x)
    return x, ["alarm" if f else "normal" for f in flags]


def alarm_item(inputs: Mapping[str, Any], answer: Mapping[str, Any]
               ) -> tuple[str | None, str | None]:
    """Feedback on an anomaly call names its alarm: an operator confirms it ("alarm") or
    rejects it ("normal"). A call must have raised exactly one, so that the label says
    which; a series with several is sent again cut around the one to judge."""
    alarms = answer.get("alarms") or []
    if len(alarms) == 1:
        return "alarm", None
    return None, (f"feedback confirms or rejects one alarm; this call raised {len(alarms)}: "
                  "send the stretch around the alarm to judge, then its feedback")


FORECAST_FEATURES = fc.feature_names("pressure_bar")
USECASE = UseCase(
    order=50, page="sensors.html", nav_label="Sensors",
    name="sensors",
    title="Gas storage well sensors",
    description="Wellhead pressure and temperature forecasts up to 48 h ahead with their "
    "intervals, and anomaly detection calibrated on the well's own normal operation "
    "(underground gas storage; evaluated on the SKAB benchmark's real sensor data).",
    # What monitoring reads per logged reading: flagged by the detector, or not.
    labels=("normal", "alarm"),
    feedback_judges="alarm",  # feedback confirms or rejects one alarm (alarm_item)
    feature_names=FORECAST_FEATURES,
    input_schema=tuple(m.schema() for m in MEASURES),
    endpoints=(
        Endpoint(path="/sensors/forecast", request=ForecastRequest, response=Forecast,
                 predict=predict_forecast, models=("sensors", "sensors_temperature"),
                 check=check_series, max_body_bytes=SERIES_BODY_BYTES, log_view=_log_view,
                 observe=observe_readings,
                 summary="Pressure and temperature of a well, up to 48 h ahead."),
        Endpoint(path="/sensors/anomalies", request=AnomalyRequest, response=Anomalies,
                 predict=predict_anomalies, check=check_series,
                 max_body_bytes=SERIES_BODY_BYTES, log_view=_log_view, observe=observe_readings,
                 feedback_item=alarm_item,
                 summary="Anomaly score, flags, alarms and their sensors for a series."),
    ),
    other_model_inputs={"sensors_temperature": fc.feature_names("temperature_c")},
    monitored=SENSORS,
    memory_mb=1024,
    timeout_s=15,
    card=CardText(
        intended_use="Forecasting wellhead pressure and temperature up to 48 h ahead with "
        "intervals, and flagging anomalous readings against the well's own normal operation, "
        "for a gas-storage operator.",
        out_of_scope="Safety systems (alarms here are advisory); assets whose normal operation "
        "was never seen.",
        data="Generated gas-storage wells (injection April-October, withdrawal "
        "November-March, weekday and daily demand, labelled injected faults); the detector is "
        "also scored on the real SKAB benchmark files in ../shared/data/skab.",
        limits=("A forecast far past the history's last point widens its interval: read the "
                "interval, not only the value.",
                "An 8 bar offset that follows the flow can hide inside normal variation."),
        references=("SKAB's published table (34 experiments): best F1 0.78 with FAR 13.55 % "
                    "(Conv-AE).",),
    ),
)
