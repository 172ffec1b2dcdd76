"""The training pipeline's steps against moto S3, SageMaker's part played by the entry point."""

from __future__ import annotations

import io
import json
import tarfile

import boto3
import pytest
from moto import mock_aws

from training import pipeline_steps

REGION = "eu-west-3"


@pytest.fixture
def buckets(monkeypatch):
    for k, v in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                 "AWS_DEFAULT_REGION": REGION, "VITRINE_ML_BUCKET": "ml-data",
                 "VITRINE_MODEL_BUCKET": "registry"}.items():
        monkeypatch.setenv(k, v)
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        for b in ("ml-data", "registry"):
            s3.create_bucket(Bucket=b, CreateBucketConfiguration={"LocationConstraint": REGION})
        yield s3


def train_like_sagemaker(cohort_dir, tmp_path, monkeypatch, s3, job: str,
                         hps: dict | None = None) -> str:
    """What the training job does: run the entry point, upload SM_MODEL_DIR as model.tar.gz."""
    from training import sagemaker_entry

    model_dir = tmp_path / job
    monkeypatch.setenv("SM_CHANNEL_TRAIN", str(cohort_dir))
    monkeypatch.setenv("SM_MODEL_DIR", str(model_dir))
    monkeypatch.setenv("SM_HPS", json.dumps(hps or {"usecase": "sepsis", "quick": "true"}))
    sagemaker_entry.main()
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        tar.add(model_dir, arcname=".")
    key = f"sagemaker/output/{job}/output/model.tar.gz"
    s3.put_object(Bucket="ml-data", Key=key, Body=buf.getvalue())
    return f"s3://ml-data/{key}"


def test_prepare_refuses_a_use_case_without_data(buckets):
    with pytest.raises(ValueError, match="no training data under s3://ml-data/data/sepsis/"):
        pipeline_steps.handler({"step": "prepare", "usecase": "sepsis"})


def test_pipeline_publishes_and_promotes_then_keeps_production(buckets, cohort_dir, tmp_path,
                                                               monkeypatch):
    for f in sorted(cohort_dir.glob("*.psv"))[:50]:
        buckets.upload_file(str(f), "ml-data", f"data/sepsis/{f.name}")
    prepared = pipeline_steps.handler({"step": "prepare", "usecase": "sepsis"})
    assert prepared["files"] == 50 and prepared["data_uri"] == "s3://ml-data/data/sepsis/"
    code_key = prepared["code_uri"].removeprefix("s3://ml-data/")
    assert buckets.head_object(Bucket="ml-data", Key=code_key)["ContentLength"] > 1000

    model_uri = train_like_sagemaker(cohort_dir, tmp_path, monkeypatch, buckets,
                                     prepared["job_name"])
    gate = pipeline_steps.handler({"step": "evaluate", "model_uri": model_uri})
    assert gate["passed"] and gate["reason"] == "no production model yet"
    published = pipeline_steps.handler({"step": "publish", "model_uri": model_uri})
    assert published["parity"]["passed"]
    promoted = pipeline_steps.handler({"step": "promote", "usecase": "sepsis",
                                       "version": published["version"]})
    assert promoted["production"] == published["version"]
    alias = json.loads(buckets.get_object(Bucket="registry",
                                          Key="models/sepsis/aliases/production.json")["Body"]
                       .read())
    assert alias["version"] == published["version"]

    # The same candidate again: not worse than production, and publishing adds no version.
    again = pipeline_steps.handler({"step": "evaluate", "model_uri": model_uri})
    assert again["passed"] and again["production_version"] == published["version"]
    assert pipeline_steps.handler({"step": "publish", "model_uri": model_uri})["version"] \
        == published["version"]


