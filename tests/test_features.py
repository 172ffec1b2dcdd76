"""The one featurization shared by training and serving."""

from __future__ import annotations

import numpy as np
import pytest

from functions.contracts.sepsis import (
    DEMOGRAPHIC_FEATURES,
    FEATURE_NAMES,
    MEASUREMENTS,
    PatientRequest,
    patient_features,
    request_rows,
)
from training.sepsis.data import load_cohort

COL = {name: j for j, name in enumerate(FEATURE_NAMES)}


def test_last_value_carried_forward_and_hours_since():
    meas = np.full((4, len(MEASUREMENTS)), np.nan)
    meas[0, 0], meas[2, 0] = 80, 95  # HR at hours 0 and 2
    etco2 = MEASUREMENTS.index("EtCO2")  # a vital the contract does not require
    meas[0, etco2], meas[2, etco2] = 35, 40
    demo = np.tile([60, 1, -5, 0], (4, 1)).astype(float)
    f = patient_features(meas, demo)
    assert f[:, COL["HR"]].tolist() == [80, 80, 95, 95]
    assert f[:, COL["EtCO2_hours_since"]].tolist() == [0, 1, 0, 1]
    # A required vital is the monitor's latest reading at every hour a request is sent:
    # read as measured now, as serving reads it.
    assert f[:, COL["HR_hours_since"]].tolist() == [0, 0, 0, 0]
    assert np.isnan(f[:, COL["Temp_hours_since"]]).all()  # never measured
    assert f[:, COL["HR_never_measured"]].tolist() == [0, 0, 0, 0]
    assert np.isnan(f[:, COL["Lactate"]]).all()
    assert f[:, COL["Lactate_never_measured"]].tolist() == [1, 1, 1, 1]
    assert f[3, COL["HR_max6h"]] == 95 and f[3, COL["HR_min6h"]] == 80
    assert f[3, COL["HR_mean6h"]] == pytest.approx((80 + 80 + 95 + 95) / 4)
    assert f.shape == (4, len(FEATURE_NAMES)) and f.dtype == np.float32


def test_a_row_never_sees_the_future():
    rng = np.random.default_rng(0)
    meas = rng.normal(80, 5, (20, len(MEASUREMENTS)))
    meas[rng.random(meas.shape) < 0.6] = np.nan
    demo = np.tile([60, 1, -5, 0], (20, 1)).astype(float)
    before = patient_features(meas, demo)
    meas[12:] = rng.normal(150, 5, (8, len(MEASUREMENTS)))
    after = patient_features(meas, demo)
    np.testing.assert_array_equal(before[:12], after[:12])
    assert not np.array_equal(before[12:], after[12:])


@pytest.mark.parametrize("hours", [1, 2, 5, 6, 7, 30])
def test_the_last_hour_alone_is_the_whole_stays_last_row(hours):
    """Serving computes the last hour only (last_only): bit for bit the training row."""
    rng = np.random.default_rng(hours)
    meas = rng.normal(80, 5, (hours, len(MEASUREMENTS)))
    meas[rng.random(meas.shape) < 0.7] = np.nan
    meas[:, 3] = np.nan  # a measure never taken
    demo = np.column_stack([np.full(hours, 70.0), np.ones(hours), np.full(hours, -3.0),
                            np.arange(hours, dtype=float)])
    whole = patient_features(meas, demo)
    last = patient_features(meas, demo, last_only=True)
    assert last.shape == (1, len(FEATURE_NAMES))
    np.testing.assert_array_equal(last, whole[-1:])


def test_serving_request_gives_the_training_features(cohort_dir):
    """A patient's last hours sent to the API are featurized exactly as in training."""
    df = load_cohort(cohort_dir)
    g = df[df.patient == df.patient.iloc[0]].reset_index(drop=True)
    train_rows = patient_features(g[list(MEASUREMENTS)].to_numpy(),
                                  g[list(DEMOGRAPHIC_FEATURES)].to_numpy())

    def hour(i):
        vitals = {k: g.at[i, k] for k in ("HR", "O2Sat", "Temp", "SBP", "MAP", "DBP", "Resp",
                                          "EtCO2") if not np.isnan(g.at[i, k])}
        labs = {k: g.at[i, k] for k in MEASUREMENTS[8:] if not np.isnan(g.at[i, k])}
        return vitals, labs

    last = len(g) - 1
    vitals, labs = hour(last)
    # The current hour must carry the seven required vitals: fill the gaps as a nurse
    # would re-measure, in both paths.
    for k in ("HR", "O2Sat", "Temp", "SBP", "MAP", "DBP", "Resp"):
        vitals.setdefault(k, {"HR": 80, "O2Sat": 97, "Temp": 37, "SBP": 120, "MAP": 80,
                              "DBP": 60, "Resp": 18}[k])
        g.at[last, k] = vitals[k]
    train_rows = patient_features(g[list(MEASUREMENTS)].to_numpy(),
                                  g[list(DEMOGRAPHIC_FEATURES)].to_numpy())
    req = PatientRequest.model_validate({
        "vitals": vitals,
        "labs": labs,
        "demographics": {"Age": g.at[0, "Age"], "Gender": int(g.at[0, "Gender"]),
                         "HospAdmTime": g.at[0, "HospAdmTime"],
                         "ICULOS": int(g.at[last, "ICULOS"])},
        "history": [{"ICULOS": int(g.at[i, "ICULOS"]), "vitals": hour(i)[0], "labs": hour(i)[1]}
                    for i in range(last)],
    }, strict=False)
    meas, demo = request_rows(req)
    served = patient_features(meas, demo)[-1]
    np.testing.assert_array_equal(served, train_rows[-1])


def test_training_keeps_the_hours_a_request_could_be_sent_for():
    """servable: every required vital measured by then; the hours before cannot be served
    (the contract refuses them) and are in no split."""
    from functions.contracts.sepsis import REQUIRED_VITALS, servable

    meas = np.full((5, len(MEASUREMENTS)), np.nan)
    for v in REQUIRED_VITALS:
        meas[1, MEASUREMENTS.index(v)] = 1.0
    meas[0, MEASUREMENTS.index("HR")] = 80  # HR alone at hour 0
    meas[2, MEASUREMENTS.index("Temp")] = np.nan
    assert servable(meas).tolist() == [False, True, True, True, True]
    meas[1, MEASUREMENTS.index("Temp")] = np.nan  # Temp first taken at hour 3
    meas[3, MEASUREMENTS.index("Temp")] = 37.0
    assert servable(meas).tolist() == [False, False, False, True, True]
