"""A retraining run whose server stopped mid-run ends as failed at the next start, and never
blocks the runs after it; a simulation waiting on a run ends with a clear error."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest

from functions.retrain import LocalRetrainer, due


def dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_a_run_left_running_by_a_stopped_server_is_failed_at_restart(tmp_path):
    gate = threading.Event()
    first = LocalRetrainer(tmp_path, lambda uc, status, update: gate.wait(10))
    run = first.start("secom", "manual: ops")
    # The server stops: its thread is gone, the status file still says running. Here the
    # owner is made a process that has exited, as after a restart.
    path = tmp_path / "secom" / f"{run['run_id']}.json"
    status = json.loads(path.read_text())
    status["owner"]["pid"] = dead_pid()
    path.write_text(json.dumps(status))
    gate.set()

    seen = []
    restarted = LocalRetrainer(tmp_path, lambda uc, status, update: seen.append(uc))
    after = restarted.status("secom", run["run_id"])
    assert after["state"] == "failed" and "stopped before it finished" in after["reason"]
    assert after["finished_at"]
    assert due(restarted, "secom", cooldown_s=0) is None
    again = restarted.start("secom", "manual: ops")
    assert not again.get("already_running") and again["run_id"] != run["run_id"]


def test_a_run_of_a_live_process_is_left_alone(tmp_path):
    gate = threading.Event()
    retrainer = LocalRetrainer(tmp_path, lambda uc, status, update: gate.wait(10))
    run = retrainer.start("secom", "manual: ops")
    assert LocalRetrainer(tmp_path, lambda *a: None).recover() == []
    assert retrainer.status("secom", run["run_id"])["state"] == "running"
    gate.set()


def test_waiting_on_a_run_shows_progress_and_ends_with_a_clear_error():
    from vitrine.simulate import ApiError, follow

    class StuckApi:
        def call(self, method, path, body=None, admin=False):
            return {"run_id": "r1", "state": "running", "trigger": "manual",
                    "steps": [{"step": "fitting rf"}]}

    said: list[str] = []
    with pytest.raises(ApiError, match="still running after 2 s .*fitting rf"):
        follow(StuckApi(), "secom", StuckApi().call("GET", "/"), 2.0, said.append)
    assert any("fitting rf" in m for m in said[1:])
