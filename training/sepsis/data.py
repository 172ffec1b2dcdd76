"""PhysioNet/CinC Challenge 2019 data: the real file format, a loader and a generator.

The challenge ships one pipe-separated ``.psv`` file per patient (``p000001.psv``), one row
per ICU hour, the 40 columns of ``PSV_COLUMNS`` plus ``SepsisLabel``; missing values are
written ``NaN``. ``SepsisLabel`` is 1 from six hours before the onset of sepsis onwards.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.signal import lfilter

from functions.contracts.sepsis import LABS, MEASUREMENTS, PSV_COLUMNS, VITALS

RAW_DIR = Path("data/raw/physionet2019")
GENERATED_DIR = Path("data/generated/physionet2019")
EARLY_HOURS = 6  # the label turns 1 this many hours before onset


class DataError(ValueError):
    pass


def load_cohort(root: Path | str) -> pd.DataFrame:
    """Every ``*.psv`` under ``root`` as one frame with a ``patient`` column, rows in time order."""
    files = sorted(Path(root).rglob("*.psv"))
    if not files:
        raise DataError(f"no .psv files under {root}")
    # Parsing 40,000 small files one by one takes minutes; check each header, then parse
    # all bodies as one buffer.
    bodies, patients, header = [], [], None
    for f in files:
        text = f.read_bytes()
        first, _, body = text.partition(b"\n")
        if header is None:
            header = first.strip()
            columns = header.decode().split("|")
            missing = [c for c in PSV_COLUMNS if c not in columns]
            if missing:
                raise DataError(f"{f}: missing columns {', '.join(missing)}")
        elif first.strip() != header:
            raise DataError(f"{f}: its header differs from {files[0].name}'s")
        body = body.rstrip(b"\n")
        if body:
            bodies.append(body)
            patients.append((f.stem, body.count(b"\n") + 1))
    df = pd.read_csv(
        io.BytesIO(b"\n".join(bodies)), sep="|", names=columns, na_values=["NaN"],
        dtype="float64",
    )[list(PSV_COLUMNS)]
    df.insert(0, "patient", np.repeat([p for p, _ in patients], [n for _, n in patients]))
    order_ok = df.groupby("patient", sort=False)["ICULOS"].apply(
        lambda s: s.is_monotonic_increasing
    )
    if not order_ok.all():
        raise DataError(f"{order_ok.idxmin()}: ICULOS is not in increasing order")
    return df


def cohort_fingerprint(root: Path | str) -> str:
    """sha256 over the files' names and bytes: the provenance recorded with every model."""
    h = hashlib.sha256()
    for f in sorted(Path(root).rglob("*.psv")):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def default_source() -> Path:
    """Real challenge files when someone placed them under data/raw, else generated ones."""
    return RAW_DIR if any(RAW_DIR.rglob("*.psv")) else GENERATED_DIR


# ------------------------------------------------------------------------ the generator

# Per-hour probability that a value is measured (close to the challenge's training set A:
# vitals mostly present, labs mostly NaN).
_MEASURE_P = {
    "HR": 0.92, "O2Sat": 0.88, "Temp": 0.33, "SBP": 0.85, "MAP": 0.88, "DBP": 0.68,
    "Resp": 0.85, "EtCO2": 0.05, "BaseExcess": 0.05, "HCO3": 0.04, "FiO2": 0.08, "pH": 0.07,
    "PaCO2": 0.06, "SaO2": 0.03, "AST": 0.016, "BUN": 0.07, "Alkalinephos": 0.016,
    "Calcium": 0.06, "Chloride": 0.045, "Creatinine": 0.06, "Bilirubin_direct": 0.002,
    "Glucose": 0.17, "Lactate": 0.03, "Magnesium": 0.06, "Phosphate": 0.04, "Potassium": 0.09,
    "Bilirubin_total": 0.015, "TroponinI": 0.01, "Hct": 0.09, "Hgb": 0.07, "PTT": 0.03,
    "WBC": 0.06, "Fibrinogen": 0.007, "Platelets": 0.06,
}
# Population mean, between-patient sd, within-patient hourly sd, and the shift at full
# sepsis (in units of the column); labs not listed here get no sepsis effect.
_PHYSIOLOGY = {
    "HR": (84, 12, 4, 22), "O2Sat": (97.3, 1.6, 1.2, -2.5), "Temp": (36.9, 0.4, 0.25, 1.1),
    "SBP": (122, 16, 7, -20), "MAP": (82, 11, 5, -14), "DBP": (62, 9, 4.5, -10),
    "Resp": (18.5, 3.5, 2.2, 7),
    "EtCO2": (33, 5, 3, -3), "BaseExcess": (-0.5, 3, 1.2, -4), "HCO3": (24, 3, 1, -4),
    "FiO2": (0.5, 0.15, 0.05, 0.12), "pH": (7.39, 0.05, 0.02, -0.06),
    "PaCO2": (41, 6, 3, -2), "SaO2": (92, 6, 2, -3), "AST": (190, 150, 30, 150),
    "BUN": (23, 14, 2, 12), "Alkalinephos": (100, 60, 10, 40), "Calcium": (7.8, 1.4, 0.3, -0.5),
    "Chloride": (105.8, 5, 1.2, 0), "Creatinine": (1.5, 1.0, 0.15, 0.9),
    "Bilirubin_direct": (1.8, 2.5, 0.3, 1.5), "Glucose": (136, 40, 18, 20),
    "Lactate": (2.6, 1.3, 0.4, 2.5), "Magnesium": (2.05, 0.3, 0.1, 0),
    "Phosphate": (3.5, 1.1, 0.3, 0.6), "Potassium": (4.1, 0.45, 0.25, 0.2),
    "Bilirubin_total": (2.1, 2.6, 0.3, 1.4), "TroponinI": (8, 10, 1, 3),
    "Hct": (31, 5, 1, -2), "Hgb": (10.4, 1.8, 0.4, -0.8), "PTT": (41, 15, 4, 8),
    "WBC": (11, 5, 1, 6), "Fibrinogen": (290, 120, 20, 60), "Platelets": (196, 90, 10, -70),
}
_RANGE = {m.name: (m.lo, m.hi) for m in VITALS + LABS}


