"""Data format, generator, splits, the challenge utility score, the training report."""

from __future__ import annotations

import json

import numpy as np
import pytest

from functions.contracts.sepsis import PSV_COLUMNS
from training.metrics import UtilityScorer
from training.sepsis.data import CohortSpec, DataError, generate_cohort, load_cohort
from training.sepsis.pipeline import build_dataset, split_patients


def reference_utility(labels, predictions, dt_early=-12, dt_optimal=-6, dt_late=3.0,
                      max_u_tp=1, min_u_fn=-2, u_fp=-0.05, u_tn=0):
    """The challenge's evaluate_sepsis_score.compute_prediction_utility, loop for loop."""
    if np.any(labels):
        is_septic, t_sepsis = True, np.argmax(labels) - dt_optimal
    else:
        is_septic, t_sepsis = False, float("inf")
    m_1 = float(max_u_tp) / float(dt_optimal - dt_early)
    b_1 = -m_1 * dt_early
    m_2 = float(-max_u_tp) / float(dt_late - dt_optimal)
    b_2 = -m_2 * dt_late
    m_3 = float(min_u_fn) / float(dt_late - dt_optimal)
    b_3 = -m_3 * dt_optimal
    u = np.zeros(len(labels))
    for t in range(len(labels)):
        if t <= t_sepsis + dt_late:
            if is_septic and predictions[t]:
                if t <= t_sepsis + dt_optimal:
                    u[t] = max(m_1 * (t - t_sepsis) + b_1, u_fp)
                elif t <= t_sepsis + dt_late:
                    u[t] = m_2 * (t - t_sepsis) + b_2
            elif not is_septic and predictions[t]:
                u[t] = u_fp
            elif is_septic and not predictions[t]:
                if t <= t_sepsis + dt_optimal:
                    u[t] = 0
                elif t <= t_sepsis + dt_late:
                    u[t] = m_3 * (t - t_sepsis) + b_3
            else:
                u[t] = u_tn
    return np.sum(u)


def reference_normalized(label_sets, prediction_sets):
    observed = best = inaction = 0.0
    for labels, preds in zip(label_sets, prediction_sets, strict=True):
        n = len(labels)
        ideal = np.zeros(n)
        if labels.any():
            t_sepsis = np.argmax(labels) + 6
            ideal[max(0, t_sepsis - 12): min(t_sepsis + 3 + 1, n)] = 1
        observed += reference_utility(labels, preds)
        best += reference_utility(labels, ideal)
        inaction += reference_utility(labels, np.zeros(n))
    return (observed - inaction) / (best - inaction)


def test_utility_matches_the_challenge_reference():
    rng = np.random.default_rng(3)
    labels, preds = [], []
    for _ in range(60):
        n = int(rng.integers(5, 60))
        lab = np.zeros(n, dtype=int)
        if rng.random() < 0.3:
            lab[int(rng.integers(0, n)):] = 1
        labels.append(lab)
        preds.append((rng.random(n) < 0.3).astype(int))
    y = np.concatenate(labels)
    ids = np.concatenate([np.full(len(lab), i) for i, lab in enumerate(labels)])
    scorer = UtilityScorer(y, ids)
    assert scorer(np.concatenate(preds)) == pytest.approx(reference_normalized(labels, preds))
    assert scorer(np.zeros_like(y)) == pytest.approx(0.0)


def test_generator_writes_the_challenge_format(tmp_path):
    out = generate_cohort(tmp_path / "a", CohortSpec(patients=120, seed=5))
    files = sorted(out.glob("*.psv"))
    assert [f.name for f in files[:2]] == ["p000001.psv", "p000002.psv"]
    header, first = files[0].read_text().splitlines()[:2]
    assert header.split("|") == list(PSV_COLUMNS)
    assert len(first.split("|")) == 41 and "NaN" in first
    again = generate_cohort(tmp_path / "b", CohortSpec(patients=120, seed=5))
    assert all(f.read_bytes() == (again / f.name).read_bytes() for f in files)


def test_generated_cohort_is_plausible(cohort_dir):
    df = load_cohort(cohort_dir)
    per_patient = df.groupby("patient")["SepsisLabel"]
    septic = per_patient.max()
    assert 0.04 <= septic.mean() <= 0.09  # ~5-8% septic patients
    for _, labels in per_patient:  # once 1, the label stays 1
        assert (np.diff(labels.to_numpy()) >= 0).all()
    assert df["Lactate"].isna().mean() > 0.9 and df["HR"].isna().mean() < 0.15
    assert (df["DBP"] < df["SBP"]).where(df[["DBP", "SBP"]].notna().all(axis=1), True).all()
    # The label turns 1 six hours before onset, and septic stays run past the onset.
    onset_rows = per_patient.apply(lambda s: int((s == 0).sum()))
    lengths = per_patient.size()
    assert ((lengths - onset_rows)[septic == 1] >= 6 + 3).all()


