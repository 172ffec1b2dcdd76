"""Every bench, in one go (``make bench``): each catalog use case's own
(``bench/<name>_bench.py``, where it has one), then the platform's, then the cost page,
which reads the figures the others wrote. A use case added to the catalog with a bench of
its own is run with no edit here.

    python bench/all.py [--only NAME ...]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
# The platform's benches, in order (each prints its figures and writes bench/results/).
PLATFORM = [["explain_bench.py"], ["rollout_bench.py"], ["load_bench.py"],
            ["load_bench.py", "--no-access-log"],
            ["load_bench.py", "--workers", "2", "--no-access-log"],
            ["tabular_bench.py"], ["route_bench.py"], ["bundle_bench.py"],
            ["powertools_bench.py"],
            ["cold_start.py"]]  # after bundle_bench: it starts each function's bundle


def plan(only: list[str] | None = None) -> list[list[str]]:
    sys.path.insert(0, str(HERE.parent))
    from functions.catalog import CATALOG

    runs = [[f"{name}_bench.py"] for name in CATALOG if (HERE / f"{name}_bench.py").exists()]
    runs += [r for r in PLATFORM if (HERE / r[0]).exists()]
    if only:
        runs = [r for r in runs if r[0].removesuffix("_bench.py").removesuffix(".py") in only]
    return [*runs, ["cost.py"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="bench names (sepsis, load, ...)")
    parser.add_argument("--dry-run", action="store_true", help="list what would run")
    args = parser.parse_args()
    failed = []
    for run in plan(args.only):
        print(f"\n== bench/{' '.join(run)}", flush=True)
        if args.dry_run:
            continue
        if subprocess.run([sys.executable, str(HERE / run[0]), *run[1:]]).returncode != 0:
            failed.append(" ".join(run))
    if failed:
        sys.exit(f"benches that failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
