"""Sensors serving benchmarks: prints figures and writes bench/results/sensors.json.

    python bench/sensors_bench.py [--calls 300]

Needs published sensors models (make demo, or: vitrine data sensors && vitrine train sensors
--quick && vitrine export sensors). Measures through the Lambda handler (Mangum) on a SQLite
log, on a well simulated with another seed than the training site's:
- ``/sensors/forecast`` with 96 h of history and a 48 h horizon: p50/p99;
- ``/sensors/anomalies`` on 720 points (a month) and on a 10,000-point series;
- the forecaster's ONNX graph against the native XGBoost pipeline on the same feature rows
  (48 rows, a forecast's worth, and 10,000): time per call, side by side;
- model sizes; Prophet's fit (56 days hourly) and 48 h predict time, where installed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from sepsis_bench import pct  # noqa: E402
from tep_bench import event, local_handler  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def timed(fn, calls: int) -> dict:
    times = []
    for _ in range(calls):
        t = time.perf_counter_ns()
        fn()
        times.append((time.perf_counter_ns() - t) / 1e6)
    return {"calls": calls, "p50_ms": pct(times, 50), "p99_ms": pct(times, 99),
            "mean_ms": statistics.fmean(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()
    os.chdir(ROOT)

    import joblib

    from functions.contracts import sensors_forecast as fc
    from functions.models import make_session
    from functions.registry import LocalBlobStore, RegistryReader
    from training.runs import published_run
    from training.sensors.data import SiteSpec, generate_site

    registry = ROOT / "data" / "registry"
    reader = RegistryReader(LocalBlobStore(registry / "models"))
    version = reader.production_version("sensors")
    if not version:
        raise SystemExit("no published sensors model: run `vitrine data sensors`, `vitrine "
                         "train sensors --quick` and `vitrine export sensors` first")
    site = generate_site(SiteSpec(wells=1, hours=2 * 365 * 24, seed=4242))
    cols = ["timestamp", "pressure_bar", "temperature_c", "flow_m3h"]

    def readings(start: int, n: int) -> list[dict]:
        g = site.iloc[start:start + n][cols]
        return [{k: (None if isinstance(v, float) and np.isnan(v) else v)
                 for k, v in r.items()} for r in g.to_dict("records")]

    handler, key = local_handler("sensors", registry)
    results: dict = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
                     "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                     "version": version}

    def call(path: str, body: dict) -> None:
        resp = handler(event(path, key, body), None)
        assert resp["statusCode"] == 200, resp["body"][:300]

    fbody = {"series": readings(5000, 96), "horizon": 48}
    for _ in range(20):
        call("/sensors/forecast", fbody)
    results["forecast_96h_history_48h"] = timed(lambda: call("/sensors/forecast", fbody),
                                                args.calls)
    month = {"series": readings(6000, 720)}
    results["anomalies_720"] = timed(lambda: call("/sensors/anomalies", month),
                                     max(args.calls // 3, 20))
    big = {"series": readings(1000, 10_000)}
    body_mb = len(json.dumps(big)) / 1e6
    results["anomalies_10000"] = {**timed(lambda: call("/sensors/anomalies", big), 10),
                                  "body_mb": body_mb}

    # ONNX against native on the same rows.
    data, manifest = reader.load("sensors", version)
    run = published_run("sensors", manifest, ROOT / "artifacts" / "runs")
    if run is None:
        raise SystemExit(f"sensors {version}'s training run {manifest['run_id']} is not in "
                         "artifacts/runs: train and export again")
    native = joblib.load(run / "models" / "pressure_bar.joblib")
    session = make_session(data)
    name = session.get_inputs()[0].name
    g = site.set_index(pd.to_datetime(site["timestamp"], utc=True))
    y = fc.fill_gaps(g["pressure_bar"].to_numpy())
    flow = fc.fill_gaps(g["flow_m3h"].to_numpy())
    cmp = {}
    for n in (48, 10_000):
        o = np.full(n, 200) if n == 48 else np.random.default_rng(0).integers(60, 15000, n)
        h = np.tile(np.arange(1, 49), n // 48 + 1)[:n]
        x = fc.rows(y, flow, g.index, o, h)
        reps = 200 if n == 48 else 10
        onnx_t = timed(lambda x=x: session.run(None, {name: x}), reps)
        native_t = timed(lambda x=x: native.predict(x), reps)
        diff = float(np.abs(session.run(None, {name: x})[0].ravel() - native.predict(x)).max())
        cmp[f"rows_{n}"] = {"onnx_ms": onnx_t["p50_ms"], "native_ms": native_t["p50_ms"],
                            "speedup": native_t["p50_ms"] / onnx_t["p50_ms"],
                            "max_abs_diff": diff}
    results["onnx_vs_native"] = cmp
    results["model_bytes"] = {f: len(reader.load(f, reader.production_version(f))[0])
                              for f in ("sensors", "sensors_temperature")}
    try:
        import logging

        from prophet import Prophet

        logging.getLogger("cmdstanpy").setLevel(logging.WARNING)
        hist = pd.DataFrame({"ds": g.index[:56 * 24].tz_localize(None),
                             "y": g["pressure_bar"].to_numpy()[:56 * 24]}).dropna()
        fits, preds = [], []
        for _ in range(3):
            m = Prophet(daily_seasonality=True, weekly_seasonality=True,
                        yearly_seasonality=False)
            t = time.perf_counter()
            m.fit(hist)
            fits.append(time.perf_counter() - t)
            future = m.make_future_dataframe(48, freq="h", include_history=False)
            t = time.perf_counter()
            m.predict(future)
            preds.append(time.perf_counter() - t)
        results["prophet"] = {"fit_s_median": statistics.median(fits),
                              "predict_48h_s_median": statistics.median(preds),
                              "history_points": len(hist)}
    except ImportError:
        results["prophet"] = None

    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "sensors.json").write_text(json.dumps(results, indent=2))
    f = results["forecast_96h_history_48h"]
    print(f"forecast (96 h history, 48 h): p50 {f['p50_ms']:.2f} ms, p99 {f['p99_ms']:.2f} ms")
    for k in ("anomalies_720", "anomalies_10000"):
        r = results[k]
        print(f"{k}: p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms")
    for k, r in cmp.items():
        print(f"{k}: onnx {r['onnx_ms']:.3f} ms, native {r['native_ms']:.3f} ms "
              f"({r['speedup']:.1f}x), max |diff| {r['max_abs_diff']:.2e}")
    print(f"model bytes: {results['model_bytes']}")
    if results["prophet"]:
        p = results["prophet"]
        print(f"prophet: fit {p['fit_s_median']:.2f} s on {p['history_points']} points, "
              f"predict 48 h {p['predict_48h_s_median'] * 1000:.0f} ms")
    print(f"wrote {RESULTS / 'sensors.json'}")


if __name__ == "__main__":
    main()