def test_loader_rejects_wrong_files(tmp_path):
    (tmp_path / "p1.psv").write_text("HR|O2Sat\n80|97\n")
    with pytest.raises(DataError, match="missing columns"):
        load_cohort(tmp_path)
    with pytest.raises(DataError, match="no .psv files"):
        load_cohort(tmp_path / "empty")


def test_splits_never_share_a_patient(cohort_dir):
    df = load_cohort(cohort_dir)
    x, y, patients = build_dataset(df)
    split = split_patients(patients, y, seed=1)
    groups = {name: set(patients[m]) for name, m in split.items()}
    assert not groups["train"] & groups["val"] and not groups["train"] & groups["test"]
    assert not groups["val"] & groups["test"]
    assert sum(m.sum() for m in split.values()) == len(y)
    assert all(y[m].max() == 1 for m in split.values())  # septic patients in every split


def test_report_has_metrics_and_plots(trained_run):
    report = json.loads((trained_run / "report.json").read_text())
    for name in ("xgboost", "rf"):
        test = report["models"][name]["test"]
        assert set(test) >= {"auroc", "auprc", "utility", "sensitivity", "specificity"}
        assert 0.5 < test["auroc"] <= 1.0  # learns something even from 300 patients
    for png in ("roc.png", "pr.png", "calibration.png", "importance.png"):
        assert (trained_run / png).read_bytes()[:4] == b"\x89PNG"
        assert png in report["plots"]
    assert report["data"]["fingerprint"] and report["git_commit"]


def test_report_ranks_the_inputs_the_model_relies_on(trained_run):
    """Permutation importance of the primary model on test rows: the inputs whose shuffling
    costs the most AUROC, largest first; the generator makes sepsis show in the vitals."""
    from functions.contracts.sepsis import FEATURE_NAMES

    report = json.loads((trained_run / "report.json").read_text())
    imp = report["importance"]["xgboost"]
    assert imp["method"] == "permutation" and imp["scoring"] == "roc_auc"
    means = [t["mean"] for t in imp["top"]]
    assert means == sorted(means, reverse=True) and len(means) == 20
    assert {t["feature"] for t in imp["top"]} <= set(FEATURE_NAMES)
    assert means[0] > 0.005  # shuffling the top input costs AUROC
    vitals = ("HR", "O2Sat", "Temp", "SBP", "MAP", "DBP", "Resp")
    assert any(t["feature"].split("_")[0] in vitals for t in imp["top"][:5])


def test_same_data_and_params_reuse_the_run(cohort_dir, trained_run):
    from training.sepsis.pipeline import Params, train

    again, reused = train(cohort_dir, Params.quick(), runs_root=trained_run.parent.parent)
    assert reused and again == trained_run


def test_feedback_hours_join_the_training_split_only(cohort_dir, trained_run, patient_body,
                                                     tmp_path):
    """A clinician's label scores the last hour of the history that was sent: that hour's
    features (as serving computed them) join the training rows; validation and test stay
    whole stays, and the user's cohort folder is left untouched."""
    import copy

    from functions.contracts.sepsis import observe_patient
    from training.sepsis.pipeline import Params, train, with_feedback

    answer = {"prediction": "Negative", "probability": 0.1}
    bodies = [copy.deepcopy(patient_body) for _ in range(3)]
    for body, hr in zip(bodies, (80.0, 95.0, 110.0), strict=True):
        body["vitals"]["HR"] = hr
    examples = [{"endpoint": "/predict/patient", "inputs": body, "output": answer,
                 "label": label, "created_at": f"2026-11-22T10:00:0{i}+00:00"}
                for i, (body, label) in enumerate(zip(bodies, ("Positive", "Positive",
                                                               "Negative"), strict=True))]
    # The first hour labelled again later: one row for it, with the newer label.
    examples.append({**examples[0], "label": "Negative",
                     "created_at": "2026-11-22T10:00:09+00:00"})
    examples.append({**examples[1], "endpoint": "/elsewhere"})  # not a patient prediction
    before = sorted(p.name for p in cohort_dir.iterdir())
    merged, used = with_feedback(cohort_dir, examples, tmp_path / "work")
    assert used == 3 and sorted(p.name for p in cohort_dir.iterdir()) == before
    saved = np.load(merged / "feedback.npz")
    assert saved["y"].tolist() == [1, 0, 0]  # HR 95, HR 110, then HR 80 relabelled
    np.testing.assert_allclose(saved["x"][2], observe_patient(bodies[0], answer)[0][0])

    run, reused = train(merged, Params.quick(), runs_root=tmp_path / "runs")
    assert not reused  # the feedback is part of the data's fingerprint
    report = json.loads((run / "report.json").read_text())
    base = json.loads((trained_run / "report.json").read_text())
    assert report["data"]["feedback_rows"] == 3
    assert report["data"]["rows"]["train"] == base["data"]["rows"]["train"] + 3
    assert report["data"]["rows"]["val"] == base["data"]["rows"]["val"]
    assert report["data"]["rows"]["test"] == base["data"]["rows"]["test"]
    assert with_feedback(cohort_dir, [], tmp_path / "none") == (cohort_dir, 0)
