"""What a rollout costs a caller: the sepsis request with production alone, with a shadow
candidate (scored too) and with a 50 % canary, interleaved call by call in one run,

- through the Lambda handler (Mangum): the invocation ends after the shadow's scoring;
- through `vitrine serve` (uvicorn, one process per setup, an HTTP client here): the answer
  is sent before the shadow scores (a background task), so the caller does not wait for it.

    python bench/rollout_bench.py [--calls 1000]

The sepsis model of data/registry (`make demo`), or the bench's own (bench/.work); the
candidate is the same run's random forest, published beside it. Prints p50/p99 of each and
writes bench/results/rollout.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from sepsis_bench import PATIENT, ensure_model, pct  # noqa: E402
from tep_bench import event, local_handler  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    args = parser.parse_args()
    os.chdir(ROOT)
    from functions.registry import LocalBlobStore
    from model_export.export import export_run
    from model_export.registry import RegistryWriter

    source, run = ensure_model()
    tmp = Path(tempfile.mkdtemp())
    handlers = {}
    versions = {}
    for setup in ("alone", "shadow", "canary_50"):
        registry = Path(shutil.copytree(source, tmp / setup))
        writer = RegistryWriter(LocalBlobStore(registry / "models"))
        production = writer.production_version("sepsis")
        [candidate] = [r["version"] for r in export_run(run, writer, "rf", promote=False)]
        if candidate == production:
            raise SystemExit("the run's rf is production already: nothing to roll out")
        if setup == "shadow":
            writer.start_rollout("sepsis", candidate, "shadow")
        elif setup == "canary_50":
            writer.start_rollout("sepsis", candidate, "canary", 0.5)
        handlers[setup] = local_handler("sepsis", registry)
        versions = {"production": production, "candidate": candidate}

    # Distinct bodies (the canary's pick hashes the request), the same ones for every setup.
    bodies = [{**PATIENT, "vitals": {**PATIENT["vitals"], "HR": 40 + i * 140 / args.calls}}
              for i in range(args.calls)]
    events = {s: [event("/predict/patient", key, b) for b in bodies]
              for s, (_, key) in handlers.items()}
    for s, (handler, _) in handlers.items():
        for ev in events[s][:50]:
            assert handler(ev, None)["statusCode"] == 200
    times: dict[str, list[float]] = {s: [] for s in handlers}
    answered: dict[str, dict[str, int]] = {s: {} for s in handlers}
    for i in range(args.calls):
        for s, (handler, _) in handlers.items():
            t = time.perf_counter_ns()
            resp = handler(events[s][i], None)
            times[s].append((time.perf_counter_ns() - t) / 1e6)
            v = json.loads(resp["body"])["model_version"]
            answered[s][v] = answered[s].get(v, 0) + 1

    out = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
           "machine": {"cpus": os.cpu_count()}, "calls": args.calls, "versions": versions,
           "setups": summary(times, answered, versions, args.calls),
           "server": summary(*through_servers(tmp, bodies, versions), versions, args.calls)}
    # The shadow server scored every request after answering it: its log says so.
    import sqlite3
    with sqlite3.connect(tmp / "shadow-serve.db") as db:
        out["server"]["shadow"]["shadow_answers_logged"] = db.execute(
            "SELECT COUNT(*) FROM predictions WHERE variant = 'shadow'").fetchone()[0]
    for where in ("setups", "server"):
        print("handler (Mangum):" if where == "setups" else "vitrine serve (HTTP):")
        for s, r in out[where].items():
            print(f"  {s:10s} p50 {r['p50_ms']:6.3f} ms  p99 {r['p99_ms']:6.3f} ms  "
                  f"x{r['p50_vs_alone']:.2f} of production alone  "
                  f"candidate answered {r['answered_by_candidate']:.1%}")
    print(f"shadow answers the server logged: {out['server']['shadow']['shadow_answers_logged']}"
          f" of {args.calls + 50} requests")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "rollout.json").write_text(json.dumps(out, indent=2) + "\n")
    print(f"wrote {RESULTS / 'rollout.json'}")


def summary(times: dict, answered: dict, versions: dict, calls: int) -> dict:
    out = {s: {"p50_ms": pct(v, 50), "p99_ms": pct(v, 99),
               "answered_by_candidate": answered[s].get(versions["candidate"], 0) / calls}
           for s, v in times.items()}
    for r in out.values():
        r["p50_vs_alone"] = r["p50_ms"] / out["alone"]["p50_ms"]
    return out


def through_servers(tmp: Path, bodies: list[dict], versions: dict) -> tuple[dict, dict]:
    """The same calls through one `vitrine serve` per setup (the registries made above),
    one keep-alive HTTP client each, interleaved call by call."""
    import subprocess

    import httpx

    from functions.auth import create_key
    from functions.stores.sqlite import SQLiteStore
    from vitrine.simulate import free_port

    servers, clients = {}, {}
    try:
        for setup in ("alone", "shadow", "canary_50"):
            db = tmp / f"{setup}-serve.db"
            store = SQLiteStore(db)
            key, _ = create_key(store, "predictor", "bench")
            store.close()
            port = free_port()
            env = {**os.environ, "VITRINE_REGISTRY_DIR": str(tmp / setup),
                   "VITRINE_SQLITE_PATH": str(db), "VITRINE_USECASES": '["sepsis"]',
                   "VITRINE_TRACKING_URI": "off", "VITRINE_AUTO_RETRAIN": "false",
                   "VITRINE_MONITOR_INTERVAL_S": "0"}
            servers[setup] = subprocess.Popen(
                [sys.executable, "-m", "vitrine.cli", "serve", "--port", str(port),
                 "--no-access-log"], env=env, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL)
            clients[setup] = httpx.Client(base_url=f"http://127.0.0.1:{port}",
                                          headers={"X-API-Key": key}, timeout=10)
        for client in clients.values():
            for _ in range(300):  # up, and its models loaded
                try:
                    if client.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
            for b in bodies[:50]:
                assert client.post("/predict/patient", json=b).status_code == 200
        times: dict[str, list[float]] = {s: [] for s in clients}
        answered: dict[str, dict[str, int]] = {s: {} for s in clients}
        for b in bodies:
            for setup, client in clients.items():
                t = time.perf_counter_ns()
                r = client.post("/predict/patient", json=b)
                times[setup].append((time.perf_counter_ns() - t) / 1e6)
                v = r.json()["model_version"]
                answered[setup][v] = answered[setup].get(v, 0) + 1
        return times, answered
    finally:
        for client in clients.values():
            client.close()
        for proc in servers.values():
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
