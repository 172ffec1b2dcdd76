"""Sensors' production traffic (``vitrine simulate sensors``): operators checking their
wells.

The readings are the generated site's next year: the same wells (the generator's spec, read
from the stamp `vitrine data sensors` wrote beside the site, else its default), simulated a
year past what training read, faults injected as the generator injects them. Two calls in
three ask POST /sensors/anomalies about a week of a well, calibrated on the four weeks of
normal operation before it (known faults left out, as the pipeline's detector cases do);
the third asks POST /sensors/forecast for the next 24 h from the last four days. An operator
confirms ("alarm") or rejects ("normal") the alarm of a call that raised exactly one,
against the faults the generator labelled: that is the feedback (a forecast gets none).
For a drift scenario, the site runs fuller in the second half: every well's pressure
``PRESSURE_SHIFT`` bar higher (a new working-gas target)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from training.traffic import Item, Scenario, Traffic, halves

STRETCH_HOURS = 7 * 24  # the week an operator asks about
FORECAST_HISTORY = 96  # hours sent with a forecast request
FORECAST_EVERY = 3  # every third call is a forecast
PRESSURE_SHIFT = 30.0  # bar: the fuller site of the drift scenario
MAX_GAPS = 0.2  # a week or a reference with more missing readings is not sent


def site_spec(source: Path | None) -> Any:
    """The spec the site in ``source`` was generated from (its stamp), else the default."""
    from training.sensors.data import GENERATED_DIR, SiteSpec

    site = Path(source) if source else GENERATED_DIR / "site.csv"
    stamp = (site / "site.csv" if site.is_dir() else site).with_suffix(".spec.json")
    if not stamp.exists():
        return SiteSpec()
    fields = json.loads(stamp.read_text())
    return SiteSpec(**{**fields, "fault_types": tuple(fields["fault_types"])})


@dataclass(frozen=True)
class Well:
    name: str
    stamps: list[str]  # ISO 8601, as a caller sends them
    values: np.ndarray  # (hours, 3) in SENSORS order, NaN for a missing reading
    faulty: np.ndarray  # (hours,) bool: a labelled fault
    times: np.ndarray  # (hours,) datetime64[s]


def next_year(spec: Any) -> list[Well]:
    """Each well's readings in the year after ``spec``'s."""
    from functions.contracts.sensors import SENSORS
    from training.sensors.data import generate_site

    longer = replace(spec, hours=spec.hours + int(365 * 24 / spec.step_hours))
    df = generate_site(longer)
    df["timestamp"] = pd.to_datetime(df["timestamp"], utc=True, format="ISO8601")
    start = pd.Timestamp(spec.start) + pd.Timedelta(hours=spec.hours * spec.step_hours)
    wells = []
    for name, g in df[df["timestamp"] >= start].groupby("well", sort=True):
        times = g["timestamp"].dt.tz_localize(None).to_numpy().astype("datetime64[s]")
        wells.append(Well(str(name), [f"{t}Z" for t in times],
                          g[list(SENSORS)].to_numpy(dtype=np.float64, copy=True),
                          g["anomaly"].to_numpy() == 1, times))
    return wells


def _readings(well: Well, lo: int, hi: int, shift: float, blank: np.ndarray | None = None
              ) -> list[dict[str, Any]]:
    """Readings ``lo:hi`` of a well as the API takes them, pressure moved by ``shift``;
    ``blank``: readings sent as missing."""
    from functions.contracts.sensors import SENSORS

    values = well.values[lo:hi].copy()
    values[:, 0] += shift
    if blank is not None:
        values[blank] = np.nan
    return [{"timestamp": t, **{s: None if v != v else round(float(v), 3)
                                for s, v in zip(SENSORS, row, strict=True)}}
            for t, row in zip(well.stamps[lo:hi], values.tolist(), strict=True)]


def alarm_truth(faults: np.ndarray) -> Any:
    """The operator's verdict on a call's one alarm: confirmed when it overlaps a labelled
    fault (``faults``: the stretch's faulty hours), rejected otherwise; no verdict on a call
    with no alarm or several."""
    def truth(answer: Mapping[str, Any]) -> str | None:
        alarms = answer.get("alarms") or []
        if len(alarms) != 1:
            return None
        start, end = (np.datetime64(alarms[0][k].rstrip("Z"), "s") for k in ("start", "end"))
        return "alarm" if ((faults >= start) & (faults <= end)).any() else "normal"
    return truth


def _gaps(values: np.ndarray) -> float:
    return float(np.isnan(values).any(axis=1).mean()) if len(values) else 1.0


def calls(wells: list[Well], n: int, rng: np.random.Generator, shift: float,
          reference_hours: int) -> list[Item]:
    items: list[Item] = []
    tries = 0
    while len(items) < n and tries < 50 * n:
        tries += 1
        w = wells[int(rng.integers(len(wells)))]
        start = int(rng.integers(reference_hours, len(w.times) - STRETCH_HOURS + 1))
        end = start + STRETCH_HOURS
        if len(items) % FORECAST_EVERY == FORECAST_EVERY - 1:
            if _gaps(w.values[end - FORECAST_HISTORY:end]) > MAX_GAPS:
                continue
            items.append(Item("/sensors/forecast", {
                "well": w.name, "horizon": 24,
                "series": _readings(w, end - FORECAST_HISTORY, end, shift)}, None))
            continue
        known = w.faulty[start - reference_hours:start]  # known faults: not normal operation
        reference = w.values[start - reference_hours:start].copy()
        reference[known] = np.nan
        if max(_gaps(reference), _gaps(w.values[start:end])) > MAX_GAPS:
            continue
        items.append(Item("/sensors/anomalies", {
            "well": w.name, "reference": _readings(w, start - reference_hours, start, shift,
                                                   known),
            "series": _readings(w, start, end, shift)},
            alarm_truth(w.times[start:end][w.faulty[start:end]])))
    return items


def traffic(scenario: Scenario) -> Traffic:
    from training.sensors.pipeline import Params

    spec = site_spec(scenario.source)
    wells = next_year(spec)
    rng = np.random.default_rng(scenario.seed)
    reference_hours = Params().detector_reference_days * 24
    n_before, n_after = halves(scenario.items)
    before = calls(wells, n_before, rng, 0.0, reference_hours)
    after = calls(wells, n_after, rng, PRESSURE_SHIFT if scenario.drift else 0.0,
                  reference_hours)
    return Traffic(
        before=before, after=after,
        made_of=f"{len(before) + len(after)} calls on the {len(wells)} wells of the site "
                f"generated with seed {spec.seed}, in the year after the {spec.hours} hours "
                "training read: weeks checked for anomalies (operators confirm or reject a "
                "lone alarm against the labelled faults) and 24 h forecasts",
        shift=(f"after call {len(before)}: the site runs fuller, every well's pressure "
               f"+{PRESSURE_SHIFT:g} bar") if scenario.drift else "",
        shifted=("pressure_bar",) if scenario.drift else ())
