"""Training as a SageMaker job: the request (against moto) and the script run SageMaker-style."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile

import boto3
import pytest
from moto import mock_aws

from training.sagemaker_job import JobSpec, submit

REGION = "eu-west-3"
ROLE = "arn:aws:iam::123456789012:role/vitrine-sagemaker"


@pytest.fixture
def aws(monkeypatch):
    # The SDK checks the role through IAM's SimulatePrincipalPolicy, which moto lacks (on
    # AWS a caller without that permission gets a warning, not an error).
    for k, v in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                 "AWS_DEFAULT_REGION": REGION, "SAGEMAKER_VALIDATE_ROLE": "false"}.items():
        monkeypatch.setenv(k, v)
    with mock_aws():
        session = boto3.Session(region_name=REGION)
        session.client("s3").create_bucket(
            Bucket="ml-bucket", CreateBucketConfiguration={"LocationConstraint": REGION})
        yield session


def test_training_job_request(aws, cohort_dir):
    """The SDK's ModelTrainer starts the job: image, role, sizes, hyperparameters, the data
    channel, and the code channel holding the entry point and its requirements."""
    job = submit(JobSpec("sepsis", ROLE, "ml-bucket", REGION, quick=True,
                         params={"seed": "3"}), cohort_dir, "f" * 64, aws)
    described = aws.client("sagemaker").describe_training_job(TrainingJobName=job["name"])
    assert job["name"].startswith("vitrine-sepsis-")
    assert described["RoleArn"] == ROLE
    algorithm = described["AlgorithmSpecification"]
    assert algorithm["TrainingImage"] == (
        "683313688378.dkr.ecr.eu-west-3.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3")
    assert "sm_train.sh" in " ".join(algorithm["ContainerArguments"])  # the SDK's driver
    assert described["HyperParameters"] == {"usecase": "sepsis", "quick": "true", "seed": "3"}
    channels = {c["ChannelName"]: c["DataSource"]["S3DataSource"]["S3Uri"]
                for c in described["InputDataConfig"]}
    assert channels["train"] == "s3://ml-bucket/sagemaker/data/sepsis/ffffffffffffffff/"
    assert set(channels) == {"train", "code", "sm_drivers"}
    assert described["OutputDataConfig"]["S3OutputPath"] == "s3://ml-bucket/sagemaker/output/"
    assert described["ResourceConfig"] == {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1,
                                           "VolumeSizeInGB": 30}
    assert described["StoppingCondition"]["MaxRuntimeInSeconds"] == 3600

    s3 = aws.client("s3")
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="ml-bucket",
                                                 Prefix="sagemaker/data/")["Contents"]]
    assert len(keys) == len(list(cohort_dir.glob("*.psv"))) == job["uploaded_files"]
    code_prefix = channels["code"].split("ml-bucket/", 1)[1].rstrip("/") + "/"
    names = {o["Key"][len(code_prefix):] for o in s3.list_objects_v2(
        Bucket="ml-bucket", Prefix=code_prefix)["Contents"]}
    assert {"training/sagemaker_entry.py", "functions/contracts/sepsis.py",
            "requirements.txt"} <= names
    assert not [n for n in names if n.startswith(("vitrine/", "tests/", "infra/"))]
    requirements = s3.get_object(Bucket="ml-bucket", Key=code_prefix + "requirements.txt")
    assert b"scikit-learn==" in requirements["Body"].read()
    # A second submission of the same data uploads nothing again.
    again = submit(JobSpec("sepsis", ROLE, "ml-bucket", REGION), cohort_dir, "f" * 64, aws)
    assert again["uploaded_files"] == 0


def test_cli_needs_role_and_bucket(tmp_path, cohort_dir):
    out = subprocess.run([sys.executable, "-m", "vitrine.cli", "train", "sepsis", "--on",
                          "sagemaker", "--source", str(cohort_dir)], capture_output=True,
                         text=True, cwd=tmp_path)
    assert out.returncode == 1
    assert out.stderr.strip() == ("error: --on sagemaker needs --role (execution role ARN) "
                                  "and --bucket")


def test_sagemaker_style_run_is_exported_like_a_local_one(cohort_dir, tmp_path):
    """The entry point, run with SM_* variables, writes a run that export publishes."""
    from functions.registry import LocalBlobStore
    from model_export.export import export_run
    from model_export.registry import RegistryWriter

    env = {**os.environ, "SM_CHANNEL_TRAIN": str(cohort_dir),
           "SM_MODEL_DIR": str(tmp_path / "model"),
           "SM_HPS": json.dumps({"usecase": "sepsis", "quick": "true", "seed": "3"})}
    done = subprocess.run([sys.executable, "training/sagemaker_entry.py"], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    [run] = (tmp_path / "model" / "runs" / "sepsis").iterdir()
    assert json.loads((run / "report.json").read_text())["params"]["seed"] == 3
    writer = RegistryWriter(LocalBlobStore(tmp_path / "registry"))
    [result] = export_run(run, writer)
    assert result["promoted"] and result["parity"]["passed"]
    assert writer.production_version("sepsis") == result["version"]


def test_entry_point_rejects_unknown_hyperparameters(cohort_dir, tmp_path):
    env = {**os.environ, "SM_CHANNEL_TRAIN": str(cohort_dir),
           "SM_MODEL_DIR": str(tmp_path), "SM_HPS": json.dumps({"trees": "5"})}
    done = subprocess.run([sys.executable, "training/sagemaker_entry.py"], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 1 and "unknown parameter 'trees'" in done.stderr


@pytest.mark.parametrize("usecase", ["sepsis", "tep", "secom", "rakuten", "sensors"])
def test_every_pipeline_names_its_channel_folder(usecase, tmp_path):
    """--on sagemaker uploads one folder whose files the entry point finds again."""
    import importlib

    pipeline = importlib.import_module(f"training.{usecase}.pipeline")
    folder = tmp_path / usecase
    assert pipeline.source_folder(pipeline.source_in(folder)) == folder


def test_tep_run_submitted_to_sagemaker_uploads_both_splits(aws, tmp_path):
    from training.runs import folder_fingerprint
    from training.tep.pipeline import source_folder

    folder = tmp_path / "tep"
    folder.mkdir()
    for name in ("train.csv", "test.csv"):
        (folder / name).write_text("faultNumber,simulationRun,sample\n0,1,1\n")
    (folder / ".train.spec.json").write_text("{}")  # the generator's stamp: its onsets
    (folder / ".DS_Store").write_text("")  # not data
    src = {"train": folder / "train.csv", "test": folder / "test.csv"}
    job = submit(JobSpec("tep", ROLE, "ml-bucket", REGION), source_folder(src),
                 folder_fingerprint(folder), aws)
    keys = [o["Key"] for o in aws.client("s3").list_objects_v2(
        Bucket="ml-bucket", Prefix="sagemaker/data/tep/")["Contents"]]
    assert sorted(k.rsplit("/", 1)[1] for k in keys) == [".train.spec.json", "test.csv",
                                                          "train.csv"]
    assert job["request"]["HyperParameters"]["usecase"] == "tep"
    with pytest.raises(ValueError, match="train.csv and test.csv in one folder"):
        source_folder({"train": tmp_path / "a.csv", "test": folder / "test.csv"})


def test_training_image_gets_torch_only_where_a_pipeline_trains_a_sequence_model():
    from training.sagemaker_job import TORCH_CPU_INDEX, requirements_for

    assert "prophet==1.5.0" in requirements_for("sensors")
    assert not any(r.startswith("prophet") for r in requirements_for("secom"))
    tep = requirements_for("tep")
    assert tep[0] == f"--extra-index-url {TORCH_CPU_INDEX}" and "torch==2.13.0+cpu" in tep
    assert "scikit-learn==1.9.1" in tep
    assert not [r for r in requirements_for("secom") if "torch" in r]


def test_rakuten_job_ships_its_imagenet_weights_and_torch(tmp_path, monkeypatch):

    import torch

    from training.rakuten import mobilenet
    from training.sagemaker_job import requirements_for, source_tarball

    assert "torch==2.13.0+cpu" in requirements_for("rakuten")
    with tarfile.open(fileobj=io.BytesIO(source_tarball("rakuten"))) as tar:
        member = tar.getmember("training/rakuten/mobilenet_v2-b0353104.pth")
        assert member.size > 13_000_000
        shipped = tmp_path / "shipped.pth"
        shipped.write_bytes(tar.extractfile(member).read())
    # In the job, without the package: the shipped file loads strictly.
    monkeypatch.setattr(mobilenet.util, "find_spec", lambda name: None)
    monkeypatch.setattr(mobilenet, "SHIPPED", shipped)
    assert mobilenet.weights_path() == shipped
    assert isinstance(mobilenet.pretrained(), torch.nn.Module)
