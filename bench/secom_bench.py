"""SECOM serving and monitoring benchmarks: prints figures and writes bench/results/secom.json.

    python bench/secom_bench.py [--calls 2000] [--logged 2000]

Needs a published SECOM model (make demo, or: vitrine train secom --quick && vitrine export
secom). Measures, through the Lambda handler (Mangum) on a SQLite log:
- one lot (``/secom/predict``): p50/p99;
- a batch of 600 lots as JSON rows and 1,500 as CSV text (what fits the 6 MiB body), and a
  20,000-lot file from the batch store (``s3_key``, local folder here): time, lots per second;
- the monitoring report (``GET /secom/monitoring``) over ``--logged`` logged lots: time, and
  the peak of memory allocated while it runs (tracemalloc; numpy reports its buffers to it),
  what a Lambda's memory size must cover beyond the loaded model.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from sepsis_bench import pct  # noqa: E402
from tep_bench import event  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def get_event(path: str, key: str) -> dict:
    ev = event(path, key, {})
    ev.update(routeKey=f"GET {path}", body=None)
    ev["requestContext"]["http"]["method"] = "GET"
    return ev


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--logged", type=int, default=2000)
    args = parser.parse_args()
    os.chdir(ROOT)

    from mangum import Mangum

    from functions.app import create_app
    from functions.auth import create_key
    from functions.contracts.secom import FEATURES
    from functions.registry import LocalBlobStore, RegistryReader
    from functions.settings import Settings
    from functions.stores.sqlite import SQLiteStore
    from training.secom.data import GENERATED, GeneratorSpec, generate

    registry = ROOT / "data" / "registry"
    version = RegistryReader(LocalBlobStore(registry / "models")).production_version("secom")
    if not version:
        raise SystemExit("no published SECOM model: run `vitrine train secom --quick` and "
                         "`vitrine export secom` first")
    # Unseen lots (another seed than the training data's), in the real CSV layout.
    lots = generate(GeneratorSpec(lots=20_000, seed=77))
    values = lots[list(FEATURES)]

    def lot_body(i: int) -> dict:
        return {"values": {f: (None if np.isnan(v) else float(v))
                           for f, v in zip(FEATURES, values.iloc[i].to_numpy(), strict=True)}}

    tmp = Path(tempfile.mkdtemp())
    store = SQLiteStore(tmp / "bench.db")
    key, _ = create_key(store, "predictor", "bench")
    settings = Settings(registry_dir=registry, sqlite_path=tmp / "bench.db", usecases=["secom"],
                        batch_dir=tmp / "batch", tracking_uri="off", auto_retrain=False,
                        monitor_window=args.logged)
    handler = Mangum(create_app(settings, store=store), lifespan="off")
    results: dict = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
                     "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                     "version": version, "source": str(GENERATED)}

    bodies = [lot_body(i) for i in range(200)]
    for i in range(50):
        assert handler(event("/secom/predict", key, bodies[i]), None)["statusCode"] == 200
    times = []
    for i in range(args.calls):
        ev = event("/secom/predict", key, bodies[i % len(bodies)])
        t = time.perf_counter_ns()
        handler(ev, None)
        times.append((time.perf_counter_ns() - t) / 1e6)
    results["predict"] = {"calls": args.calls, "p50_ms": pct(times, 50), "p99_ms": pct(times, 99),
                          "mean_ms": statistics.fmean(times)}

    rows = [[None if np.isnan(v) else float(v) for v in r]
            for r in lots.head(600)[list(FEATURES)].to_numpy()]
    csv_text = lots.head(1500).drop(columns=["Pass/Fail"]).to_csv(index=False,
                                                                 float_format="%.6g")
    batches = {}
    for name, n, body in (("rows_600", 600, {"rows": [dict(zip(FEATURES, r, strict=True))
                                                      for r in rows]}),
                          ("csv_1500", 1500, {"csv": csv_text})):
        ev = event("/secom/predict/batch", key, body)
        t = time.perf_counter()
        resp = handler(ev, None)
        seconds = time.perf_counter() - t
        assert resp["statusCode"] == 200, resp["body"][:300]
        batches[name] = {"lots": n, "seconds": seconds, "lots_per_s": n / seconds,
                         "body_mb": len(ev["body"]) / 1e6}
    (tmp / "batch" / "in").mkdir(parents=True)
    lots.drop(columns=["Pass/Fail"]).to_csv(tmp / "batch" / "in" / "bench.csv", index=False)
    ev = event("/secom/predict/batch", key, {"s3_key": "in/bench.csv"})
    t = time.perf_counter()
    resp = handler(ev, None)
    seconds = time.perf_counter() - t
    assert resp["statusCode"] == 200, resp["body"][:300]
    batches["file_20000"] = {"lots": 20_000, "seconds": seconds, "lots_per_s": 20_000 / seconds,
                             "file_mb": (tmp / "batch" / "in" / "bench.csv").stat().st_size / 1e6}
    results["batch"] = batches

    # Fill the log with single-lot predictions up to --logged, then time the report.
    for i in range(args.calls + 50, args.logged):
        handler(event("/secom/predict", key, lot_body(i % len(lots))), None)
    reports = []
    for _ in range(3):
        t = time.perf_counter()
        resp = handler(get_event("/secom/monitoring", key), None)
        reports.append(time.perf_counter() - t)
        assert resp["statusCode"] == 200, resp["body"][:300]
    report = json.loads(resp["body"])
    tracemalloc.start()
    handler(get_event("/secom/monitoring", key), None)
    peak_alloc_mb = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    results["monitoring"] = {
        "rows": report["drift"].get("rows"), "features_checked":
            report["drift"].get("features_checked"), "verdict": report["drift"]["verdict"],
        "seconds_min": min(reports), "seconds_median": statistics.median(reports),
        "peak_allocated_mb": peak_alloc_mb, "process_peak_rss_mb": peak_rss_mb(),
    }
    shutil.rmtree(tmp)

    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "secom.json").write_text(json.dumps(results, indent=2))
    p = results["predict"]
    print(f"/secom/predict        p50 {p['p50_ms']:.2f} ms  p99 {p['p99_ms']:.2f} ms")
    for name, b in batches.items():
        print(f"batch {name:<12} {b['seconds']:.2f} s  {b['lots_per_s']:.0f} lots/s")
    m = results["monitoring"]
    print(f"monitoring report     {m['seconds_median']:.2f} s over {m['rows']} rows, "
          f"{m['features_checked']} features ({m['verdict']}); "
          f"{m['peak_allocated_mb']:.0f} MB allocated at the peak")
    print(f"written: {RESULTS / 'secom.json'}")


if __name__ == "__main__":
    main()
