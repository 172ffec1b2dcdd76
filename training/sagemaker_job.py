"""Submit a use case's training as a SageMaker training job (boto3 CreateTrainingJob).

The job runs ``training/sagemaker_entry.py`` in AWS's scikit-learn framework container
(script mode): the source is uploaded as sourcedir.tar.gz with a requirements.txt, the data
as the ``train`` channel.
"""

from __future__ import annotations

import hashlib
import io
import tarfile
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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
    import importlib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = [*deps["dependencies"], *deps["optional-dependencies"]["train"]]
    extras = getattr(importlib.import_module(f"training.{usecase}.pipeline"), "EXTRAS", ())
    for extra in extras:
        if extra == "dl":
            lines = [f"--extra-index-url {TORCH_CPU_INDEX}", *lines,
                     *(f"{d}+cpu" if d.startswith("torch==") else d
                       for d in deps["optional-dependencies"]["dl"])]
        else:  # another extra the pipeline trains with (sensors: Prophet, its reference)
            lines += deps["optional-dependencies"][extra]
    return lines


def source_tarball(usecase: str) -> bytes:
    """functions/ and training/ plus a requirements.txt for the use case's training, and the
    files a pipeline ships beside its code (``SOURCE_FILES``: Rakuten's ImageNet weights,
    whose package a requirements file cannot install without its stale dependencies)."""
    import importlib

    requirements = "\n".join(requirements_for(usecase))
    pipeline = importlib.import_module(f"training.{usecase}.pipeline")
    extra = pipeline.SOURCE_FILES() if hasattr(pipeline, "SOURCE_FILES") else {}
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for folder in SOURCE_DIRS:
            for path in sorted((ROOT / folder).rglob("*.py")):
                tar.add(path, arcname=path.relative_to(ROOT).as_posix())
        for arcname, path in sorted(extra.items()):
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
    s3 = session.client("s3")
    sagemaker = session.client("sagemaker")
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    name = f"vitrine-{spec.usecase}-{stamp}"[:63]
    data_prefix = f"{spec.prefix}/data/{spec.usecase}/{fingerprint[:16]}"
    uploaded = upload_data(s3, source, spec.bucket, data_prefix)
    code = source_tarball(spec.usecase)
    code_key = f"{spec.prefix}/code/{hashlib.sha256(code).hexdigest()[:16]}/sourcedir.tar.gz"
    s3.put_object(Bucket=spec.bucket, Key=code_key, Body=code)
    request = {
        "TrainingJobName": name,
        "AlgorithmSpecification": {
            "TrainingImage": spec.image or SKLEARN_IMAGE.format(region=spec.region),
            "TrainingInputMode": "File",
        },
        "RoleArn": spec.role_arn,
        "HyperParameters": {
            "sagemaker_program": "training/sagemaker_entry.py",
            "sagemaker_submit_directory": f"s3://{spec.bucket}/{code_key}",
            "sagemaker_region": spec.region,
            "usecase": spec.usecase,
            "quick": str(spec.quick).lower(),
            **{k: str(v) for k, v in spec.params.items()},
        },
        "InputDataConfig": [{
            "ChannelName": "train",
            "DataSource": {"S3DataSource": {
                "S3DataType": "S3Prefix", "S3Uri": f"s3://{spec.bucket}/{data_prefix}/",
                "S3DataDistributionType": "FullyReplicated"}},
        }],
        "OutputDataConfig": {"S3OutputPath": f"s3://{spec.bucket}/{spec.prefix}/output/"},
        "ResourceConfig": {"InstanceType": spec.instance_type, "InstanceCount": 1,
                           "VolumeSizeInGB": spec.volume_gb},
        "StoppingCondition": {"MaxRuntimeInSeconds": spec.max_runtime_s},
        "Tags": [{"Key": "project", "Value": "vitrine"}, {"Key": "usecase",
                                                           "Value": spec.usecase}],
    }
    sagemaker.create_training_job(**request)
    return {"name": name, "request": request, "uploaded_files": uploaded}
