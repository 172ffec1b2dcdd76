"""What an explanation costs: the same request through the Lambda handler with and without
``"explain": true``, interleaved in one run, for sepsis, SECOM and TEP's baseline.

    python bench/explain_bench.py [--calls 1000]

Sepsis uses the bench's own model (bench/.work, trained when missing); SECOM and TEP the
production models of data/registry (`make demo`), skipped when not published. Prints the
p50/p99 of both and writes bench/results/explain.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from sepsis_bench import PATIENT, ensure_model, pct  # noqa: E402
from tep_bench import event, local_handler  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def paired(handler, path: str, key: str, body: dict, calls: int) -> dict:
    """p50/p99 ms of the plain and the explained request, alternated call by call."""
    plain, explained = event(path, key, body), event(path, key, {**body, "explain": True})
    for ev in (plain, explained):
        for _ in range(50):
            resp = handler(ev, None)
            assert resp["statusCode"] == 200, resp["body"][:300]
    times: dict[str, list[float]] = {"plain": [], "explained": []}
    for _ in range(calls):
        for name, ev in (("plain", plain), ("explained", explained)):
            t = time.perf_counter_ns()
            handler(ev, None)
            times[name].append((time.perf_counter_ns() - t) / 1e6)
    top = json.loads(handler(explained, None)["body"])["explanation"]
    out = {name: {"p50_ms": pct(v, 50), "p99_ms": pct(v, 99)} for name, v in times.items()}
    out["added_p50_ms"] = out["explained"]["p50_ms"] - out["plain"]["p50_ms"]
    out["inputs_listed"] = len(top["top"])
    return out


def tep_body() -> dict | None:
    """The last window of the first test file's first hour and a half (data/generated)."""
    import pandas as pd

    from functions.contracts.tep import VARIABLES, WINDOW
    test = sorted((ROOT / "data" / "generated" / "tep").glob("*test*.csv"))
    if not test:
        return None
    df = pd.read_csv(test[0], nrows=WINDOW * 3)
    rows = df[list(VARIABLES)].to_numpy()[-WINDOW:]
    return {"samples": [dict(zip(VARIABLES, map(float, r), strict=True)) for r in rows]}


def secom_body() -> dict:
    """The first real lot (data/secom, committed), gaps and all."""
    import numpy as np

    from functions.contracts.secom import FEATURES
    from training.secom.data import REAL_ROWS, load_csv

    row = load_csv(REAL_ROWS).iloc[0]
    return {"values": {f: None if np.isnan(row[f]) else float(row[f]) for f in FEATURES}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    args = parser.parse_args()
    os.chdir(ROOT)
    from functions.registry import LocalBlobStore, RegistryReader

    results: dict[str, dict] = {}
    registry, _ = ensure_model()
    handler, key = local_handler("sepsis", registry)
    results["sepsis"] = paired(handler, "/predict/patient", key, PATIENT, args.calls)
    demo = ROOT / "data" / "registry"
    reader = RegistryReader(LocalBlobStore(demo / "models"))
    for usecase, path, body in (("secom", "/secom/predict", secom_body),
                                ("tep", "/tep/predict", tep_body)):
        made = body() if reader.production_version(usecase) else None
        if made is None:
            print(f"{usecase}: skipped (no production model in data/registry, or no data)")
            continue
        handler, key = local_handler(usecase, demo)
        results[usecase] = paired(handler, path, key, made, args.calls)
    for name, r in results.items():
        print(f"{name:7s} plain p50 {r['plain']['p50_ms']:.2f} ms p99 {r['plain']['p99_ms']:.2f}"
              f" | explained p50 {r['explained']['p50_ms']:.2f} ms p99 "
              f"{r['explained']['p99_ms']:.2f} | +{r['added_p50_ms']:.2f} ms p50, "
              f"{r['inputs_listed']} inputs listed")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "explain.json"
    out.write_text(json.dumps({"date": datetime.now(UTC).isoformat(timespec="seconds"),
                               "calls": args.calls, "results": results}, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
