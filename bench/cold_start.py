"""Cold start per use case, against the same model served from its native stack: prints a
table and writes bench/results/cold_start.json.

    python bench/cold_start.py [--runs 5] [--only NAME ...]

For each use case of the catalog with its models in production (data/registry, or
--registry), N times, alternating:

- ours: a fresh interpreter running the Lambda entry (``functions.handler``) from the use
  case's own bundle (``build/lambda/<uc>`` when built for this machine's architecture, else
  its x86_64 twin ``build/lambda-smoke/<uc>``, with the Lambda runtime's Python, isolated
  with ``-I`` as ``infra.bundle.smoke_test`` does; without a bundle, the dev venv, and the
  results say so) up to its first answered prediction, an API Gateway v2 event through Mangum
  with a valid key (a SQLite store, a local registry);
- native: a fresh dev-venv interpreter that loads the native model(s) of the published run
  (scikit-learn/XGBoost pipelines with joblib, TorchScript with torch, as the run's report
  declares them: ``model_export.converters``) and scores one held-out row.

Each is split into: interpreter start; import (every module the init imports, found by a
discarded probe run of the same script, then imported up front); init (ours: the handler
module's body, i.e. ``create_app``: settings, registry reads, ONNX sessions, the use case's
warm hook, Mangum, the SnapStart hooks; native: deserializing the models); first prediction.
The figure is ours / native, spawn to first answer (issue 25's goal: ≤ 1/3).

The sample request is the use case's own: the first request of its ``traffic`` hook
(training/pipelines.py, what ``vitrine simulate`` sends), photo included where it sends one,
on its ``COLD_START_ROUTE`` where it names one (sensors: the forecast, which scores with the
served models; its anomaly route fits a detector on the request's own reference).
A SnapStart restore cannot run here (no Lambda): the results give the init a snapshot holds
(import + init), which a restore skips, and do not measure the restore itself.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from tep_bench import event  # noqa: E402

RESULTS = ROOT / "bench" / "results"
GOAL_RATIO = 1 / 3  # ours / native, spawn to first answer (issue 25)
PHASES = ("start_s", "import_s", "init_s", "first_s", "total_s")

# Both sides' start: the clock, then the modules to import up front (BENCH_IMPORTS).
PRELUDE = r"""
import time
wall0 = time.time()
t0, c0 = time.perf_counter(), time.process_time()
import importlib, json, os, sys
before = None if os.environ["BENCH_IMPORTS"] else set(sys.modules)
failed = []  # modules that cannot be imported by name (made at run time): init imports them
for name in json.loads(os.environ["BENCH_IMPORTS"] or "[]"):
    try:
        importlib.import_module(name)
    except Exception:
        failed.append(name)
"""

# Ours, in the bundle's interpreter. BENCH_IMPORTS: the modules to import up front (empty
# in the probe run, which reports what the init imported instead).
OURS = PRELUDE + r"""
exec(os.environ["BENCH_HANDLER_IMPORTS"])  # the handler module's own import lines
t1, c1 = time.perf_counter(), time.process_time()
import functions.handler as entry  # its body: create_app() (models loaded, warm), Mangum, hooks
t2, c2 = time.perf_counter(), time.process_time()
imported = [m for m in sys.modules if before is not None and m not in before]
with open(os.environ["BENCH_EVENT"]) as f:
    ev = json.load(f)
t3, c3 = time.perf_counter(), time.process_time()
resp = entry.handler(ev, None)
t4, c4 = time.perf_counter(), time.process_time()
answered = time.time()
assert resp["statusCode"] == 200, (resp["statusCode"], resp["body"][:800])
print(json.dumps({"wall0": wall0, "answered": answered, "import_s": t1 - t0,
                  "init_s": t2 - t1, "first_s": t4 - t3, "imported": imported, "failed": failed,
                  "cpu": {"start_s": c0, "import_s": c1 - c0, "init_s": c2 - c1,
                          "first_s": c4 - c3, "total_s": c4},
                  "python": sys.version.split()[0]}))
"""

# The native stack, in the dev venv: BENCH_NATIVE = {"models": [{converter, path, row,
# text}]}; every model is loaded, each scores its one row.
NATIVE = PRELUDE + r"""spec = json.loads(os.environ["BENCH_NATIVE"])
import numpy as np
kinds = {m["converter"] for m in spec["models"]}
if "sklearn" in kinds:
    import joblib, sklearn
if "torch" in kinds:
    import torch
t1, c1 = time.perf_counter(), time.process_time()
models = [joblib.load(m["path"]) if m["converter"] == "sklearn" else
          torch.jit.load(m["path"], map_location="cpu").eval() for m in spec["models"]]
