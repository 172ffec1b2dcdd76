"""One local retraining run: fresh data plus feedback -> train -> quality gate -> promote or
keep production, every step recorded in the run's status (functions/retrain.py runs it in a
background thread; the Step Functions pipeline does the same on AWS).

The candidate is trained with the production model's parameters, so that the gate compares
two models that differ by their data only.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

from functions.auth import audit
from functions.catalog import get_usecase
from functions.feedback import summary as feedback_summary
from functions.retrain import utcnow
from training import pipelines


def _now() -> str:
    return utcnow().isoformat(timespec="seconds")


def training_source(pipeline: Any, configured: Path | str | None) -> Any:
    """The data to retrain on: the configured file or folder (VITRINE_RETRAIN_SOURCES),
    else the pipeline's default (real data if present, else generated)."""
    if not configured:
        return pipeline.default_source()
    path = Path(configured)
    return pipeline.source_in(path) if path.is_dir() else path


def shown(source: Any) -> str:
    """A training source for people: a path, or TEP's ``{"train": path, "test": path}``."""
    if isinstance(source, dict):
        return ", ".join(f"{split} {path}" for split, path in source.items())
    return str(source)


def feedback_examples(store: Any, usecase: str, max_per_key: int = 500
                      ) -> list[dict[str, Any]]:
    """Every labelled prediction still in the log that may be learnt from (excluded keys'
    labels left out, each key's share capped: functions/feedback.py): its inputs (as the
    model saw them), the true label and when it was predicted."""
    return feedback_examples_and_report(store, usecase, max_per_key)[0]


def feedback_examples_and_report(store: Any, usecase: str, max_per_key: int = 500
                                 ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """``feedback_examples`` and how many labels came from how many keys."""
    from functions import feedback as policy

    uc = get_usecase(usecase)
    examples = []
    labels = store.list_feedback(usecase, limit=1_000_000)
    kept, report = policy.usable(labels, policy.excluded_keys(labels, store.get_key),
                                 max_per_key)
    for fb in kept:
        record = store.get_prediction(usecase, fb.prediction_id)
        endpoint = uc.endpoint(record.endpoint) if record else None
        if endpoint is None:  # expired from the log (DynamoDB TTL) or an unknown route
            continue
        examples.append({"inputs": json.loads(record.inputs), "output": json.loads(record.output),
                         "endpoint": endpoint.path,
                         "label": fb.label, "created_at": record.created_at,
                         "labelled_at": fb.created_at})
    return examples, report


def run_job(settings: Any) -> Callable[[str, dict[str, Any], Callable[..., None]], None]:
    def job(usecase: str, status: dict[str, Any], update: Callable[..., None]) -> None:
        from functions.registry import blob_store
        from functions.stores import open_store
        from model_export.export import export_run
        from model_export.registry import RegistryWriter
        from training import tracking

        steps: list[dict[str, str]] = []

        def step(message: str) -> None:
            steps.append({"at": _now(), "step": message})
            update(steps=steps)

        pipeline = pipelines.get(usecase)
        if not pipeline.RETRAINABLE:
            raise ValueError(f"{usecase} has no retraining pipeline")
        registry = RegistryWriter(blob_store(settings))
        store = open_store(settings)
        production = registry.production_version(usecase)
        params = pipeline.Params()
        if production:
            kept = registry.manifest(usecase, production).get("params", {})
            names = {f.name for f in fields(pipeline.Params)}
            params = pipeline.Params(**{k: v for k, v in kept.items() if k in names})
        source = training_source(pipeline, settings.retrain_sources.get(usecase))
        if problem := pipeline.source_problem(source):
            raise ValueError(problem)
        examples, labels = feedback_examples_and_report(store, usecase,
                                                        settings.feedback_max_per_key)
        update(feedback=labels)
        with tempfile.TemporaryDirectory() as tmp:
            merged, used = pipeline.with_feedback(source, examples, Path(tmp))
            step(f"data: {shown(source)} plus {used} of {len(examples)} labelled "
                 f"predictions from feedback ({feedback_summary(labels)})")
            run, _ = pipeline.train(merged, params, force=True, progress=step,
                                    runs_root=Path(settings.runs_dir))
        step(f"trained run {run.name}")
        decision = pipelines.gate(run, registry, metric=pipeline.GATE_METRIC)
        step(f"quality gate: {decision.reason}")
        result: dict[str, Any] = {"decision": decision.as_dict(), "training_run": run.name}
        if decision.passed:
            published = export_run(run, registry, promote=False,
                                   on_published=tracking.record_export)
            done = []
            for model in published:
                audit(store, f"retrain:{status['run_id']}", "alias.adopt", model["usecase"],
                      {"version": model["version"], "mode": settings.retrain_rollout})
                done.append(registry.adopt(
                    model["usecase"], model["version"], settings.retrain_rollout,
                    settings.retrain_canary_percent / 100, f"retraining run {status['run_id']}"))
                step(f"published {model['usecase']} {model['version']} and "
                     + ("promoted it" if done[-1] == "promoted" else
                        f"started its {done[-1]} rollout beside production"))
            if len(published) > 1:
                result["versions"] = {m["usecase"]: m["version"] for m in published}
            rolled = "promoted" if all(d == "promoted" for d in done) else "rollout"
            update(**result, state=rolled, version=published[0]["version"],
                   reason=decision.reason + ("" if rolled == "promoted" else
                                             f"; in {settings.retrain_rollout} rollout: "
                                             "monitoring's rules promote or abort it"),
                   finished_at=_now())
        else:
            update(**result, state="kept", version=production,
                   reason=f"production {production} kept: {decision.reason}",
                   finished_at=_now())
        tracking.record_decision(usecase, run.name, status)

    return job
