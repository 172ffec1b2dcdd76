"""Throughput under load: `vitrine serve` against the framework's floor, in the same run.

    python bench/load_bench.py [--clients 50] [--seconds 8] [--rounds 2] [--workers 1]

Both servers run on this machine (loopback only; wrk, from Debian's package, is the load),
serving the same sepsis model: Vitrine
with validation, features, auth and the prediction log, and bench/bare_app.py with none of
them. Rounds alternate between the two (interleaved, so machine noise hits both); each round
keeps ``--clients`` keep-alive clients busy for ``--seconds`` with varied valid patients.
Afterwards every prediction id Vitrine answered is looked up in its SQLite log. Prints the
figures and writes bench/results/load.json.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from sepsis_bench import PATIENT, ensure_model  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def patients(n: int, seed: int = 7) -> list[dict]:
    """Valid patients around the example one (vitals within their ranges, DBP < MAP < SBP)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        p = copy.deepcopy(PATIENT)
        v = p["vitals"]
        v["HR"] = round(rng.uniform(55, 140), 1)
        v["O2Sat"] = round(rng.uniform(85, 100), 1)
        v["Temp"] = round(rng.uniform(35.5, 40.0), 2)
        v["SBP"] = round(rng.uniform(95, 160), 1)
        v["DBP"] = round(rng.uniform(45, 85), 1)
        v["MAP"] = round((v["SBP"] + 2 * v["DBP"]) / 3, 1)
        v["Resp"] = round(rng.uniform(10, 34), 1)
        out.append(p)
    return out


LUA = """
local bodies = {%(bodies)s}
local key = %(key)s
local n = 0
local threads = {}
ids = {}
function setup(thread) table.insert(threads, thread) end
request = function()
  n = n + 1
  local headers = {["Content-Type"] = "application/json"}
  if key ~= "" then headers["X-API-Key"] = key end
  return wrk.format("POST", "/predict/patient", headers, bodies[(n %% #bodies) + 1])
end
response = function(status, headers, body)
  local id = string.match(body, '"prediction_id":"(%%x+)"')
  if status == 200 and id then ids[#ids + 1] = id end
end
done = function(summary, latency, requests)
  local f = io.open(%(out)s, "w")
  for _, t in ipairs(threads) do
    for _, id in ipairs(t:get("ids")) do f:write(id, "\\n") end
  end
  f:close()
  io.write(string.format("LATENCY %%f %%f\\n", latency:percentile(50) / 1000,
                         latency:percentile(99) / 1000))
end
"""


def drive_wrk(url: str, key: str | None, bodies: list[dict], clients: int, seconds: float,
              work: Path) -> dict:
    """wrk (C, epoll) as the load: a Python client tops out near 300 requests/s here, below
    either server. Every answered prediction id is collected by the script."""
    def lua_str(text: str) -> str:
        return "[==[" + text + "]==]"

    out = work / f"ids-{time.monotonic_ns()}.txt"
    script = work / "load.lua"
    script.write_text(LUA % {"bodies": ",".join(lua_str(json.dumps(b)) for b in bodies),
                             "key": lua_str(key or ""), "out": lua_str(str(out))})
    started = time.monotonic()
    done = subprocess.run(["wrk", "-t", "2", "-c", str(clients), "-d", f"{seconds:.0f}s",
                           "--latency", "-s", str(script), url], capture_output=True,
                          text=True, check=True)
    elapsed = time.monotonic() - started
    ids = out.read_text().split() if out.exists() else []
    p50 = p99 = None
    for line in done.stdout.splitlines():
        if line.startswith("LATENCY"):
            p50, p99 = (float(v) for v in line.split()[1:3])
    total = sum(int(w) for w in re.findall(r"(\d+) requests in", done.stdout))
    return {"answered": len(ids), "errors": max(total - len(ids), 0),
            "seconds": min(elapsed, seconds), "per_second": len(ids) / seconds, "ids": ids,
            "p50_ms": p50, "p99_ms": p99}


