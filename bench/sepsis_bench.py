"""Sepsis serving benchmarks: prints figures and writes bench/results/sepsis.json.

    python bench/sepsis_bench.py [--calls 3000] [--cold-runs 5] [--skip-bundle]

Uses the local registry and latest training run when ``make demo`` made them; otherwise
generates 1,000 patients and trains the default models in bench/.work first.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "bench" / ".work"
PATIENT = json.loads((ROOT / "tests/events/patient.json").read_text())
TARGETS = {"handler_p50_ms": 1.5, "cold_start_s": 1.5, "onnx_speedup_1row": 10.0,
           "bundle_mb": 130.0}


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def ensure_model() -> tuple[Path, Path]:
    """(registry root, run folder) with a production sepsis model."""
    from functions.registry import LocalBlobStore
    from model_export.export import export_run
    from model_export.registry import RegistryWriter
    from training.runs import latest_run

    registry = ROOT / "data" / "registry"
    run = latest_run("sepsis", ROOT / "artifacts" / "runs")
    writer = RegistryWriter(LocalBlobStore(registry / "models"))
    if run and writer.production_version("sepsis"):
        return registry, run
    from training.sepsis.data import CohortSpec, generate_cohort
    from training.sepsis.pipeline import Params, train

    print("no demo model: generating 1,000 patients and training in bench/.work", flush=True)
    cohort = generate_cohort(WORK / "cohort", CohortSpec(patients=1000))
    run, _ = train(cohort, Params(), runs_root=WORK / "runs")
    registry = WORK / "registry"
    export_run(run, RegistryWriter(LocalBlobStore(registry / "models")), promote=True)
    return registry, run


def v2_event(key: str) -> dict:
    return {
        "version": "2.0", "routeKey": "POST /predict/patient", "rawPath": "/predict/patient",
        "rawQueryString": "",
        "headers": {"content-type": "application/json", "x-api-key": key, "host": "bench"},
        "requestContext": {"http": {"method": "POST", "path": "/predict/patient",
                                    "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1"},
                           "stage": "$default", "requestId": "bench"},
        "body": json.dumps(PATIENT), "isBase64Encoded": False,
    }


def bench_warm(registry: Path, calls: int) -> dict:
    """The full handler path: event -> Mangum -> FastAPI -> validation -> ONNX -> log -> answer."""
    from mangum import Mangum

    from functions.app import create_app
    from functions.auth import create_key
    from functions.settings import Settings
    from functions.stores.sqlite import SQLiteStore

    tmp = Path(tempfile.mkdtemp())
    store = SQLiteStore(tmp / "bench.db")
    key, _ = create_key(store, "predictor", "bench")
    handler = Mangum(create_app(Settings(registry_dir=registry, sqlite_path=tmp / "bench.db",
                                         usecases=["sepsis"]), store=store), lifespan="off")
    event = v2_event(key)
    for _ in range(200):
        assert handler(event, None)["statusCode"] == 200
    times = []
    for _ in range(calls):
        t = time.perf_counter_ns()
        handler(event, None)
        times.append((time.perf_counter_ns() - t) / 1e6)
    logged = len(store.recent_predictions("sepsis", limit=calls + 500))
    shutil.rmtree(tmp)
    return {"calls": calls, "p50_ms": pct(times, 50), "p90_ms": pct(times, 90),
            "p99_ms": pct(times, 99), "mean_ms": statistics.fmean(times),
            "predictions_logged": logged}


def bench_components(registry: Path) -> dict:
    """Where the time of one call goes (median microseconds)."""
    from functions.contracts.sepsis import PatientRequest, patient_features, request_rows
    from functions.models import build_model
    from functions.registry import LocalBlobStore, RegistryReader

    reader = RegistryReader(LocalBlobStore(registry / "models"))
    version = reader.production_version("sepsis")
    model = build_model("sepsis", version, *reader.load("sepsis", version))
    req = PatientRequest.model_validate(PATIENT)
    x = patient_features(*request_rows(req))[-1:]

    def median_us(fn, n=3000):
        return timed(fn, n) * 1e3

    return {
        "validate_us": median_us(lambda: PatientRequest.model_validate_json(json.dumps(PATIENT))),
        "features_us": median_us(lambda: patient_features(*request_rows(req))),
        "onnx_us": median_us(lambda: model.predict_proba(x)),
    }


COLD = r"""
import json, os, sys, time
t0 = time.perf_counter()
from functions.handler import handler
t_import = time.perf_counter()
resp = handler(json.loads(os.environ["BENCH_EVENT"]), None)
t_first = time.perf_counter()
assert resp["statusCode"] == 200, resp
print(json.dumps({"import_s": t_import - t0, "first_call_s": t_first - t_import}))
"""


def cold_runs(env: dict, runs: int) -> dict:
    walls, imports, firsts = [], [], []
    for _ in range(runs):
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", COLD], env=env, capture_output=True,
                             text=True, cwd=ROOT)
        walls.append(time.perf_counter() - t)
        if out.returncode != 0:
            raise SystemExit(f"cold start run failed:\n{out.stderr[-3000:]}")
        inner = json.loads(out.stdout.strip().splitlines()[-1])
        imports.append(inner["import_s"])
        firsts.append(inner["first_call_s"])
    return {"runs": runs, "wall_median_s": statistics.median(walls), "wall_max_s": max(walls),
            "import_median_s": statistics.median(imports),
            "first_call_median_s": statistics.median(firsts)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_cold(registry: Path, runs: int) -> dict:
    """Fresh process to the first answered /predict/patient (interpreter start included)."""
    from functions.auth import create_key
    from functions.stores.sqlite import SQLiteStore

    tmp = Path(tempfile.mkdtemp())
    key, _ = create_key(SQLiteStore(tmp / "cold.db"), "predictor", "bench")
    base = {**os.environ, "BENCH_EVENT": json.dumps(v2_event(key)),
            "VITRINE_SQLITE_PATH": str(tmp / "cold.db"), "VITRINE_USECASES": '["sepsis"]'}
    results = {"local": cold_runs({**base, "VITRINE_REGISTRY_DIR": str(registry)}, runs)}

    import boto3
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    try:
        creds = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
                 "AWS_DEFAULT_REGION": "eu-west-3", "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}"}
        s3 = boto3.client("s3", endpoint_url=creds["AWS_ENDPOINT_URL"], region_name="eu-west-3",
                          aws_access_key_id="bench", aws_secret_access_key="bench")
        s3.create_bucket(Bucket="bench-models",
                         CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
        for path in (registry / "models" / "sepsis").rglob("*"):
            if path.is_file():
                s3.upload_file(str(path), "bench-models", path.relative_to(registry).as_posix())
        results["s3_moto_server"] = cold_runs(
            {**base, **creds, "VITRINE_REGISTRY": "s3", "VITRINE_MODEL_BUCKET": "bench-models"},
            runs,
        )
    finally:
        server.stop()
        shutil.rmtree(tmp)
    return results


def timed(fn, n: int) -> float:
    """Median milliseconds of ``n`` calls, after one warm-up call."""
    fn()
    ts = []
    for _ in range(n):
        t = time.perf_counter_ns()
        fn()
        ts.append(time.perf_counter_ns() - t)
    return statistics.median(ts) / 1e6


def compare(native, session, x: np.ndarray) -> dict:
    inp = session.get_inputs()[0].name
    row, rows = x[:1], x[:1000]
    r = {
        "onnx_1row_ms": timed(lambda: session.run(["probabilities"], {inp: row}), 2000),
        "native_1row_ms": timed(lambda: native.predict_proba(row), 200),
        "onnx_1000rows_ms": timed(lambda: session.run(["probabilities"], {inp: rows}), 50),
        "native_1000rows_ms": timed(lambda: native.predict_proba(rows), 20),
    }
    r["speedup_1row"] = r["native_1row_ms"] / r["onnx_1row_ms"]
    r["speedup_1000rows"] = r["native_1000rows_ms"] / r["onnx_1000rows_ms"]
    return r


def bench_onnx_vs_native(run: Path) -> dict:
    """Each model of the run, native against ONNX as served (one intra-op thread)."""
    import joblib

    from functions.models import make_session
    from model_export.onnx_export import to_onnx

    holdout = np.load(run / "holdout.npz")["x"].astype(np.float32)
    report = json.loads((run / "report.json").read_text())
    out = {}
    for name in report["models"]:
        native = joblib.load(run / "models" / f"{name}.joblib")
        session = make_session(to_onnx(native, holdout.shape[1]))
        out[name] = compare(native, session, holdout)
    return out


def bench_bundle() -> dict:
    from infra.bundle import build

    out = ROOT / "build" / "lambda"
    info = build(out)
    archive = shutil.make_archive(str(ROOT / "build" / "lambda-bundle"), "zip", out)
    info["zipped_mb"] = round(Path(archive).stat().st_size / 2**20, 1)
    return {k: info[k] for k in ("unzipped_mb", "zipped_mb", "python", "platforms",
                                 "provided_by_runtime")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--skip-bundle", action="store_true", help="no network: skip the bundle")
    args = parser.parse_args()
    os.chdir(ROOT)

    registry, run = ensure_model()
    results: dict = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "model_version": json.loads(
            (registry / "models/sepsis/aliases/production.json").read_text())["version"],
    }
    print("warm handler latency…", flush=True)
    results["warm"] = bench_warm(registry, args.calls)
    results["components"] = bench_components(registry)
    print("cold starts…", flush=True)
    results["cold_start"] = bench_cold(registry, args.cold_runs)
    print("ONNX against native…", flush=True)
    results["onnx_vs_native"] = bench_onnx_vs_native(run)
    if not args.skip_bundle:
        print("Lambda bundle…", flush=True)
        results["bundle"] = bench_bundle()

    w, c = results["warm"], results["cold_start"]
    rows = [
        ("handler p50 (ms)", w["p50_ms"], TARGETS["handler_p50_ms"], "<="),
        ("handler p99 (ms)", w["p99_ms"], None, ""),
        ("cold start, local registry (s)", c["local"]["wall_median_s"],
         TARGETS["cold_start_s"], "<="),
        ("cold start, S3 moto server (s)", c["s3_moto_server"]["wall_median_s"],
         TARGETS["cold_start_s"], "<="),
    ]
    for name, r in results["onnx_vs_native"].items():
        rows.append((f"{name}: ONNX speed-up, 1 row (x)", r["speedup_1row"],
                     TARGETS["onnx_speedup_1row"], ">="))
        rows.append((f"{name}: ONNX speed-up, 1000 rows (x)", r["speedup_1000rows"], None, ""))
    if "bundle" in results:
        rows.append(("bundle unzipped (MB)", results["bundle"]["unzipped_mb"],
                     TARGETS["bundle_mb"], "<="))
    results["summary"] = []
    print(f"\n{'figure':<40}{'measured':>12}{'target':>10}  met")
    for name, value, target, op in rows:
        met = None if target is None else (value <= target if op == "<=" else value >= target)
        results["summary"].append({"figure": name, "value": value, "target": target, "met": met})
        print(f"{name:<40}{value:>12.3f}{'' if target is None else f'{op}{target}':>10}  "
              f"{'' if met is None else ('yes' if met else 'NO')}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "sepsis.json").write_text(json.dumps(results, indent=2))
    print(f"\nwritten: {RESULTS / 'sepsis.json'}")


if __name__ == "__main__":
    main()
