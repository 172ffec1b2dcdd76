"""Each Lambda function's bundle, built as `make bundle` builds it: its size unzipped and
zipped, what its use cases add to the core, and its smoke test; writes
bench/results/bundles.json.

    python bench/bundle_bench.py [--architecture arm64|x86_64] [--out build/lambda]

Needs the network to PyPI (pip fetches the Lambda platform's wheels; its cache is reused).
The core (every function's part) is set against the 70 MB a function with no use-case
requirement should stay under (issue 25); the others print their extra's size beside it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
CORE_TARGET_MB = 70  # unzipped: a function that serves from the core alone
LAMBDA_LIMIT_MB = 250  # unzipped, layers included


def zipped_mb(folder: Path) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        archive = shutil.make_archive(str(Path(tmp) / "bundle"), "zip", folder)
        return round(Path(archive).stat().st_size / 2**20, 1)


def main() -> None:
    from infra import bundle

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--architecture", choices=sorted(bundle.PLATFORMS), default="arm64")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "lambda")
    parser.add_argument("--registry", type=Path, default=ROOT / "data" / "registry")
    parser.add_argument("--reuse", action="store_true",
                        help="measure the bundles build/lambda holds (bundles.json)")
    args = parser.parse_args()
    record = bundle.read_manifest(args.out.resolve()) if args.reuse else None
    if record is None or record["functions"] and next(
            iter(record["functions"].values()))["architecture_asked"] != args.architecture:
        record = bundle.build(args.out.resolve(), args.architecture)
    smoke = bundle.smoke_all(args.out.resolve(), record, args.registry.resolve())
    core = record["functions"][bundle.PLATFORM_FUNCTION]["unzipped_mb"]
    rows = {}
    print(f"{'function':<12} {'arch':<7} {'unzipped':>9} {'zipped':>7} {'beyond core':>12}"
          f"  smoke")
    for name, info in record["functions"].items():
        extra = [r for r in info["requirements"] if r not in record["core"]]
        row = {"architecture": info["architecture"], "fallback": info["fallback"],
               "unzipped_mb": info["unzipped_mb"], "zipped_mb": zipped_mb(Path(info["path"])),
               "beyond_core_mb": round(info["unzipped_mb"] - core, 1), "extra": extra,
               "smoke": smoke.get(name, smoke)}
        rows[name] = row
        test = row["smoke"]
        said = f"{test['status']} in {test['import_and_call_s']:.2f} s ({test['tested']})" \
            if "status" in test else str(test)
        print(f"{name:<12} {row['architecture']:<7} {row['unzipped_mb']:>7.1f} MB "
              f"{row['zipped_mb']:>5.1f} MB {row['beyond_core_mb']:>9.1f} MB  {said}")
    verdict = "met" if core <= CORE_TARGET_MB else "NOT met"
    print(f"core alone (the platform function): {core} MB unzipped, target "
          f"{CORE_TARGET_MB} MB: {verdict}; Lambda's limit {LAMBDA_LIMIT_MB} MB")
    out = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
           "architecture": args.architecture, "core": record["core"],
           "core_unzipped_mb": core, "core_target_mb": CORE_TARGET_MB, "functions": rows}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "bundles.json").write_text(json.dumps(out, indent=2))
    print(f"wrote {RESULTS / 'bundles.json'}")


if __name__ == "__main__":
    main()
