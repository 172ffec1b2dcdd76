"""Sepsis risk from ICU vitals and labs (PhysioNet/CinC Challenge 2019 schema).

The serving contract, shared with training: column names and units, the domain ranges,
the request and response models, the cross-field checks, and ``patient_features``, the one
function that turns a patient's hourly rows into model features. Training calls it on every
row of the cohort; serving calls it on the request's history plus the current hour, so the
two can never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from pydantic import Field, create_model

from functions.contracts.base import (
    CardText,
    Endpoint,
    Measure,
    PredictionBase,
    StrictBody,
    UseCase,
    as_list,
    dig,
    finite_number,
)
from functions.errors import Problem
from functions.explain import Explanation, occlusion

# Ranges are wide on purpose: they reject impossible values (typos, unit mix-ups),
# not sick patients. Units are those of the challenge files.
VITALS: tuple[Measure, ...] = (
    Measure("HR", "beats/min", 20, 300, "Heart rate"),
    Measure("O2Sat", "%", 20, 100, "Pulse oximetry"),
    Measure("Temp", "°C", 25, 45, "Temperature"),
    Measure("SBP", "mmHg", 30, 300, "Systolic blood pressure"),
    Measure("MAP", "mmHg", 20, 300, "Mean arterial pressure"),
    Measure("DBP", "mmHg", 10, 250, "Diastolic blood pressure"),
    Measure("Resp", "breaths/min", 1, 100, "Respiration rate"),
    Measure("EtCO2", "mmHg", 0, 100, "End tidal carbon dioxide"),
)
REQUIRED_VITALS = ("HR", "O2Sat", "Temp", "SBP", "MAP", "DBP", "Resp")
LABS: tuple[Measure, ...] = (
    Measure("BaseExcess", "mmol/L", -40, 40, "Excess bicarbonate"),
    Measure("HCO3", "mmol/L", 0, 60, "Bicarbonate"),
    Measure("FiO2", "fraction", 0.1, 1.0, "Fraction of inspired oxygen"),
    Measure("pH", "pH", 6.5, 8.0, "Arterial pH"),
    Measure("PaCO2", "mmHg", 5, 150, "Partial pressure of CO2 from arterial blood"),
    Measure("SaO2", "%", 10, 100, "Oxygen saturation from arterial blood"),
    Measure("AST", "IU/L", 0, 20000, "Aspartate transaminase"),
    Measure("BUN", "mg/dL", 0, 300, "Blood urea nitrogen"),
    Measure("Alkalinephos", "IU/L", 0, 5000, "Alkaline phosphatase"),
    Measure("Calcium", "mg/dL", 0, 30, "Calcium"),
    Measure("Chloride", "mmol/L", 50, 160, "Chloride"),
    Measure("Creatinine", "mg/dL", 0, 40, "Creatinine"),
    Measure("Bilirubin_direct", "mg/dL", 0, 60, "Direct bilirubin"),
    Measure("Glucose", "mg/dL", 10, 2000, "Serum glucose"),
    Measure("Lactate", "mmol/L", 0, 40, "Lactic acid"),
    Measure("Magnesium", "mmol/dL", 0, 15, "Magnesium"),
    Measure("Phosphate", "mg/dL", 0, 30, "Phosphate"),
    Measure("Potassium", "mmol/L", 1, 15, "Potassium"),
    Measure("Bilirubin_total", "mg/dL", 0, 60, "Total bilirubin"),
    Measure("TroponinI", "ng/mL", 0, 500, "Troponin I"),
    Measure("Hct", "%", 5, 80, "Hematocrit"),
    Measure("Hgb", "g/dL", 1, 25, "Hemoglobin"),
    Measure("PTT", "seconds", 10, 250, "Partial thromboplastin time"),
    Measure("WBC", "count*10^3/µL", 0, 500, "Leukocyte count"),
    Measure("Fibrinogen", "mg/dL", 10, 2000, "Fibrinogen"),
    Measure("Platelets", "count*10^3/µL", 1, 3000, "Platelets"),
)
DEMOGRAPHICS: tuple[Measure, ...] = (
    Measure("Age", "years", 14, 110, "Age (the challenge codes 90 and above as 100)"),
    Measure("HospAdmTime", "hours", -24 * 365 * 10, 0, "Hours between hospital and ICU admission"),
)
MAX_HISTORY_HOURS = 336  # hours: the longest stay in the challenge data is about 14 days

# The challenge files' column order (Unit1/Unit2 are read but not used as features:
# they are missing for a third of the patients and name the hospital's unit, not the patient).
MEASUREMENTS = tuple(m.name for m in VITALS + LABS)
PSV_COLUMNS = (
    *MEASUREMENTS,
    "Age",
    "Gender",
    "Unit1",
    "Unit2",
    "HospAdmTime",
    "ICULOS",
    "SepsisLabel",
)
DEMOGRAPHIC_FEATURES = ("Age", "Gender", "HospAdmTime", "ICULOS")
ROLLING_VITALS = tuple(m.name for m in VITALS)
WINDOW = 6  # hours of history summarized by the rolling features
LABELS = ("Negative", "Positive")


def _feature_names() -> tuple[str, ...]:
    names = [*MEASUREMENTS]
    names += [f"{c}_hours_since" for c in MEASUREMENTS]
    names += [f"{c}_never_measured" for c in MEASUREMENTS]
    for stat in ("mean", "std", "min", "max", "delta"):
        names += [f"{c}_{stat}{WINDOW}h" for c in ROLLING_VITALS]
    names += list(DEMOGRAPHIC_FEATURES)
    return tuple(names)


FEATURE_NAMES = _feature_names()
_N_ROLL = len(ROLLING_VITALS)
_REQUIRED = [MEASUREMENTS.index(v) for v in REQUIRED_VITALS]


def servable(measurements: np.ndarray) -> np.ndarray:
    """Per hour of a stay: whether a request could be sent for it, every required vital
    measured at least once by then (the monitor has a reading to show). Training keeps
    these hours only: serving refuses the others."""
    seen = ~np.isnan(np.asarray(measurements, dtype=np.float64)[:, _REQUIRED])
    return np.logical_or.accumulate(seen, axis=0).all(axis=1)


def patient_features(measurements: np.ndarray, demographics: np.ndarray,
                     last_only: bool = False) -> np.ndarray:
    """Features for every hour of one patient's stay (``last_only``: for its last hour).

    measurements: (T, 34) hourly values in ``MEASUREMENTS`` order, NaN where not measured.
    demographics: (T, 4) ``Age, Gender, HospAdmTime, ICULOS`` per hour.
    Returns (T, len(FEATURE_NAMES)) float32 (or (1, ...) with ``last_only``): last value
    carried forward, hours since the last measurement, never-measured indicators, 6-hour
    rolling statistics of the vitals. Row t uses rows <= t only, so a prediction never sees
    the future. Serving asks for the last hour only: the same arithmetic on one output row
    (a test holds it equal to the last row of the whole stay's).
    """
    m = np.asarray(measurements, dtype=np.float64)
    t_count, n_cols = m.shape
    rows = np.arange(t_count)[:, None]
    measured = ~np.isnan(m)
    last_idx = np.where(measured, rows, -1)
    np.maximum.accumulate(last_idx, axis=0, out=last_idx)
    ever = last_idx >= 0
    locf = np.where(ever, m[np.maximum(last_idx, 0), np.arange(n_cols)], np.nan)
    hours_since = np.where(ever, rows - last_idx, np.nan)
    # The contract requires the seven monitored vitals at every hour: a bedside monitor's
    # latest reading, sent as the hour's value. Serving therefore always reads them as
    # measured now, and training reads them the same way: a stay's rows where Temp was
    # taken 3 h earlier taught the model gaps that serving never shows (its drift check
    # flagged 9 of the 146 features on any traffic). Their values are the same either way
    # (last carried forward).
    hours_since[:, _REQUIRED] = np.where(ever[:, _REQUIRED], 0.0, np.nan)
    never = (~ever).astype(np.float64)

    # Rolling statistics of the carried-forward vitals over the last WINDOW hours.
    v = locf[:, :_N_ROLL]
    padded = np.vstack([np.full((WINDOW - 1, _N_ROLL), np.nan), v])
    if last_only:
        win = padded[-WINDOW:].T[None]  # (1, n, WINDOW): the last window, no view machinery
        delta = v[-1:] - padded[t_count - 1:t_count]
        locf, hours_since, never = locf[-1:], hours_since[-1:], never[-1:]
        demographics = np.asarray(demographics)[-1:]
    else:
        win = sliding_window_view(padded, WINDOW, axis=0)  # (T, n, WINDOW)
        delta = v - padded[:t_count]  # value now minus value WINDOW-1 hours earlier
    ok = ~np.isnan(win)
    count = ok.sum(axis=-1)
    total = np.where(ok, win, 0.0).sum(axis=-1)
    mean = np.divide(total, count, out=np.full_like(total, np.nan), where=count > 0)
    sq = np.where(ok, (win - mean[..., None]) ** 2, 0.0).sum(axis=-1)
    std = np.sqrt(np.divide(sq, count, out=np.full_like(sq, np.nan), where=count > 0))
    wmin = np.fmin.reduce(win, axis=-1)
    wmax = np.fmax.reduce(win, axis=-1)

    out = np.hstack(
        [locf, hours_since, never, mean, std, wmin, wmax, delta, np.asarray(demographics)]
    )
    return out.astype(np.float32)


# ---------------------------------------------------------------- request and response

Vitals = create_model(
    "Vitals",
    __base__=StrictBody,
    **{
        m.name: (m.annotated(), ...) if m.name in REQUIRED_VITALS else (m.annotated() | None, None)
        for m in VITALS
    },
)
PartialVitals = create_model(
    "PartialVitals",
    __base__=StrictBody,
    **{m.name: (m.annotated() | None, None) for m in VITALS},
)
Labs = create_model(
    "Labs", __base__=StrictBody, **{m.name: (m.annotated() | None, None) for m in LABS}
)


class Demographics(StrictBody):
    Age: DEMOGRAPHICS[0].annotated()  # type: ignore[valid-type]
    Gender: Literal[0, 1] = Field(description="0 = female, 1 = male")
    HospAdmTime: DEMOGRAPHICS[1].annotated()  # type: ignore[valid-type]
    ICULOS: int = Field(ge=0, le=24 * 365, description="Hours since ICU admission")


class Observation(StrictBody):
    """One earlier hour of the same stay; any measurement may be missing."""

    ICULOS: int = Field(ge=0, le=24 * 365, description="Hours since ICU admission")
    vitals: PartialVitals = Field(default_factory=PartialVitals)  # type: ignore[valid-type]
    labs: Labs = Field(default_factory=Labs)  # type: ignore[valid-type]


class PatientRequest(StrictBody):
    """The patient's current hour, demographics and, optionally, earlier hours in time order."""

    vitals: Vitals  # type: ignore[valid-type]
    labs: Labs = Field(default_factory=Labs)  # type: ignore[valid-type]
    demographics: Demographics
    history: list[Observation] = Field(default_factory=list, max_length=MAX_HISTORY_HOURS)
    explain: bool = Field(False, description="Also answer which inputs moved the answer "
                          "most (occlusion against the training medians, a few ms)")


class SepsisPrediction(PredictionBase):
    prediction: Literal["Positive", "Negative"]
    probability: float = Field(ge=0, le=1, description="Estimated risk of sepsis within 6 hours")
    threshold: float = Field(description="Probability at or above which the answer is Positive")
    explanation: Explanation | None = Field(
        None, description='With "explain": true, the inputs that moved the answer most')


def _pressure_problems(vitals: Any, loc: tuple[str | int, ...]) -> list[Problem]:
    sbp, dbp, map_ = (finite_number(dig(vitals, k)) for k in ("SBP", "DBP", "MAP"))
    problems = []
    if sbp is not None and dbp is not None and dbp >= sbp:
        problems.append(
            Problem((*loc, "DBP"), f"DBP ({dbp:g}) must be below SBP ({sbp:g})", "inconsistent")
        )
    elif map_ is not None and sbp is not None and dbp is not None and not dbp <= map_ <= sbp:
        problems.append(
            Problem(
                (*loc, "MAP"),
                f"MAP ({map_:g}) must lie between DBP ({dbp:g}) and SBP ({sbp:g})",
                "inconsistent",
            )
        )
    return problems


def check_patient(body: Mapping[str, Any]) -> list[Problem]:
    """Cross-field consistency of a raw request body; tolerant of any shape."""
    problems = _pressure_problems(dig(body, "vitals"), ("body", "vitals"))
    current = dig(body, "demographics", "ICULOS")
    if not isinstance(current, int) or isinstance(current, bool) or current < 0:
        current = None  # already reported by field validation; nothing to compare with
    previous: int | None = None
    history = as_list(dig(body, "history"))
    for i, obs in enumerate(history):
        problems += _pressure_problems(dig(obs, "vitals"), ("body", "history", i, "vitals"))
        hour = dig(obs, "ICULOS")
        if not isinstance(hour, int) or isinstance(hour, bool):
            continue
        loc = ("body", "history", i, "ICULOS")
        if previous is not None and hour <= previous:
            problems.append(
                Problem(loc, f"hour {hour} is not after the previous entry's hour {previous}",
                        "time_order")
            )
        if current is not None and hour >= current:
            problems.append(
                Problem(loc, f"hour {hour} is not before the current hour ICULOS={current}",
                        "time_order")
            )
        elif current is not None and current - hour > MAX_HISTORY_HOURS:
            problems.append(
                Problem(loc, f"history reaches back more than {MAX_HISTORY_HOURS} hours",
                        "too_long")
            )
        previous = hour
    return problems


def request_rows(req: PatientRequest) -> tuple[np.ndarray, np.ndarray]:
    """The request laid on an hourly grid: (measurements, demographics) as in the files."""
    now = req.demographics.ICULOS
    start = req.history[0].ICULOS if req.history else now
    n = now - start + 1
    meas = np.full((n, len(MEASUREMENTS)), np.nan)
    for obs in req.history:
        meas[obs.ICULOS - start] = _row(obs.vitals, obs.labs)
    meas[-1] = _row(req.vitals, req.labs)
    d = req.demographics
    demo = np.empty((n, len(DEMOGRAPHIC_FEATURES)))
    demo[:, 0], demo[:, 1], demo[:, 2] = d.Age, d.Gender, d.HospAdmTime
    demo[:, 3] = np.arange(start, now + 1)
    return meas, demo


_VITAL_NAMES = tuple(m.name for m in VITALS)
_LAB_NAMES = tuple(m.name for m in LABS)


def _row(vitals: Any, labs: Any) -> np.ndarray:
    v, lab = vitals.__dict__, labs.__dict__
    # numpy turns None into NaN for a float array: missing stays missing.
    return np.array([*map(v.get, _VITAL_NAMES), *map(lab.get, _LAB_NAMES)], dtype=np.float64)


def predict_patient(req: PatientRequest, model: Any) -> dict[str, Any]:
    meas, demo = request_rows(req)
    x = patient_features(meas, demo, last_only=True)
    p = float(model.predict_proba(x)[0, 1])
    out = {
        "prediction": LABELS[int(p >= model.threshold)],
        "probability": p,
        "threshold": model.threshold,
    }
    if req.explain:  # the risk (Positive's probability), whichever side of the threshold
        out["explanation"] = occlusion(model, x, FEATURE_NAMES, label=1)
    return out


def observe_patient(inputs: Mapping[str, Any], answer: Mapping[str, Any]
                    ) -> tuple[np.ndarray, list[str]]:
    meas, demo = request_rows(PatientRequest.model_validate(inputs))
    return patient_features(meas, demo, last_only=True), [answer["prediction"]]


USECASE = UseCase(
    order=10, page="sepsis.html", nav_label="Sepsis",
    missing_values=True,  # the model imputes (or its trees route) missing values
    name="sepsis",
    title="Sepsis risk",
    description="Risk that an ICU patient develops sepsis within 6 hours, from vitals and labs "
    "(PhysioNet/Computing in Cardiology Challenge 2019).",
    labels=LABELS,
    feature_names=FEATURE_NAMES,
    input_schema=tuple(m.schema() for m in VITALS + LABS + DEMOGRAPHICS)
    + ({"name": "Gender", "unit": "0 female / 1 male", "min": 0, "max": 1},
       {"name": "ICULOS", "unit": "hours", "min": 0, "max": 24 * 365}),
    endpoints=(
        Endpoint(
            path="/predict/patient",
            request=PatientRequest,
            response=SepsisPrediction,
            predict=predict_patient,
            check=check_patient,
            observe=observe_patient,
            summary="Sepsis risk of one ICU patient at the current hour.",
        ),
    ),
    memory_mb=1024,
    timeout_s=10,
    card=CardText(
        intended_use="Decision support in an ICU: flags patients whose risk of sepsis within "
        "the next 6 hours is high, hour by hour, for a clinician to review.",
        out_of_scope="Diagnosis or treatment decisions without a clinician; patients outside "
        "an ICU; populations unlike the training data's.",
        data="Generated: a seeded cohort in the PhysioNet/CinC Challenge 2019 format (one "
        "pipe-separated file per patient, 40 columns, one row per ICU hour), with AR(1) vitals "
        "around per-patient baselines, sparse labs and about 7 % of patients turning septic. "
        "The real training sets A and B are read instead when placed under "
        "data/raw/physionet2019/.",
        limits=("The generated sepsis signal is cleaner than a real ICU's: figures here are "
                "higher than they would be on real patients.",
                "The threshold is chosen for the challenge's utility on the validation split; "
                "another operating point needs another threshold.",
                "Inputs outside the training profile are answered with a warning, not "
                "refused: read those answers with care."),
        references=("Best teams of the 2019 challenge: normalized utility about 0.36 on the "
                    "hidden test set, AUROC around 0.80-0.85.",),
    ),
)
