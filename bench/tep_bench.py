"""TEP serving benchmarks: prints figures and writes bench/results/tep.json.

    python bench/tep_bench.py [--calls 2000]

Needs a published TEP run (make demo, or: vitrine data tep && vitrine train tep --quick &&
vitrine export tep).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from sepsis_bench import pct, timed  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def local_handler(usecase: str, registry: Path):
    """The Lambda handler (Mangum) over the app serving ``usecase`` from ``registry``, its
    log in a fresh SQLite file, and a predictor key for it: what the benches call."""
    import tempfile

    from mangum import Mangum

    from functions.app import create_app
    from functions.auth import create_key
    from functions.settings import Settings
    from functions.stores.sqlite import SQLiteStore

    tmp = Path(tempfile.mkdtemp())
    store = SQLiteStore(tmp / "bench.db")
    key, _ = create_key(store, "predictor", "bench")
    settings = Settings(registry_dir=registry, sqlite_path=tmp / "bench.db",
                        usecases=[usecase], tracking_uri="off", auto_retrain=False)
    return Mangum(create_app(settings, store=store), lifespan="off"), key


def event(path: str, key: str, body: dict) -> dict:
    return {
        "version": "2.0", "routeKey": f"POST {path}", "rawPath": path, "rawQueryString": "",
        "headers": {"content-type": "application/json", "x-api-key": key, "host": "bench"},
        "requestContext": {"http": {"method": "POST", "path": path, "protocol": "HTTP/1.1",
                                    "sourceIp": "127.0.0.1"}, "stage": "$default"},
        "body": json.dumps(body), "isBase64Encoded": False,
    }


def handler_latency(handler, ev: dict, calls: int, warmup: int = 100) -> dict:
    """p50/p99/mean milliseconds of ``calls`` handler calls on one event, after warm-up
    calls that must all answer 200."""
    for _ in range(warmup):
        resp = handler(ev, None)
        assert resp["statusCode"] == 200, resp["body"][:500]
    times = []
    for _ in range(calls):
        t = time.perf_counter_ns()
        handler(ev, None)
        times.append((time.perf_counter_ns() - t) / 1e6)
    return {"calls": calls, "p50_ms": pct(times, 50), "p99_ms": pct(times, 99),
            "mean_ms": statistics.fmean(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    args = parser.parse_args()
    os.chdir(ROOT)

    import joblib
    import pandas as pd
    from mangum import Mangum

    from functions.app import create_app
    from functions.auth import create_key
    from functions.contracts.tep import VARIABLES, WINDOW, window_features
    from functions.registry import LocalBlobStore, RegistryReader
    from functions.settings import Settings
    from functions.stores.sqlite import SQLiteStore
    from training.runs import published_run
    from training.tep.pipeline import Probabilities, make_cnn

    registry = ROOT / "data" / "registry"
    reader = RegistryReader(LocalBlobStore(registry / "models"))
    versions = {f: reader.production_version(f) for f in ("tep", "tep_dl")}
    if not all(versions.values()):
        raise SystemExit("no published TEP models: run `vitrine train tep --quick` and "
                         "`vitrine export tep` first")
    manifest = reader.manifest("tep", versions["tep"])
    run = published_run("tep", manifest, ROOT / "artifacts" / "runs")
    if run is None:
        raise SystemExit(f"tep {versions['tep']}'s training run {manifest['run_id']} is not in "
                         "artifacts/runs: train and export again")
    df = pd.read_csv(manifest["training_data"]["sources"]["test"])
    rows = df[(df.faultNumber == 1) & (df.simulationRun == 1)][list(VARIABLES)].to_numpy()
    window = rows[200:200 + WINDOW]
    body = {"samples": [dict(zip(VARIABLES, map(float, r), strict=True)) for r in window]}

    tmp = Path(tempfile.mkdtemp())
    store = SQLiteStore(tmp / "bench.db")
    key, _ = create_key(store, "predictor", "bench")
    handler = Mangum(create_app(Settings(registry_dir=registry, sqlite_path=tmp / "bench.db",
                                         usecases=["tep"]), store=store), lifespan="off")
    results: dict = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
                     "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                     "versions": versions, "endpoints": {}}
    for path in ("/tep/predict", "/tep/predict_dl"):
        results["endpoints"][path] = handler_latency(handler, event(path, key, body),
                                                     args.calls)
    shutil.rmtree(tmp)

    # ONNX as served against the native models, one window and 1,000 windows.
    from functions.models import make_session

    holdout = np.load(run / "holdout.npz")["windows"].astype(np.float32)
    one, many = holdout[:1], holdout[:1000]
    report = json.loads((run / "report.json").read_text())
    xgb = joblib.load(run / "models" / "xgboost.joblib")
    spec = report["cnn"]
    std = np.array(spec["std"])
    net = make_cnn(np.array(spec["mean"]), np.where(std > 1e-9, std, 1.0), spec["channels"],
                   len(report["classes"]))
    import torch

    net.load_state_dict(torch.load(run / "models" / "cnn.pt"))
    cnn = Probabilities(net)
    sessions = {f: make_session(reader.load(f, versions[f])[0]) for f in versions}

    def onnx(family, x):
        s = sessions[family]
        return s.run(["probabilities"], {s.get_inputs()[0].name: x})

    f_one, f_many = window_features(one), window_features(many)
    results["onnx_vs_native"] = {
        "xgboost": {"onnx_1_ms": timed(lambda: onnx("tep", f_one), 1000),
                    "native_1_ms": timed(lambda: xgb.predict_proba(f_one), 200),
                    "onnx_1000_ms": timed(lambda: onnx("tep", f_many), 30),
                    "native_1000_ms": timed(lambda: xgb.predict_proba(f_many), 30)},
        "cnn": {"onnx_1_ms": timed(lambda: onnx("tep_dl", one), 1000),
                "torch_1_ms": timed(lambda: cnn.predict_proba(one), 200),
                "onnx_1000_ms": timed(lambda: onnx("tep_dl", many), 30),
                "torch_1000_ms": timed(lambda: cnn.predict_proba(many), 30)},
        "window_features_1_ms": timed(lambda: window_features(one), 2000),
    }
    results["model_bytes"] = {f: reader.manifest(f, v)["artifact"]["bytes"]
                              for f, v in versions.items()}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "tep.json").write_text(json.dumps(results, indent=2))
    for path, r in results["endpoints"].items():
        print(f"{path:<18} p50 {r['p50_ms']:.2f} ms  p99 {r['p99_ms']:.2f} ms")
    for name, r in results["onnx_vs_native"].items():
        print(name, {k: round(v, 4) for k, v in r.items()} if isinstance(r, dict) else r)
    print("model bytes", results["model_bytes"])
    print(f"written: {RESULTS / 'tep.json'}")


if __name__ == "__main__":
    main()
