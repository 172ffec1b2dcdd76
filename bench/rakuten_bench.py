"""Rakuten serving benchmarks: prints figures and writes bench/results/rakuten.json.

    python bench/rakuten_bench.py [--calls 500] [--bundle]

The handler (Mangum around the app, as Lambda calls it) on text only and on text with a
500 x 500 JPEG; each family's ONNX graph against its native model (scikit-learn, TorchScript)
on 1 and 1,000 rows (100 for photos); model sizes; with --bundle, the Lambda bundle with
image decoding (built with pip: minutes).
Needs published Rakuten models (make demo, or vitrine data rakuten && vitrine train rakuten
--quick && vitrine export rakuten).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import platform
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from sepsis_bench import bench_bundle, timed  # noqa: E402
from tep_bench import event, handler_latency  # noqa: E402

RESULTS = ROOT / "bench" / "results"
FAMILIES = ("rakuten", "rakuten_image", "rakuten_fusion")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--bundle", action="store_true")
    args = parser.parse_args()
    os.chdir(ROOT)

    from mangum import Mangum

    from functions.app import create_app
    from functions.auth import create_key
    from functions.models import feed, make_session
    from functions.registry import LocalBlobStore, RegistryReader
    from functions.settings import Settings
    from functions.stores.sqlite import SQLiteStore
    from model_export.converters import certification_rows, load_native
    from training.rakuten.data import load

    registry = ROOT / "data" / "registry"
    reader = RegistryReader(LocalBlobStore(registry / "models"))
    versions = {f: reader.production_version(f) for f in FAMILIES}
    if not all(versions.values()):
        raise SystemExit("no published Rakuten models: run `vitrine train rakuten --quick` "
                         "and `vitrine export rakuten` first")
    manifest = reader.manifest("rakuten", versions["rakuten"])
    run = ROOT / "artifacts" / "runs" / "rakuten" / manifest["run_id"]
    df = load(Path(manifest["training_data"]["source"]))
    row = df[df["description"].notna()].iloc[0]
    photo = base64.b64encode(Path(row["image_path"]).read_bytes()).decode()
    bodies = {"text": {"designation": row["designation"], "description": row["description"]},
              "text+image": {"designation": row["designation"],
                             "description": row["description"], "image": photo}}

    tmp = Path(tempfile.mkdtemp())
    store = SQLiteStore(tmp / "bench.db")
    key, _ = create_key(store, "predictor", "bench")
    handler = Mangum(create_app(Settings(registry_dir=registry, sqlite_path=tmp / "bench.db",
                                         usecases=["rakuten"]), store=store), lifespan="off")
    results: dict = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
                     "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                     "versions": versions, "photo_bytes": len(base64.b64decode(photo)),
                     "endpoints": {}}
    for name, body in bodies.items():
        results["endpoints"][name] = handler_latency(
            handler, event("/rakuten/predict", key, body), args.calls, warmup=20)
    shutil.rmtree(tmp)

    # ONNX as served against the native model, on the run's certification rows.
    report = json.loads((run / "report.json").read_text())
    results["onnx_vs_native"] = {}
    results["model_mb"] = {}
    for entry in report["exports"]:
        family = entry["family"]
        data, _ = reader.load(family, versions[family])
        results["model_mb"][family] = len(data) / 1e6
        session = make_session(data)
        native = load_native(run, entry)
        x, _ = certification_rows(run, entry)
        many = 100 if family == "rakuten_image" else 1000
        x_many = np.concatenate([x] * int(np.ceil(many / len(x))))[:many]
        loops = 20 if family == "rakuten_image" else 200
        results["onnx_vs_native"][family] = {
            "rows_many": many,
            "onnx_1row_ms": timed(lambda s=session, r=x[:1]: s.run(None, feed(s, r)), loops),
            "native_1row_ms": timed(lambda r=x[:1], n=native: n.predict_proba(r), loops),
            "onnx_many_ms": timed(lambda s=session, r=x_many: s.run(None, feed(s, r)), 3),
            "native_many_ms": timed(lambda r=x_many, n=native: _native_many(n, r), 3),
        }
    if args.bundle:
        print("Lambda bundle…", flush=True)
        results["bundle"] = bench_bundle()

    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "rakuten.json").write_text(json.dumps(results, indent=2))
    for name, r in results["endpoints"].items():
        print(f"handler {name:10s} p50 {r['p50_ms']:7.2f} ms   p99 {r['p99_ms']:7.2f} ms")
    for family, r in results["onnx_vs_native"].items():
        print(f"{family:15s} 1 row: ONNX {r['onnx_1row_ms']:8.3f} ms vs native "
              f"{r['native_1row_ms']:8.3f} ms ({r['native_1row_ms'] / r['onnx_1row_ms']:.1f}x); "
              f"{r['rows_many']} rows: ONNX {r['onnx_many_ms']:9.1f} ms vs native "
              f"{r['native_many_ms']:9.1f} ms ({r['native_many_ms'] / r['onnx_many_ms']:.1f}x)")
    for family, mb in results["model_mb"].items():
        print(f"{family:15s} {mb:6.2f} MB")
    if "bundle" in results:
        b = results["bundle"]
        print(f"bundle: {b['unzipped_mb']:.1f} MB unzipped, {b['zipped_mb']:.1f} MB zipped")
    print(f"wrote {RESULTS / 'rakuten.json'}")


def _native_many(native, x):
    # TorchNative batches itself; sklearn takes the whole matrix: each as a user would call it.
    return native.predict_proba(x)


if __name__ == "__main__":
    main()
