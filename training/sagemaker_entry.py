"""SageMaker training entry point: the same training as `vitrine train`, SageMaker-style.

SageMaker runs ``python training/sagemaker_entry.py`` in its container with the data channel
in ``SM_CHANNEL_TRAIN``, hyperparameters in ``SM_HPS`` (JSON) and ``SM_MODEL_DIR`` to fill;
it then uploads SM_MODEL_DIR as model.tar.gz. Run it locally by setting the same variables:

    SM_CHANNEL_TRAIN=data/generated/physionet2019 SM_MODEL_DIR=/tmp/model \\
    SM_HPS='{"usecase": "sepsis", "quick": true}' python -m training.sagemaker_entry

The run folder it writes (``SM_MODEL_DIR/runs/<usecase>/<run_id>``) is exported and
published like a local one: ``vitrine export sepsis --run <that folder>``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from training import pipelines


def main() -> Path:
    channel = Path(os.environ.get("SM_CHANNEL_TRAIN", "/opt/ml/input/data/train"))
    model_dir = Path(os.environ.get("SM_MODEL_DIR", "/opt/ml/model"))
    hps = json.loads(os.environ.get("SM_HPS", "{}"))
    # SageMaker keeps the job's metrics and output itself; MLflow (not in the container)
    # tracks the run when it is exported.
    os.environ.setdefault("VITRINE_TRACKING_URI", "off")
    # A use case of VITRINE_USECASE_PATH travels in the code's usecases/ (sagemaker_job).
    carried = Path(__file__).resolve().parents[1] / "usecases"
    if carried.is_dir():
        os.environ.setdefault("VITRINE_USECASE_PATH", str(carried))
    from training.allocator import keep_freed_memory
    from training.params import TRUE, with_overrides

    keep_freed_memory()  # a training job: freed memory kept for reuse
    usecase = hps.pop("usecase", "sepsis")
    pipeline = pipelines.get(usecase)
    quick = str(hps.pop("quick", "false")).lower() in TRUE
    params = pipeline.Params.quick() if quick else pipeline.Params()
    # SageMaker passes every hyperparameter as a string; its own start with "sagemaker_".
    try:
        params = with_overrides(params, {k: str(v) for k, v in hps.items()
                                         if not k.startswith("sagemaker_")})
    except ValueError as e:
        raise SystemExit(f"hyperparameters: {e}") from None
    run, _ = pipeline.train(pipeline.source_in(channel), params, force=True, progress=print,
                            runs_root=model_dir / "runs")
    print(f"run written to {run}")
    return run


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
