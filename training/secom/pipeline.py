"""SECOM lot pass/fail: RandomForest and XGBoost on the 590 sensors, split in time order.

Preprocessing lives inside each model's sklearn pipeline (drop features more than half
missing or constant on the training split, impute the median), so the ONNX export carries it
and serving sends the 590 raw values.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.impute import SimpleImputer
from sklearn.metrics import (
    average_precision_score,
    balanced_accuracy_score,
    roc_auc_score,
    roc_curve,
)
from sklearn.pipeline import Pipeline
from xgboost import XGBClassifier

from functions.contracts.secom import LABELS
from functions.contracts.secom import USECASE as CONTRACT
from training import runs
from training.secom.data import (
    FEATURES,
    GENERATED,
    REAL_ROWS,
    GeneratorSpec,
    generate,
    load_csv,
)

USECASE = "secom"
PRIMARY = "rf"
PIPELINE_VERSION = 5  # 5: permutation importance in the report
FALSE_ALARM_BUDGET = 0.05  # the line's tolerance: recall of fails is read at 5 % false alarms
RETRAINABLE = True  # training/retrain.py may retrain it; the gate compares ROC-AUC
GATE_METRIC = "auroc"


@dataclass(frozen=True)
class Params:
    seed: int = 7
    max_missing: float = 0.5  # features missing more often than this are dropped
    # Optional univariate selection: keep the k kept features whose ANOVA F against
    # pass/fail is highest on the training split; 0 keeps them all. Selection rather than
    # PCA: PCA needs a scaler, and float32 scaling in front of trees breaks ONNX parity
    # (TOOLCHAIN.md); picking columns is exact.
    select_features: int = 0
    rf_trees: int = 400
    xgb_trees: int = 300

    @classmethod
    def quick(cls) -> Params:
        return cls(rf_trees=100, xgb_trees=100)

    def check(self) -> None:
        if not 0 < self.max_missing <= 1:
            raise ValueError(f"parameter 'max_missing': {self.max_missing} is not in (0, 1]")
        for name in ("rf_trees", "xgb_trees"):
            if getattr(self, name) < 1:
                raise ValueError(f"parameter '{name}': must be at least 1")
        if self.select_features < 0:
            raise ValueError("parameter 'select_features': must be 0 (all) or a count")


def kept_features(x: pd.DataFrame, max_missing: float) -> list[int]:
    """Indices of the features worth keeping: mostly present and not constant."""
    missing = x.isna().mean().to_numpy()
    varying = (x.nunique(dropna=True) > 1).to_numpy()
    return [j for j in range(x.shape[1]) if missing[j] <= max_missing and varying[j]]


def make_models(keep: list[int], pos_weight: float, params: Params) -> dict[str, Pipeline]:
    def prep() -> list[tuple[str, Any]]:
        steps: list[tuple[str, Any]] = [("prep", ColumnTransformer(
            [("keep", SimpleImputer(strategy="median"), keep)], remainder="drop"))]
        if 0 < params.select_features < len(keep):
            steps.append(("select", SelectKBest(f_classif, k=params.select_features)))
        return steps

    return {
        "rf": Pipeline([*prep(), ("model", RandomForestClassifier(
            n_estimators=params.rf_trees, min_samples_leaf=3, max_features="sqrt",
            class_weight="balanced_subsample", n_jobs=2, random_state=params.seed))]),
        # No scaler in front of the trees: float32 scaling flips splits (TOOLCHAIN.md).
        "xgboost": Pipeline([*prep(), ("model", XGBClassifier(
            n_estimators=params.xgb_trees, max_depth=4, learning_rate=0.05, subsample=0.8,
            colsample_bytree=0.5, scale_pos_weight=pos_weight, tree_method="hist", n_jobs=2,
            random_state=params.seed, eval_metric="aucpr"))]),
    }


def selected_features(model: Pipeline, keep: list[int]) -> list[str]:
    """The features the fitted model reads: the kept ones, narrowed by selection if any."""
    if "select" not in model.named_steps:
        return [FEATURES[j] for j in keep]
    mask = model.named_steps["select"].get_support()
    return [FEATURES[j] for j, chosen in zip(keep, mask, strict=True) if chosen]


def chronological_split(df: pd.DataFrame) -> dict[str, np.ndarray]:
    """First 70 % of lots in time for training, next 15 % validation, last 15 % test."""
    n = len(df)
    order = np.argsort(df["Time"].to_numpy(), kind="stable")
    a, b = int(0.70 * n), int(0.85 * n)
    masks = {s: np.zeros(n, dtype=bool) for s in ("train", "val", "test")}
    masks["train"][order[:a]], masks["val"][order[a:b]], masks["test"][order[b:]] = True, True, True
    return masks


def threshold_at_false_alarms(y: np.ndarray, p: np.ndarray, budget: float) -> float:
    """The lowest threshold whose false-alarm rate on these lots stays within ``budget``."""
    fpr, _, thresholds = roc_curve(y, p)
    ok = np.flatnonzero(fpr <= budget)
    return float(min(thresholds[ok[-1]], 1.0)) if len(ok) else 1.0


def evaluate(y: np.ndarray, p: np.ndarray, threshold: float) -> dict[str, Any]:
    pred = p >= threshold
    fpr, tpr, _ = roc_curve(y, p)
    return {
        "roc_auc": float(roc_auc_score(y, p)),
        "pr_auc": float(average_precision_score(y, p)),
        "balanced_accuracy": float(balanced_accuracy_score(y, pred)),
        "recall_at_5pct_false_alarms": float(np.interp(FALSE_ALARM_BUDGET, fpr, tpr)),
        "recall": float(pred[y == 1].mean()) if (y == 1).any() else None,
        "false_alarm_rate": float(pred[y == 0].mean()) if (y == 0).any() else None,
        "lots": int(len(y)),
        "fails": int(y.sum()),
        "threshold": threshold,
    }


def train(source: Path, params: Params, force: bool = False, progress=None,
          runs_root: Path = runs.RUNS_DIR) -> tuple[Path, bool]:
    say = progress or (lambda msg: None)
    fingerprint = runs.file_sha256(source)
    key = runs.run_key(USECASE, fingerprint, {**asdict(params), "pipeline": PIPELINE_VERSION})
    if not force and (existing := runs.find_run(USECASE, key, runs_root)):
        return existing, True
    df = one_per_lot(load_csv(source))
    x = df[list(FEATURES)]
    y = (df["Pass/Fail"] == 1).to_numpy().astype(np.int8)
    split = chronological_split(df)
    keep = kept_features(x[split["train"]], params.max_missing)
    pos = max(int(y[split["train"]].sum()), 1)
    pos_weight = float((len(y[split["train"]]) - pos) / pos)
    real = load_csv(REAL_ROWS)
    real_x = real[list(FEATURES)].to_numpy(dtype=np.float32)
    real_y = (real["Pass/Fail"] == 1).to_numpy().astype(np.int8)
    run = runs.new_run_dir(USECASE, runs_root)
    results, probas = {}, {}
    models = make_models(keep, pos_weight, params)
    for name, model in models.items():
        chosen = min(params.select_features or len(keep), len(keep))
        say(f"fitting {name} on {chosen} of {len(FEATURES)} features")
        xt = x[split["train"]].to_numpy(dtype=np.float32)
        model.fit(xt, y[split["train"]])
        joblib.dump(model, run / "models" / f"{name}.joblib")
        p_val = model.predict_proba(x[split["val"]].to_numpy(dtype=np.float32))[:, 1]
        threshold = threshold_at_false_alarms(y[split["val"]], p_val, FALSE_ALARM_BUDGET)
        probas[name] = model.predict_proba(x[split["test"]].to_numpy(dtype=np.float32))[:, 1]
        results[name] = {
            "threshold": threshold,
            "val": evaluate(y[split["val"]], p_val, threshold),
            "test": evaluate(y[split["test"]], probas[name], threshold),
            # A sanity check on the 242 real lots (which the generator was fitted on, so not
            # an independent test): the signal must carry over to real sensor values.
            "real_rows": evaluate(real_y, model.predict_proba(real_x)[:, 1], threshold),
        }
    from training.plots import evaluation_plots, permutation_importance

    plots = evaluation_plots(y[split["test"]], probas, run)
    test_x = x[split["test"]].to_numpy(dtype=np.float32)
    say("permutation importance")
    importance = permutation_importance(models[PRIMARY], test_x, y[split["test"]], FEATURES,
                                        "roc_auc", run, params.seed)
    plots.append(importance["plot"])
    np.savez_compressed(run / "holdout.npz", x=test_x, y=y[split["test"]])
    report = {
        **runs.provenance(USECASE, run, key, params, PRIMARY),
        "data": {"source": str(source), "fingerprint": fingerprint,
                 "lots": {s: int(m.sum()) for s, m in split.items()},
                 "fails": {s: int(y[m].sum()) for s, m in split.items()},
                 "first": str(df["Time"].min()), "last": str(df["Time"].max())},
        "kept_features": [FEATURES[j] for j in keep],
        "selected_features": selected_features(models[PRIMARY], keep),
        "feature_names": list(FEATURES),
        "models": results, "plots": plots, "importance": {PRIMARY: importance},
        "profile": runs.feature_profile(x[split["train"]].to_numpy(), FEATURES,
                                        labels=[LABELS[v] for v in y[split["train"]]]),
        "gate_metric": GATE_METRIC,
        "exports": [runs.declare(
            USECASE, name, f"models/{name}.joblib", "sklearn",
            input={"dtype": "float32", "shape": [len(FEATURES)]},
            certify={"file": "holdout.npz", "x": "x", "y": "y"},
            input_schema={"feature_names": list(FEATURES),
                          "fields": list(CONTRACT.input_schema)},
            labels=list(LABELS), classes=[0, 1], threshold=r["threshold"],
            metrics={"val": r["val"], "test": r["test"]}, default=name == PRIMARY,
            profile=True) for name, r in results.items()],
    }
    runs.finish(run, report)
    return run, False


# ----------------------------------------------------- the CLI's interface to this pipeline

def default_source() -> Path:
    from training.secom.data import RAW_DIR

    raw = RAW_DIR / "uci-secom.csv"
    return raw if raw.exists() else GENERATED


def source_folder(source: Path) -> Path:
    """The folder to upload as a SageMaker channel; the entry point reads secom.csv."""
    if source.name != "secom.csv":
        raise ValueError("SageMaker training reads secom.csv: name the file so")
    return source.parent


def source_in(folder: Path) -> Path:
    return folder / "secom.csv"


def with_feedback(source: Path, examples: list[dict[str, Any]], workdir: Path
                  ) -> tuple[Path, int]:
    """The training CSV plus one lot per labelled prediction, stamped with its prediction
    time: the chronological split puts the newest lots (feedback) in validation and test."""
    from functions.catalog import get_usecase

    uc = get_usecase(USECASE)
    items = []
    for ex in examples:
        endpoint = uc.endpoint(ex["endpoint"])
        x, _ = endpoint.observe(ex["inputs"], ex["output"])
        if len(x) != 1:  # a batch sample: its feedback cannot name the lot
            continue
        items.append((runs.item_key(x[0]), ex, (x[0], ex["created_at"])))
    kept = runs.latest_per_item(items)  # one label per lot, the latest
    if not kept:
        return source, 0
    rows = [x for (x, _), _ in kept]
    times = [pd.Timestamp(t).tz_convert(None) for (_, t), _ in kept]
    labels = [1 if label == "Fail" else -1 for _, label in kept]
    extra = pd.DataFrame(np.array(rows), columns=list(FEATURES))
    extra.insert(0, "Time", times)
    extra["Pass/Fail"] = labels
    merged = pd.concat([load_csv(source), extra], ignore_index=True)
    target = workdir / "secom.csv"
    merged.to_csv(target, index=False, float_format="%.6g")
    return target, len(rows)


def one_per_lot(df: pd.DataFrame) -> pd.DataFrame:
    """Each lot once, its latest row kept (by Time): a lot labelled again by feedback, or
    present twice in the data, must not stand in both the training and the held-out lots."""
    keys = [runs.item_key(r) for r in df[list(FEATURES)].to_numpy(dtype=np.float64)]
    order = np.argsort(df["Time"].to_numpy(), kind="stable")
    last = {k: i for i, k in ((i, keys[i]) for i in order)}
    return df.iloc[sorted(last.values())].reset_index(drop=True)


def source_problem(source: Path) -> str | None:
    return None if source.exists() else f"no data in {source}: run `vitrine data secom` first"


def generate_data(out: Path | None, options: dict[str, Any], force: bool,
                  progress_total) -> str:
    target = out / "secom.csv" if out else GENERATED
    spec = GeneratorSpec(seed=options.get("seed", GeneratorSpec.seed))
    stamp = target.with_suffix(".spec.json")
    if not force and target.exists() and stamp.exists() and \
            json.loads(stamp.read_text()) == asdict(spec):
        return f"data already generated in {target} ({spec.lots} lots)"
    target.parent.mkdir(parents=True, exist_ok=True)
    with progress_total("generating secom", 1) as advance:
        generate(spec).to_csv(target, index=False, float_format="%.6g")
        advance(1)
    stamp.write_text(json.dumps(asdict(spec)))
    return f"{spec.lots} lots written to {target}"


def summary(report: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    rows = [[name, f"{r['test']['roc_auc']:.3f}", f"{r['test']['pr_auc']:.3f}",
             f"{r['test']['balanced_accuracy']:.3f}",
             f"{r['test']['recall_at_5pct_false_alarms']:.3f}", f"{r['threshold']:.3f}"]
            for name, r in report["models"].items()]
    return ["model", "ROC-AUC", "PR-AUC", "balanced acc.", "recall @5% FA", "threshold"], rows


# ------------------------------------------------ what the platform reads (training/pipelines.py)
DATA_OPTIONS = {"quick": {"seed": 2019}, "full": {"seed": 2019}}
GENERATED_DIR = GENERATED.parent
BENCH = ("secom.json", ("predict",), "POST /secom/predict")


def site_samples(site: Path) -> dict[str, Any]:
    from training.secom.samples import write

    return write(site)


# `vitrine simulate secom`: unseen requests and their truths (training/traffic.py).
from training.secom.traffic import traffic  # noqa: E402, F401