t2, c2 = time.perf_counter(), time.process_time()
imported = [m for m in sys.modules if before is not None and m not in before]
rows = [np.load(m["row"], allow_pickle=False) for m in spec["models"]]
t3, c3 = time.perf_counter(), time.process_time()
for m, model, x in zip(spec["models"], models, rows):
    if m["converter"] == "torch":
        with torch.no_grad():
            model(torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32)))
    else:
        x = x.reshape(-1) if m["text"] else x.astype(np.float32)
        (model.predict_proba if hasattr(model, "predict_proba") else model.predict)(x)
t4, c4 = time.perf_counter(), time.process_time()
answered = time.time()
print(json.dumps({"wall0": wall0, "answered": answered, "import_s": t1 - t0,
                  "init_s": t2 - t1, "first_s": t4 - t3, "imported": imported, "failed": failed,
                  "cpu": {"start_s": c0, "import_s": c1 - c0, "init_s": c2 - c1,
                          "first_s": c4 - c3, "total_s": c4},
                  "python": sys.version.split()[0]}))
"""

# The stack's floor, in the bundle's interpreter: the mandated libraries (FastAPI, Mangum,
# pydantic-settings, onnxruntime, numpy) and the same ONNX graphs (BENCH_ONNX) behind one
# bare route, answered through Mangum, none of the platform (catalog, contracts, keys,
# stores, logs). What any FastAPI-on-Lambda function serving these graphs pays: whether
# the goal is reachable on this stack, and what the platform adds to it.
FLOOR = PRELUDE + r"""import numpy as np
import onnxruntime as ort
import pydantic_settings  # noqa: F401  (the settings library every function reads)
from fastapi import FastAPI
from mangum import Mangum
t1, c1 = time.perf_counter(), time.process_time()
sessions = [ort.InferenceSession(p, providers=["CPUExecutionProvider"])
            for p in json.loads(os.environ["BENCH_ONNX"])]
app = FastAPI()

@app.post("/floor")
def floor(body: dict) -> dict:
    outputs = 0
    for s in sessions:
        feed = {}
        for i in s.get_inputs():
            shape = [d if isinstance(d, int) else 1 for d in i.shape]
            feed[i.name] = np.full(shape, "", dtype=object) if i.type == "tensor(string)" \
                else np.zeros(shape, np.int64 if "int64" in i.type else np.float32)
        outputs += len(s.run(None, feed))
    return {"outputs": outputs}

entry = Mangum(app, lifespan="off")
t2, c2 = time.perf_counter(), time.process_time()
imported = [m for m in sys.modules if before is not None and m not in before]
with open(os.environ["BENCH_EVENT"]) as f:
    ev = json.load(f)
t3, c3 = time.perf_counter(), time.process_time()
resp = entry(ev, None)
t4, c4 = time.perf_counter(), time.process_time()
answered = time.time()
assert resp["statusCode"] == 200, resp
print(json.dumps({"wall0": wall0, "answered": answered, "import_s": t1 - t0,
                  "init_s": t2 - t1, "first_s": t4 - t3, "imported": imported, "failed": failed,
                  "cpu": {"start_s": c0, "import_s": c1 - c0, "init_s": c2 - c1,
                          "first_s": c4 - c3, "total_s": c4},
                  "python": sys.version.split()[0]}))
"""


def sample_request(usecase: str) -> tuple[str, dict[str, Any], str]:
    """The use case's first simulated request (its pipeline's ``traffic`` hook), on its
    ``COLD_START_ROUTE`` where it names one: its path, body and what the requests are."""
    from training import pipelines
    from training.traffic import Scenario

    hooks = pipelines.get(usecase)
    if hooks.traffic is None:
        raise LookupError("its pipeline has no traffic hook, so no sample request")
    route = hooks.COLD_START_ROUTE
    for items in (2, 20, 200):  # enough requests to reach one on the route
        drawn = hooks.traffic(Scenario(items=items, drift=False, image_share=1.0))
        first = next((i for i in drawn.before if route in (None, i.path)), None)
        if first is not None:
            return first.path, dict(first.body), drawn.made_of
    raise LookupError(f"its traffic sends no request on {route}")


def onnx_files(registry: Path, versions: dict[str, str]) -> list[Path]:
    """The production ONNX graph of each family (the local registry's layout, the file its
    manifest names)."""
    files = []
    for family, version in versions.items():
        folder = registry / "models" / family / version
        manifest = json.loads((folder / "manifest.json").read_text())
        files.append(folder / manifest["artifact"]["file"])
    return files


def served_families(usecase: str, registry: Path) -> dict[str, str]:
    """{family: production version} of the use case's families; raises naming the missing."""
    from functions.catalog import CATALOG
    from functions.registry import LocalBlobStore, RegistryReader

    reader = RegistryReader(LocalBlobStore(registry / "models"))
    versions = {f: reader.production_version(f) for f in CATALOG[usecase].families}
    missing = [f for f, v in versions.items() if v is None]
    if missing:
        raise LookupError(f"no production model for {', '.join(missing)}")
    return versions  # type: ignore[return-value]


