"""Sensor data of an underground gas storage site: the project's layout, its loader, and a
seeded generator that writes exactly that layout.

Layout (CSV, one file or a folder of them under ``data/raw/sensors/``): one row per well
and timestamp, hourly by default:
``timestamp, well, pressure_bar, temperature_c, flow_m3h, anomaly, anomaly_type`` —
``timestamp`` ISO 8601 (UTC), wellhead pressure in bar (absolute), wellhead temperature in
°C, flow in m³/h at standard conditions (positive when injecting, negative when
withdrawing), ``anomaly`` 0/1 and ``anomaly_type`` (empty when normal) where the data is
labelled. Empty cells are missing readings (a sensor dropout).

The generator follows the physics an operator sees, not a textbook curve:
- the site injects from April to October and withdraws from November to March; the rate
  follows the season (withdrawal peaks in the cold of January), the week (less on
  weekends) and the day (withdrawal peaks in the morning and evening);
- the site's inventory is the running sum of its flows; each well's reservoir pressure
  follows the inventory between its own minimum and maximum (tens of bar empty, ~200 bar
  full), and its wellhead pressure sits below it when withdrawing (drawdown) and above it
  when injecting, in proportion to the well's flow;
- temperature relaxes towards ambient (season and day) when the well is shut, and towards
  the gas's temperature when it flows (warm reservoir gas on withdrawal, compressor
  discharge on injection), through a first-order lag of a few hours;
- wells share the site's flow unevenly, and are shut in for maintenance now and then;
- sensor noise, then labelled faults: spikes, stuck values, drift, offsets, level shifts,
  dropouts (missing values), noise bursts, and a leak: a slow loss of wellhead pressure.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

COLUMNS = ("timestamp", "well", "pressure_bar", "temperature_c", "flow_m3h", "anomaly",
           "anomaly_type")
SENSORS = ("pressure_bar", "temperature_c", "flow_m3h")
FAULTS = ("spike", "stuck", "drift", "offset", "level_shift", "dropout", "noise_burst", "leak")
RAW_DIR = Path("data/raw/sensors")
GENERATED_DIR = Path("data/generated/sensors")


class SensorDataError(ValueError):
    pass


@dataclass(frozen=True)
class SiteSpec:
    wells: int = 4
    hours: int = 3 * 365 * 24  # three seasons of injection and withdrawal
    start: str = "2023-01-01T00:00:00+00:00"
    step_hours: float = 1.0
    seed: int = 2024
    faults_per_well_year: float = 12.0  # labelled faults injected per well and year
    fault_types: tuple[str, ...] = FAULTS

    @classmethod
    def records(cls, n: int, **kw: object) -> SiteSpec:
        """A site of ``n`` rows in all (the seed's "1,000 records"): one well per 250."""
        wells = max(1, min(4, n // 250))
        return cls(wells=wells, hours=max(n // wells, 48), **kw)  # type: ignore[arg-type]


@dataclass
class _Well:
    name: str
    p_min: float  # bar: wellhead pressure of the empty reservoir, shut in
    p_max: float  # bar: of the full reservoir
    share: float  # of the site's flow
    drawdown: float  # bar per 10,000 m³/h
    gas_temp: float  # °C of the gas reaching the wellhead on withdrawal
    extra: dict = field(default_factory=dict)


def _rng(spec: SiteSpec, *salt: object) -> np.random.Generator:
    key = ":".join(str(s) for s in (spec.seed, *salt)).encode()
    return np.random.default_rng(int.from_bytes(hashlib.sha256(key).digest()[:8], "little"))


def site_flow(times: pd.DatetimeIndex, rng: np.random.Generator) -> np.ndarray:
    """The site's flow in m³/h: seasonal sign and size, weekly and daily demand, noise."""
    doy = times.day_of_year.to_numpy()
    hour = times.hour.to_numpy() + times.minute.to_numpy() / 60
    weekday = times.day_of_week.to_numpy()
    month = times.month.to_numpy()
    injecting = (month >= 4) & (month <= 10)
    # Withdrawal peaks mid-January (cold), injection mid-July; zero at the switches.
    cold = np.cos(2 * np.pi * (doy - 15) / 365.25)
    size = np.where(injecting, 0.55 + 0.45 * np.clip(-cold, 0, 1),
                    0.45 + 0.55 * np.clip(cold, 0, 1))
    # Weekdays draw more; the day has morning and evening peaks on withdrawal, and the
    # compressors run flatter on injection (cheaper night power: a little more at night).
    week = np.where(weekday >= 5, 0.8, 1.0)
    day_w = 1 + 0.25 * np.exp(-((hour - 8) ** 2) / 4) + 0.3 * np.exp(-((hour - 19) ** 2) / 5) \
        - 0.25 * np.exp(-((hour - 3) ** 2) / 6)
    day_i = 1 + 0.1 * np.cos(2 * np.pi * (hour - 2) / 24)
    # Weather: a slow random walk on the demand (cold snaps), and dispatch noise.
    weather = np.cumsum(rng.normal(0, 0.01, len(times)))
    weather = weather - pd.Series(weather).rolling(24 * 10, min_periods=1).mean().to_numpy()
    rate = 120_000 * size * week * np.where(injecting, day_i, day_w) * (1 + weather)
    rate *= 1 + rng.normal(0, 0.03, len(times))
    # Around the switch (first days of April and November) the site idles.
    day_of_month = times.day.to_numpy()
    idle = ((month == 4) | (month == 11)) & (day_of_month <= 3)
    flow = np.where(idle, 0.0, np.where(injecting, rate, -rate))
    # A storage site puts back what it sends out: injection scaled so that the volumes
    # balance over the series (else the inventory would ramp from one year to the next).
    injected, withdrawn = flow[flow > 0].sum(), -flow[flow < 0].sum()
    if injected > 0 and withdrawn > 0:
        flow = np.where(flow > 0, flow * withdrawn / injected, flow)
    return flow


def _wells(spec: SiteSpec) -> list[_Well]:
    rng = _rng(spec, "wells")
    share = rng.dirichlet(np.full(spec.wells, 6.0))
    out = []
    for i in range(spec.wells):
        p_min = rng.uniform(45, 80)
        out.append(_Well(name=f"W{i + 1:02d}", p_min=p_min, p_max=p_min + rng.uniform(100, 130),
                         share=float(share[i]), drawdown=rng.uniform(1.5, 4.0),
                         gas_temp=rng.uniform(38, 55)))
    return out


def _lag(x: np.ndarray, tau_steps: float) -> np.ndarray:
    """First-order lag (exponential smoothing) of time constant ``tau_steps``."""
    a = 1.0 - np.exp(-1.0 / max(tau_steps, 1e-9))
    out = np.empty_like(x)
    acc = x[0]
    for i, v in enumerate(x):
        acc += a * (v - acc)
        out[i] = acc
    return out


def simulate_well(well: _Well, times: pd.DatetimeIndex, site: np.ndarray,
                  inventory: np.ndarray, spec: SiteSpec) -> pd.DataFrame:
    """One well's true process values (no sensor faults): pressure, temperature, flow."""
    rng = _rng(spec, "well", well.name)
    n = len(times)
    flow = site * well.share * spec.wells / 1.0
    flow = flow / spec.wells * (1 + rng.normal(0, 0.02, n))
    # Maintenance shut-ins: a few per year, one to four days each.
    steps_per_day = int(round(24 / spec.step_hours))
    for _ in range(rng.poisson(2.5 * n / (365 * steps_per_day))):
        a = int(rng.integers(0, max(n - 1, 1)))
        flow[a:a + int(rng.integers(1, 5)) * steps_per_day] = 0.0
    p_res = well.p_min + (well.p_max - well.p_min) * inventory
    pressure = p_res + well.drawdown * flow / 10_000
    pressure = _lag(pressure, 2.0 / spec.step_hours)  # the wellbore's response: ~2 h
    doy = times.day_of_year.to_numpy()
    hour = times.hour.to_numpy()
    ambient = 11 - 9 * np.cos(2 * np.pi * (doy - 20) / 365.25) \
        - 4 * np.cos(2 * np.pi * (hour - 3) / 24)
    target_flowing = np.where(flow < 0, well.gas_temp, 42.0)  # reservoir gas / compressor
    pull = 1 - np.exp(-np.abs(flow) / 8_000)
    temperature = _lag(ambient + (target_flowing - ambient) * pull, 3.0 / spec.step_hours)
    return pd.DataFrame({
        "pressure_bar": pressure + rng.normal(0, 0.15, n),
        "temperature_c": temperature + rng.normal(0, 0.1, n),
        "flow_m3h": flow * (1 + rng.normal(0, 0.005, n)),
    })


def inject_faults(values: pd.DataFrame, spec: SiteSpec, well: str
                  ) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Labelled sensor and process faults over a well's clean series: (values, anomaly,
    anomaly_type). Faults never overlap; each lasts what that fault lasts in the field."""
    rng = _rng(spec, "faults", well)
    v = values.copy()
    n = len(v)
    per_hour = 1 / spec.step_hours
    anomaly = np.zeros(n, dtype=np.int8)
    kind = np.full(n, "", dtype=object)
    count = rng.poisson(spec.faults_per_well_year * n / (365 * 24 * per_hour))
    std = {c: float(v[c].diff().std()) or 1.0 for c in SENSORS}
    for _ in range(int(count)):
        fault = spec.fault_types[int(rng.integers(len(spec.fault_types)))]
        hours = {"spike": (1, 3), "stuck": (6, 48), "drift": (48, 240), "offset": (24, 120),
                 "level_shift": (72, 336), "dropout": (1, 24), "noise_burst": (2, 12),
                 "leak": (24, 96)}[fault]
        length = max(1, int(rng.integers(hours[0], hours[1] + 1) * per_hour))
        a = int(rng.integers(24 * per_hour, max(n - length, 24 * per_hour + 1)))
        b = min(n, a + length)
        if anomaly[max(0, a - 12):min(n, b + 12)].any():
            continue  # keep faults apart: each labelled segment is one fault
        col = ("pressure_bar" if fault == "leak"
               else SENSORS[int(rng.integers(len(SENSORS)))])
        seg = slice(a, b)
        x = v[col].to_numpy(copy=True)
        scale = {"pressure_bar": 1.0, "temperature_c": 0.5,
                 "flow_m3h": max(2_000.0, float(np.abs(x).mean()) * 0.1)}[col]
        sign = rng.choice([-1.0, 1.0])
        if fault == "spike":
            x[seg] += sign * rng.uniform(8, 20) * max(std[col], scale / 4)
        elif fault == "stuck":
            x[seg] = x[a]
            if np.abs(np.diff(values[col].to_numpy()[seg])).max(initial=0) < 0.5 * std[col]:
                continue  # the sensor would have read flat anyway: no visible fault
        elif fault == "drift":
            x[seg] += sign * rng.uniform(3, 8) * scale * np.linspace(0, 1, b - a)
        elif fault == "offset":
            x[seg] += sign * rng.uniform(3, 6) * scale
        elif fault == "level_shift":
            x[seg] += sign * rng.uniform(4, 10) * scale
        elif fault == "dropout":
            x[seg] = np.nan
        elif fault == "noise_burst":
            x[seg] += rng.normal(0, rng.uniform(5, 10) * max(std[col], scale / 5), b - a)
        elif fault == "leak":
            # Gas escaping above the reservoir: the wellhead pressure sags by a growing
            # amount (0.05-0.2 bar/h), and recovers once the leak is isolated.
            x[seg] -= rng.uniform(0.05, 0.2) * np.arange(1, b - a + 1) / per_hour
        v[col] = x
        anomaly[seg] = 1
        kind[seg] = fault
    return v, anomaly, kind


def generate_site(spec: SiteSpec) -> pd.DataFrame:
    times = pd.date_range(spec.start, periods=spec.hours,
                          freq=pd.Timedelta(hours=spec.step_hours))
    site = site_flow(times, _rng(spec, "site"))
    # Inventory in [0, 1]: the running sum of the site's flow, scaled to the working gas.
    stock = np.cumsum(site) * spec.step_hours
    span = max(float(stock.max() - stock.min()), 1.0)
    inventory = 0.15 + 0.8 * (stock - stock.min()) / span
    frames = []
    for well in _wells(spec):
        clean = simulate_well(well, times, site, inventory, spec)
        values, anomaly, kind = inject_faults(clean, spec, well.name)
        frames.append(pd.DataFrame({
            "timestamp": times.strftime("%Y-%m-%dT%H:%M:%S%z").str.replace(
                r"(\+\d\d)(\d\d)$", r"\1:\2", regex=True),
            "well": well.name,
            "pressure_bar": values["pressure_bar"].round(3),
            "temperature_c": values["temperature_c"].round(3),
            "flow_m3h": values["flow_m3h"].round(1),
            "anomaly": anomaly, "anomaly_type": kind}))
    return pd.concat(frames, ignore_index=True)[list(COLUMNS)]


def write(df: pd.DataFrame, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=False)
    return path


# ------------------------------------------------------------------------------ loader

def load(paths: Path | str | Iterable[Path]) -> pd.DataFrame:
    """The project's layout from a CSV file or a folder of them: rows sorted per well and
    time, timestamps as UTC datetimes, empty cells as NaN. Refuses, with the file and the
    reason, missing columns, unparsable timestamps, a timestamp twice for one well, and
    impossible values (absolute pressure below 0 or above 700 bar, temperature outside
    -60..200 °C)."""
    if isinstance(paths, (str, Path)):
        p = Path(paths)
        files = sorted(p.glob("*.csv")) if p.is_dir() else [p]
    else:
        files = [Path(f) for f in paths]
    if not files:
        raise SensorDataError(f"{paths}: no CSV file")
    frames = []
    for f in files:
        if not f.exists():
            raise SensorDataError(f"{f}: no such file")
        df = pd.read_csv(f, dtype={"well": str, "anomaly_type": str}, keep_default_na=True)
        missing = [c for c in COLUMNS[:5] if c not in df.columns]
        if missing:
            raise SensorDataError(f"{f}: missing columns {', '.join(missing)}")
        try:
            df["timestamp"] = pd.to_datetime(df["timestamp"], utc=True, format="ISO8601")
        except (ValueError, TypeError) as exc:
            raise SensorDataError(f"{f}: timestamp: {exc}") from None
        if "anomaly" not in df.columns:
            df["anomaly"] = 0
            df["anomaly_type"] = ""
        df["anomaly_type"] = df["anomaly_type"].fillna("")
        for col, lo, hi in (("pressure_bar", 0.0, 700.0), ("temperature_c", -60.0, 200.0)):
            bad = df[col].notna() & ~df[col].between(lo, hi)
            if bad.any():
                i = int(np.flatnonzero(bad.to_numpy())[0])
                raise SensorDataError(f"{f}: row {i + 2}: {col} {df[col].iloc[i]} is outside "
                                      f"[{lo:g}, {hi:g}]")
        dup = df.duplicated(["well", "timestamp"])
        if dup.any():
            i = int(np.flatnonzero(dup.to_numpy())[0])
            raise SensorDataError(f"{f}: row {i + 2}: well {df['well'].iloc[i]} has "
                                  f"{df['timestamp'].iloc[i]} twice")
        frames.append(df[list(COLUMNS)])
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["well", "timestamp"], ignore_index=True)


def default_source() -> Path:
    """data/raw/sensors when it holds CSV files, else the generated site."""
    if RAW_DIR.is_dir() and any(RAW_DIR.glob("*.csv")):
        return RAW_DIR
    return GENERATED_DIR / "site.csv"
