"""What serving each use case costs on AWS, from figures the other benches measured.

    python bench/cost.py          # reads bench/results/*.json, writes cost.json and docs/cost.md

For each use case: its handler's measured p50 and p99 (bench/results/<usecase>.json,
through Mangum, on this machine) and its configured Lambda memory (the catalog's sizing),
turned into

- Lambda + HTTP API cost per million predictions (duration billed per started ms);
- the concurrency needed at 100 and 1,000 requests/s (Little's law on the p99: arrivals per
  second times seconds each request holds a Lambda);
- SageMaker Serverless Inference for the same compute (billed per ms and per GB of memory,
  no request fee, plus the data it moves);
- one always-on Fargate task of the container stack, whose throughput is the load bench's
  measured one-worker figure (bench/results/load-w1.json, the use case it served) at half, for
  headroom.

Prices are AWS's public list prices for us-east-1 on x86, written below with the date they
were recorded; no price is fetched (nothing here reaches the network): check AWS's pricing
pages before relying on them. Durations measured on this machine, not on Lambda, whose CPU
share grows with memory (a full vCPU at 1,769 MB): the page shows the figures both as
measured and scaled by that share, an estimate, labelled so.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
PAGE = ROOT / "docs" / "cost.md"

PRICES = {
    "recorded": "2025-06 (AWS pricing pages, us-east-1, x86; not re-checked since)",
    "lambda_gb_second": 0.0000166667,  # USD per GB-second
    "lambda_gb_second_arm64": 0.0000133334,  # USD per GB-second on Graviton (arm64)
    "lambda_per_million_requests": 0.20,  # USD
    "http_api_per_million_requests": 1.00,  # USD, first 300 million a month
    "sagemaker_serverless_gb_second": 0.0000200,  # USD per second per GB of memory
    "sagemaker_data_per_gb": 0.016,  # USD per GB in and out
    "fargate_vcpu_hour": 0.04048,  # USD
    "fargate_gb_hour": 0.004445,  # USD
    "alb_hour": 0.0225,  # USD, plus capacity units (not counted: they grow with traffic)
}
HOURS_PER_MONTH = 730
FULL_VCPU_MB = 1769  # Lambda's memory at which a function gets one whole vCPU
RATES = (100, 1000)  # requests per second

def routes() -> dict[str, tuple[str, tuple[str, ...], str]]:
    """One representative route per use case of the catalog (its pipeline's ``BENCH``:
    results file, path to its figures, route label); a use case without a bench is left
    out of the table, and a bench not yet run is skipped with a note."""
    from functions.catalog import CATALOG
    from training import pipelines

    return {name: bench for name in CATALOG
            if (bench := pipelines.get(name).BENCH) is not None}


def lambda_cost_per_million(duration_ms: float, memory_mb: int,
                             architecture: str = "x86_64") -> float:
    billed_s = math.ceil(duration_ms) / 1000  # per started millisecond
    price = PRICES["lambda_gb_second_arm64" if architecture == "arm64" else "lambda_gb_second"]
    return (1e6 * billed_s * memory_mb / 1024 * price
            + PRICES["lambda_per_million_requests"] + PRICES["http_api_per_million_requests"])


def concurrency(rate: float, duration_ms: float) -> int:
    """Lambdas busy at once at ``rate`` requests/s each holding one ``duration_ms``."""
    return max(1, math.ceil(rate * duration_ms / 1000))


def sagemaker_cost_per_million(duration_ms: float, memory_mb: int, body_kb: float) -> float:
    gb = max(1, math.ceil(memory_mb / 1024))  # Serverless memory comes in whole GB, from 1
    compute = 1e6 * duration_ms / 1000 * gb * PRICES["sagemaker_serverless_gb_second"]
    data = 1e6 * body_kb / 1024 / 1024 * PRICES["sagemaker_data_per_gb"]
    return compute + data


def fargate(container_cpu: int, container_memory_mb: int, per_task: float) -> dict:
    vcpu, gb = container_cpu / 1024, container_memory_mb / 1024
    task_month = HOURS_PER_MONTH * (vcpu * PRICES["fargate_vcpu_hour"]
                                    + gb * PRICES["fargate_gb_hour"])
    out = {"vcpu": vcpu, "memory_gb": gb, "per_task_per_second": per_task,
           "task_month_usd": task_month, "alb_month_usd": HOURS_PER_MONTH * PRICES["alb_hour"]}
    for rate in RATES:
        tasks = max(1, math.ceil(rate / per_task))
        month = tasks * task_month + out["alb_month_usd"]
        out[f"at_{rate}"] = {"tasks": tasks, "month_usd": month,
                             "per_million_usd": month / (rate * 3600 * HOURS_PER_MONTH / 1e6)}
    return out


def figures() -> dict:
    from functions.catalog import get_usecase
    from infra.environments import ENVIRONMENTS

    prod = ENVIRONMENTS["prod"]  # what a deployment sizes each function at

    rows = {}
    for name, (file, keys, route) in routes().items():
        if not (RESULTS / file).exists():
            print(f"cost: no {file} in bench/results yet: {name} left out")
            continue
        source = json.loads((RESULTS / file).read_text())
        measured = source
        for k in keys:
            measured = measured[k]
        sized = prod.sizing.get(name)
        memory = sized.memory_mb if sized else get_usecase(name).memory_mb
        share = min(1.0, memory / FULL_VCPU_MB)
        row = {"route": route, "source": f"bench/results/{file}", "measured_on": source["date"],
               "memory_mb": memory, "p50_ms": measured["p50_ms"], "p99_ms": measured["p99_ms"],
               "reserved_concurrency": sized.reserved_concurrency if sized
               else prod.reserved_concurrency}
        for label, scale in (("measured", 1.0), ("cpu_share", 1 / share)):
            p50, p99 = row["p50_ms"] * scale, row["p99_ms"] * scale
            row[label] = {
                "lambda_per_million_usd": lambda_cost_per_million(p50, memory),
                # Graviton at the same durations: not measured on arm64 here (no such
                # machine); the price per GB-second is what differs.
                "lambda_arm64_per_million_usd": lambda_cost_per_million(p50, memory, "arm64"),
                "concurrency": {str(r): concurrency(r, p99) for r in RATES},
                "sagemaker_serverless_per_million_usd": sagemaker_cost_per_million(
                    p50, memory, body_kb=2.0),
            }
        rows[name] = row
    load = json.loads((RESULTS / "load-w1.json").read_text())
    per_task = load["vitrine_per_second"] / 2  # half the measured rate: headroom
    container = fargate(prod.container_cpu, prod.container_memory_mb, per_task)
    task_month = container["task_month_usd"] + container["alb_month_usd"]
    for row in rows.values():
        # The load bench ran one use case; another's task serves fewer requests a second,
        # in the ratio of the handlers' p50 (an estimate).
        uc_per_task = per_task * rows[load["usecase"]]["p50_ms"] / row["p50_ms"]
        row["fargate_tasks"] = {str(r): max(1, math.ceil(r / uc_per_task)) for r in RATES}
        # Sustained requests/s above which one always-on task costs less than Lambda.
        row["break_even_per_second"] = task_month / (
            row["measured"]["lambda_per_million_usd"] * 3600 * HOURS_PER_MONTH / 1e6)
    return {"prices": PRICES, "usecases": rows,
            "fargate": container | {"load_source": "bench/results/load-w1.json",
                                    "load_usecase": load["usecase"],
                                    "measured_per_second": load["vitrine_per_second"],
                                    "measured_on": load["date"]},
            "limits": {"throttle_rate_prod": prod.throttle_rate}}


def _usd(v: float) -> str:
    return f"${v:,.2f}" if v >= 0.1 else f"${v:.4f}"


def render(data: dict) -> str:
    p, f = data["prices"], data["fargate"]
    lines = [
        "# What it costs on AWS", "", "[← README](../README.md)", "",
        "Written by `python bench/cost.py` from the benches' results (`bench/results/cost.json`"
        " holds the same figures). Prices: AWS's public list prices, us-east-1, x86, recorded "
        f"{p['recorded']}; check AWS's pricing pages before relying on them.", "",
        f"- Lambda: ${p['lambda_gb_second']} per GB-second, billed per started millisecond, "
        f"and ${p['lambda_per_million_requests']:.2f} per million requests; HTTP API: "
        f"${p['http_api_per_million_requests']:.2f} per million requests.",
        f"- SageMaker Serverless Inference: ${p['sagemaker_serverless_gb_second']} per second "
        f"per GB of memory (whole GB), ${p['sagemaker_data_per_gb']} per GB of data in and out "
        "(2 KB a request counted here).",
        f"- Fargate: ${p['fargate_vcpu_hour']} per vCPU-hour, ${p['fargate_gb_hour']} per "
        f"GB-hour; an Application Load Balancer ${p['alb_hour']} an hour (its capacity units, "
        "which grow with traffic, not counted).", "",
        "Durations are the handler's (Mangum → FastAPI → validation → ONNX → log), measured "
        "on this 2-core machine by each use case's bench. Lambda gives a function a CPU share "
        f"that grows with its memory, a whole vCPU at {FULL_VCPU_MB:,} MB; the *CPU-share* "
        "columns divide the machine's speed by that share, an estimate, not a measurement.",
        "", "## Lambda behind the HTTP API, per use case", "",
        "| use case | route | memory (prod) | p50 / p99 measured | $ per million (measured) | "
        "$ per million (CPU share) | $ per million on arm64 (CPU share, same durations) | "
        "Lambdas busy at 100 / 1,000 req/s (p99, CPU share) | "
        "SageMaker Serverless $ per million (CPU share) | Fargate tasks at 100 / 1,000 req/s "
        "| one task costs less than Lambda above |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, r in data["usecases"].items():
        m, c = r["measured"], r["cpu_share"]
        lines.append(
            f"| {name} | `{r['route']}` | {r['memory_mb']:,} MB | {r['p50_ms']:.2f} / "
            f"{r['p99_ms']:.2f} ms | {_usd(m['lambda_per_million_usd'])} | "
            f"{_usd(c['lambda_per_million_usd'])} | {_usd(c['lambda_arm64_per_million_usd'])} | "
            f"{c['concurrency']['100']} / "
            f"{c['concurrency']['1000']} | {_usd(c['sagemaker_serverless_per_million_usd'])} | "
            f"{r['fargate_tasks']['100']} / {r['fargate_tasks']['1000']} | "
            f"{r['break_even_per_second']:.0f} req/s |")
    lim = data["limits"]
    busiest = max(data["usecases"].values(), key=lambda r: r["cpu_share"]["concurrency"]["1000"])
    short = [n for n, r in data["usecases"].items()
             if r["cpu_share"]["concurrency"]["1000"] > r["reserved_concurrency"]]
    even = [r["break_even_per_second"] for r in data["usecases"].values()]
    lines += [
        "", "What the table says:", "",
        "- Every handler runs in a few milliseconds, so Lambda's bill is mostly the two request "
        "fees ($1.20 of each million): the compute is cents.",
        f"- Graviton (arm64, every function's default: `EnvironmentConfig.architecture`, "
        f"`infra/config.py`) bills ${p['lambda_gb_second_arm64']:.10f} per GB-second, 20 % "
        "less; its column keeps the durations measured here on x86_64, since no arm64 "
        "machine was at hand: the saving is the price's, the speed on Graviton is not "
        "measured.",
        "- SageMaker Serverless Inference has no request fee, so its compute alone costs less "
        "per million than Lambda + HTTP API here, but it serves a model container, not this "
        "API: keys, validation with field-named 422s, the prediction log, feedback and "
        "monitoring would move into that container (its cold starts not measured here).",
        f"- Concurrency is small: at 1,000 requests/s the busiest use case holds "
        f"{busiest['cpu_share']['concurrency']['1000']} Lambdas at once, "
        + (f"above prod's reserved concurrency for {', '.join(short)}. "
           if short else "within each function's reserved concurrency in prod. ")
        + f"The HTTP API's throttle is the limit: {lim['throttle_rate_prod']} requests/s for "
        "the whole API in prod (`throttle_rate`, `infra/environments.py`); raise it before "
        "such a load.",
        "", "## An always-on container (the container stack, ECS Fargate)", "",
        f"One task of {f['vcpu']:g} vCPU and {f['memory_gb']:g} GB (the container stack's "
        f"size): {_usd(f['task_month_usd'])} a month, plus {_usd(f['alb_month_usd'])} for the "
        f"load balancer. Its throughput is taken from the load bench: "
        f"{f['measured_per_second']:,.0f} {f['load_usecase']} predictions/s with one worker on "
        "this machine "
        f"(`{f['load_source']}`, {f['measured_on'][:10]}), counted at half, "
        f"{f['per_task_per_second']:,.0f}/s per task, for headroom (the tasks column of the "
        f"table above scales that by each handler's p50 against {f['load_usecase']}'s, an "
        "estimate).", "",
        f"| sustained {f['load_usecase']} load | tasks | $ a month | $ per million predictions |",
        "| --- | --- | --- | --- |",
    ]
    for rate in RATES:
        a = f[f"at_{rate}"]
        lines.append(f"| {rate:,} req/s | {a['tasks']} | {_usd(a['month_usd'])} | "
                     f"{_usd(a['per_million_usd'])} |")
    lines += [
        "", "A task paid for every hour costs less per prediction than Lambda once a use "
        f"case's load stays above {min(even):.0f}–{max(even):.0f} requests/s around the clock "
        "(the last column); below that, and for a catalog idle most hours, Lambda costs "
        "less, and nothing when idle. Hence the default: Lambda per use case, the container "
        "stack for what is too heavy for Lambda or busy all day.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    data = figures()
    (RESULTS / "cost.json").write_text(json.dumps(data, indent=2) + "\n")
    PAGE.write_text(render(data), encoding="utf-8")
    for name, r in data["usecases"].items():
        lam = r["measured"]["lambda_per_million_usd"]
        print(f"{name:8s} p50 {r['p50_ms']:6.2f} ms  Lambda ${lam:.3f}"
              f"/M (CPU share ${r['cpu_share']['lambda_per_million_usd']:.3f}/M)  "
              f"busy at 1,000/s: {r['cpu_share']['concurrency']['1000']}")
    fg = data["fargate"]
    print(f"fargate: {fg['at_100']['tasks']} task(s) at 100/s "
          f"${fg['at_100']['per_million_usd']:.3f}/M, {fg['at_1000']['tasks']} at 1,000/s "
          f"${fg['at_1000']['per_million_usd']:.3f}/M")
    print(f"wrote {RESULTS / 'cost.json'} and {PAGE}")


if __name__ == "__main__":
    main()
