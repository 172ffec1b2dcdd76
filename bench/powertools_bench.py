"""What AWS Lambda Powertools would cost beside what Vitrine writes by hand (issue 25 §5):
the cold start of the Lambda entry (``import functions.handler``) with and without each
Powertools part, the per-call cost of an EMF line and of a log line each way, and the
DynamoDB requests of a feedback and of its retry with Powertools' idempotency and with the
store's conditional write.

    .venv/bin/python bench/powertools_bench.py [--runs 15]

Each cold start is a fresh interpreter; the variants are run in turn, one run of each per
round, so that a change in the machine's load falls on all of them. ``import functions.handler``
builds the app for one use case (sepsis) from an empty local registry: no model is loaded, the
smallest denominator, so the ratios are the worst case. Needs aws-lambda-powertools (and
aws-xray-sdk for the Tracer's row); prints the figures and writes bench/results/powertools.json.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import inspect
import json
import logging
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "results" / "powertools.json"

CHILD = r"""
import json, resource, sys, time
t0, c0 = time.perf_counter(), time.process_time()
{pre}
import functions.handler
t1, c1 = time.perf_counter(), time.process_time()
{extra}
t2, c2 = time.perf_counter(), time.process_time()
print(json.dumps({{"handler_s": t1 - t0, "extra_s": t2 - t1, "import_s": t2 - t0,
                  "import_cpu_s": c2 - c0, "extra_cpu_s": c2 - c1,
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}}))
"""

_ON_LAMBDA = {"LAMBDA_TASK_ROOT": "/tmp", "POWERTOOLS_TRACE_DISABLED": "false"}  # Tracer on
# name: (what it is, baseline, code before the handler import, code after it, extra env)
VARIANTS: dict[str, tuple[str, str | None, str, str, dict[str, str]]] = {
    "handler": ("import functions.handler (local default: SQLite, local registry)", None,
                "", "", {}),
    "handler_boto3": ("the same with boto3 loaded first, as the AWS stores and the S3 "
                      "registry load it on Lambda", None, "import boto3", "", {}),
    "logging": ("+ Logger(service=...) from aws_lambda_powertools.logging", "handler", "",
                "from aws_lambda_powertools.logging import Logger\n"
                "Logger(service='vitrine-bench')", {}),
    "metrics": ("+ Metrics(namespace=...) from aws_lambda_powertools.metrics", "handler", "",
                "from aws_lambda_powertools.metrics import Metrics\n"
                "Metrics(namespace='Vitrine')", {}),
    "core": ("+ from aws_lambda_powertools import Logger, Metrics, Tracer (Tracer not built)",
             "handler", "", "from aws_lambda_powertools import Logger, Metrics, Tracer", {}),
    "tracer_boto3": ("+ Tracer(patch_modules=['boto3']) as on Lambda: the X-Ray SDK "
                     "loaded, boto3's calls patched (DynamoDB, S3)", "handler_boto3",
                     "import boto3", "from aws_lambda_powertools import Tracer\n"
                     "Tracer(service='vitrine-bench', patch_modules=['boto3'])", _ON_LAMBDA),
    "tracer_patch_all": ("+ Tracer() with its default patch_all: it imports every library "
                         "the X-Ray SDK can patch that is installed (in this venv sqlalchemy, "
                         "requests, httpx; fewer in the bundle)", "handler_boto3",
                         "import boto3", "from aws_lambda_powertools import Tracer\n"
                         "Tracer(service='vitrine-bench')", _ON_LAMBDA),
    "idempotency": ("+ aws_lambda_powertools.utilities.idempotency (DynamoDB persistence "
                    "layer, idempotent_function): import only", "handler_boto3",
                    "import boto3",
                    "from aws_lambda_powertools.utilities.idempotency import (\n"
                    "    DynamoDBPersistenceLayer, IdempotencyConfig, idempotent_function)",
                    {}),
}


def cold(runs: int, env: dict[str, str]) -> dict[str, list[dict[str, float]]]:
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in VARIANTS}
    for round_ in range(runs):
        for name, (_, _, pre, extra, more) in VARIANTS.items():
            done = subprocess.run([sys.executable, "-c", CHILD.format(pre=pre, extra=extra)],
                                  env={**env, **more}, cwd=ROOT, capture_output=True,
                                  text=True)
            if done.returncode:
                raise SystemExit(f"{name}: {done.stderr[-2000:]}")
            samples[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"  round {round_ + 1}/{runs}", flush=True)
    return samples


def summarize(samples: dict[str, list[dict[str, float]]]) -> dict[str, dict[str, Any]]:
    def med(name: str, key: str) -> float:
        return statistics.median(s[key] for s in samples[name])

    out: dict[str, dict[str, Any]] = {}
    for name, (what, base, *_rest) in VARIANTS.items():
        row = {"what": what, "baseline": base,
               "import_median_s": med(name, "import_s"),
               "import_cpu_median_s": med(name, "import_cpu_s"),
               "peak_rss_median_mb": med(name, "maxrss_kb") / 1024}
        if base:
            row |= {
                # The part's own time, measured in the same process after the handler's
                # import: steadier than a difference of two medians.
                "added_median_ms": med(name, "extra_s") * 1e3,
                "added_cpu_median_ms": med(name, "extra_cpu_s") * 1e3,
                "ratio_to_baseline": 1 + med(name, "extra_s") / med(base, "import_s"),
                "cpu_ratio_to_baseline": 1 + med(name, "extra_cpu_s") / med(base,
                                                                             "import_cpu_s"),
                # Two sets of processes: on a loaded machine their spread swamps a few ms.
                "ratio_of_medians": med(name, "import_s") / med(base, "import_s"),
                "peak_rss_added_mb": (med(name, "maxrss_kb") - med(base, "maxrss_kb")) / 1024,
            }
        out[name] = row
    return out


def per_call(fn, n: int) -> float:
    """Median microseconds of ``fn()`` over ``n`` calls, after 200 warm-up calls."""
    for _ in range(200):
        fn()
    times = []
    for _ in range(n):
        t = time.perf_counter_ns()
        fn()
        times.append(time.perf_counter_ns() - t)
    return statistics.median(times) / 1e3


def warm(n: int) -> dict[str, float]:
    """One EMF line and one log line each way, the correlation middleware around a no-op."""
    from aws_lambda_powertools import Logger
    from aws_lambda_powertools.metrics import EphemeralMetrics, Metrics, MetricUnit

    from functions import correlation, metrics

    sink = open(os.devnull, "w")  # kept open for the whole bench
    values = {"Predictions": (1, "Count"), "PredictionLatency": (1.234, "Milliseconds")}
    shared = Metrics(namespace="Vitrine")

    def powertools_flush() -> None:
        shared.add_dimension("UseCase", "sepsis")
        shared.add_metric("Predictions", MetricUnit.Count, 1)
        shared.add_metric("PredictionLatency", MetricUnit.Milliseconds, 1.234)
        with contextlib.redirect_stdout(sink):
            shared.flush_metrics()

    def powertools_ephemeral() -> None:
        m = EphemeralMetrics(namespace="Vitrine")
        m.add_dimension("UseCase", "sepsis")
        m.add_metric("Predictions", MetricUnit.Count, 1)
        m.add_metric("PredictionLatency", MetricUnit.Milliseconds, 1.234)
        print(json.dumps(m.serialize_metric_set(), separators=(",", ":")), file=sink)

    ours = logging.getLogger("vitrine.bench")
    handler = logging.StreamHandler(sink)
    handler.setFormatter(correlation.JsonLines())
    ours.addHandler(handler)
    ours.propagate = False
    ours.setLevel(logging.INFO)
    theirs = Logger(service="vitrine-bench-powertools", logger_handler=logging.StreamHandler(sink))
    theirs.thread_safe_append_keys(correlation_id="CxKl2hXYCGkEJbQ=")

    async def noop(scope, receive, send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})

    async def asgi_us(app) -> float:
        scope = {"type": "http", "headers": [(b"x-request-id", b"client-1")]}

        async def receive():
            return {"type": "http.request"}

        async def send(_):
            return None

        times = []
        for i in range(200 + n):
            t = time.perf_counter_ns()
            await app(scope, receive, send)
            if i >= 200:
                times.append(time.perf_counter_ns() - t)
        return statistics.median(times) / 1e3

    with correlation.bound("CxKl2hXYCGkEJbQ="):
        figures = {
            "emf_handwritten_us": per_call(lambda: metrics.emf("sepsis", values, out=sink), n),
            "emf_powertools_metrics_flush_us": per_call(powertools_flush, n),
            "emf_powertools_ephemeral_us": per_call(powertools_ephemeral, n),
            "log_line_handwritten_json_us": per_call(
                lambda: ours.warning("prediction %s cannot be monitored", "abc"), n),
            "log_line_powertools_logger_us": per_call(
                lambda: theirs.warning("prediction %s cannot be monitored", "abc"), n),
        }
    figures["asgi_noop_us"] = asyncio.run(asgi_us(noop))
    figures["asgi_noop_with_correlation_id_us"] = asyncio.run(
        asgi_us(correlation.CorrelationId(noop)))
    return figures


def feedback_requests() -> dict[str, Any]:
    """DynamoDB requests (and so write units) of one feedback and of its retry: the store's
    conditional write against the same write under Powertools' idempotency (moto)."""
    import boto3
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
        idempotent_function,
    )
    from moto import mock_aws

    from functions.stores import FeedbackRecord
    from functions.stores.dynamodb import DynamoStore

    def table(db, name: str, keys: list[tuple[str, str]]) -> None:
        db.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                        KeySchema=[{"AttributeName": k, "KeyType": t} for k, t in keys],
                        AttributeDefinitions=[{"AttributeName": k, "AttributeType": "S"}
                                              for k, _ in keys])

    record = FeedbackRecord("p1", "sepsis", "Positive", "Negative",
                            "2026-12-07T10:00:00+00:00", "reviewer", "k1")
    with mock_aws():
        os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-3")
        db = boto3.resource("dynamodb", region_name="eu-west-3")
        table(db, "feedback", [("usecase", "HASH"), ("prediction_id", "RANGE")])
        table(db, "idempotency", [("id", "HASH")])
        calls: list[str] = []
        db.meta.client.meta.events.register(
            "before-call.dynamodb", lambda model, **_: calls.append(model.name))
        store = DynamoStore("keys", "predictions", feedback_table="feedback", resource=db)

        def count(fn) -> list[str]:
            calls.clear()
            fn()
            return list(calls)

        ours = [count(lambda: store.put_feedback(record)) for _ in range(2)]
        client = boto3.client("dynamodb", region_name="eu-west-3")  # the layer's own
        client.meta.events.register("before-call.dynamodb",
                                    lambda model, **_: calls.append(model.name))
        persistence = DynamoDBPersistenceLayer(table_name="idempotency", boto3_client=client)

        @idempotent_function(data_keyword_argument="feedback", persistence_store=persistence,
                             config=IdempotencyConfig(expires_after_seconds=3600))
        def put(feedback: dict) -> dict:
            store.put_feedback(FeedbackRecord(**feedback))
            return feedback

        theirs = [count(lambda: put(feedback=record.__dict__)) for _ in range(2)]
    return {"handwritten": {"first": ours[0], "retry": ours[1]},
            "powertools_idempotency": {"first": theirs[0], "retry": theirs[1]}}


