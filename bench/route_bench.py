"""What the platform's routes cost beside what they replace (issue 23 §5), measured side by
side in one process, each pair's requests alternated call by call:

1. the generic route of a use case declared by a table (`vitrine new`, `vitrine train
   --quick`, `vitrine export --promote`, served at POST /costs/predict) against a contract
   written by hand for the same table: a pydantic model of its columns, a handler that builds
   the same float32 row and runs the same exported ONNX file with onnxruntime;
2. the Open Inference Protocol route (POST /v2/models/NAME/infer) against the native
   predict route on the same model: the declared table's, and sepsis' (a small cohort
   trained here; its native route computes the 146 features from the raw vitals, its OIP
   route is sent them).

    .venv/bin/python bench/route_bench.py [--calls 3000]

Each request is an ASGI call awaited on one event loop (no HTTP, no test client): what is
timed is the app's own work, middleware and routing included. Prints the p50/p95 of each
route and the ratios, and writes bench/results/routes.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from sepsis_bench import PATIENT, pct  # noqa: E402
from tabular_bench import mixed_table  # noqa: E402

OUT = ROOT / "bench" / "results" / "routes.json"
TABLE = "costs"
TARGET = "coût annuel (€)"
REGIONS = ("Nord", "Sud", "Est", "Ouest", "Centre")  # mixed_table's levels
ROW = {"âge": 45, "IMC": 27.3, "fumeur": False, "région": "Sud", "enfants": 2}
GENERIC_DOES_MORE = (
    "checks the X-API-Key header (a predictor key reaching the use case; cached lookup, "
    "rate counter)",
    "BodyLimit middleware: body size and JSON depth/element count before parsing",
    "reads every value as the table does (decimal commas, yes/no words, levels as text) "
    "and checks each against the declared impossible range (422) and plausible range "
    "(a warning in the answer)",
    "the row read twice by the declaration's encoder: once to check it before any model "
    "runs, once to predict",
    "writes the request, the answer, the latency and the key id to the prediction log "
    "(a SQLite commit per request here) before answering",
    "rollout lookup (canary/shadow) and the prediction metric",
)


# ------------------------------------------------------------------------------ models

def declare(root: Path) -> None:
    """The table's use case as a user makes it: each CLI step in its own process."""
    mixed_table(root / "costs.csv")
    env = {**os.environ, "VITRINE_USECASE_PATH": str(root / "usecases"),
           "VITRINE_TRACKING_URI": "off", "PYTHONPATH": str(ROOT)}
    for args in (["new", TABLE, "--csv", "costs.csv", "--target", TARGET, "--id", "adhérent"],
                 ["train", TABLE, "--quick"], ["export", TABLE, "--promote"]):
        done = subprocess.run([sys.executable, "-m", "vitrine.cli", *args], cwd=root, env=env,
                              capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"vitrine {args[0]}: {done.stderr[-1500:]}")


def sepsis_model(root: Path, registry: Path) -> None:
    """A small sepsis model (the tests' cohort and quick params), published beside it."""
    from functions.registry import LocalBlobStore
    from model_export.export import export_run
    from model_export.registry import RegistryWriter
    from training.sepsis.data import CohortSpec, generate_cohort
    from training.sepsis.pipeline import Params, train

    cohort = generate_cohort(root / "cohort", CohortSpec(patients=300, seed=11))
    run, _ = train(cohort, Params.quick(), runs_root=root / "runs")
    export_run(run, RegistryWriter(LocalBlobStore(registry / "models")), "xgboost",
               promote=True)


# ------------------------------------------------------------------------------- apps

class Row(BaseModel):
    """The hand-written contract's body: the table's columns, typed by hand."""
    model_config = ConfigDict(extra="forbid")
    age: int | None = Field(None, alias="âge")
    imc: float | None = Field(None, alias="IMC")
    fumeur: bool | None = None
    region: Literal["Nord", "Sud", "Est", "Ouest", "Centre"] | None = Field(None,
                                                                           alias="région")
    enfants: int | None = None


class Answer(BaseModel):
    prediction_id: str
    model_version: str
    prediction: float
    interval: list[float]


