"""The training pipeline's Lambda steps (run by Step Functions, see infra/stacks/pipeline.py).

prepare -> [SageMaker training job] -> evaluate -> quality gate -> publish -> promote

prepare adds the use case's feedback (labelled predictions, from DynamoDB) to its data, in a
channel of its own: what the pipeline's ``with_feedback`` writes laid over the data (SECOM: a
merged CSV, one lot per label; TEP and sepsis: a feedback.npz of labelled windows or hours).

One handler, dispatching on ``event["step"]``; each step takes and returns plain JSON.
Buckets come from the environment: ``VITRINE_ML_BUCKET`` (data, code, job output) and
``VITRINE_MODEL_BUCKET`` (the registry).
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3

from functions.registry import S3BlobStore
from model_export.export import export_run
from model_export.registry import RegistryWriter
from training import pipelines
from training.sagemaker_job import source_tarball

DATA_PREFIX = "data"  # s3://<ml bucket>/data/<usecase>/...: the use case's training files


def _s3() -> Any:
    return boto3.client("s3")


def _registry() -> RegistryWriter:
    return RegistryWriter(S3BlobStore(os.environ["VITRINE_MODEL_BUCKET"], "models",
                                      client=_s3()))


def prepare(event: dict[str, Any]) -> dict[str, Any]:
    """Fingerprint the data, upload the training code, name the job."""
    usecase, bucket = event["usecase"], os.environ["VITRINE_ML_BUCKET"]
    s3 = _s3()
    digest = hashlib.sha256()
    count = 0
    for page in s3.get_paginator("list_objects_v2").paginate(
            Bucket=bucket, Prefix=f"{DATA_PREFIX}/{usecase}/"):
        for obj in page.get("Contents", []):
            digest.update(f"{obj['Key']}:{obj['ETag']}".encode())
            count += 1
    if count == 0:
        raise ValueError(f"no training data under s3://{bucket}/{DATA_PREFIX}/{usecase}/")
    code = source_tarball(usecase)
    code_key = f"sagemaker/code/{hashlib.sha256(code).hexdigest()[:16]}/sourcedir.tar.gz"
    s3.put_object(Bucket=bucket, Key=code_key, Body=code)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    job = f"vitrine-{usecase}-{stamp}"[:63]
    prepared = {
        "usecase": usecase,
        "job_name": job,
        "data_uri": f"s3://{bucket}/{DATA_PREFIX}/{usecase}/",
        "code_uri": f"s3://{bucket}/{code_key}",
        "files": count,
        "fingerprint": digest.hexdigest(),
        "feedback_rows": 0,
    }
    if merged := _with_feedback(usecase, bucket, job):
        prepared.update(merged)
    return prepared


def _with_feedback(usecase: str, bucket: str, job: str) -> dict[str, Any] | None:
    """The use case's data plus its labelled predictions (the feedback table), as a new
    channel under sagemaker/input/<job>/; None when there is nothing to add."""
    if not os.environ.get("VITRINE_FEEDBACK_TABLE"):
        return None
    from functions.stores.dynamodb import DynamoStore
    from training.retrain import feedback_examples

    pipeline = pipelines.get(usecase)
    if not hasattr(pipeline, "with_feedback"):
        return None
    store = DynamoStore(os.environ["VITRINE_KEYS_TABLE"], os.environ["VITRINE_PREDICTIONS_TABLE"],
                        feedback_table=os.environ["VITRINE_FEEDBACK_TABLE"])
    examples = feedback_examples(store, usecase)
    if not examples:
        return None
    s3 = _s3()
    prefix = f"{DATA_PREFIX}/{usecase}/"
    with tempfile.TemporaryDirectory() as tmp:
        folder, work = Path(tmp) / "data", Path(tmp) / "work"
        work.mkdir()
        keys = [obj["Key"] for page in s3.get_paginator("list_objects_v2").paginate(
            Bucket=bucket, Prefix=prefix) for obj in page.get("Contents", [])]
        # Only what with_feedback reads comes down (FEEDBACK_READS: name patterns, default
        # every file): Rakuten's photos stay in S3, tens of thousands of them.
        reads = pipeline.FEEDBACK_READS
        folder.mkdir()
        for key in keys:
            name = key.removeprefix(prefix)
            if reads is None or any(fnmatch.fnmatch(name, pattern) for pattern in reads):
                target = folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                s3.download_file(bucket, key, str(target))
        _, used = pipeline.with_feedback(pipeline.source_in(folder), examples, work)
        if used == 0:
            return None
        # The channel is the data with what with_feedback wrote laid over it (SECOM: a
        # merged secom.csv replaces the original; TEP: feedback.npz joins the runs): the
        # originals are copied inside S3, the new files uploaded.
        channel = f"sagemaker/input/{job}/"
        written = {p.relative_to(work).as_posix(): p for p in work.rglob("*") if p.is_file()}
        for key in keys:
            if (name := key.removeprefix(prefix)) not in written:
                s3.copy({"Bucket": bucket, "Key": key}, bucket, channel + name)
        for name, path in sorted(written.items()):
            s3.upload_file(str(path), bucket, channel + name)
    return {"data_uri": f"s3://{bucket}/{channel}", "feedback_rows": used}


def _run_from_artifact(model_uri: str, workdir: Path) -> Path:
    bucket, key = model_uri.removeprefix("s3://").split("/", 1)
    archive = workdir / "model.tar.gz"
    _s3().download_file(bucket, key, str(archive))
    with tarfile.open(archive) as tar:
        tar.extractall(workdir / "model", filter="data")
    reports = sorted((workdir / "model" / "runs").glob("*/*/report.json"))
    if not reports:
        raise ValueError(f"{model_uri} holds no training run")
    return reports[-1].parent


def evaluate(event: dict[str, Any]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        run = _run_from_artifact(event["model_uri"], Path(tmp))
        return {**pipelines.gate(run, _registry()).as_dict(), "run_id": run.name}


def publish(event: dict[str, Any]) -> dict[str, Any]:
    """Publish every model family the run makes (TEP: two), none promoted yet."""
    with tempfile.TemporaryDirectory() as tmp:
        run = _run_from_artifact(event["model_uri"], Path(tmp))
        results = export_run(run, _registry(), promote=False)
    return {"version": results[0]["version"], "parity": results[0]["parity"],
            "versions": {r["usecase"]: r["version"] for r in results}}


def promote(event: dict[str, Any]) -> dict[str, Any]:
    """Move the production alias of each published family (``versions``), or of the use
    case's one family (``version``)."""
    from functions.settings import Settings

    settings = Settings()  # VITRINE_RETRAIN_ROLLOUT: shadow (default), canary or promote
    versions = event.get("versions") or {event["usecase"]: event["version"]}
    registry = _registry()
    if settings.audit_table:  # the alias change, in the audit log with its pipeline run
        from functions.auth import audit
        from functions.stores import open_store

        store = open_store(settings)
        for family, version in versions.items():
            audit(store, f"pipeline:{event.get('job_name', '')}", "alias.adopt", family,
                  {"version": version, "mode": settings.retrain_rollout})
    done = {family: registry.adopt(family, version, settings.retrain_rollout,
                                   settings.retrain_canary_percent / 100,
                                   f"training pipeline {event.get('job_name', '')}".strip())
            for family, version in versions.items()}
    aliases = {family: registry.alias(family) for family in versions}
    first = aliases[next(iter(aliases))]
    return {"production": first["version"], "promoted_at": first["promoted_at"],
            "versions": {family: a["version"] for family, a in aliases.items()},
            "adopted": done,
            "candidates": {f: a["candidate"]["version"] for f, a in aliases.items()
                           if a.get("candidate")}}


STEPS = {"prepare": prepare, "evaluate": evaluate, "publish": publish, "promote": promote}


def handler(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    return STEPS[event["step"]](event)
