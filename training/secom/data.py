"""SECOM semiconductor lots: the UCI layout, the common CSV layout, and a fitted generator.

UCI (McCann & Johnston, 2008): ``secom.data`` holds 1,567 rows of 590 space-separated sensor
values (``NaN`` for missing); ``secom_labels.data`` holds, per row, ``-1`` (pass) or ``1``
(fail) and a quoted timestamp ``"19/07/2008 11:55:00"``. The common CSV (Kaggle's
``uci-secom.csv``) is ``Time, 0..589, Pass/Fail`` with ISO timestamps.

The generator is fitted on real rows (``data/secom/secom-first-rows.csv``): each feature keeps
its empirical distribution, constant features stay constant, missingness copies whole real
rows' patterns (SECOM's gaps come in blocks of sensors), correlations come from a shrunk
Gaussian copula of the normal scores, and failing lots are shifted on a few dozen features so
that there is a learnable but weak signal.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import norm

FEATURES = tuple(str(i) for i in range(590))
REAL_ROWS = Path(__file__).resolve().parents[2] / "data" / "secom" / "secom-first-rows.csv"
RAW_DIR = Path("data/raw/secom")
GENERATED = Path("data/generated/secom/secom.csv")


class DataError(ValueError):
    pass


def _finish(values: pd.DataFrame, time: pd.Series, label: pd.Series, source: Path,
            time_format: str) -> pd.DataFrame:
    if values.shape[1] != len(FEATURES):
        raise DataError(f"{source}: {values.shape[1]} sensor columns, expected 590")
    bad = set(label.unique()) - {-1, 1}
    if bad:
        raise DataError(f"{source}: labels must be -1 (pass) or 1 (fail), found {sorted(bad)}")
    values.columns = list(FEATURES)
    try:
        parsed = pd.to_datetime(time, format=time_format)
    except ValueError as exc:
        raise DataError(f"{source}: timestamps not in {time_format}: {exc}") from None
    out = pd.concat([parsed.rename("Time"),
                     values.astype("float64"), label.astype("int64").rename("Pass/Fail")],
                    axis=1)
    return out.sort_values("Time", kind="stable", ignore_index=True)


def load_csv(path: Path | str) -> pd.DataFrame:
    """The common CSV layout: ``Time, 0..589, Pass/Fail``."""
    path = Path(path)
    df = pd.read_csv(path)
    missing = [c for c in ("Time", "Pass/Fail") if c not in df.columns]
    if missing:
        raise DataError(f"{path}: missing columns {', '.join(missing)}")
    return _finish(df.drop(columns=["Time", "Pass/Fail"]), df["Time"], df["Pass/Fail"], path,
                   "ISO8601")


def load_uci(data: Path | str, labels: Path | str) -> pd.DataFrame:
    """UCI's two files: ``secom.data`` (values) and ``secom_labels.data`` (label, time)."""
    values = pd.read_csv(data, sep=r"\s+", header=None, na_values=["NaN"])
    # Each line: -1 "19/07/2008 11:55:00" (the quotes keep the timestamp one field).
    lab = pd.read_csv(labels, sep=r"\s+", header=None, names=["label", "time"], quotechar='"')
    if len(values) != len(lab):
        raise DataError(f"{data} has {len(values)} rows but {labels} has {len(lab)}")
    return _finish(values, lab["time"], lab["label"], Path(data), "%d/%m/%Y %H:%M:%S")


