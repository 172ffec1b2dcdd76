"""TEP: a trained run's models scored on runs simulated with seeds no choice touched; prints
the figures and writes bench/results/tep_unseen.json.

    python bench/tep_unseen.py [--run artifacts/runs/tep/<id>] [--seed 31337] [--runs 2]

Needs a TEP run (vitrine data tep && vitrine train tep --quick; default: the latest run).
The test runs the training reports score were seen by every choice made on the quick size
(its run counts, the CNN's shape): this scores the models on other ones, ``--runs`` runs per
fault of the run's faults, 48 h with the fault from hour 8 as in Rieth's test runs, each run
warming up alone (the independent start of real plant records, and of the generator before
runs shared their warm-ups: the figures then also say whether models trained on runs that
share warm-ups hold on runs that don't). Faulty runs are scored from hour 9 (one hour for
a fault to show), normal runs whole: macro-F1 over the classes, and false alarms, the share
of normal-run windows called faulty. The runs are simulated once, under
data/generated/tep_unseen/<seed>-<runs>.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"
SCORED_FROM_HOURS = 9.0  # faulty runs: one hour after the onset
ONSET_HOURS = 8.0
HOURS = 48.0


def scores(data: dict[str, np.ndarray], proba: np.ndarray, classes: np.ndarray,
           scored_from: int) -> dict[str, Any]:
    """On the scored windows (normal runs' all, faulty runs' from sample ``scored_from``
    on): macro-F1 over the classes present, per-class F1 and the
    false-alarm rate; on every window of the faulty runs, the detection delays (minutes from
    the onset to the first window that names the fault, ``pipeline.evaluate``'s)."""
    from sklearn.metrics import f1_score

    from training.tep.pipeline import evaluate

    pred = classes[proba.argmax(axis=1)]
    normal = data["fault"] == 0
    scored = normal | (data["end"] >= scored_from)
    y = data["y"][scored]
    labels = np.unique(y).tolist()
    per_class = f1_score(y, pred[scored], labels=labels, average=None, zero_division=0)
    delays = [d for d in evaluate(data, proba, classes)["detection_delay_minutes"].values()
              if d is not None]
    return {"macro_f1": float(per_class.mean()),
            "false_alarm_rate": float((pred[normal] != 0).mean()),
            "per_fault_f1": {str(k): round(float(v), 4)
                             for k, v in zip(labels, per_class, strict=True)},
            "median_detection_delay_minutes": float(np.median(delays)) if delays else None,
            "windows": int(scored.sum())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", type=Path, help="a TEP run folder (default: the latest)")
    parser.add_argument("--seed", type=int, default=31337)
    parser.add_argument("--runs", type=int, default=2, help="runs per fault")
    args = parser.parse_args()
    os.chdir(ROOT)

    import joblib

    from functions.contracts.tep import window_features
    from training import runs
    from training.tep.data import (
        GENERATED_DIR,
        SAMPLE_HOURS,
        SplitSpec,
        generate,
        load,
        spec_of,
    )
    from training.tep.pipeline import load_cnn, windows_and_labels

    run = args.run or runs.latest_run("tep")
    if run is None:
        sys.exit("no TEP run: vitrine data tep && vitrine train tep --quick")
    report = json.loads((run / "report.json").read_text())
    classes = np.array(report["classes"])
    spec = SplitSpec(runs_per_fault=args.runs, hours=HOURS, onset_hours=ONSET_HOURS,
                     faults=tuple(int(c) for c in classes), seed=args.seed,
                     shared_warmup=False)
    folder = GENERATED_DIR.parent / "tep_unseen" / f"{args.seed}-{args.runs}"
    print(f"simulating (or reusing) {len(spec.faults) * spec.runs_per_fault} runs in {folder}")
    df = load(generate(folder, {"test": spec})["test"])

    data = windows_and_labels(df, spec.onset_sample)
    xgb = joblib.load(run / "models" / "xgboost.joblib")
    scored_from = round(SCORED_FROM_HOURS / SAMPLE_HOURS) + 1  # 1-based, as ``end``
    results = {
        "cnn": scores(data, load_cnn(run, report).predict_proba(data["x"]), classes,
                      scored_from),
        "xgboost": scores(data, xgb.predict_proba(window_features(data["x"])), classes,
                          scored_from),
    }
    for name, m in results.items():
        print(f"{name:8s} macro-F1 {m['macro_f1']:.3f}  false alarms "
              f"{100 * m['false_alarm_rate']:.1f} %  median detection delay "
              f"{m['median_detection_delay_minutes']:.0f} min  ({m['windows']} windows)")

    trained_on = {split: spec_of(Path(path)) for split, path in
                  report["data"]["sources"].items() if isinstance(path, str)}
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=ROOT).stdout.strip()
    RESULTS.mkdir(exist_ok=True)
    out = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "run": run.name,
        "trained_on": {k: asdict(v) if v else None for k, v in trained_on.items()},
        "unseen": {**asdict(spec), "scored_from_hours": SCORED_FROM_HOURS,
                   "normal_runs": "whole"},
        "models": results,
    }
    (RESULTS / "tep_unseen.json").write_text(json.dumps(out, indent=2) + "\n")
    print(f"wrote {RESULTS / 'tep_unseen.json'}")


if __name__ == "__main__":
    main()
