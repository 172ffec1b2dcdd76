"""Sepsis: data, features, an XGBoost model and a RandomForest baseline, evaluation."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from xgboost import XGBClassifier

from functions.contracts.sepsis import (
    DEMOGRAPHIC_FEATURES,
    FEATURE_NAMES,
    LABELS,
    MEASUREMENTS,
    USECASE,
)
from training import runs
from training.metrics import UtilityScorer, best_threshold, evaluate
from training.sepsis.data import (  # noqa: F401  (GENERATED_DIR, default_source: CLI)
    GENERATED_DIR,
    CohortSpec,
    cohort_fingerprint,
    default_source,
    generate_cohort,
    load_cohort,
)

PRIMARY = "xgboost"
HOLDOUT_ROWS = 5000  # rows of the test split kept for the parity certificate
# Bump when the pipeline's outputs change for the same data and parameters: runs made by an
# older pipeline are then trained again instead of reused.
PIPELINE_VERSION = 5  # 5: required vitals read as serving reads them, servable hours only


@dataclass(frozen=True)
class Params:
    seed: int = 7
    xgb_trees: int = 300
    xgb_depth: int = 5
    rf_trees: int = 100
    rf_depth: int = 10

    @classmethod
    def quick(cls) -> Params:
        return cls(xgb_trees=120, rf_trees=40)


def generate(out: Path, patients: int, seed: int, progress=None) -> Path:
    return generate_cohort(out, CohortSpec(patients=patients, seed=seed), progress)


def build_dataset(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features of every servable patient-hour (``servable``: each required vital measured
    by then, as a request must carry them), with labels and patient ids (rows grouped by
    patient). The hours before are left out of every split: no request can be sent for
    them, so no model is trained, thresholded or scored on them."""
    from functions.contracts.sepsis import patient_features, servable

    xs, ys, ids = [], [], []
    meas_cols = list(MEASUREMENTS)
    demo_cols = list(DEMOGRAPHIC_FEATURES)
    for pid, g in df.groupby("patient", sort=True):
        meas = g[meas_cols].to_numpy()
        keep = servable(meas)
        xs.append(patient_features(meas, g[demo_cols].to_numpy())[keep])
        ys.append(g["SepsisLabel"].to_numpy().astype(np.int8)[keep])
        ids.append(np.full(int(keep.sum()), pid))
    return np.vstack(xs), np.concatenate(ys), np.concatenate(ids)


def split_patients(patients: np.ndarray, y: np.ndarray, seed: int) -> dict[str, np.ndarray]:
    """60/20/20 by patient, stratified on whether the patient becomes septic."""
    septic = pd.Series(y).groupby(patients).max()
    rng = np.random.default_rng(seed)
    assignment: dict[str, str] = {}
    for group in (septic.index[septic == 1], septic.index[septic == 0]):
        ids = rng.permutation(np.asarray(group))
        a, b = int(0.6 * len(ids)), int(0.8 * len(ids))
        assignment |= dict.fromkeys(ids[:a], "train")
        assignment |= dict.fromkeys(ids[a:b], "val")
        assignment |= dict.fromkeys(ids[b:], "test")
    labels = np.array([assignment[p] for p in patients])
    return {name: labels == name for name in ("train", "val", "test")}


def make_models(params: Params) -> dict[str, Pipeline]:
    return {
        # Trees read NaN natively: no imputer (and no scaler, which would flip float32 splits).
        "xgboost": Pipeline([
            ("model", XGBClassifier(
                n_estimators=params.xgb_trees, max_depth=params.xgb_depth, learning_rate=0.05,
                subsample=0.8, colsample_bytree=0.8, min_child_weight=5, tree_method="hist",
                n_jobs=2, random_state=params.seed, eval_metric="aucpr",
            )),
        ]),
        "rf": Pipeline([
            ("impute", SimpleImputer(strategy="median", keep_empty_features=True)),
            ("model", RandomForestClassifier(
                n_estimators=params.rf_trees, max_depth=params.rf_depth, min_samples_leaf=25,
                class_weight="balanced_subsample", n_jobs=2, random_state=params.seed,
            )),
        ]),
    }


RETRAINABLE = True  # training/retrain.py may retrain it; the gate compares AUROC
GATE_METRIC = "auroc"


FEEDBACK_FILE = "feedback.npz"  # labelled hours from the prediction log, beside the .psv files