def write_uci(df: pd.DataFrame, folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    data, labels = folder / "secom.data", folder / "secom_labels.data"
    df[list(FEATURES)].to_csv(data, sep=" ", header=False, index=False, na_rep="NaN",
                              float_format="%.6g")
    stamps = df["Time"].dt.strftime('"%d/%m/%Y %H:%M:%S"')
    labels.write_text("".join(f"{label} {stamp}\n"
                              for label, stamp in zip(df["Pass/Fail"], stamps, strict=True)))
    return data, labels


def default_source() -> pd.DataFrame:
    """Real full files under data/raw/secom when present, else the generated CSV."""
    if (RAW_DIR / "secom.data").exists() and (RAW_DIR / "secom_labels.data").exists():
        return load_uci(RAW_DIR / "secom.data", RAW_DIR / "secom_labels.data")
    if (RAW_DIR / "uci-secom.csv").exists():
        return load_csv(RAW_DIR / "uci-secom.csv")
    return load_csv(GENERATED)


# ------------------------------------------------------------------------ the generator

@dataclass(frozen=True)
class GeneratorSpec:
    lots: int = 1567  # the real dataset's size
    fail_rate: float = 0.066
    shifted_features: int = 36  # features on which failing lots differ
    shift: float = 0.6  # in standard deviations of the feature's normal score
    shrinkage: float = 0.3  # towards the identity: 242 rows cannot pin 590x590 correlations
    seed: int = 2008


@dataclass
class FittedSecom:
    quantiles: np.ndarray  # (101, 590) empirical quantiles of each feature
    constant: np.ndarray  # (590,) bool
    constant_values: np.ndarray  # (590,)
    masks: np.ndarray  # (rows, 590) real missingness patterns
    chol: np.ndarray  # (590, 590) Cholesky factor of the shrunk copula correlation
    gaps_minutes: np.ndarray  # real time between lots
    shifted: np.ndarray  # indices of features shifted for failing lots
    start: pd.Timestamp


def fit(real: pd.DataFrame, spec: GeneratorSpec) -> FittedSecom:
    x = real[list(FEATURES)].to_numpy(dtype=np.float64)
    present = ~np.isnan(x)
    qs = np.linspace(0, 1, 101)
    quantiles = np.vstack([np.nanquantile(x[:, j], qs) if present[:, j].any() else np.zeros(101)
                           for j in range(x.shape[1])]).T
    lo, hi = np.nanmin(np.where(present, x, np.inf), axis=0), np.nanmax(
        np.where(present, x, -np.inf), axis=0)
    constant = ~(hi > lo)
    # Normal scores per feature (ranks -> probit), missing -> 0, for the copula.
    ranks = pd.DataFrame(x).rank(pct=True).to_numpy()
    z = np.where(present & ~constant, norm.ppf(np.clip(ranks - 0.5 / len(x), 1e-3, 1 - 1e-3)),
                 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):  # constant columns: NaN, zeroed below
        corr = np.corrcoef(z, rowvar=False)
    corr = np.nan_to_num(corr, nan=0.0)
    np.fill_diagonal(corr, 1.0)
    corr = (1 - spec.shrinkage) * corr + spec.shrinkage * np.eye(len(corr))
    chol = np.linalg.cholesky(corr + 1e-6 * np.eye(len(corr)))
    # Failing lots move on the features that differ most between real fails and passes.
    fail = real["Pass/Fail"].to_numpy() == 1
    gap = np.abs(z[fail].mean(axis=0) - z[~fail].mean(axis=0)) if fail.any() else np.zeros(590)
    gap[constant] = -1
    shifted = np.argsort(-gap)[:spec.shifted_features]
    times = pd.to_datetime(real["Time"])
    gaps = np.diff(times.to_numpy()).astype("timedelta64[m]").astype(float)
    return FittedSecom(quantiles, constant, np.where(constant, np.nan_to_num(lo), 0.0), ~present,
                       chol, gaps[gaps > 0], shifted, times.iloc[0])


def generate(spec: GeneratorSpec, real: pd.DataFrame | None = None) -> pd.DataFrame:
    """``spec.lots`` SECOM-like lots in the CSV layout, in time order; same seed, same lots."""
    real = load_csv(REAL_ROWS) if real is None else real
    f = fit(real, spec)
    rng = np.random.default_rng(spec.seed)
    n, d = spec.lots, len(FEATURES)
    label = np.where(rng.random(n) < spec.fail_rate, 1, -1)
    z = rng.standard_normal((n, d)) @ f.chol.T
    z[np.ix_(label == 1, f.shifted)] += spec.shift
    u = norm.cdf(z)
    grid = np.linspace(0, 1, 101)
    values = np.empty((n, d))
    for j in range(d):
        values[:, j] = f.constant_values[j] if f.constant[j] else np.interp(
            u[:, j], grid, f.quantiles[:, j])
    values[f.masks[rng.integers(0, len(f.masks), n)]] = np.nan
    minutes = np.cumsum(rng.choice(f.gaps_minutes, n))
    times = f.start + pd.to_timedelta(np.r_[0, minutes[:-1]], unit="m")
    df = pd.DataFrame(np.round(values, 6), columns=list(FEATURES))
    df.insert(0, "Time", times)
    df["Pass/Fail"] = label
    return df
