"""`vitrine serve --workers 2`: two processes answer, and both log to the one SQLite file."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from functions.auth import create_key
from functions.stores.sqlite import SQLiteStore

PATIENT = json.loads((Path(__file__).parent / "events" / "patient.json").read_text())


def test_two_worker_processes_answer_and_log_every_prediction(published_registry, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    db = tmp_path / "v.db"
    key, _ = create_key(SQLiteStore(db), "predictor", "w")
    env = {**os.environ, "VITRINE_REGISTRY_DIR": str(published_registry),
           "VITRINE_SQLITE_PATH": str(db), "VITRINE_USECASES": '["sepsis"]',
           "VITRINE_MONITOR_INTERVAL_S": "0", "VITRINE_TRACKING_URI": "off"}
    proc = subprocess.Popen([sys.executable, "-m", "vitrine.cli", "serve", "--port", str(port),
                             "--workers", "2", "--no-access-log"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2)
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.3)
        ids = []
        for _ in range(20):
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/predict/patient", data=json.dumps(PATIENT).encode(),
                headers={"Content-Type": "application/json", "X-API-Key": key})
            with urllib.request.urlopen(request, timeout=10) as r:
                ids.append(json.loads(r.read())["prediction_id"])
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    logged = {r.prediction_id for r in SQLiteStore(db).recent_predictions("sepsis", 100)}
    assert set(ids) <= logged
