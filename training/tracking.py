"""Experiment tracking with MLflow: every training run of every use case, its parameters,
metrics, artifacts and model; exports and retraining decisions are added to the same run.

``VITRINE_TRACKING_URI`` picks the store: by default a local SQLite file under
``artifacts/mlflow`` (artifacts beside it), ``http://host:5000`` for a tracking server, or
``off``. A run folder stays the source of truth (the registry's manifest is built from it):
tracking that fails is reported and never fails a training run.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

log = logging.getLogger("vitrine")

TAG = "vitrine.run_id"  # the run folder's name: how a Vitrine run finds its MLflow run


def tracking_uri() -> str | None:
    from functions.settings import Settings

    uri = Settings().tracking_uri.strip()
    return None if uri.lower() in ("", "off", "none") else uri


def _client(uri: str) -> Any:
    from mlflow.tracking import MlflowClient

    logging.getLogger("mlflow").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    if uri.startswith("sqlite:///"):
        Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    return MlflowClient(tracking_uri=uri)


def _experiment(client: Any, uri: str, usecase: str) -> str:
    name = f"vitrine-{usecase}"
    found = client.get_experiment_by_name(name)
    if found is not None:
        return found.experiment_id
    location = None
    if uri.startswith("sqlite:///"):  # a local store keeps its artifacts beside the database
        db = Path(uri.removeprefix("sqlite:///")).resolve()
        location = (db.parent / "artifacts" / usecase).as_uri()
    return client.create_experiment(name, artifact_location=location)


def flatten(tree: Any, prefix: str = "") -> dict[str, Any]:
    """Nested dicts -> {"a.b.c": leaf}; lists are left out (curves, confusion matrices)."""
    out: dict[str, Any] = {}
    if isinstance(tree, dict):
        for key, value in tree.items():
            out.update(flatten(value, f"{prefix}{key}."))
    elif not isinstance(tree, list) and prefix:
        out[prefix[:-1]] = tree
    return out


def metrics_of(report: dict[str, Any]) -> dict[str, float]:
    return {k: float(v) for k, v in flatten(report.get("models", {})).items()
            if isinstance(v, int | float) and not isinstance(v, bool) and v == v}


def log_training_run(run: Path, report: dict[str, Any]) -> str | None:
    """One MLflow run for one training run folder; returns its MLflow id (None: off/failed)."""
    uri = tracking_uri()
    if uri is None:
        return None
    try:
        from mlflow.entities import Metric, Param

        client = _client(uri)
        experiment = _experiment(client, uri, report["usecase"])
        tags = {TAG: report["run_id"], "vitrine.usecase": report["usecase"],
                "vitrine.run_key": report.get("run_key", ""),
                "vitrine.primary": report.get("primary", ""),
                "mlflow.source.git.commit": report.get("git_commit", ""),
                "vitrine.data.fingerprint": str(report.get("data", {}).get("fingerprint", ""))}
        mlrun = client.create_run(experiment, run_name=report["run_id"], tags=tags)
        rid = mlrun.info.run_id
        now = int(time.time() * 1000)
        params = [Param(k, str(v)[:6000]) for k, v in flatten(report.get("params", {})).items()]
        params.append(Param("data.source", str(report.get("data", {}).get("source", ""))))
        metrics = [Metric(k, v, now, 0) for k, v in metrics_of(report).items()]
        for i in range(0, len(params), 100):  # MLflow's per-call limits: 100 params,
            client.log_batch(rid, params=params[i:i + 100])  # 1000 metrics
        for i in range(0, len(metrics), 1000):
            client.log_batch(rid, metrics=metrics[i:i + 1000])
        for path in sorted(run.iterdir()):
            if path.name == "holdout.npz":
                continue  # test rows: data, not a result (and large)
            if path.is_dir():
                client.log_artifacts(rid, str(path), artifact_path=path.name)
            else:
                client.log_artifact(rid, str(path))
        client.set_terminated(rid)
        return rid
    except Exception as exc:
        log.warning("MLflow tracking failed for run %s: %s", report.get("run_id"), exc)
        return None


def _find(client: Any, usecase: str, run_id: str) -> str | None:
    experiment = client.get_experiment_by_name(f"vitrine-{usecase}")
    if experiment is None:
        return None
    found = client.search_runs([experiment.experiment_id],
                               filter_string=f"tags.`{TAG}` = '{run_id}'", max_results=1)
    return found[0].info.run_id if found else None


def _on_run(usecase: str, run_id: str, what: str, write) -> None:
    """Apply ``write(client, mlflow_run_id)`` to the MLflow run of a Vitrine run, if tracked;
    a failure is logged, never raised (the registry and the run folder are the record)."""
    uri = tracking_uri()
    if uri is None:
        return
    try:
        client = _client(uri)
        rid = _find(client, usecase, run_id)
        if rid is not None:
            write(client, rid)
    except Exception as exc:
        log.warning("MLflow tracking of %s failed: %s", what, exc)


def record_export(usecase: str, run_id: str, version: str, onnx: bytes,
                  manifest: dict[str, Any]) -> None:
    """The published ONNX model and its manifest, attached to the run they came from."""
    import json
    import tempfile

    def write(client: Any, rid: str) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "model.onnx").write_bytes(onnx)
            (Path(tmp) / "manifest.json").write_text(json.dumps(manifest, indent=2))
            client.log_artifacts(rid, tmp, artifact_path=f"onnx/{version}")
        client.set_tag(rid, f"vitrine.published.{manifest['model']}", version)

    _on_run(usecase, run_id, f"export {version}", write)


def record_decision(usecase: str, run_id: str, status: dict[str, Any]) -> None:
    """A retraining run's outcome (the gate's decision) on its training run."""
    decision = status.get("decision") or {}

    def write(client: Any, rid: str) -> None:
        client.set_tag(rid, "vitrine.retrain.run_id", status["run_id"])
        client.set_tag(rid, "vitrine.retrain.trigger", str(status.get("trigger")))
        client.set_tag(rid, "vitrine.gate.passed", str(decision.get("passed")))
        client.set_tag(rid, "vitrine.gate.reason", str(decision.get("reason"))[:5000])
        for key in ("candidate", "production"):
            if isinstance(decision.get(key), float):
                client.log_metric(rid, f"gate.{key}", decision[key])

    _on_run(usecase, run_id, f"retraining {status.get('run_id')}", write)


def list_runs(usecase: str | None, limit: int = 20) -> list[dict[str, Any]]:
    """The newest tracked runs (of one use case or all), newest first."""
    uri = tracking_uri()
    if uri is None:
        raise ValueError("tracking is off (VITRINE_TRACKING_URI=off)")
    client = _client(uri)
    names = [f"vitrine-{usecase}"] if usecase else None
    experiments = [e for e in client.search_experiments()
                   if e.name.startswith("vitrine-") and (names is None or e.name in names)]
    if not experiments:
        return []
    runs = client.search_runs([e.experiment_id for e in experiments],
                              order_by=["attributes.start_time DESC"], max_results=limit)
    out = []
    for r in runs:
        tags, metrics = r.data.tags, r.data.metrics
        primary = tags.get("vitrine.primary", "")
        # Test metrics sit under <model>.test. (sepsis, SECOM) or directly under <model>.
        # (TEP, evaluated on its test runs only).
        prefix = next((p for p in (f"{primary}.test.", f"{primary}.")
                       if any(k.startswith(p) for k in metrics)), f"{primary}.")
        headline = {k.removeprefix(prefix): v for k, v in metrics.items()
                    if k.startswith(prefix)}
        out.append({
            "usecase": tags.get("vitrine.usecase"), "run_id": tags.get(TAG),
            "mlflow_run_id": r.info.run_id, "started": r.info.start_time,
            "primary": primary, "test": headline,
            "published": {k.removeprefix("vitrine.published."): v for k, v in tags.items()
                          if k.startswith("vitrine.published.")},
            "gate": tags.get("vitrine.gate.reason"),
        })
    return out
