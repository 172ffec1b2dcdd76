"""The tabular runtime's training: any declared table (functions/declared.py) -> a gradient-
boosted model and a linear baseline, the better one by cross-validated score on the
declaration's metric, evaluated on a held-out split no choice touched, declared for the one
export path. Rows are read and encoded by the serving contract's own code: one input per
column, categories as level codes, one-hot encoded inside the pipeline, so that the exported
ONNX graph takes the numbers and the categories together and its parity certificate covers
both.

    pipeline = for_declaration(decl)   # what `vitrine train NAME` and retraining call
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from functions.declared import Declaration, encode, level, number
from functions.errors import InvalidInput
from training import runs

PIPELINE_VERSION = 2  # 2: categories encoded inside the model (level codes in)


@dataclass
class Params:
    seed: int = 7
    trees: int = 300  # the gradient-boosted model's trees
    depth: int = 4
    learning_rate: float = 0.08
    c: float = 1.0  # the linear baseline's inverse regularisation (Ridge: 1 / alpha)
    folds: int = 5  # cross-validation on the training split: chooses the model
    test_share: float = 0.2  # held out from every choice: the headline figures

    @classmethod
    def quick(cls) -> Params:
        return cls(trees=120, folds=3)

    def check(self) -> None:
        if not 0.05 <= self.test_share <= 0.5:
            raise ValueError("parameter 'test_share': between 0.05 and 0.5")
        if self.folds < 2:
            raise ValueError("parameter 'folds': at least 2")


def read_table(decl: Declaration, source: Path) -> tuple[np.ndarray, np.ndarray, int]:
    """The table as the model's inputs (the contract's encoding) and targets: class indexes
    in the declaration's labels, or values; rows without a target are left out (counted)."""
    import pandas as pd

    df = pd.read_csv(source, dtype=str, keep_default_na=True)
    missing = [c.name for c in decl.columns if c.name not in df.columns]
    if decl.target not in df.columns:
        missing.append(decl.target)
    if missing:
        raise ValueError(f"{source.name}: missing columns {', '.join(missing[:10])}")
    if decl.task == "regression":
        target = [number(v, decl.decimal, decl.thousands) for v in df[decl.target]]
        keep = [v is not None and math.isfinite(v) for v in target]
        y = np.array([v for v, k in zip(target, keep, strict=True) if k], dtype=np.float64)
    else:
        found = [level(v) for v in df[decl.target]]
        unknown = sorted({v for v in found if v is not None and v not in decl.labels})
        if unknown:
            raise ValueError(f"{source.name}: target values {', '.join(unknown[:5])} are not "
                             f"among the declared labels ({', '.join(decl.labels)})")
        keep = [v is not None for v in found]
        index = {lb: i for i, lb in enumerate(decl.labels)}
        y = np.array([index[v] for v, k in zip(found, keep, strict=True) if k], dtype=np.int64)
    rows = df[[c.name for c in decl.columns]][keep].to_dict("records")
    try:
        x, _ = encode(decl, rows, loc=("line",))
    except InvalidInput as exc:
        p = exc.problems[0]
        raise ValueError(f"{source.name}: line {int(p.loc[1]) + 2}, column {p.loc[2]}: "
                         f"{p.msg}") from None
    return x, y, len(df) - int(sum(keep))


def encoder(decl: Declaration, numbers: Any) -> Any:
    """The contract's inputs (functions/declared.py ``encode``) -> the model's: each category
    one-hot over its declared levels, the other columns through ``numbers``.

    A missing or unseen level (NaN) becomes the code -1 before the one-hot, which answers it
    with zeros: the graph casts codes to integers, and NaN cast to an integer is not defined
    (it differs between CPUs). Another whole number that is no level's code (an Open
    Inference Protocol caller's mistake) gives zeros too (``handle_unknown="ignore"``)."""
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder

    columns = decl.model_columns
    categorical = [j for j, c in enumerate(columns) if c.type == "categorical"]
    other = [j for j, c in enumerate(columns) if c.type != "categorical"]
    onehot = Pipeline([
        ("missing", SimpleImputer(strategy="constant", fill_value=-1)),
        ("onehot", OneHotEncoder(categories=[list(range(len(columns[j].levels)))
                                             for j in categorical],
                                 handle_unknown="ignore", sparse_output=False))])
    parts = [("categories", onehot, categorical), ("numbers", numbers, other)]
    return ColumnTransformer([p for p in parts if p[2]])


def candidates(decl: Declaration, params: Params) -> dict[str, Any]:
    """The gradient-boosted model (missing values handled by its trees) and a linear
    baseline (median imputation, scaling), each behind the categories' one-hot encoding;
    both convert to one ONNX graph exactly."""
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    from xgboost import XGBClassifier, XGBRegressor

    boosted = dict(n_estimators=params.trees, max_depth=params.depth,
                   learning_rate=params.learning_rate, subsample=0.9, colsample_bytree=0.9,
                   random_state=params.seed, n_jobs=1, tree_method="hist")
    # No scaler before the trees: a float32 scaler in the graph flips splits (TOOLCHAIN.md).
    trees = encoder(decl, "passthrough")
    linear = encoder(decl, Pipeline([("impute", SimpleImputer(strategy="median")),
                                     ("scale", StandardScaler())]))
    if decl.task == "regression":
        return {"xgboost": Pipeline([("encode", trees), ("model", XGBRegressor(**boosted))]),
                "linear": Pipeline([("encode", linear),
                                    ("model", Ridge(alpha=1.0 / params.c))])}
    return {"xgboost": Pipeline([("encode", trees), ("model", XGBClassifier(**boosted))]),
            "linear": Pipeline([("encode", linear), ("model", LogisticRegression(
                C=params.c, max_iter=2000, random_state=params.seed))])}