def serve(cmd: list[str], env: dict, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(
                    f"server failed: {proc.stderr.read().decode()[-2000:]}") from None
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"server on port {port} did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=1,
                        help="worker processes of each server (vitrine serve --workers)")
    parser.add_argument("--no-access-log", action="store_true",
                        help="vitrine serve --no-access-log")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("needs wrk (Debian's package: apt-get install wrk)")

    from functions.auth import create_key
    from functions.registry import LocalBlobStore, RegistryReader
    from functions.stores.sqlite import SQLiteStore

    registry, _ = ensure_model()
    reader = RegistryReader(LocalBlobStore(registry / "models"))
    version = reader.production_version("sepsis")
    tmp = Path(tempfile.mkdtemp(prefix="vitrine-load-"))
    model = tmp / "model.onnx"
    model.write_bytes(reader.load("sepsis", version)[0])
    db = tmp / "load.db"
    key, _ = create_key(SQLiteStore(db), "predictor", "load")
    bodies = patients(500)

    base_env = {k: v for k, v in os.environ.items() if not k.startswith("VITRINE_")}
    vport, bport = free_port(), free_port()
    vitrine = serve([sys.executable, "-m", "vitrine.cli", "serve", "--port", str(vport),
                     "--workers", str(args.workers),
                     *(["--no-access-log"] if args.no_access_log else [])],
                    {**base_env, "VITRINE_REGISTRY_DIR": str(registry),
                     "VITRINE_SQLITE_PATH": str(db), "VITRINE_USECASES": '["sepsis"]',
                     "VITRINE_MONITOR_INTERVAL_S": "0", "VITRINE_TRACKING_URI": "off",
                     "VITRINE_RETRAIN_DIR": str(tmp / "retrains")}, vport)
    # The floor runs as Vitrine does: the same number of worker processes, the same HTTP
    # protocol (uvicorn's h11, with vitrine serve's TCP_NODELAY fix when there are several).
    bare = serve([sys.executable, "-m", "uvicorn", "bench.bare_app:app", "--port", str(bport),
                  "--log-level", "warning", "--no-access-log", "--workers", str(args.workers),
                  *(["--http", "vitrine.serving:NoDelayH11Protocol"] if args.workers > 1
                    else [])],
                 {**base_env, "VITRINE_BARE_MODEL": str(model)}, bport)
    rounds: dict[str, list[dict]] = {"vitrine": [], "bare": []}
    try:
        for url, k in ((vport, key), (bport, None)):  # warm up
            drive_wrk(f"http://127.0.0.1:{url}", k, bodies, 4, 1.0, tmp)
        for r in range(args.rounds):
            for name, port, k in (("vitrine", vport, key), ("bare", bport, None)):
                res = drive_wrk(f"http://127.0.0.1:{port}", k, bodies, args.clients,
                                args.seconds, tmp)
                rounds[name].append(res)
                print(f"round {r + 1} {name:8s} {res['per_second']:8.1f} predictions/s "
                      f"p50 {res['p50_ms']:.1f} ms p99 {res['p99_ms']:.1f} ms "
                      f"errors {res['errors']}", flush=True)
    finally:
        for proc in (vitrine, bare):
            proc.terminate()
            proc.wait(timeout=20)
    answered = [i for res in rounds["vitrine"] for i in res["ids"]]
    with sqlite3.connect(db) as conn:
        logged = {r[0] for r in conn.execute("SELECT prediction_id FROM predictions")}
    missing = [i for i in answered if i not in logged]
    rate = {n: sum(r["answered"] for r in rs) / sum(r["seconds"] for r in rs)
            for n, rs in rounds.items()}
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "usecase": "sepsis",  # the model this bench serves (bench/cost.py scales from it)
        "machine": {"cpus": os.cpu_count()}, "clients": args.clients,
        "seconds_per_round": args.seconds, "rounds": args.rounds, "workers": args.workers,
        "access_log": not args.no_access_log, "load": "wrk -t 2",
        "vitrine_per_second": rate["vitrine"], "bare_per_second": rate["bare"],
        "ratio": rate["vitrine"] / rate["bare"],
        "errors": {n: sum(r["errors"] for r in rs) for n, rs in rounds.items()},
        "answered": len(answered), "missing_from_log": len(missing),
        "latency_ms": {n: {"p50": [r["p50_ms"] for r in rs], "p99": [r["p99_ms"] for r in rs]}
                       for n, rs in rounds.items()},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"load-w{args.workers}{'-quiet' if args.no_access_log else ''}.json"
    out.write_text(json.dumps(result, indent=2))
    print(f"vitrine {rate['vitrine']:.0f}/s vs bare {rate['bare']:.0f}/s: ratio "
          f"{result['ratio']:.2f}; {len(answered)} answered, {len(missing)} missing from the "
          f"log; wrote {out}")


if __name__ == "__main__":
    main()