def test_prepare_adds_feedback_lots_in_a_channel_of_their_own(buckets, monkeypatch):
    """On AWS too a retraining run learns from feedback: prepare reads it from DynamoDB."""
    import pandas as pd

    from functions.auth import utcnow
    from functions.stores import FeedbackRecord, PredictionRecord
    from functions.stores.dynamodb import DynamoStore
    from tests.test_stores import make_tables
    from training.secom.data import GeneratorSpec, generate

    for k, v in {"VITRINE_KEYS_TABLE": "keys", "VITRINE_PREDICTIONS_TABLE": "predictions",
                 "VITRINE_FEEDBACK_TABLE": "feedback"}.items():
        monkeypatch.setenv(k, v)
    db = boto3.resource("dynamodb", region_name=REGION)
    make_tables(db)
    lots = generate(GeneratorSpec(lots=120, seed=1))
    buckets.put_object(Bucket="ml-data", Key="data/secom/secom.csv",
                       Body=lots.to_csv(index=False).encode())
    store = DynamoStore("keys", "predictions", resource=db, feedback_table="feedback")
    for i in range(3):
        values = {str(j): (None if pd.isna(v) else float(v))
                  for j, v in enumerate(lots.iloc[i, 1:591])}
        store.log_prediction(PredictionRecord(
            prediction_id=f"p{i}", usecase="secom", model_version="v1", created_at=utcnow(),
            inputs=json.dumps({"values": values}), latency_ms=1.0, endpoint="/secom/predict",
            output=json.dumps({"prediction": "Pass", "probability": 0.1, "threshold": 0.5})))
        store.put_feedback(FeedbackRecord(f"p{i}", "secom", "Fail", "Pass", utcnow(), "line"))
    prepared = pipeline_steps.handler({"step": "prepare", "usecase": "secom"})
    assert prepared["feedback_rows"] == 3
    assert prepared["data_uri"] == f"s3://ml-data/sagemaker/input/{prepared['job_name']}/"
    body = buckets.get_object(Bucket="ml-data",
                              Key=f"sagemaker/input/{prepared['job_name']}/secom.csv")["Body"]
    merged = pd.read_csv(body)
    assert len(merged) == 123 and (merged["Pass/Fail"].tail(3) == 1).all()
    # The use case's own data is left as it was.
    assert len(pd.read_csv(buckets.get_object(Bucket="ml-data", Key="data/secom/secom.csv")
                           ["Body"])) == 120