def profile(decl: Declaration, x: np.ndarray, labels: list[str] | None) -> dict[str, Any]:
    """The training profile drift monitoring reads (training/runs.py), with each category's
    histogram exact: one bin per level (the deciles would merge the rare ones)."""
    names = list(decl.feature_names)
    out = runs.feature_profile(x, names, labels=labels)
    for j, c in enumerate(decl.model_columns):
        entry = out["features"][c.name]
        if c.type != "categorical" or not entry["hist"]:
            continue
        present = x[:, j][~np.isnan(x[:, j])].astype(np.int64)
        counts = np.bincount(present, minlength=len(c.levels))
        # Codes 0..k-1 against edges 0..k-2: the monitor's searchsorted puts code k in bin k.
        entry["hist"] = {"edges": [float(k) for k in range(len(c.levels) - 1)],
                         "p": [float(n / len(present)) for n in counts]}
    return out


SCORING = {"auroc": "roc_auc", "macro_f1": "f1_macro", "mae": "neg_mean_absolute_error"}


def evaluate(decl: Declaration, y: np.ndarray, out: np.ndarray) -> dict[str, float]:
    from sklearn.metrics import (
        accuracy_score,
        balanced_accuracy_score,
        f1_score,
        mean_absolute_error,
        r2_score,
        roc_auc_score,
    )

    if decl.task == "regression":
        pred = out.reshape(len(y), -1)[:, 0]
        return {"mae": float(mean_absolute_error(y, pred)),
                "rmse": float(np.sqrt(np.mean((y - pred) ** 2))),
                "r2": float(r2_score(y, pred))}
    pred = out.argmax(axis=1) if decl.task == "multiclass" else (out[:, 1] >= 0.5).astype(int)
    metrics = {"accuracy": float(accuracy_score(y, pred)),
               "balanced_accuracy": float(balanced_accuracy_score(y, pred)),
               "macro_f1": float(f1_score(y, pred, average="macro", zero_division=0))}
    if decl.task == "binary" and len(np.unique(y)) == 2:
        metrics["auroc"] = float(roc_auc_score(y, out[:, 1]))
    return metrics


def _outputs(model: Any, x: np.ndarray, regression: bool) -> np.ndarray:
    return (model.predict(x).reshape(len(x), 1) if regression else model.predict_proba(x))


