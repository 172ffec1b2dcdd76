"""Starting a retraining run and reading its status: in-process locally, Step Functions on AWS.

The run itself (fresh data + feedback -> train -> quality gate -> publish/promote or keep
production, with the reason) is ``training/retrain.py`` locally and the training pipeline's
state machine on AWS (infra/stacks/pipeline.py). Both answer the same status shape:

    {"run_id", "usecase", "state": running|promoted|kept|failed, "reason", "started_at",
     "finished_at", "trigger", "decision": {...the gate's...} | None, "steps": [...]}
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from functions.errors import NotFound, VitrineError

log = logging.getLogger("vitrine")


def utcnow() -> datetime:
    return datetime.now(UTC)


class Retrainer(Protocol):
    def start(self, usecase: str, trigger: str) -> dict[str, Any]: ...
    def status(self, usecase: str, run_id: str) -> dict[str, Any]: ...
    def history(self, usecase: str, limit: int = 20) -> list[dict[str, Any]]: ...


def due(retrainer: Retrainer, usecase: str, cooldown_s: float) -> str | None:
    """Why an automatic run must not start now, or None when it may."""
    runs = retrainer.history(usecase, limit=1)
    if not runs:
        return None
    last = runs[0]
    if last["state"] == "running":
        return f"run {last['run_id']} is still running"
    started = datetime.fromisoformat(last["started_at"])
    if utcnow() - started < timedelta(seconds=cooldown_s):
        return f"run {last['run_id']} started less than {cooldown_s:.0f} s ago"
    return None


class LocalRetrainer:
    """Runs ``training.retrain.run`` in a background thread; one JSON status file per run
    under ``root/<usecase>/`` so that history survives a restart of the server."""

    def __init__(self, root: Path, job: Any):
        self.root = Path(root)
        self.job = job  # (usecase, status_writer) -> None; does the work, updates the status
        self._lock = threading.Lock()
        self.recover()

    def recover(self) -> list[str]:
        """Mark failed the runs left "running" by a process that is gone (a server stopped
        mid-run): their thread died with it, so they would block every new run forever."""
        failed = []
        for path in sorted(self.root.glob("*/*.json")):
            try:
                status = json.loads(path.read_text())
            except (OSError, ValueError):
                continue
            if status.get("state") != "running" or _alive(status.get("owner")):
                continue
            owner = status.get("owner") or {}
            status.update(state="failed", finished_at=utcnow().isoformat(timespec="seconds"),
                          reason="the server running it stopped before it finished (process "
                          f"{owner.get('pid', 'unknown')}); production was not changed")
            self._write(status)
            failed.append(status["run_id"])
        return failed

    def _path(self, usecase: str, run_id: str) -> Path:
        return self.root / usecase / f"{run_id}.json"

    def _write(self, status: dict[str, Any]) -> None:
        path = self._path(status["usecase"], status["run_id"])
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(status, indent=2))
        tmp.replace(path)  # a reader never sees half a file

    def start(self, usecase: str, trigger: str) -> dict[str, Any]:
        with self._lock:
            running = [r for r in self.history(usecase, limit=5) if r["state"] == "running"]
            if running:
                return {**running[0], "already_running": True}
            now = utcnow()
            status = {
                "run_id": f"{now.strftime('%Y%m%dT%H%M%SZ')}-{uuid.uuid4().hex[:6]}",
                "usecase": usecase, "state": "running", "trigger": trigger, "reason": None,
                "started_at": now.isoformat(timespec="seconds"), "finished_at": None,
                "decision": None, "steps": [],
                "owner": {"pid": os.getpid(), "host": socket.gethostname()},
            }
            self._write(status)

        def update(**changes: Any) -> None:
            status.update(changes)
            self._write(status)

        def work() -> None:
            try:
                self.job(usecase, status, update)
            except Exception as exc:  # recorded, never raised into the server
                log.exception("retraining %s failed", status["run_id"])
                update(state="failed", reason=f"{type(exc).__name__}: {exc}",
                       finished_at=utcnow().isoformat(timespec="seconds"))

        threading.Thread(target=work, name=f"retrain-{status['run_id']}", daemon=True).start()
        return dict(status)

    def status(self, usecase: str, run_id: str) -> dict[str, Any]:
        path = self._path(usecase, run_id)
        if "/" in run_id or not path.exists():
            raise NotFound(f"no retraining run '{run_id}' for {usecase}")
        return json.loads(path.read_text())

    def history(self, usecase: str, limit: int = 20) -> list[dict[str, Any]]:
        paths = sorted((self.root / usecase).glob("*.json"), reverse=True)[:limit]
        return [json.loads(p.read_text()) for p in paths]


def _alive(owner: dict[str, Any] | None) -> bool:
    """Whether the process that started a run still runs (a run on another host: assumed)."""
    if not owner or "pid" not in owner:
        return False  # written before runs recorded their owner: nothing can finish it now
    if owner.get("host") != socket.gethostname():
        return True
    try:
        os.kill(int(owner["pid"]), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_SFN_STATES = {"RUNNING": "running", "FAILED": "failed", "TIMED_OUT": "failed",
               "ABORTED": "failed", "PENDING_REDRIVE": "failed"}


class StepFunctionsRetrainer:
    """Starts the training pipeline's state machine; its executions are the history.

    The API names its executions ``<usecase>-<stamp>-<random>`` (the run id); those the
    weekly schedule starts have EventBridge's names. Either way the use case is the
    execution's input, which is what status and history go by."""

    SCAN = 50  # newest executions read when listing one use case's history

    def __init__(self, state_machine_arn: str, client: Any = None):
        import boto3

        self.arn = state_machine_arn
        self._own_client = client is None
        self.sfn = client or boto3.client("stepfunctions")

    def reconnect(self) -> None:
        """A fresh client (SnapStart: a restored copy's pooled connections are stale)."""
        if self._own_client:
            import boto3

            self.sfn = boto3.client("stepfunctions")

    def start(self, usecase: str, trigger: str) -> dict[str, Any]:
        running = [r for r in self.history(usecase, limit=5) if r["state"] == "running"]
        if running:
            return {**running[0], "already_running": True}
        name = f"{usecase}-{utcnow().strftime('%Y%m%dT%H%M%SZ')}-{uuid.uuid4().hex[:6]}"
        self.sfn.start_execution(stateMachineArn=self.arn, name=name,
                                 input=json.dumps({"usecase": usecase, "trigger": trigger}))
        return self.status(usecase, name)

    def _describe(self, run_id: str) -> dict[str, Any] | None:
        # arn:aws:states:<region>:<account>:stateMachine:<sm> -> ...:execution:<sm>:<name>
        arn = self.arn.replace(":stateMachine:", ":execution:") + f":{run_id}"
        try:
            return self.sfn.describe_execution(executionArn=arn)
        except self.sfn.exceptions.ExecutionDoesNotExist:
            return None

    def status(self, usecase: str, run_id: str) -> dict[str, Any]:
        ex = self._describe(run_id) if "/" not in run_id and ":" not in run_id else None
        if ex is None or json.loads(ex.get("input") or "{}").get("usecase") != usecase:
            raise NotFound(f"no retraining run '{run_id}' for {usecase}")
        return _from_execution(usecase, ex)

    def history(self, usecase: str, limit: int = 20) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        page = self.sfn.list_executions(stateMachineArn=self.arn, maxResults=self.SCAN)
        for listed in page["executions"]:  # newest first
            ex = self.sfn.describe_execution(executionArn=listed["executionArn"])
            if json.loads(ex.get("input") or "{}").get("usecase") == usecase:
                found.append(_from_execution(usecase, ex))
                if len(found) >= limit:
                    break
        return found


