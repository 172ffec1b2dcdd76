"""Sepsis's production traffic (``vitrine simulate sepsis``): ICU patients scored hour by
hour.

The patients are drawn by the cohort's generator with another seed than any cohort's (the
same physiology, patients no model saw). Each request is one patient-hour, drawn uniformly
over all the hours of the stays (as training's rows are), sent to POST /predict/patient with
the stay's earlier hours as history; the current hour's required vitals are the monitor's
latest readings (carried forward, as a bedside monitor shows them). The truth is that
hour's SepsisLabel (sepsis within 6 hours), sent as feedback as a clinician would once the
outcome is known. For a drift scenario, the second half's patients come from another unit's
monitors: heart and breathing rates read high, blood pressures and saturation low (a
calibration shift), while the patients, and so the truths, are the same as before."""

from __future__ import annotations

from typing import Any

import numpy as np

from training.traffic import Item, Scenario, Traffic, halves

# Another unit's monitors, in each vital's units: (vital, offset). The pressures move
# together, so that DBP < MAP < SBP still holds.
MONITOR_SHIFT = (("HR", 18.0), ("Resp", 5.0), ("SBP", -15.0), ("MAP", -15.0),
                 ("DBP", -15.0), ("O2Sat", -2.0), ("Temp", 0.6))
PATIENTS_PER_REQUEST = 1.5  # stays generated per request: enough hours to draw from


def _value(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


def patient_hour(rows: np.ndarray, hour: int) -> dict[str, Any] | None:
    """The request for ``hour`` (0-based row) of one stay in the challenge's columns, or
    None when the monitor has not shown every required vital by then."""
    from functions.contracts.sepsis import (
        LABS,
        MEASUREMENTS,
        PSV_COLUMNS,
        REQUIRED_VITALS,
        VITALS,
    )

    col = {c: j for j, c in enumerate(PSV_COLUMNS)}
    stay = rows[:hour + 1]
    latest = {}
    for m in VITALS:
        seen = stay[:, col[m.name]][~np.isnan(stay[:, col[m.name]])]
        latest[m.name] = float(seen[-1]) if len(seen) else None
    if any(latest[v] is None for v in REQUIRED_VITALS):
        return None
    now = rows[hour]
    vitals = {m.name: _value(now[col[m.name]]) for m in VITALS}
    vitals |= {v: latest[v] for v in REQUIRED_VITALS}  # the monitor's latest readings
    history = []
    for r in stay[:-1]:
        measured = {c: _value(r[col[c]]) for c in MEASUREMENTS}
        history.append({"ICULOS": int(r[col["ICULOS"]]),
                        "vitals": {m.name: measured[m.name] for m in VITALS
                                   if measured[m.name] is not None},
                        "labs": {m.name: measured[m.name] for m in LABS
                                 if measured[m.name] is not None}})
    return {"vitals": vitals,
            "labs": {m.name: v for m in LABS if (v := _value(now[col[m.name]])) is not None},
            "demographics": {"Age": float(now[col["Age"]]), "Gender": int(now[col["Gender"]]),
                             "HospAdmTime": float(now[col["HospAdmTime"]]),
                             "ICULOS": int(now[col["ICULOS"]])},
            "history": history}


def shifted(rows: np.ndarray) -> np.ndarray:
    """The stay as another unit's monitors read it (``MONITOR_SHIFT``), within the
    contract's ranges."""
    from functions.contracts.sepsis import PSV_COLUMNS, VITALS

    out = rows.copy()
    ranges = {m.name: (m.lo, m.hi) for m in VITALS}
    for name, offset in MONITOR_SHIFT:
        j = PSV_COLUMNS.index(name)
        out[:, j] = np.clip(out[:, j] + offset, *ranges[name])
    return out


def draw(stays: list[np.ndarray], n: int, rng: np.random.Generator, shift: bool
         ) -> list[Item]:
    """``n`` requests, patient-hours drawn uniformly over all hours of ``stays`` (as
    training's rows are), read by another unit's monitors where ``shift``."""
    from functions.contracts.sepsis import LABELS, PSV_COLUMNS, check_patient

    label = PSV_COLUMNS.index("SepsisLabel")
    hours = [(p, h) for p, rows in enumerate(stays) for h in range(len(rows))]
    items: list[Item] = []
    for k in rng.permutation(len(hours)):
        p, h = hours[k]
        rows = shifted(stays[p]) if shift else stays[p]
        body = patient_hour(rows, h)
        if body is None or check_patient(body):
            continue  # the monitor has not shown every vital yet, or they disagree
        items.append(Item("/predict/patient", body, LABELS[int(rows[h, label])]))
        if len(items) == n:
            break
    return items


def traffic(scenario: Scenario) -> Traffic:
    from training.sepsis.data import CohortSpec, generate_patient

    spec = CohortSpec(seed=scenario.seed)
    patients = max(int(PATIENTS_PER_REQUEST * scenario.items), 20)
    stays = []
    for ss in np.random.SeedSequence(spec.seed).spawn(patients):
        r = np.random.default_rng(ss)
        stays.append(generate_patient(r, septic=r.random() < spec.septic_rate))
    rng = np.random.default_rng(scenario.seed)
    n_before, n_after = halves(scenario.items)
    # Each half from its own stays: a patient is read by one unit's monitors.
    before = draw(stays[:patients // 2], n_before, rng, shift=False)
    after = draw(stays[patients // 2:], n_after, rng, shift=scenario.drift)
    return Traffic(
        before=before, after=after,
        made_of=f"{len(before) + len(after)} patient-hours of {patients} ICU stays generated "
                f"with seed {scenario.seed} (no cohort used it), each with its stay's earlier "
                "hours; the hour's sepsis label sent as feedback",
        shift=("after request {}: another unit's monitors read {}".format(
            len(before), ", ".join(f"{n} {o:+g}" for n, o in MONITOR_SHIFT))
            if scenario.drift else ""),
        shifted=tuple(n for n, _ in MONITOR_SHIFT) if scenario.drift else ())