def native_models(usecase: str, path: str, registry: Path, runs: Path, work: Path,
                  ) -> tuple[list[dict[str, Any]], str | None]:
    """The native model files of the families the request's endpoint uses, as the published
    run declares them, each with one held-out row (shaped as its ONNX graph takes it) saved
    in ``work``; or ([], why there is no native comparison)."""
    from functions.catalog import CATALOG
    from functions.registry import LocalBlobStore, RegistryReader
    from model_export.converters import certification_rows
    from training.runs import published_run

    uc = CATALOG[usecase]
    endpoint = next(e for e in uc.endpoints if e.path == path)
    reader = RegistryReader(LocalBlobStore(registry / "models"))
    out = []
    for family in endpoint.models or (uc.family(endpoint),):
        manifest = reader.manifest(family, reader.production_version(family))
        run = published_run(usecase, manifest, runs)
        if run is None:
            return [], f"{family}'s training run {manifest.get('run_id')} is not in {runs}"
        report = json.loads((run / "report.json").read_text())
        entry = next(e for e in report["exports"]
                     if e["family"] == family and e["model"] == manifest.get("model"))
        if entry["converter"] not in ("sklearn", "torch"):
            return [], (f"{family}'s trained artifact is itself an ONNX graph "
                        f"({entry['native']}, converter '{entry['converter']}'): there is "
                        "no native pickle to serve instead")
        x, _ = certification_rows(run, entry)
        text = entry["input"]["dtype"] == "string"
        row = work / f"{family}.npy"
        np.save(row, x[:1].astype(str) if text else x[:1])
        out.append({"family": family, "model": entry["model"], "converter": entry["converter"],
                    "path": str(run / entry["native"]), "row": str(row), "text": text,
                    "run": _rel(run)})
    return out, None


def our_interpreter(usecase: str, bundles: bool = True) -> tuple[list[str], Path, dict[str, Any]]:
    """(command prefix, the folder holding ``functions/``, description) that runs the handler
    as the use case's Lambda function would: its bundle for this machine, else the dev venv.
    A bundle runs with its folder as working directory, as Lambda's /var/task."""
    from infra import bundle

    here = bundle.MACHINE.get(platform.machine().lower(), platform.machine())
    built = (bundle.read_manifest(ROOT / "build" / "lambda") or {}).get("functions", {})
    info = built.get(usecase)
    python = bundle.runtime_python()
    candidates = []
    if info and info["architecture"] == here:
        candidates.append((Path(info["path"]), "the function's bundle"))
    twin = ROOT / "build" / "lambda-smoke" / usecase
    arch = info["architecture"] if info else "unknown"
    candidates.append((twin, f"the {here} twin of its {arch} bundle (same requirements)"))
    for folder, what in candidates:
        if bundles and python and (folder / "functions" / "handler.py").exists():
            prefix = [python, "-I", "-c",
                      f"import sys; sys.path.insert(0, {str(folder)!r}); exec(sys.argv[1])"]
            return prefix, folder, {"runs_in": what, "bundle": _rel(folder),
                                    "bundle_built": datetime.fromtimestamp(  # its copy
                                        (folder / "functions").stat().st_mtime,
                                        UTC).isoformat(timespec="seconds"),
                                    "interpreter": python}
    prefix = [sys.executable, "-c",
              f"import sys; sys.path.insert(0, {str(ROOT)!r}); exec(sys.argv[1])"]
    return prefix, ROOT, {
        "runs_in": "the dev venv (--dev-venv, or no bundle of this function for this "
                   f"machine, or no python{bundle.PYTHON_VERSION})", "bundle": None,
        "interpreter": sys.executable}


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def handler_imports(folder: Path) -> str:
    """The import lines of ``functions/handler.py`` (run on their own, before its body)."""
    tree = ast.parse((folder / "functions" / "handler.py").read_text())
    return "\n".join(ast.unparse(n) for n in tree.body
                     if isinstance(n, ast.Import | ast.ImportFrom))


