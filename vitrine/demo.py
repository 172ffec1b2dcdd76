"""`vitrine demo` (``make demo``): every use case of the catalog at the demo's sizes, served
as soon as the first one is published.

1. Every use case's chain starts on one pool of ``--parallel`` workers (each one's steps in
   order, each step its own process, its output in ``artifacts/demo/logs/NAME.log``): the
   first of the catalog beside the next, from the first second, so that no core waits for
   the first to be served. The others' processes run at a lower priority (``nice``), so the
   first chain, and then the server, keep a core of their own.
2. Once the first use case is published, the site is built, a demo admin key made and the
   server started while the others go on training; the server loads each model as it is
   published (it looks for a missing model every second), and the catalog page shows the
   others as "training" with their step (``artifacts/demo/progress.json``, read by
   GET /usecases through ``demo_progress``).
3. The terminal shows one line per use case as it finishes, then the table of every step's
   time (also ``artifacts/demo/timings.json``). A step that fails is named with its log,
   and the demo stops with a non-zero exit once the server is stopped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

DEMO_DIR = Path("artifacts/demo")
PROGRESS = DEMO_DIR / "progress.json"
TIMINGS = DEMO_DIR / "timings.json"


@dataclass(frozen=True)
class Step:
    command: str  # a `vitrine` command: data, train, export
    usecase: str
    options: dict[str, Any] = field(default_factory=dict)

    def argv(self) -> list[str]:
        """The command line: ``--name value``, or ``--flag`` / ``--no-flag`` for booleans."""
        out = [self.command, self.usecase]
        for name, value in self.options.items():
            flag = "--" + name.replace("_", "-")
            if isinstance(value, bool):
                out.append(flag if value else f"--no-{flag[2:]}")
            elif value is not None:
                out += [flag, str(value)]
        return out


def plan() -> list[list[Step]]:
    """One chain of steps per catalog use case, in the catalog's order: its data at the
    demo's size (where it has a generator), its training (quick unless its full size takes
    seconds), its export to production."""
    from functions.catalog import CATALOG
    from training import pipelines

    chains = []
    for name in CATALOG:
        hooks = pipelines.get(name)
        chain = [Step("data", name, dict(hooks.DATA_OPTIONS["quick"]))] \
            if hooks.DATA_OPTIONS is not None else []
        chain += [Step("train", name, {"quick": not hooks.DEMO_FULL_SIZE}),
                  Step("export", name, {"promote": True})]
        chains.append(chain)
    return chains


class Progress:
    """Each use case's state, written whole to a JSON file at each change (the server
    reads it; a reader never sees half a file: written beside, then renamed)."""

    def __init__(self, path: Path, names: list[str]):
        self.path = path
        self.lock = threading.Lock()
        self.state: dict[str, dict[str, Any]] = {
            n: {"state": "queued", "step": None, "steps": []} for n in names}
        self._write()

    def update(self, name: str, **changes: Any) -> None:
        with self.lock:
            self.state[name].update(changes)
            self._write()

    def done_step(self, name: str, step: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.state[name]["steps"].append({"step": step, "seconds": round(seconds, 1),
                                              "ok": ok})
            self._write()

    def _write(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.state, indent=1))
        os.replace(tmp, self.path)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


Runner = Callable[[list[str], Path], int]


BACKGROUND_NICE = 10  # CFS weight ~1/10 of a default process: the first chain and the server
_live: set[subprocess.Popen] = set()  # the steps running now, ended by ``abort``
_live_lock = threading.Lock()
_aborted = threading.Event()


def run_vitrine(argv: list[str], log: Path, nice: int = 0) -> int:
    """One `vitrine` command in its own process, its output appended to ``log``. With other
    chains beside it, each process keeps to one thread of BLAS/OpenMP: two trainings that
    each take every core only fight over them."""
    env = {**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1"),
           "MKL_NUM_THREADS": os.environ.get("MKL_NUM_THREADS", "1")}
    command = [sys.executable, "-m", "vitrine.cli", *argv]
    if nice and shutil.which("nice"):
        command = ["nice", "-n", str(nice), *command]
    return run_process(command, log, f"vitrine {' '.join(argv)}", env)


def run_process(command: list[str], log: Path, title: str,
                env: dict[str, str] | None = None) -> int:
    """``command``'s exit code, its output appended to ``log``; ended by ``abort``, and never
    started once it was called."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a") as out:
        out.write(f"\n$ {title}\n")
        out.flush()
        with _live_lock:
            if _aborted.is_set():
                return -1
            process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
            _live.add(process)
        try:
            return process.wait()
        finally:
            with _live_lock:
                _live.discard(process)


