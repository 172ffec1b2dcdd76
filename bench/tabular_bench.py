"""The tabular runtime on tables it was not built on (issue 23 §5): for each, `vitrine new`,
`vitrine train`, `vitrine export --promote` and a first served prediction, each step timed
in its own process as a user runs them; then the chosen model's held-out score beside a
plain scikit-learn baseline (HistGradientBoosting, which reads missing values natively)
fitted on the same encoded rows and the same split. Writes bench/results/tabular.json.

    .venv/bin/python bench/tabular_bench.py

The tables: scikit-learn's bundled breast-cancer (binary) and digits (10 classes) sets, and
a mixed table of this script's own (regression: decimal commas, a categorical, a yes/no,
missing values, an id), none of which was used while building the runtime.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "tabular.json"


def mixed_table(path: Path, rows: int = 1500, seed: int = 11) -> None:
    """Yearly care costs of a made-up insurer's members: a known formula plus noise."""
    rng = np.random.default_rng(seed)
    age = rng.integers(18, 80, rows)
    bmi = np.round(rng.normal(27, 5, rows).clip(15, 50), 1)
    smoker = rng.choice(["oui", "non"], rows, p=[0.2, 0.8])
    region = rng.choice(["Nord", "Sud", "Est", "Ouest", "Centre"], rows)
    children = rng.integers(0, 5, rows)
    cost = (1200 + 55 * age + 40 * np.maximum(bmi - 25, 0) ** 1.5
            + np.where(smoker == "oui", 9000 + 300 * np.maximum(bmi - 30, 0), 0)
            + np.select([region == "Sud", region == "Centre"], [800, -400], 0)
            + 300 * children + rng.normal(0, 1500, rows))
    df = pd.DataFrame({"adhérent": [f"A{i:06d}" for i in range(rows)], "âge": age,
                       "IMC": bmi, "fumeur": smoker, "région": region, "enfants": children,
                       "coût annuel (€)": np.round(cost, 2)})
    df.loc[rng.random(rows) < 0.07, "IMC"] = np.nan
    df.loc[rng.random(rows) < 0.03, "région"] = None
    df.to_csv(path, index=False, decimal=",")


def tables(root: Path) -> list[dict]:
    from sklearn.datasets import load_breast_cancer, load_digits

    cancer = load_breast_cancer(as_frame=True).frame
    cancer["target"] = cancer["target"].map({0: "malignant", 1: "benign"})
    cancer.to_csv(root / "cancer.csv", index=False)
    digits = load_digits(as_frame=True).frame
    digits.to_csv(root / "digits.csv", index=False)
    mixed_table(root / "costs.csv")
    return [{"name": "cancer", "csv": "cancer.csv", "target": "target", "args": []},
            {"name": "digits", "csv": "digits.csv", "target": "target",
             "args": ["--task", "multiclass"]},
            {"name": "costs", "csv": "costs.csv", "target": "coût annuel (€)",
             "args": ["--id", "adhérent"]}]


SERVE = """
import json, sys, time
t = time.perf_counter()
from fastapi.testclient import TestClient
from functions.app import create_app
from functions.auth import create_key
from functions.settings import Settings
from functions.stores.sqlite import SQLiteStore
store = SQLiteStore("v.db")
key, _ = create_key(store, "predictor", "bench")
client = TestClient(create_app(Settings(usecases=[sys.argv[1]], sqlite_path="v.db"),
                               store=store), headers={"X-API-Key": key})
r = client.post(f"/{sys.argv[1]}/predict", json=json.loads(sys.argv[2]))
assert r.status_code == 200, r.text
print(json.dumps({"answer": r.json(), "seconds": time.perf_counter() - t}))
"""


def baseline(decl, source: Path, params) -> dict[str, float]:
    """HistGradientBoosting with its defaults on the runtime's own rows and split."""
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
    from sklearn.model_selection import train_test_split

    from training.tabular import evaluate, read_table

    x, y, _ = read_table(decl, source)
    regression = decl.task == "regression"
    tr, te = train_test_split(np.arange(len(y)), test_size=params.test_share,
                              random_state=params.seed, stratify=None if regression else y)
    model = (HistGradientBoostingRegressor(random_state=0) if regression
             else HistGradientBoostingClassifier(random_state=0)).fit(x[tr], y[tr])
    out = model.predict(x[te]).reshape(-1, 1) if regression else model.predict_proba(x[te])
    return evaluate(decl, y[te], out)


def main() -> None:
    from functions.declared import read
    from training.tabular import Params

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env = {**os.environ, "VITRINE_USECASE_PATH": str(root / "usecases"),
               "VITRINE_TRACKING_URI": "off", "PYTHONPATH": str(ROOT)}
        for t in tables(root):
            steps = {}
            for step, args in (
                    ("new", ["new", t["name"], "--csv", t["csv"], "--target", t["target"],
                             *t["args"]]),
                    ("train", ["train", t["name"]]),
                    ("export", ["export", t["name"], "--promote"])):
                started = time.perf_counter()
                done = subprocess.run([sys.executable, "-m", "vitrine.cli", *args], cwd=root,
                                      env=env, capture_output=True, text=True)
                if done.returncode:
                    raise SystemExit(f"{t['name']} {step}: {done.stderr[-1500:]}")
                steps[step] = time.perf_counter() - started
            decl = read(root / "usecases" / t["name"] / "usecase.toml")
            first = pd.read_csv(root / t["csv"], dtype=str, keep_default_na=False).iloc[0]
            row = {c.name: (first[c.name] or None) for c in decl.columns}
            started = time.perf_counter()
            served = subprocess.run([sys.executable, "-c", SERVE, t["name"], json.dumps(row)],
                                    cwd=root, env=env, capture_output=True, text=True)
            if served.returncode:
                raise SystemExit(f"{t['name']} serve: {served.stderr[-1500:]}")
            steps["first_prediction"] = time.perf_counter() - started
            report = json.loads(next((root / "artifacts" / "runs" / t["name"]).glob(
                "*/report.json")).read_text())
            chosen = report["primary"]
            results.append({
                "table": t["name"], "task": decl.task, "rows": report["data"]["rows"],
                "columns": len(decl.columns), "metric": decl.metric,
                "seconds": {k: round(v, 1) for k, v in steps.items()},
                "seconds_total": round(sum(steps.values()), 1),
                "chosen": chosen, "cv": report["models"][chosen]["cv"],
                "test": report["models"][chosen]["test"],
                "other": {n: m["test"] for n, m in report["models"].items() if n != chosen},
                "sklearn_hist_gradient_boosting": baseline(
                    decl, root / t["csv"], Params(**report["params"])),
            })
            r = results[-1]
            key = {"auroc": "auroc", "macro_f1": "macro_f1", "mae": "mae"}[decl.metric]
            print(f"{t['name']:7s} {decl.task:10s} {r['rows']:5d} rows  "
                  f"{r['seconds_total']:6.1f} s to a served prediction  "
                  f"{chosen}: {key} {r['test'][key]:.4f}  "
                  f"sklearn HGB: {r['sklearn_hist_gradient_boosting'][key]:.4f}")
    OUT.write_text(json.dumps({"generated_by": "bench/tabular_bench.py",
                               "tables": results}, indent=2) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