@dataclass(frozen=True)
class CohortSpec:
    patients: int = 3000
    septic_rate: float = 0.07  # fraction of patients who develop sepsis in the ICU
    seed: int = 2019


def generate_patient(rng: np.random.Generator, septic: bool) -> np.ndarray:
    """One synthetic stay: (hours, 41) in the challenge's column order."""
    onset = None
    if septic:
        onset = int(rng.integers(8, 80))  # ICU hour (0-based row) when sepsis starts
        hours = onset + int(rng.integers(3, 16))  # stays are cut some hours after onset
    else:
        hours = int(np.clip(rng.gamma(2.2, 18.0), 8, 240))
    t = np.arange(hours)
    # Sepsis builds up over the 12 hours before onset; other patients may have a milder
    # non-septic deterioration (so vitals alone do not give the answer away).
    if septic:
        sev = rng.uniform(0.5, 1.4)
        ramp = sev / (1 + np.exp(-(t - (onset - 5)) / 2.5))
    elif rng.random() < 0.3:
        start = rng.integers(0, hours)
        ramp = rng.uniform(0.2, 0.6) / (1 + np.exp(-(t - start) / 3.0))
    else:
        ramp = np.zeros(hours)
    hypothermic = rng.random() < 0.2

    values = {}
    for name in MEASUREMENTS:
        mean, between, within, effect = _PHYSIOLOGY[name]
        base = mean + between * rng.standard_normal()
        eps = rng.standard_normal(hours) * within * np.sqrt(1 - 0.7**2)
        eps[0] = rng.standard_normal() * within
        noise = lfilter([1.0], [1.0, -0.7], eps)  # AR(1): consecutive hours are correlated
        if name == "Temp" and hypothermic:
            effect = -0.9
        lo, hi = _RANGE[name]
        # Skewed labs (creatinine, bilirubin...) never reach their range's zero in practice.
        lo = max(lo, 0.2 * mean) if mean > 0 else lo
        values[name] = np.clip(base + noise + effect * ramp, lo, hi)
    # Pressures must be coherent: DBP < MAP < SBP.
    values["DBP"] = np.minimum(values["DBP"], values["SBP"] - 15)
    values["MAP"] = values["DBP"] + (values["SBP"] - values["DBP"]) / 3 + rng.normal(0, 2, hours)
    values["MAP"] = np.clip(values["MAP"], values["DBP"] + 1, values["SBP"] - 1)

    # Informative missingness: labs are drawn more often as a patient deteriorates.
    out = np.full((hours, len(PSV_COLUMNS)), np.nan)
    has_etco2 = rng.random() < 0.08
    for j, name in enumerate(MEASUREMENTS):
        p = _MEASURE_P[name] if name in ("HR", "O2Sat") else _MEASURE_P[name] * (1 + 1.5 * ramp)
        seen = rng.random(hours) < np.minimum(p, 1)
        if name == "EtCO2":
            seen &= has_etco2
        out[seen, j] = np.round(values[name][seen], _DECIMALS.get(name, 1))
    col = {c: j for j, c in enumerate(PSV_COLUMNS)}
    out[:, col["Age"]] = np.clip(np.round(rng.normal(62, 16), 2), 18, 100)
    out[:, col["Gender"]] = float(rng.random() < 0.56)
    unit = rng.random()
    if unit >= 0.35:  # a third of the challenge's patients have no unit recorded
        out[:, col["Unit1"]] = float(unit < 0.67)
        out[:, col["Unit2"]] = float(unit >= 0.67)
    out[:, col["HospAdmTime"]] = -np.round(rng.exponential(40.0), 2) if rng.random() < 0.9 else 0
    out[:, col["ICULOS"]] = t + 1.0
    out[:, col["SepsisLabel"]] = 0.0
    if onset is not None:
        out[max(0, onset - EARLY_HOURS):, col["SepsisLabel"]] = 1.0
    return out


_DECIMALS = {name: 2 for name in ("Temp", "pH", "FiO2", "Creatinine", "Bilirubin_direct",
                                  "Bilirubin_total", "TroponinI", "Magnesium", "Lactate")}


def format_psv(rows: np.ndarray) -> str:
    """A patient's rows as the challenge writes them: ``|``-separated, ``NaN`` for missing."""
    lines = ["|".join(PSV_COLUMNS)]
    for row in rows.tolist():
        lines.append("|".join("NaN" if v != v else f"{v:.6g}" for v in row))
    return "\n".join(lines) + "\n"


def generate_cohort(out: Path | str, spec: CohortSpec, progress=None) -> Path:
    """Write ``spec.patients`` files ``p000001.psv``… into ``out``; same seed, same bytes."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    seeds = np.random.SeedSequence(spec.seed).spawn(spec.patients)
    for i, ss in enumerate(seeds, start=1):
        rng = np.random.default_rng(ss)
        rows = generate_patient(rng, septic=rng.random() < spec.septic_rate)
        (out / f"p{i:06d}.psv").write_text(format_psv(rows))
        if progress:
            progress(1)
    return out