def spawn(prefix: list[str], script: str, env: dict[str, str], cwd: Path) -> dict[str, Any]:
    spawned = time.time()
    done = subprocess.run([*prefix, script], env=env, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip()[-2500:])
    out = json.loads(done.stdout.strip().splitlines()[-1])
    out["start_s"] = out["wall0"] - spawned
    out["total_s"] = out["answered"] - spawned
    return out


def summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians per phase: wall time, and the process's CPU time (the steadier figure when
    others load the machine); the spread of the wall totals; every run."""
    totals = [r["total_s"] for r in runs]
    return {"median": {p: statistics.median(r[p] for r in runs) for p in PHASES},
            "cpu_median": {p: statistics.median(r["cpu"][p] for r in runs) for p in PHASES},
            "total_min_s": min(totals), "total_max_s": max(totals),
            "runs": [{p: round(r[p], 4) for p in PHASES} |
                     {"cpu": {p: round(r["cpu"][p], 4) for p in PHASES}} for r in runs]}


def bench_usecase(usecase: str, registry: Path, runs_root: Path, n: int, bundles: bool = True,
                  ) -> dict[str, Any]:
    from functions.auth import create_key
    from functions.stores.sqlite import SQLiteStore

    versions = served_families(usecase, registry)
    path, body, made_of = sample_request(usecase)
    work = Path(tempfile.mkdtemp(prefix=f"cold-{usecase}-"))
    try:
        key, _ = create_key(SQLiteStore(work / "cold.db"), "predictor", "cold-start")
        (work / "event.json").write_text(json.dumps(event(path, key, body)))
        prefix, code, ours_info = our_interpreter(usecase, bundles)
        # The dev venv runs away from the repository, where the local server's site is not
        # (Lambda mounts none).
        cwd = code if ours_info["bundle"] else work
        env = {"PATH": "/usr/bin:/bin", "VITRINE_REGISTRY_DIR": str(registry.resolve()),
               "VITRINE_SQLITE_PATH": str(work / "cold.db"),
               "VITRINE_USECASES": json.dumps([usecase]),
               "VITRINE_SERVES_KEYS": "false",  # as a use case's function (infra/constructs)
               "BENCH_EVENT": str(work / "event.json"),
               "BENCH_HANDLER_IMPORTS": handler_imports(code)}
        if ours_info["bundle"] and (code / "usecases").is_dir():
            env["VITRINE_USECASE_PATH"] = "usecases"  # as the function's environment says
        models, no_native = native_models(usecase, path, registry, runs_root, work)
        native_env = {**os.environ, "BENCH_NATIVE": json.dumps({"models": models})}
        native_prefix = [sys.executable, "-c", "import sys; exec(sys.argv[1])"]

        # Probe runs (discarded: they also warm the file cache): what each init imports.
        probe = spawn(prefix, OURS, {**env, "BENCH_IMPORTS": ""}, cwd)
        env["BENCH_IMPORTS"] = json.dumps([m for m in probe["imported"]
                                           if m != "functions.handler" and
                                           not m.startswith("__")])
        if models:
            nprobe = spawn(native_prefix, NATIVE, {**native_env, "BENCH_IMPORTS": ""}, ROOT)
            native_env["BENCH_IMPORTS"] = json.dumps([m for m in nprobe["imported"]
                                                      if not m.startswith("__")])
        (work / "floor.json").write_text(json.dumps(event("/floor", "", {})))
        floor_env = {"PATH": env["PATH"], "BENCH_IMPORTS": "",
                     "BENCH_EVENT": str(work / "floor.json"),
                     "BENCH_ONNX": json.dumps([str(p) for p in onnx_files(registry, versions)])}
        spawn(prefix, FLOOR, floor_env, cwd)  # discarded, as the probes are
        ours_runs, native_runs, floor_runs = [], [], []
        for _ in range(n):
            ours_runs.append(spawn(prefix, OURS, env, cwd))
            if models:
                native_runs.append(spawn(native_prefix, NATIVE, native_env, ROOT))
            floor_runs.append(spawn(prefix, FLOOR, floor_env, cwd))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ours = {**ours_info, "python": probe["python"],
            "modules_imported_by_init": len(json.loads(env["BENCH_IMPORTS"])),
            "not_importable_by_name": ours_runs[0]["failed"],
            "unsplit_probe_total_s": round(probe["total_s"], 4), **summary(ours_runs)}
    result: dict[str, Any] = {
        "versions": versions,
        "request": {"path": path, "from": f"training/{usecase}: traffic hook ({made_of})",
                    "body_bytes": len(json.dumps(body))},
        "ours": ours,
        "floor": {"what": "the bundle's FastAPI, Mangum, pydantic-settings, onnxruntime and "
                          "numpy serving the same ONNX graphs behind one bare route",
                  **summary(floor_runs)},
        "snapstart": {
            "init_a_snapshot_holds_s": ours["median"]["import_s"] + ours["median"]["init_s"],
            "first_request_after_it_s": ours["median"]["first_s"],
            "restore_measured": False},
    }
    if models:
        native = {"python": nprobe["python"], "interpreter": sys.executable,
                  "models": [{k: m[k] for k in ("family", "model", "converter", "run")} |
                             {"file": Path(m["path"]).name} for m in models],
                  "modules_imported_by_load": len(json.loads(native_env["BENCH_IMPORTS"])),
                  "not_importable_by_name": native_runs[0]["failed"],
                  **summary(native_runs)}
        ratio = ours["median"]["total_s"] / native["median"]["total_s"]
        result["floor"]["ratio"] = result["floor"]["median"]["total_s"] / \
            native["median"]["total_s"]
        result |= {"native": native, "ratio": ratio, "goal_met": ratio <= GOAL_RATIO,
                   "cpu_ratio": ours["cpu_median"]["total_s"] / native["cpu_median"]["total_s"]}
    else:
        result |= {"native": {"none": no_native}, "ratio": None, "goal_met": None,
                   "cpu_ratio": None}
    return result


def print_table(results: dict[str, Any]) -> None:
    print(f"{'use case':<9} {'':<7} {'start':>6} {'import':>7} {'init':>6} {'1st':>6} "
          f"{'total':>6} {'min-max':>11} {'cpu':>6}  ratio (cpu)")
    for uc, r in results.items():
        if "skipped" in r:
            print(f"{uc:<9} skipped: {r['skipped']}")
            continue
        for side in ("ours", "native", "floor"):
            s = r[side]
            if "none" in s:
                print(f"{'':<9} {side:<7} none: {s['none']}")
                continue
            m = s["median"]
            ratio = "" if side == "native" or r["ratio"] is None else \
                f"{s['ratio']:.2f}" if side == "floor" else \
                f"{r['ratio']:.2f} ({r['cpu_ratio']:.2f}) " \
                f"{'met' if r['goal_met'] else 'NOT met'}"
            print(f"{uc if side == 'ours' else '':<9} {side:<7} "
                  + " ".join(f"{m[p]:>{w}.3f}" for p, w in zip(PHASES, (6, 7, 6, 6, 6),
                                                               strict=True))
                  + f" {s['total_min_s']:>5.2f}-{s['total_max_s']:<5.2f}"
                  + f" {s['cpu_median']['total_s']:>6.3f}  {ratio}")
    print("seconds, medians; ours: spawn -> first answered request through the handler; "
          "native: spawn -> first prediction of one row; floor: the same graphs behind a "
          "bare FastAPI route in the same bundle (none of the platform); cpu: the process's "
          "CPU time.")
    held = [f"{uc} {r['snapstart']['init_a_snapshot_holds_s']:.2f} s"
            for uc, r in results.items() if "snapstart" in r]
    print("SnapStart (a restore cannot run here, its own time is not measured): the init a "
          f"snapshot holds and a restore skips (import + init): {', '.join(held)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh interpreters per side")
    parser.add_argument("--only", nargs="*", help="use cases (default: the whole catalog)")
    parser.add_argument("--registry", type=Path, default=ROOT / "data" / "registry")
    parser.add_argument("--runs-dir", type=Path, default=ROOT / "artifacts" / "runs")
    parser.add_argument("--dev-venv", action="store_true",
                        help="run ours in the dev venv even where a bundle is built")
    args = parser.parse_args()
    os.chdir(ROOT)
    from functions.catalog import CATALOG

    load_before = os.getloadavg()
    results: dict[str, Any] = {}
    for usecase in args.only or list(CATALOG):
        print(f"{usecase}…", flush=True)
        try:
            results[usecase] = bench_usecase(usecase, args.registry, args.runs_dir, args.runs,
                                              not args.dev_venv)
        except (LookupError, RuntimeError) as exc:
            results[usecase] = {"skipped": str(exc).strip().splitlines()[-1][:300]}
    out = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
           "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                       "dev_python": platform.python_version(),
                       # others' work on the machine while it ran (1-minute load averages)
                       "load_average_before_after": [round(load_before[0], 2),
                                                     round(os.getloadavg()[0], 2)]},
           "runs": args.runs, "goal_ratio": GOAL_RATIO, "registry": _rel(args.registry),
           "usecases": results}
    print()
    print_table(results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = RESULTS / "cold_start.json"
    target.write_text(json.dumps(out, indent=2))
    print(f"written: {target}")


if __name__ == "__main__":
    main()