def with_feedback(source: Path, examples: list[dict[str, Any]], workdir: Path
                  ) -> tuple[Path, int]:
    """The cohort plus one labelled hour per feedback on ``/predict/patient``.

    A prediction scores the last hour of the history it was sent, and the label a clinician
    sends back is that hour's label in the challenge's sense (Positive: sepsis within the
    next 6 hours). It says nothing of the earlier hours, so the history does not join the
    cohort as a patient: its last hour's features (computed as serving computed them) join
    the training rows, in ``feedback.npz``. ``workdir`` becomes the cohort: links to the
    .psv files plus that file."""
    from functions.contracts.sepsis import observe_patient

    items = []
    for ex in examples:
        if ex["endpoint"] != "/predict/patient":
            continue
        x, _ = observe_patient(ex["inputs"], ex["output"])
        items.append((runs.item_key(x[0]), ex, x[0]))
    kept = runs.latest_per_item(items)  # one label per patient-hour, the latest
    if not kept:
        return source, 0
    rows = [x for x, _ in kept]
    labels = [LABELS.index(label) for _, label in kept]
    workdir.mkdir(parents=True, exist_ok=True)
    for psv in Path(source).rglob("*.psv"):
        link = workdir / psv.relative_to(source)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(psv.resolve())
    np.savez_compressed(workdir / FEEDBACK_FILE, x=np.array(rows, dtype=np.float64),
                        y=np.array(labels, dtype=np.int8))
    return workdir, len(rows)


def add_feedback_rows(source: Path, x: np.ndarray, y: np.ndarray, patients: np.ndarray,
                      split: dict[str, np.ndarray]) -> tuple[np.ndarray, ...]:
    """Feedback hours join the training split only: validation and test stay whole stays,
    so the threshold and the metrics keep their meaning (the challenge's utility). An hour
    that is one of the validation or test rows is left out: the gate would score it on
    what it learned."""
    fb = np.load(Path(source) / FEEDBACK_FILE)
    held = ~split["train"]
    held_keys = {runs.item_key(r) for r in x[held]}
    keep = np.array([runs.item_key(r) not in held_keys for r in fb["x"]], dtype=bool)
    fx, fy = fb["x"][keep], fb["y"][keep]
    n = len(fy)
    x = np.vstack([x, fx.astype(x.dtype)])
    y = np.concatenate([y, fy.astype(y.dtype)])
    patients = np.concatenate([patients, np.array([f"feedback-{i}" for i in range(n)])])
    split = {s: np.concatenate([m, np.full(n, s == "train")]) for s, m in split.items()}
    return x, y, patients, split, n