def handwritten_app(onnx: Path, manifest: dict[str, Any], levels: tuple[str, ...]) -> Any:
    """What a developer writes by hand for this one table: its columns as a pydantic model,
    the row built from them, the ONNX graph run (the session as functions/models.py opens
    it: one thread), the value and its interval answered. No key, log or range check.
    The region reaches the graph as its published inputs say: a level code (one input) or
    one-hot (one input per level)."""
    import onnxruntime as ort
    from fastapi import FastAPI

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = opts.inter_op_num_threads = 1
    session = ort.InferenceSession(str(onnx), sess_options=opts,
                                   providers=["CPUExecutionProvider"])
    feed, output = session.get_inputs()[0].name, session.get_outputs()[-1].name
    names = manifest["input_schema"]["feature_names"]
    at = {f: i for i, f in enumerate(names)}
    if "région" in at:  # a level code: its index in the declared levels
        slots = {lv: (at["région"], float(k)) for k, lv in enumerate(levels)}
        zeros: list[int] = []
    else:  # one-hot
        slots = {lv: (at[f"région={lv}"], 1.0) for lv in levels}
        zeros = [at[f"région={lv}"] for lv in levels]
    version, half = manifest["version"], float(manifest["interval_half_width"])
    app = FastAPI()

    @app.post(f"/{TABLE}/predict", response_model=Answer)
    async def predict(row: Row) -> Answer:
        x = np.full((1, len(names)), np.nan, dtype=np.float32)
        for name, value in (("âge", row.age), ("IMC", row.imc), ("fumeur", row.fumeur),
                            ("enfants", row.enfants)):
            if value is not None:
                x[0, at[name]] = float(value)
        if row.region is not None:
            x[0, zeros] = 0.0
            j, v = slots[row.region]
            x[0, j] = v
        value = float(session.run([output], {feed: x})[0][0, 0])
        return Answer(prediction_id=uuid.uuid4().hex, model_version=version,
                      prediction=value, interval=[value - half, value + half])

    return app


def served(registry: Path, db: Path, usecase: str) -> tuple[Any, str]:
    """The platform's app serving one use case, its log in ``db``, and a predictor key."""
    from functions.app import create_app
    from functions.auth import create_key
    from functions.settings import Settings
    from functions.stores.sqlite import SQLiteStore

    store = SQLiteStore(db)
    key, _ = create_key(store, "predictor", "bench")
    return create_app(Settings(registry_dir=registry, sqlite_path=db, usecases=[usecase],
                               auto_retrain=False, monitor_interval_s=0), store=store), key


def scope(path: str, body: bytes, key: str | None) -> dict[str, Any]:
    headers = [(b"host", b"bench"), (b"content-type", b"application/json"),
               (b"content-length", str(len(body)).encode())]
    if key:
        headers.append((b"x-api-key", key.encode()))
    return {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
            "method": "POST", "scheme": "http", "path": path, "raw_path": path.encode(),
            "root_path": "", "query_string": b"", "headers": headers,
            "client": ("127.0.0.1", 50000), "server": ("bench", 80)}


async def call(app: Any, request: tuple[str, bytes, str | None]) -> tuple[int, bytes]:
    """One request as an ASGI server hands it over: its status and body."""
    path, body, key = request
    sent = False
    status, chunks = 0, []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)  # a client that never disconnects
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope(path, body, key), receive, send)
    return status, b"".join(chunks)


async def answers(routes: dict[str, tuple[Any, tuple[str, bytes, str | None]]]
                  ) -> dict[str, dict[str, Any]]:
    out = {}
    for name, (app, request) in routes.items():
        status, body = await call(app, request)
        assert status == 200, f"{name}: {status} {body[:300]!r}"
        out[name] = json.loads(body)
    return out


async def timed(routes: dict[str, tuple[Any, tuple[str, bytes, str | None]]],
                pairs: tuple[tuple[str, str], ...], calls: int, warmup: int
                ) -> dict[str, dict[str, list[float]]]:
    """Milliseconds of each route's calls, wall clock and this thread's CPU time (the same
    work, without the time other processes took the CPU from it): a pair's two routes
    alternated call by call, one pair after the other (a third route in the loop would
    leave each one colder caches)."""
    times: dict[str, dict[str, list[float]]] = {}
    for pair in pairs:
        for name in pair:
            for _ in range(warmup):
                await call(*routes[name])
            times[name] = {"wall": [], "cpu": []}
        for _ in range(calls):
            for name in pair:
                t, c = time.perf_counter_ns(), time.thread_time_ns()
                await call(*routes[name])
                times[name]["cpu"].append((time.thread_time_ns() - c) / 1e6)
                times[name]["wall"].append((time.perf_counter_ns() - t) / 1e6)
    return times


