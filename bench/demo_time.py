"""How long a newcomer waits: a fresh clone, `make demo`, the time to the first answered
prediction and to every use case served, and each step's time. Prints figures and writes
bench/results/demo_time.json. Not in CI's path: it takes the machine for the whole demo.

    python bench/demo_time.py [--port 8765] [--venv PATH] [--timeout 1800]

--venv: copy an installed .venv into the clone instead of installing (pip's cache makes
installs minutes; say which in what you report: the JSON records it).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
KEY = re.compile(r"^(vk_\S+)", re.MULTILINE)


def call(url: str, key: str | None = None, body: bytes | None = None) -> tuple[int, object]:
    headers = {"Content-Type": "application/json", **({"X-API-Key": key} if key else {})}
    req = urllib.request.Request(url, data=body, headers=headers,
                                 method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None
    except (urllib.error.URLError, OSError, ValueError):
        return 0, None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--venv", type=Path, help="an installed .venv to copy in")
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()

    clone = Path(tempfile.mkdtemp(prefix="vitrine-demo-")) / "vitrine"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=clone,
                            capture_output=True, text=True).stdout.strip()
    shared = ROOT.parent / "shared"
    if shared.exists() and not (clone.parent / "shared").exists():
        (clone.parent / "shared").symlink_to(shared)
    if args.venv:
        shutil.copytree(args.venv, clone / ".venv", symlinks=True)
        # the copy's stamps say installed; its editable install points at the source tree
        subprocess.run([str(clone / ".venv/bin/python"), "-m", "pip", "install", "-q",
                        "--no-deps", "-e", "."], cwd=clone, check=True)
    if (ROOT / "node_modules").exists():
        shutil.copytree(ROOT / "node_modules", clone / "node_modules", symlinks=True)
    log_path = clone / "demo.log"
    started = time.monotonic()
    with log_path.open("w") as log:
        demo = subprocess.Popen(["make", "demo", f"PORT={args.port}"], cwd=clone, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{args.port}"
    patient = (clone / "tests" / "events" / "patient.json").read_bytes()
    first = everything = None
    key = None
    try:
        while time.monotonic() - started < args.timeout and demo.poll() is None:
            time.sleep(2)
            if key is None:
                found = KEY.search(log_path.read_text(errors="replace"))
                key = found.group(1) if found else None
                continue
            if first is None:
                status, _ = call(f"{base}/predict/patient", key, patient)
                if status == 200:
                    first = time.monotonic() - started
                    print(f"first answered prediction after {first:.0f} s", flush=True)
                continue
            status, cards = call(f"{base}/usecases", key)
            if status == 200 and cards and all(c["serving"] for c in cards):
                everything = time.monotonic() - started
                print(f"every use case served after {everything:.0f} s", flush=True)
                # The last chain's export is still ending (its model is served already):
                # let the demo finish its steps and write timings.json before stopping it.
                done = clone / "artifacts" / "demo" / "timings.json"
                deadline = time.monotonic() + 120
                while not done.exists() and time.monotonic() < deadline:
                    time.sleep(1)
                break
    finally:
        if demo.poll() is None:
            os.killpg(demo.pid, signal.SIGINT)
            try:
                demo.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(demo.pid, signal.SIGKILL)
    # The demo writes timings.json once its last step is done, which may come after the
    # last model is served (the site's samples); progress.json holds the same steps so far.
    demo_dir = clone / "artifacts" / "demo"
    timings_file = next((f for f in (demo_dir / "timings.json", demo_dir / "progress.json")
                         if f.exists()), None)
    timings = json.loads(timings_file.read_text()) if timings_file else None
    result = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "commit": commit,
              "cpus": os.cpu_count(), "installs": "copied venv" if args.venv else "make's",
              "first_answer_s": first, "all_served_s": everything,
              "exit_code": demo.returncode, "steps": timings}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "demo_time.json").write_text(json.dumps(result, indent=2))
    print(json.dumps({k: v for k, v in result.items() if k != "steps"}, indent=1))
    if first is None or everything is None:
        print(f"the demo did not finish: see {log_path}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
