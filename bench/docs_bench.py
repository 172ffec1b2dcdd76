"""Documentation assistant benchmarks: prints figures and writes bench/results/docs.json.

    python bench/docs_bench.py [--calls 200]

Needs a published docs index (make demo, or: vitrine train docs && vitrine export docs).
Measures, on this machine:
- the encoder's cold start: importing the contract and loading USE's weights, in a fresh
  process (a Lambda's init), and its first and warm encodes;
- ``/docs/ask`` and ``/docs/search`` through the Lambda handler (Mangum) on a SQLite log:
  p50/p99 over the evaluation questions, asked in turn;
- the index: its build time (the whole pipeline: chunking, BM25, embeddings, evaluation),
  its ONNX graph's size and its manifest's.
Generation (SmolLM2 under llama-cpp-python) is not built here: no figures for it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from sepsis_bench import pct  # noqa: E402
from tep_bench import event, local_handler  # noqa: E402

RESULTS = ROOT / "bench" / "results"

COLD = """
import time
t0 = time.perf_counter()
from functions.contracts import docs
t1 = time.perf_counter()
docs.encoder()
t2 = time.perf_counter()
docs.embed(["Quel est le seuil PAHH en tête de puits ?"])
t3 = time.perf_counter()
docs.embed(["Combien de temps dure un permis de feu ?"])
t4 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    os.chdir(ROOT)


    from functions.registry import LocalBlobStore, RegistryReader
    from training.docs.pipeline import QUESTIONS, load_questions

    registry = ROOT / "data" / "registry"
    reader = RegistryReader(LocalBlobStore(registry / "models"))
    version = reader.production_version("docs")
    if not version:
        raise SystemExit("no published docs index: run `vitrine train docs` and "
                         "`vitrine export docs` first")
    results: dict = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
                     "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                     "version": version}
    out = subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.split()
    results["cold_start_s"] = dict(zip(("import", "load_encoder", "first_encode",
                                        "warm_encode"), map(float, out), strict=True))

    handler, key = local_handler("docs", registry)
    questions = [q["question"] for q in load_questions(QUESTIONS)]
    for path in ("/docs/ask", "/docs/search"):
        times = []
        for i in range(args.calls + 10):
            ev = event(path, key, {"question": questions[i % len(questions)]})
            t = time.perf_counter_ns()
            resp = handler(ev, None)
            if i >= 10:  # the first calls warm the caches
                times.append((time.perf_counter_ns() - t) / 1e6)
            assert resp["statusCode"] == 200, resp["body"][:300]
        results[path.strip("/").replace("/", "_")] = {
            "calls": len(times), "p50_ms": pct(times, 50), "p99_ms": pct(times, 99)}
    data, manifest = reader.load("docs", version)
    results["index"] = {"onnx_bytes": len(data),
                        "manifest_bytes": len(json.dumps(manifest).encode()),
                        "passages": len(manifest["chunks"]), "vocabulary": len(manifest["vocab"])}
    from training.docs.pipeline import CORPUS_DIR, Params, train

    t = time.perf_counter()
    train(CORPUS_DIR, Params(), force=True, runs_root=Path(tempfile.mkdtemp()) / "runs")
    results["index"]["build_s"] = time.perf_counter() - t

    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "docs.json").write_text(json.dumps(results, indent=2))
    c = results["cold_start_s"]
    print(f"cold start: import {c['import']:.2f} s, encoder load {c['load_encoder']:.2f} s, "
          f"first encode {c['first_encode'] * 1000:.0f} ms, warm {c['warm_encode'] * 1000:.1f} ms")
    for name in ("docs_ask", "docs_search"):
        r = results[name]
        print(f"/{name.replace('_', '/')}: p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms "
              f"({r['calls']} calls through the handler)")
    i = results["index"]
    print(f"index: {i['passages']} passages, {i['vocabulary']} terms, ONNX "
          f"{i['onnx_bytes'] / 1e6:.1f} MB, manifest {i['manifest_bytes'] / 1e3:.0f} kB, "
          f"built in {i['build_s']:.1f} s")
    print(f"wrote {RESULTS / 'docs.json'}")


if __name__ == "__main__":
    main()