def package_mb(name: str, parts: tuple[str, ...] = ()) -> float:
    """Installed size (no bytecode caches) of a package, or of some of its folders."""
    spec = importlib.util.find_spec(name)
    base = Path(spec.origin).parent if spec and spec.origin else None
    if base is None:
        return float("nan")
    roots = [base / p for p in parts] if parts else [base]
    files = [f for r in roots for f in ([r] if r.is_file() else r.rglob("*"))
             if f.is_file() and "__pycache__" not in f.parts]
    return sum(f.stat().st_size for f in files) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="cold starts per variant")
    parser.add_argument("--calls", type=int, default=5000, help="warm calls per figure")
    args = parser.parse_args()
    for needed in ("aws_lambda_powertools", "aws_xray_sdk"):
        if importlib.util.find_spec(needed) is None:
            raise SystemExit(f"{needed} is not installed: pip install aws-lambda-powertools"
                             "==3.37.0 aws-xray-sdk==2.15.0 (a bench and test dependency)")
    tmp = Path(tempfile.mkdtemp(prefix="powertools-bench-"))
    env = {**os.environ, "VITRINE_USECASES": '["sepsis"]',
           "VITRINE_REGISTRY_DIR": str(tmp / "registry"),
           "VITRINE_SQLITE_PATH": str(tmp / "vitrine.db"), "VITRINE_TRACKING_URI": "off",
           "AWS_DEFAULT_REGION": "eu-west-3"}
    for k in ("AWS_LAMBDA_FUNCTION_NAME", "LAMBDA_TASK_ROOT"):
        env.pop(k, None)

    load_before = os.getloadavg()[0]
    print(f"cold starts: {len(VARIANTS)} variants x {args.runs} fresh interpreters…",
          flush=True)
    cold_figures = summarize(cold(args.runs, env))
    print("warm calls…", flush=True)
    warm_figures = warm(args.calls)
    requests = feedback_requests()
    load = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    from functions import correlation, metrics

    sizes = {
        "aws_lambda_powertools_mb": package_mb("aws_lambda_powertools"),
        "aws_lambda_powertools_logging_metrics_tracing_shared_mb": package_mb(
            "aws_lambda_powertools", ("logging", "metrics", "tracing", "shared",
                                      "middleware_factory", "exceptions", "warnings",
                                      "__init__.py", "package_logger.py", "utilities/__init__.py",
                                      "utilities/jmespath_utils")),
        "aws_xray_sdk_mb": package_mb("aws_xray_sdk"),
        "wrapt_mb": package_mb("wrapt"),
    }
    handwritten_lines = {
        "functions/metrics.py emf()": len(inspect.getsource(metrics.emf).splitlines()),
        "functions/correlation.py": len(inspect.getsource(correlation).splitlines()),
    }

    print(f"\n{'cold start, median of ' + str(args.runs):34s} {'import s':>9s} {'cpu s':>6s} "
          f"{'+ms':>7s} {'ratio':>6s} {'+cpu ms':>8s} {'ratio':>6s} {'RSS MB':>7s} "
          f"{'+RSS':>5s}")
    for name, f in cold_figures.items():
        added = (f"{f['added_median_ms']:7.1f} {f['ratio_to_baseline']:6.3f} "
                 f"{f['added_cpu_median_ms']:8.1f} {f['cpu_ratio_to_baseline']:6.3f}"
                 if f["baseline"] else f"{'':30s}")
        extra = f"{f['peak_rss_added_mb']:+5.1f}" if f["baseline"] else ""
        print(f"{name + (' (vs ' + f['baseline'] + ')' if f['baseline'] else ''):34s} "
              f"{f['import_median_s']:9.3f} {f['import_cpu_median_s']:6.3f} {added} "
              f"{f['peak_rss_median_mb']:7.1f} {extra}")
    print("\nwarm, median µs a call:")
    for k, v in warm_figures.items():
        print(f"  {k:42s} {v:8.1f}")
    print("\nDynamoDB requests per feedback (first / retry):")
    for k, v in requests.items():
        print(f"  {k:24s} {len(v['first'])} {v['first']} / {len(v['retry'])} {v['retry']}")
    print("\ninstalled sizes (MB, no bytecode): "
          + ", ".join(f"{k.removesuffix('_mb')} {v:.2f}" for k, v in sizes.items()))
    print("hand-written lines: " + ", ".join(f"{k} {v}" for k, v in handwritten_lines.items()))

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "generated_by": "bench/powertools_bench.py",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(), "load_average_1min": load},
        "versions": {name: _version(name) for name in ("aws-lambda-powertools", "aws-xray-sdk",
                                                         "fastapi", "mangum", "onnxruntime")},
        "method": f"each cold start a fresh interpreter timing its own imports "
                  f"(perf_counter and process_time) and reading its peak RSS (ru_maxrss); "
                  f"variants in turn, {args.runs} rounds; 'added' is the part's import timed "
                  "in the same process after the handler's, and ratio_to_baseline is 1 + "
                  "added / the baseline's import (ratio_of_medians compares two sets of "
                  "processes, which a loaded machine spreads by more than the part costs); "
                  "the handler serves sepsis from "
                  "an empty local registry (no model loaded). Warm figures: median of "
                  f"{args.calls} calls after 200 warm-up calls, output to /dev/null",
        "runs": args.runs,
        "cold_start": cold_figures,
        "warm_us": warm_figures,
        "feedback_dynamodb_requests": requests,
        "installed_mb": sizes,
        "handwritten_lines": handwritten_lines,
    }, indent=2) + "\n")
    print(f"\nwrote {OUT.relative_to(ROOT)}")


def _version(name: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


if __name__ == "__main__":
    main()
