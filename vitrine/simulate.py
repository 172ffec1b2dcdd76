"""`vitrine simulate USECASE`: the MLOps loop end to end, through the HTTP API, for every
use case whose pipeline offers traffic (training/pipelines.py: ``traffic``).

1. replay the use case's traffic (requests drawn from data its model never saw) as
   production traffic, and send a share of the requests' truth as feedback, as the field
   would (a lot's final test, a clinician's diagnosis, an operator's verdict on an alarm);
2. for a drift scenario, the second half comes shifted (a recalibrated sensor, another
   unit's monitors, a fuller reservoir, longer questions);
3. after each half, run the monitoring check as the schedule does (an admin's
   POST /{usecase}/monitoring): drift per feature, performance from feedback, and the
   retraining it started (or why it could not: cooldown, one already running);
4. follow the retraining run to the quality gate's decision, and the rollout it left.

Everything goes through the API (a local server started here, or ``--url``), so the same
command exercises a deployed stack. This module knows no use case: each one's requests and
truths come from its ``training/<usecase>/traffic.py``.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from training.traffic import Scenario, Sent, Traffic

__all__ = ["Api", "ApiError", "Scenario", "follow", "local_server", "refusal", "run",
           "simulators", "traffic_of"]


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


def simulators() -> list[str]:
    """The catalog's use cases whose pipeline offers traffic to replay."""
    from functions.catalog import CATALOG
    from training.pipelines import get

    return [name for name in CATALOG if get(name).traffic is not None]


def refusal(usecase: str) -> str:
    """Why ``usecase`` cannot be simulated, naming the use cases that can."""
    return (f"{usecase} has no traffic simulator (its pipeline defines no `traffic`, "
            f"training/pipelines.py); `vitrine simulate` runs for {', '.join(simulators())}")


def traffic_of(usecase: str, scenario: Scenario) -> Traffic:
    """A use case's traffic for ``scenario``; ValueError (``refusal``) for a use case whose
    pipeline offers none."""
    from training.pipelines import get

    hook = get(usecase).traffic
    if hook is None:
        raise ValueError(refusal(usecase))
    return hook(scenario)


def run(api: Api, usecase: str, scenario: Scenario, say: Callable[[str], None],
        feedback_share: float | None = None, retrain: bool = True, wait_s: float = 900.0
        ) -> dict[str, Any]:
    """Replay ``usecase``'s traffic, check monitoring after each half and, with
    ``retrain``, follow the retraining it calls for (started by hand where monitoring could
    not: cooldown) to the gate's decision. ``feedback_share``: of the requests whose truth
    is sent (None: the use case's own share)."""
    production = api.call("GET", f"/{usecase}/monitoring")["model_version"]
    cards = {c["name"]: c for c in api.call("GET", "/usecases")}
    say(f"drawing {usecase}'s traffic")
    traffic = traffic_of(usecase, scenario)
    share = traffic.feedback_share if feedback_share is None else feedback_share
    # Which requests get feedback: a stream of its own, apart from the traffic's draws (a
    # use case drawing from the same seed, Rakuten's photos, would pick the same requests).
    rng = np.random.default_rng([scenario.seed, 1])
    summary: dict[str, Any] = {
        "usecase": usecase, "production_before": production, "made_of": traffic.made_of,
        "shift": traffic.shift, "shifted": list(traffic.shifted), "feedback_share": share,
        "offline": cards.get(usecase, {}).get("metrics", {}), "phases": []}
    names = (("before the shift", "after the shift") if scenario.drift
             else ("first half", "second half"))
    for phase, part in zip(names, (traffic.before, traffic.after), strict=True):
        say(f"replaying {len(part)} requests {phase}")
        sent: list[Sent] = []
        for i, item in enumerate(part):
            answer = api.call("POST", item.path, dict(item.body))
            draw = rng.random()  # drawn for every request: the same seed, the same choice
            truth = item.truth(answer) if callable(item.truth) else item.truth
            feedback = None
            if truth is not None and draw < share:
                feedback = api.call("POST", f"/{usecase}/feedback",
                                    {"prediction_id": answer["prediction_id"],
                                     "label": str(truth)})
            sent.append(Sent(item, answer, feedback))
            if (i + 1) % 50 == 0:
                say(f"{phase}: {i + 1}/{len(part)} requests")
        # What the schedule does every few minutes, now (an admin's POST): the report, and
        # the retraining it calls for started. Reading it (GET) changes nothing.
        report = api.call("POST", f"/{usecase}/monitoring", admin=True)
        summary["phases"].append(_phase(phase, sent, report, traffic))
    started = next((p["retraining"]["started"] for p in reversed(summary["phases"])
                    if p["retraining"]["started"]), None)
    last = summary["phases"][-1]["retraining"]
    if started is None and retrain and (last["needed"] or traffic.retrain):
        why = last["blocked"] or "the corrections, though monitoring calls for none"
        say(f"automatic retraining did not start ({why}); starting it by hand")
        started = api.call("POST", f"/{usecase}/retrain", admin=True)
    summary["retraining"] = started
    if started is None or not retrain:
        return summary
    status = follow(api, usecase, started, wait_s, say)
    summary["retraining"] = status
    # From the run, not from a prediction: servers see a promotion within the alias TTL.
    summary["production_after"] = status.get("version") or production
    if status["state"] == "rollout":  # the candidate beside production, which stays
        rollout = api.call("GET", f"/{usecase}/rollout")
        summary["rollout"] = {k: rollout.get(k) for k in ("production", "candidate",
                                                          "decision")}
        summary["production_after"] = rollout.get("production") or production
    return summary


def _phase(name: str, sent: Sequence[Sent], report: dict[str, Any], traffic: Traffic
           ) -> dict[str, Any]:
    labelled = [s.feedback for s in sent if s.feedback is not None]
    correct = [bool(f["correct"]) for f in labelled if f.get("correct") is not None]
    drift, perf = report["drift"], report["performance"]
    return {
        "phase": name, "requests": len(sent), "feedback": len(labelled),
        "accuracy": sum(correct) / len(correct) if correct else None,
        # What the monitoring check read: logged predictions and their monitored rows.
        "predictions": report["window"]["predictions"], "rows": report["window"]["rows"],
        "drift": drift["verdict"], "drifted_features": drift.get("drifted_features", 0),
        "features_checked": drift.get("features_checked", 0),
        "top": [(f["feature"], f["psi"]) for f in drift.get("features", [])[:5]],
        "performance": perf["verdict"], "labelled": perf["labelled"],
        "balanced_accuracy": perf.get("balanced_accuracy"), "mae": perf.get("mae"),
        "precision": perf.get("precision"), "judges": perf.get("judges"),
        "retraining": report["retraining"],
        "figures": traffic.figures(sent) if traffic.figures else {},
    }


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