def train(
    source: Path,
    params: Params,
    force: bool = False,
    progress=None,
    runs_root: Path = runs.RUNS_DIR,
) -> tuple[Path, bool]:
    """Train both models on the cohort in ``source``; returns (run folder, reused?)."""
    say = progress or (lambda msg: None)
    fingerprint = cohort_fingerprint(source)
    feedback = Path(source) / FEEDBACK_FILE
    if feedback.exists():
        fingerprint += "+" + runs.file_sha256(feedback)
    key = runs.run_key(USECASE.name, fingerprint, {**asdict(params),
                                                   "pipeline": PIPELINE_VERSION})
    if not force and (existing := runs.find_run(USECASE.name, key, runs_root)):
        return existing, True

    say("loading patients")
    df = load_cohort(source)
    say(f"building features for {df['patient'].nunique()} patients, {len(df)} hours")
    x, y, patients = build_dataset(df)
    split = split_patients(patients, y, params.seed)
    feedback_rows = 0
    if feedback.exists():
        x, y, patients, split, feedback_rows = add_feedback_rows(source, x, y, patients, split)
    scorers = {s: UtilityScorer(y[split[s]], patients[split[s]]) for s in ("val", "test")}

    run = runs.new_run_dir(USECASE.name, runs_root)
    results: dict[str, Any] = {}
    probas: dict[str, np.ndarray] = {}
    fitted = make_models(params)
    for name, model in fitted.items():
        say(f"fitting {name}")
        model.fit(x[split["train"]], y[split["train"]])
        joblib.dump(model, run / "models" / f"{name}.joblib")
        p_val = model.predict_proba(x[split["val"]])[:, 1]
        threshold = best_threshold(p_val, scorers["val"])
        probas[name] = model.predict_proba(x[split["test"]])[:, 1]
        results[name] = {
            "threshold": threshold,
            "val": evaluate(y[split["val"]], p_val, threshold, scorers["val"]),
            "test": evaluate(y[split["test"]], probas[name], threshold, scorers["test"]),
        }

    say("writing report and plots")
    rng = np.random.default_rng(params.seed)
    test_idx = np.flatnonzero(split["test"])
    keep = np.sort(rng.choice(test_idx, min(HOLDOUT_ROWS, len(test_idx)), replace=False))
    np.savez_compressed(run / "holdout.npz", x=x[keep], y=y[keep])
    from training.plots import evaluation_plots, permutation_importance

    plots = evaluation_plots(y[split["test"]], probas, run)
    say("permutation importance")
    importance = permutation_importance(fitted[PRIMARY], x[split["test"]], y[split["test"]],
                                        FEATURE_NAMES, "roc_auc", run, params.seed)
    plots.append(importance["plot"])
    report = {
        **runs.provenance(USECASE.name, run, key, params, PRIMARY),
        "importance": {PRIMARY: importance},
        "data": {
            "source": str(source),
            "fingerprint": fingerprint,
            "patients": {s: int(pd.unique(patients[m]).size) for s, m in split.items()},
            "rows": {s: int(m.sum()) for s, m in split.items()},
            "septic_patients": int(pd.Series(y).groupby(patients).max().sum()),
            "feedback_rows": feedback_rows,
        },
        "feature_names": list(FEATURE_NAMES),
        "models": results,
        "plots": plots,
        "profile": runs.feature_profile(x[split["train"]], FEATURE_NAMES,
                                        labels=[LABELS[v] for v in y[split["train"]]]),
        "gate_metric": GATE_METRIC,
        "exports": [runs.declare(
            USECASE.name, name, f"models/{name}.joblib", "sklearn",
            input={"dtype": "float32", "shape": [len(FEATURE_NAMES)]},
            certify={"file": "holdout.npz", "x": "x", "y": "y"},
            input_schema={"feature_names": list(FEATURE_NAMES),
                          "fields": list(USECASE.input_schema)},
            labels=list(LABELS), classes=[0, 1], threshold=r["threshold"],
            metrics={"val": r["val"], "test": r["test"]}, default=name == PRIMARY,
            profile=True) for name, r in results.items()],
    }
    runs.finish(run, report)
    return run, False


# ----------------------------------------------------- the CLI's interface to this pipeline

def generate_data(out: Path | None, options: dict[str, Any], force: bool,
                  progress_total, ) -> str:
    """Generate the cohort unless the same one is there; returns what happened."""
    target = out or GENERATED_DIR
    spec = {"patients": options["patients"], "seed": options["seed"]}
    stamp = target / ".spec.json"
    if not force and stamp.exists() and json.loads(stamp.read_text()) == spec:
        return f"data already generated in {target} ({spec['patients']} patients)"
    for f in target.glob("*.psv") if target.exists() else ():
        f.unlink()
    with progress_total(f"generating {USECASE.name}", spec["patients"]) as advance:
        generate(target, spec["patients"], spec["seed"], progress=advance)
    stamp.write_text(json.dumps(spec))
    return f"{spec['patients']} patients written to {target}"


def source_folder(source: Path) -> Path:
    """The folder to upload as a SageMaker channel: the .psv files' folder."""
    return source


def source_in(folder: Path) -> Path:
    """The training source inside a folder (a SageMaker channel): the .psv files."""
    return folder


def source_problem(source: Path) -> str | None:
    if not source.exists() or not any(source.rglob("*.psv")):
        return f"no data in {source}: run `vitrine data {USECASE.name}` first"
    return None


def summary(report: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """The CLI's table of a run: header and one row per model (test split)."""
    rows = [[name, f"{r['test']['auroc']:.3f}", f"{r['test']['auprc']:.3f}",
             f"{r['test']['utility']:.3f}", f"{r['test']['sensitivity']:.3f}",
             f"{r['test']['specificity']:.3f}", str(r["threshold"])]
            for name, r in report["models"].items()]
    return ["model", "AUROC", "AUPRC", "utility", "sensitivity", "specificity", "threshold"], rows


# ------------------------------------------------ what the platform reads (training/pipelines.py)
DATA_OPTIONS = {"quick": {"patients": 3000, "seed": 2019},
                "full": {"patients": 40336, "seed": 2019}}
BENCH = ("sepsis.json", ("warm",), "POST /predict/patient")


# `vitrine simulate sepsis`: unseen requests and their truths (training/traffic.py).
from training.sepsis.traffic import traffic  # noqa: E402, F401