def test_tep_retrains_on_aws_with_feedback_windows_and_promotes_both_families(
        buckets, monkeypatch, tmp_path):
    """TEP through the same steps: prepare adds the labelled windows (feedback.npz) beside
    the runs, the gate compares both families on macro-F1, publish makes two versions and
    promote moves both aliases."""
    from functions.auth import utcnow
    from functions.contracts.tep import VARIABLES, WINDOW
    from functions.stores import FeedbackRecord, PredictionRecord
    from functions.stores.dynamodb import DynamoStore
    from tests.test_stores import make_tables
    from training.tep.data import SplitSpec, generate

    for k, v in {"VITRINE_KEYS_TABLE": "keys", "VITRINE_PREDICTIONS_TABLE": "predictions",
                 "VITRINE_FEEDBACK_TABLE": "feedback"}.items():
        monkeypatch.setenv(k, v)
    specs = {"train": SplitSpec(runs_per_fault=1, hours=3.0, onset_hours=1.0, faults=(0, 1, 6)),
             "test": SplitSpec(runs_per_fault=1, hours=4.0, onset_hours=1.5, faults=(0, 1, 6),
                               seed=5)}
    files = generate(tmp_path / "tep", specs)
    for name, path in files.items():  # the runs and the generator's stamps (their onsets)
        buckets.upload_file(str(path), "ml-data", f"data/tep/{name}.csv")
        buckets.upload_file(str(path.parent / f".{name}.spec.json"), "ml-data",
                            f"data/tep/.{name}.spec.json")
    db = boto3.resource("dynamodb", region_name=REGION)
    make_tables(db)
    store = DynamoStore("keys", "predictions", resource=db, feedback_table="feedback")
    import pandas as pd

    # Operators' windows from plant data (here the training runs: a window of the test runs
    # would be left out, since the gate scores those).
    train_runs = pd.read_csv(files["train"])
    run6 = train_runs[train_runs.faultNumber == 6][list(VARIABLES)].to_numpy()
    for i in range(4):
        window = run6[30 + i:30 + i + WINDOW]
        store.log_prediction(PredictionRecord(
            prediction_id=f"w{i}", usecase="tep", model_version="v1", created_at=utcnow(),
            endpoint="/tep/predict", latency_ms=1.0,
            inputs=json.dumps({"samples": [dict(zip(VARIABLES, map(float, r), strict=True))
                                           for r in window]}),
            output=json.dumps({"fault": 0, "probability": 0.6})))
        store.put_feedback(FeedbackRecord(f"w{i}", "tep", "6", "0", utcnow(), "operator"))

    prepared = pipeline_steps.handler({"step": "prepare", "usecase": "tep"})
    assert prepared["feedback_rows"] == 4
    channel = f"sagemaker/input/{prepared['job_name']}/"
    listed = {o["Key"].removeprefix(channel) for o in buckets.list_objects_v2(
        Bucket="ml-data", Prefix=channel)["Contents"]}
    assert listed == {"train.csv", "test.csv", ".train.spec.json", ".test.spec.json",
                      "feedback.npz"}
    folder = tmp_path / "channel"
    folder.mkdir()
    for name in listed:
        buckets.download_file("ml-data", channel + name, str(folder / name))
    hps = {"usecase": "tep", "stride": "2", "xgb_trees": "10", "cnn_epochs": "1",
           "cnn_channels": "8"}
    uri = train_like_sagemaker(folder, tmp_path, monkeypatch, buckets, "tep-job", hps)
    evaluation = pipeline_steps.handler({"step": "evaluate", "model_uri": uri})
    assert evaluation["passed"] and evaluation["metric"] == "macro_f1"
    assert {f["family"] for f in evaluation["families"]} == {"tep", "tep_dl"}
    published = pipeline_steps.handler({"step": "publish", "model_uri": uri})
    assert set(published["versions"]) == {"tep", "tep_dl"}
    promoted = pipeline_steps.handler({"step": "promote", "usecase": "tep",
                                       "version": published["version"],
                                       "versions": published["versions"]})
    assert promoted["versions"] == published["versions"]
    registry = pipeline_steps._registry()
    assert {f: registry.production_version(f) for f in ("tep", "tep_dl")} == \
        published["versions"]
    report = json.loads(next((tmp_path / "tep-job" / "runs" / "tep").glob("*/report.json"))
                        .read_text())
    assert report["data"]["feedback_windows"] == 4
    # The onsets came with the data (hour 1.5 in these test runs, not Rieth's hour 8).
    assert report["onsets"] == {"train": specs["train"].onset_sample,
                                "test": specs["test"].onset_sample}


def test_pipeline_rolls_a_passing_candidate_out_in_shadow_by_default(buckets, monkeypatch):
    """With production in place, the promote step starts a shadow rollout (the default);
    VITRINE_RETRAIN_ROLLOUT=promote moves production at once."""
    from functions.registry import S3BlobStore
    from model_export.registry import RegistryWriter

    writer = RegistryWriter(S3BlobStore("registry", "models", buckets))
    manifest = {"parity": {"passed": True}, "run_id": "r"}
    first = writer.publish("sepsis", b"one", manifest)
    writer.promote("sepsis", first)
    second = writer.publish("sepsis", b"two", {**manifest, "run_id": "r2"})
    out = pipeline_steps.handler({"step": "promote", "usecase": "sepsis", "version": second})
    assert out["production"] == first and out["candidates"] == {"sepsis": second}
    assert writer.alias("sepsis")["candidate"]["mode"] == "shadow"
    monkeypatch.setenv("VITRINE_RETRAIN_ROLLOUT", "promote")
    out = pipeline_steps.handler({"step": "promote", "usecase": "sepsis", "version": second})
    assert out["production"] == second and out["candidates"] == {}
    assert writer.alias("sepsis")["rollouts"][-1]["outcome"] == "promoted"