def run_in_background(argv: list[str], log: Path) -> int:
    return run_vitrine(argv, log, nice=BACKGROUND_NICE)


@dataclass
class Failure:
    usecase: str
    step: str
    log: Path


def run_chain(chain: list[Step], progress: Progress, say: Callable[[str], None],
              runner: Runner = run_vitrine, logs: Path = DEMO_DIR / "logs") -> Failure | None:
    name = chain[0].usecase
    log = logs / f"{name}.log"
    started = time.monotonic()
    for step in chain:
        progress.update(name, state="training", step=step.command, since=now())
        t0 = time.monotonic()
        rc = runner(step.argv(), log)
        if _aborted.is_set():  # another chain failed first: this one is not the failure
            progress.update(name, state="stopped", step=step.command)
            return None
        progress.done_step(name, step.command, time.monotonic() - t0, rc == 0)
        if rc != 0:
            progress.update(name, state="failed", step=step.command)
            say(f"{name:10s} FAILED at `vitrine {' '.join(step.argv())}` (exit {rc}); "
                f"its output: {log}")
            return Failure(name, " ".join(step.argv()), log)
    progress.update(name, state="served", step=None)
    steps = ", ".join(f"{s['step']} {s['seconds']:.0f} s" for s in progress.state[name]["steps"])
    say(f"{name:10s} published after {time.monotonic() - started:.0f} s ({steps})")
    return None


class Chains:
    """Every chain on one pool of ``parallel`` workers, all submitted at once in the
    catalog's order: the first chain (run by ``runner``) starts beside the next ones (run by
    ``background``, at a lower priority); ``first()`` waits for the first alone, ``rest()``
    for every other; every chain runs even when another failed, unless ``abort()``."""

    def __init__(self, chains: list[list[Step]], progress: Progress,
                 say: Callable[[str], None], parallel: int, runner: Runner = run_vitrine,
                 background: Runner = run_in_background):
        _aborted.clear()
        self.pool = ThreadPoolExecutor(max_workers=max(1, parallel))
        self.futures = [self.pool.submit(run_chain, chain, progress, say,
                                         runner if i == 0 else background)
                        for i, chain in enumerate(chains)]

    def first(self) -> Failure | None:
        return self.futures[0].result()

    def rest(self) -> list[Failure]:
        results = [f.result() for f in self.futures]
        self.pool.shutdown()
        return [f for f in results if f is not None]

    def abort(self) -> None:
        """Stop every chain: the queued ones never start, the running steps are ended."""
        with _live_lock:
            _aborted.set()
            for process in _live:
                process.terminate()
        self.pool.shutdown(wait=True, cancel_futures=True)


def timings_table(progress: Progress) -> list[str]:
    rows = []
    for name, s in progress.state.items():
        steps = {x["step"]: x["seconds"] for x in s["steps"]}
        total = sum(steps.values())
        rows.append(f"  {name:10s} {steps.get('data', 0):7.0f} {steps.get('train', 0):7.0f} "
                    f"{steps.get('export', 0):7.0f} {total:7.0f}  {s['state']}")
    return ["  use case      data   train  export   total (s)", *rows]


def default_parallel() -> int:
    """Both cores on a 2-core machine: one chain per core, at most 3."""
    return max(1, min(3, os.cpu_count() or 1))


def simulate_hint(port: int | None) -> list[str]:
    """The last lines of the demo: how to fill the monitoring pages, which start as empty
    charts, with traffic, drift, feedback and a retraining (the use cases whose pipeline
    offers traffic; ``port``: the demo's server, None when it does not serve)."""
    from vitrine.simulate import simulators

    offered = simulators()
    if not offered:
        return []
    target = f" --url http://127.0.0.1:{port} --api-key <key above>" if port else ""
    return ["Fill a monitoring page (predictions, drift, feedback, a retraining and its "
            "rollout):",
            f"  vitrine simulate {offered[0]}{target}",
            f"  (any of {', '.join(offered)}; docs/mlops.md)"]