def components(services: Any, name: str, row: bytes, key: str, calls: int
               ) -> dict[str, float]:
    """p50 microseconds of the generic route's steps, each called alone: where its time
    goes (the route's own p50 also holds routing, middleware and the event loop's turns)."""
    from dataclasses import replace

    from functions.routers.predict import parse_body

    uc = next(u for u in services.usecases if u.name == name)
    endpoint = uc.endpoints[0]
    body = parse_body(endpoint.request, endpoint, row, "application/json")
    model = services.models.get(name)
    inputs = body.model_dump(mode="json", exclude_none=True)
    record = services.answer(uc, endpoint, body, "bench")[2][0]
    store = services.store
    steps = {
        "key_check": lambda: services.keys.require(key, "predictor", name),
        "body_parse": lambda: parse_body(endpoint.request, endpoint, row, "application/json"),
        "declared_check": lambda: endpoint.check(inputs),
        "predict": lambda: endpoint.predict(body, model),  # encode, ONNX, the answer's dict
        "onnx": lambda: model.predict_proba(np.zeros((1, len(uc.feature_names)),
                                                     dtype=np.float32)),
        # check, predict, the answer model, its JSON, the log's view of both, the record
        "answer": lambda: services.answer(uc, endpoint, body, "bench"),
        "log_commit": lambda: store.log_predictions_now(
            [replace(record, prediction_id=uuid.uuid4().hex)]),
    }
    out = {}
    for step, f in steps.items():
        for _ in range(100):
            f()
        times = []
        for _ in range(calls):
            t = time.perf_counter_ns()
            f()
            times.append((time.perf_counter_ns() - t) / 1e3)
        out[f"{step}_us"] = pct(times, 50)
    return out


# ------------------------------------------------------------------------------- main

