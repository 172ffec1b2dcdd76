"""Submit a use case's training as a SageMaker training job.

``vitrine train --on sagemaker`` builds the job with the SageMaker Python SDK's trainer
(``sagemaker.train.ModelTrainer``, SDK v3): the code (functions/, training/ and a
requirements.txt) goes up as the SDK's ``code`` channel and its driver installs the
requirements and runs ``training/sagemaker_entry.py`` in AWS's scikit-learn image; the data
goes up once per content fingerprint as the ``train`` channel.

The retraining pipeline's job is created by its state machine (infra/stacks/pipeline.py),
where no SDK runs: that job uses the image's own script mode, with ``source_tarball`` as
its sourcedir.tar.gz (training/pipeline_steps.py). Both run the same entry point, which
reads the same SM_* variables.
"""

from __future__ import annotations

import io
import tarfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from functions.discovery import carried_files
from training import pipelines

ROOT = Path(__file__).resolve().parents[1]
# AWS's scikit-learn framework image (account 683313688378 serves most commercial regions).
SKLEARN_IMAGE = "683313688378.dkr.ecr.{region}.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
SOURCE_DIRS = ("functions", "training")


@dataclass(frozen=True)
class JobSpec:
    usecase: str
    role_arn: str
    bucket: str
    region: str
    instance_type: str = "ml.m5.xlarge"
    max_runtime_s: int = 3600  # seconds
    volume_gb: int = 30  # GB
    image: str | None = None
    quick: bool = False
    prefix: str = "sagemaker"
    # Parameter overrides as text (SageMaker hyperparameters are strings); the entry point
    # parses them with training/params.py, as `vitrine train --set` does locally.
    params: dict[str, str] = field(default_factory=dict)


# torch from the CPU wheel index: PyPI's Linux build pulls multi-GB CUDA libraries.
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def requirements_for(usecase: str) -> list[str]:
    """The training image's extra requirements: the train extra, the dl extra (torch, CPU
    build) for pipelines that train a sequence model, and any other extra a pipeline names
    (``EXTRAS`` in the pipeline)."""

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = [*deps["dependencies"], *deps["optional-dependencies"]["train"]]
    extras = pipelines.get(usecase).EXTRAS
    for extra in extras:
        if extra == "dl":
            lines = [f"--extra-index-url {TORCH_CPU_INDEX}", *lines,
                     *(f"{d}+cpu" if d.startswith("torch==") else d
                       for d in deps["optional-dependencies"]["dl"])]
        else:  # another extra the pipeline trains with (sensors: Prophet, its reference)
            lines += deps["optional-dependencies"][extra]
    return lines


def source_tarball(usecase: str) -> bytes:
    """functions/ and training/ plus a requirements.txt for the use case's training, the
    use case's own folder when it comes from VITRINE_USECASE_PATH, and the
    files a pipeline ships beside its code (``SOURCE_FILES``: Rakuten's ImageNet weights,
    whose package a requirements file cannot install without its stale dependencies)."""

    requirements = "\n".join(requirements_for(usecase))
    pipeline = pipelines.get(usecase)
    extra = pipeline.SOURCE_FILES() if pipeline.SOURCE_FILES else {}
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for folder in SOURCE_DIRS:
            for path in sorted((ROOT / folder).rglob("*.py")):
                tar.add(path, arcname=path.relative_to(ROOT).as_posix())
        for arcname, path in sorted(extra.items()):
            tar.add(path, arcname=arcname)
        # A use case of VITRINE_USECASE_PATH: its declaration or modules, found again in
        # the job by training/sagemaker_entry.py.
        for arcname, path in sorted(carried_files([usecase]).items()):
            tar.add(path, arcname=arcname)
        data = (requirements + "\n").encode()
        info = tarfile.TarInfo("requirements.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _is_data(path: Path) -> bool:
    """Files the job reads: no dotfiles, except the generator's ``.<split>.spec.json`` stamps,
    which record how the data was made (TEP's fault onsets: training/tep/pipeline.py)."""
    return not path.name.startswith(".") or path.name.endswith(".spec.json")


def upload_data(s3: Any, source: Path, bucket: str, key_prefix: str) -> int:
    """Upload the data files once per content fingerprint; returns how many were sent."""
    existing = {o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(
        Bucket=bucket, Prefix=key_prefix) for o in page.get("Contents", [])}
    sent = 0
    for path in sorted(source.rglob("*")):
        key = f"{key_prefix}/{path.relative_to(source).as_posix()}"
        if path.is_file() and _is_data(path) and key not in existing:
            s3.upload_file(str(path), bucket, key)
            sent += 1
    return sent


def submit(spec: JobSpec, source: Path, fingerprint: str, session: Any) -> dict[str, Any]:
    """Upload the data (once per fingerprint) and start the job through the SDK's
    ModelTrainer; returns the job's name, its description and how many files went up."""
    import tempfile

    from sagemaker.core.helper.session_helper import Session
    from sagemaker.core.shapes import OutputDataConfig, Tag
    from sagemaker.core.training.configs import Compute, InputData, SourceCode, StoppingCondition
    from sagemaker.train import ModelTrainer

    data_prefix = f"{spec.prefix}/data/{spec.usecase}/{fingerprint[:16]}"
    uploaded = upload_data(session.client("s3"), source, spec.bucket, data_prefix)
    output = f"s3://{spec.bucket}/{spec.prefix}/output/"
    with tempfile.TemporaryDirectory() as staged:
        # The same files as the pipeline's sourcedir.tar.gz, as a folder for the SDK.
        with tarfile.open(fileobj=io.BytesIO(source_tarball(spec.usecase)), mode="r:gz") as t:
            t.extractall(staged, filter="data")
        trainer = ModelTrainer(
            sagemaker_session=Session(boto_session=session, default_bucket=spec.bucket,
                                      default_bucket_prefix=spec.prefix),
            role=spec.role_arn,
            base_job_name=f"vitrine-{spec.usecase}",
            training_image=spec.image or SKLEARN_IMAGE.format(region=spec.region),
            source_code=SourceCode(source_dir=staged, entry_script="training/sagemaker_entry.py",
                                   requirements="requirements.txt"),
            compute=Compute(instance_type=spec.instance_type, instance_count=1,
                            volume_size_in_gb=spec.volume_gb),
            stopping_condition=StoppingCondition(max_runtime_in_seconds=spec.max_runtime_s),
            output_data_config=OutputDataConfig(s3_output_path=output),
            hyperparameters={"usecase": spec.usecase, "quick": str(spec.quick).lower(),
                             **{k: str(v) for k, v in spec.params.items()}},
            tags=[Tag(key="project", value="vitrine"), Tag(key="usecase", value=spec.usecase)],
        )
        trainer.train(input_data_config=[InputData(
            channel_name="train", data_source=f"s3://{spec.bucket}/{data_prefix}/")],
            wait=False)
    # The SDK keeps the job it started here (its documented way to reach it).
    name = trainer._latest_training_job.training_job_name
    described = session.client("sagemaker").describe_training_job(TrainingJobName=name)
    described.pop("ResponseMetadata", None)
    return {"name": name, "request": described, "output": output, "uploaded_files": uploaded}