def _from_execution(usecase: str, ex: dict[str, Any]) -> dict[str, Any]:
    given = json.loads(ex.get("input") or "{}")
    output = json.loads(ex.get("output") or "{}")
    decision = output.get("evaluation")
    state = _SFN_STATES.get(ex["status"])
    if state is None:  # SUCCEEDED: promoted, rolled out beside production, or kept
        adopted = (output.get("promoted") or {}).get("candidates")
        state = ("rollout" if adopted else "promoted") if decision and decision.get("passed") \
            else "kept"
    reason = (decision or {}).get("reason") or ex.get("error") or ex.get("cause")
    stopped = ex.get("stopDate")
    return {
        "run_id": ex["name"], "usecase": usecase, "state": state,
        "trigger": given.get("trigger", "schedule or alarm"), "reason": reason,
        "started_at": ex["startDate"].isoformat(timespec="seconds"),
        "finished_at": stopped.isoformat(timespec="seconds") if stopped else None,
        "decision": decision, "steps": [], "execution_arn": ex["executionArn"],
    }


RUNNER_GROUP = "vitrine.retrainers"


def open_retrainer(settings: Any) -> Retrainer | None:
    """Step Functions when a state machine is configured (AWS); the local runner when the
    training code is installed (a developer's machine); else none (retraining answers 503)."""
    if settings.training_state_machine:
        return StepFunctionsRetrainer(settings.training_state_machine)
    from importlib.metadata import entry_points

    # The local runner is the training layer's (training/retrain.py), registered as an entry
    # point in pyproject.toml, so that serving names no higher layer: the Lambda bundle,
    # which installs no distribution, finds none and gets no local runner.
    found = entry_points(group=RUNNER_GROUP, name="local")
    if not found:
        return None
    if not settings.retrain_dir:
        raise VitrineError("local retraining needs VITRINE_RETRAIN_DIR")
    run_job = next(iter(found))

    def job(usecase: str, status: dict[str, Any], update: Any) -> None:
        run_job.load()(settings)(usecase, status, update)

    return LocalRetrainer(settings.retrain_dir, job)