def tensor_body(x: np.ndarray) -> bytes:
    # NaN for a missing value, as v2 clients send it (the route parses it, then the
    # contract says whether the model takes it).
    row = [float(v) for v in np.asarray(x, dtype=np.float32).reshape(-1)]
    return json.dumps({"inputs": [{"name": "input", "shape": [1, len(row)],
                                   "datatype": "FP32", "data": row}]}).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=3000, help="timed calls per route")
    parser.add_argument("--warmup", type=int, default=200)
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()  # removed when the process ends
    root = Path(tmp.name)
    started = time.perf_counter()
    declare(root)
    # Read when functions.catalog is imported: set before anything of functions is.
    os.environ.update({"VITRINE_USECASE_PATH": str(root / "usecases"),
                       "VITRINE_TRACKING_URI": "off"})
    registry = root / "data" / "registry"
    sepsis_model(root, registry)
    print(f"models ready in {time.perf_counter() - started:.0f} s", flush=True)

    import gc

    from functions.contracts.sepsis import PatientRequest, patient_features, request_rows
    from functions.declared import encode, read

    decl = read(root / "usecases" / TABLE / "usecase.toml")
    assert decl.task == "regression", decl.task  # the hand-written contract answers a value
    alias = json.loads((registry / "models" / TABLE / "aliases" / "production.json")
                       .read_text())
    version = alias["version"]
    manifest = json.loads((registry / "models" / TABLE / version / "manifest.json")
                          .read_text())
    manifest["version"] = version
    generic, key = served(registry, root / "table.db", TABLE)
    sepsis, sepsis_key = served(registry, root / "sepsis.db", "sepsis")
    region = next(c for c in decl.columns if c.name == "région")
    assert set(region.levels) == set(REGIONS), region.levels
    hand = handwritten_app(registry / "models" / TABLE / version / "model.onnx", manifest,
                           region.levels)
    gc.collect()
    gc.freeze()  # as create_app does for itself: the hand-written app gets the same

    row = json.dumps(ROW).encode()
    x, _ = encode(decl, [ROW])
    meas, demo = request_rows(PatientRequest.model_validate(PATIENT))
    features = patient_features(meas, demo, last_only=True)[0]
    routes = {
        "generic": (generic, (f"/{TABLE}/predict", row, key)),
        "handwritten": (hand, (f"/{TABLE}/predict", row, None)),
        "oip": (generic, (f"/v2/models/{TABLE}/infer", tensor_body(x), key)),
        "native": (generic, (f"/{TABLE}/predict", row, key)),  # the generic route again
        "sepsis_oip": (sepsis, ("/v2/models/sepsis/infer", tensor_body(features),
                                sepsis_key)),
        "sepsis_native": (sepsis, ("/predict/patient", json.dumps(PATIENT).encode(),
                                   sepsis_key)),
    }
    pairs = (("generic", "handwritten"), ("oip", "native"), ("sepsis_oip", "sepsis_native"))
    got = asyncio.run(answers(routes))
    # The same model on the same row: the same value, whichever route answers.
    value = got["generic"]["prediction"]
    assert abs(got["handwritten"]["prediction"] - value) <= 1e-6 * abs(value), got
    assert abs(got["oip"]["outputs"][0]["data"][0] - value) <= 1e-6 * abs(value), got
    assert abs(got["sepsis_oip"]["outputs"][0]["data"][1]
               - got["sepsis_native"]["probability"]) < 1e-6, got

    load_before = os.getloadavg()[0]
    times = asyncio.run(timed(routes, pairs, args.calls, args.warmup))
    # Other processes on the machine slow every route alike (they are interleaved), yet
    # the absolute figures hold them: the 1-minute load average says how busy it was.
    load = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    figures = {name: {"p50_ms": pct(v["wall"], 50), "p95_ms": pct(v["wall"], 95),
                      "mean_ms": float(np.mean(v["wall"])),
                      "cpu_p50_ms": pct(v["cpu"], 50), "cpu_p95_ms": pct(v["cpu"], 95)}
               for name, v in times.items()}

    def ratio(a: str, b: str) -> dict[str, float]:
        return {q: figures[a][q] / figures[b][q]
                for q in ("p50_ms", "p95_ms", "cpu_p50_ms", "cpu_p95_ms")}

    ratios = {"generic_over_handwritten": ratio("generic", "handwritten"),
              "oip_over_native_table": ratio("oip", "native"),
              "oip_over_native_sepsis": ratio("sepsis_oip", "sepsis_native")}
    logged = sum(app.state.services.prediction_log.records for app in (generic, sepsis))
    steps = components(generic.state.services, TABLE, row, key, args.calls)

    print(f"{args.calls} calls per route, {os.cpu_count()} CPUs, load average "
          f"{load[0]} -> {load[1]}")
    print(f"{'route':34s} {'p50 ms':>8s} {'p95 ms':>8s} {'cpu p50':>8s} {'cpu p95':>8s}")
    for name, label in (("generic", f"POST /{TABLE}/predict (generic)"),
                        ("handwritten", f"POST /{TABLE}/predict (hand-written)"),
                        ("oip", f"POST /v2/models/{TABLE}/infer"),
                        ("native", f"POST /{TABLE}/predict (native)"),
                        ("sepsis_oip", "POST /v2/models/sepsis/infer"),
                        ("sepsis_native", "POST /predict/patient (sepsis)")):
        f = figures[name]
        print(f"{label:34s} {f['p50_ms']:8.3f} {f['p95_ms']:8.3f} {f['cpu_p50_ms']:8.3f} "
              f"{f['cpu_p95_ms']:8.3f}")
    for name, r in ratios.items():
        print(f"{name:34s} p50 x{r['p50_ms']:.2f}  p95 x{r['p95_ms']:.2f}  cpu p50 "
              f"x{r['cpu_p50_ms']:.2f}  cpu p95 x{r['cpu_p95_ms']:.2f}")
    print("generic route's steps alone, p50 µs: "
          + ", ".join(f"{k.removesuffix('_us')} {v:.0f}" for k, v in steps.items()))
    print("the generic route does more: " + "; ".join(GENERIC_DOES_MORE))

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "generated_by": "bench/route_bench.py",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(), "load_average_1min": load},
        "method": "ASGI calls awaited on one event loop; each pair's two routes alternated "
                  f"call by call after {args.warmup} warm-up calls each, one pair after the "
                  "other; times from the call to the answer's last byte, on the wall clock "
                  "(*_ms) and as this thread's CPU time (cpu_*_ms: the same work without "
                  "the time other processes held the CPU; ONNX runs on the calling thread "
                  "and the SQLite log commits on the event loop). Each use case served by "
                  "its own app (functions/app.py create_app)",
        "pairs": [list(p) for p in pairs],
        "calls": args.calls,
        "compared": {
            "generic": f"POST /{TABLE}/predict of the app (functions/app.py) serving the "
                       f"table's declared use case ({len(decl.columns)} columns, "
                       f"{len(decl.feature_names)} model inputs, {manifest['model']} "
                       "regression)",
            "handwritten": "a FastAPI app of this bench: a pydantic model of the same "
                           "columns, the same float32 row, the same ONNX file; a plain "
                           "FastAPI route (dependencies solved, the answer validated again "
                           "by response_model), where the generic route is a bare "
                           "Starlette route answering its JSON as it is",
            "native": f"POST /{TABLE}/predict: the generic route again, beside the OIP one",
            "oip": f"POST /v2/models/{TABLE}/infer: the same model on the row's "
                   f"{len(decl.feature_names)} encoded inputs as a JSON FP32 tensor (the "
                   "caller encodes: categories as level codes); the same key check, log "
                   "and metric as the native route",
            "sepsis_native": "POST /predict/patient: the raw vitals of tests/events/"
                             "patient.json, the 146 features computed by the route",
            "sepsis_oip": "POST /v2/models/sepsis/infer: those 146 features as a tensor",
        },
        "generic_does_more": list(GENERIC_DOES_MORE),
        "model_version": version,
        "predictions_logged": logged,
        "routes": figures,
        "ratios": ratios,
        "generic_steps_p50_us": steps,
    }, indent=2) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)} ({time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
