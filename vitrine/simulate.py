"""`vitrine simulate secom --drift`: the MLOps loop end to end, through the HTTP API.

1. replay unseen lots (a generator seed the model never saw) as production traffic;
2. shift a share of the sensors (a recalibration, a new supplier), keep replaying, and send
   each lot's true label as feedback, as the line's final test would;
3. run the monitoring check as the schedule does (an admin's POST /secom/monitoring): drift
   per feature, performance from feedback, and the retraining it started (or why it could
   not: cooldown, one already running);
4. follow the retraining run to the quality gate's decision.

Everything goes through the API (a local server started here, or ``--url``), so the same
command exercises a deployed stack.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Scenario:
    lots: int = 600  # half before the shift, half after
    seed: int = 4242  # the generator's seed for the unseen lots (training used 2008)
    drift: bool = True
    shifted_share: float = 0.2  # of the varying sensors
    shift_sd: float = 2.0  # in each sensor's standard deviations
    wait_s: float = 600.0  # seconds to follow the retraining run


class ApiError(ValueError):
    """An API answer the simulation cannot go on from (shown as one line by the CLI)."""


class Api:
    def __init__(self, base: str, key: str, admin_key: str | None = None):
        self.base, self.key, self.admin_key = base.rstrip("/"), key, admin_key

    def call(self, method: str, path: str, body: Any = None, admin: bool = False) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        key = self.admin_key if admin and self.admin_key else self.key
        request = urllib.request.Request(
            self.base + path, data=data, method=method,
            headers={"Content-Type": "application/json", "X-API-Key": key})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode(errors="replace")[:300]
            raise ApiError(f"{method} {path}: HTTP {exc.code} {detail}") from None
        except urllib.error.URLError as exc:
            raise ApiError(f"cannot reach {self.base}: {exc.reason}") from None


def unseen_lots(scenario: Scenario) -> tuple[Any, list[str]]:
    """The lots to replay, the second half shifted on a random share of varying sensors."""
    from functions.contracts.secom import FEATURES
    from training.secom.data import GeneratorSpec, generate

    lots = generate(GeneratorSpec(lots=scenario.lots, seed=scenario.seed))
    shifted: list[str] = []
    if scenario.drift:
        rng = np.random.default_rng(scenario.seed)
        varying = [f for f in FEATURES if lots[f].std() > 0]
        shifted = sorted(rng.choice(varying, int(scenario.shifted_share * len(varying)),
                                    replace=False).tolist(), key=int)
        half = scenario.lots // 2
        for f in shifted:
            lots.loc[half:, f] = lots.loc[half:, f] + scenario.shift_sd * lots[f].std()
    return lots, shifted


def _values(row: Any, features: tuple[str, ...]) -> dict[str, float | None]:
    return {f: None if np.isnan(v := row[f]) else float(v) for f in features}


def run(api: Api, scenario: Scenario, say: Callable[[str], None]) -> dict[str, Any]:
    from functions.contracts.secom import FEATURES

    lots, shifted = unseen_lots(scenario)
    half = scenario.lots // 2
    production = api.call("GET", "/secom/monitoring")["model_version"]
    summary: dict[str, Any] = {"production_before": production, "shifted": shifted,
                               "phases": []}
    for phase, part in (("before the shift", lots.iloc[:half]),
                        ("after the shift" if scenario.drift else "second half",
                         lots.iloc[half:])):
        say(f"replaying {len(part)} lots {phase}")
        correct = 0
        for _, row in part.iterrows():
            answer = api.call("POST", "/secom/predict", {"values": _values(row, FEATURES)})
            truth = "Fail" if row["Pass/Fail"] == 1 else "Pass"
            api.call("POST", "/secom/feedback",
                     {"prediction_id": answer["prediction_id"], "label": truth})
            correct += answer["prediction"] == truth
        # What the schedule does every few minutes, now (an admin's POST): the report,
        # and the retraining it calls for started. Reading it (GET) changes nothing.
        report = api.call("POST", "/secom/monitoring", admin=True)
        drift, perf = report["drift"], report["performance"]
        summary["phases"].append({
            "phase": phase, "lots": len(part), "accuracy": correct / len(part),
            "drift": drift["verdict"], "drifted_features": drift["drifted_features"],
            "features_checked": drift["features_checked"],
            "top": [(f["feature"], f["psi"]) for f in drift["features"][:5]],
            "balanced_accuracy": perf["balanced_accuracy"],
            "retraining": report["retraining"],
        })
    retraining = summary["phases"][-1]["retraining"]
    started = retraining["started"]
    if started is None and retraining["needed"]:
        say(f"automatic retraining did not start ({retraining['blocked']}); starting it by hand")
        started = api.call("POST", "/secom/retrain", admin=True)
    summary["retraining"] = started
    if started is None:
        return summary
    status = follow(api, "secom", started, scenario.wait_s, say)
    summary["retraining"] = status
    # From the run, not from a prediction: servers see a promotion within the alias TTL.
    summary["production_after"] = status.get("version") or production
    return summary


def follow(api: Api, usecase: str, started: dict[str, Any], wait_s: float,
           say: Callable[[str], None]) -> dict[str, Any]:
    """A retraining run's status, polled until it ends; each poll says how long it has run
    and its last step, and ``wait_s`` seconds without an end is an error naming the run."""
    say(f"retraining run {started['run_id']} ({started['trigger']})")
    begun = time.monotonic()
    status = started
    while status["state"] == "running":
        elapsed = time.monotonic() - begun
        if elapsed > wait_s:
            raise ApiError(f"retraining run {started['run_id']} still running after "
                           f"{wait_s:.0f} s (last step: {_last_step(status)}); see "
                           f"GET /{usecase}/retrain/{started['run_id']}")
        say(f"retraining run {started['run_id']}: {elapsed:.0f} s, {_last_step(status)}")
        time.sleep(1.0)
        status = api.call("GET", f"/{usecase}/retrain/{started['run_id']}")
    return status


def _last_step(status: dict[str, Any]) -> str:
    steps = status.get("steps") or []
    return steps[-1]["step"] if steps else "starting"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def local_server(settings: Any) -> tuple[str, Callable[[], None]]:
    """The app on a free local port in this process; returns its URL and a stop function."""
    import uvicorn

    from functions.app import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=10)

    return f"http://127.0.0.1:{port}", stop