def train(decl: Declaration, source: Path, params: Params, force: bool = False,
          progress: Any = None, runs_root: Path = runs.RUNS_DIR) -> tuple[Path, bool]:
    import joblib
    from sklearn.model_selection import (
        KFold,
        StratifiedKFold,
        cross_val_predict,
        cross_val_score,
        train_test_split,
    )

    say = progress or (lambda msg: None)
    params.check()
    declaration = (decl.folder / "usecase.toml").read_bytes()
    fingerprint = runs.file_sha256(source) + hashlib.sha256(declaration).hexdigest()[:16]
    key = runs.run_key(decl.name, fingerprint, {**asdict(params), "pipeline": PIPELINE_VERSION})
    if not force and (existing := runs.find_run(decl.name, key, runs_root)):
        return existing, True
    x, y, unlabelled = read_table(decl, source)
    regression = decl.task == "regression"
    if regression and len(y) < 20 or not regression and min(np.bincount(
            y, minlength=len(decl.labels))) < max(2, params.folds):
        raise ValueError(f"{decl.name}: too few rows to train and test (each label needs at "
                         f"least {max(2, params.folds)} rows)")
    idx = np.arange(len(y))
    train_i, test_i = train_test_split(idx, test_size=params.test_share,
                                       random_state=params.seed,
                                       stratify=None if regression else y)
    folds = (KFold(params.folds, shuffle=True, random_state=params.seed) if regression else
             StratifiedKFold(params.folds, shuffle=True, random_state=params.seed))
    scoring = SCORING[decl.metric]
    run = runs.new_run_dir(decl.name, runs_root)
    models = candidates(decl, params)
    results: dict[str, Any] = {}
    for name, model in models.items():
        say(f"cross-validating {name} on {len(train_i)} rows ({params.folds} folds)")
        cv = cross_val_score(model, x[train_i], y[train_i], cv=folds, scoring=scoring)
        model.fit(x[train_i], y[train_i])
        joblib.dump(model, run / "models" / f"{name}.joblib")
        results[name] = {"cv": {decl.metric: float(abs(cv.mean())),
                                f"{decl.metric}_std": float(cv.std())},
                         "test": evaluate(decl, y[test_i],
                                          _outputs(model, x[test_i], regression))}
    lower = decl.metric == "mae"
    chosen = (min if lower else max)(results, key=lambda n: results[n]["cv"][decl.metric])
    manifest: dict[str, Any] = {}
    if regression:
        # Split conformal on out-of-fold residuals of the training split: the interval's
        # half-width is their ceil((n + 1) q) / n quantile; its coverage is then measured on
        # the held-out split, which chose nothing.
        oof = cross_val_predict(candidates(decl, params)[chosen], x[train_i], y[train_i],
                                cv=folds)
        residuals = np.sort(np.abs(y[train_i] - oof))
        n = len(residuals)
        half = float(residuals[min(n - 1, math.ceil((n + 1) * decl.interval) - 1)])
        pred = models[chosen].predict(x[test_i])
        results[chosen]["test"]["interval_coverage"] = float(
            np.mean(np.abs(y[test_i] - pred) <= half))
        manifest = {"interval_half_width": half, "interval": decl.interval}
    np.savez_compressed(run / "holdout.npz", x=x[test_i].astype(np.float32), y=y[test_i])
    names = list(decl.feature_names)
    labels = list(decl.labels) if not regression else [decl.target]
    schema = [{"name": c.name, "type": c.type, "levels": list(c.levels)}
              for c in decl.columns]
    report = {
        **runs.provenance(decl.name, run, key, params, chosen),
        "data": {"source": str(source), "fingerprint": fingerprint, "rows": int(len(y)),
                 "without_target": unlabelled, "train": int(len(train_i)),
                 "test": int(len(test_i))},
        "feature_names": names,
        "models": results, "chosen_by": f"cross-validated {decl.metric} on the training "
                                         "split", "plots": [],
        "profile": profile(decl, x[train_i], None if regression else
                           [decl.labels[v] for v in y[train_i]]),
        "gate_metric": decl.metric,
        "exports": [runs.declare(
            decl.name, name, f"models/{name}.joblib", "sklearn",
            input={"dtype": "float32", "shape": [len(names)]},
            certify={"file": "holdout.npz", "x": "x", "y": "y"},
            input_schema={"feature_names": names, "fields": schema,
                          "categories": "the level's index in the field's levels (NaN: "
                                        "missing or unseen)"},
            labels=labels, classes=[] if regression else list(range(len(labels))),
            threshold=0.5 if decl.task == "binary" else None,
            metrics={"cv": r["cv"], "test": r["test"]}, default=name == chosen,
            profile=True, manifest=manifest if name == chosen else {},
            task="regression" if regression else "classification")
            for name, r in results.items()],
    }
    runs.finish(run, report)
    say(f"chose {chosen} by cross-validated {decl.metric}")
    return run, False


class TabularPipeline:
    """The CLI's and retraining's interface to one declared use case."""

    RETRAINABLE = True
    Params = Params

    def __init__(self, decl: Declaration):
        self.decl = decl
        self.GATE_METRIC = decl.metric

    def default_source(self) -> Path:
        path = self.decl.data_path()
        if path is None:
            raise ValueError(f"{self.decl.name}: its declaration names no data file "
                             "(data = \"table.csv\"); pass --source")
        return path

    def source_in(self, folder: Path) -> Path:
        return folder / Path(self.decl.data or f"{self.decl.name}.csv").name

    def source_folder(self, source: Path) -> Path:
        return source.parent

    def source_problem(self, source: Path) -> str | None:
        return None if Path(source).is_file() else f"{source} is not a file"

    def train(self, source: Path, params: Params, force: bool = False, progress: Any = None,
              runs_root: Path = runs.RUNS_DIR) -> tuple[Path, bool]:
        return train(self.decl, Path(source), params, force, progress, runs_root)

    def generate_data(self, out: Any, options: Any, force: bool, bar: Any) -> str:
        return (f"{self.decl.name} is declared from a table ({self.decl.data}): there is "
                "nothing to generate")

    def with_feedback(self, source: Path, examples: list[dict[str, Any]], workdir: Path
                      ) -> tuple[Path, int]:
        """The table plus one row per labelled prediction (its logged columns, its label)."""
        import pandas as pd

        df = pd.read_csv(source, dtype=str, keep_default_na=True)
        rows = [{**{c.name: ex["inputs"].get(c.name) for c in self.decl.columns},
                 self.decl.target: ex["label"]} for ex in examples
                if isinstance(ex.get("inputs"), dict) and ex["endpoint"].endswith("/predict")]
        merged = workdir / Path(source).name
        pd.concat([df, pd.DataFrame(rows, columns=df.columns).astype(object)]).to_csv(
            merged, index=False)
        return merged, len(rows)

    def summary(self, report: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
        metric = report["gate_metric"]
        rows = [[name + (" (chosen)" if name == report["primary"] else ""),
                 f"{r['cv'][metric]:.4f}", json.dumps({k: round(v, 4)
                                                       for k, v in r["test"].items()})]
                for name, r in report["models"].items()]
        return ["model", f"CV {metric}", "held-out test"], rows


def for_declaration(decl: Declaration) -> TabularPipeline:
    return TabularPipeline(decl)
