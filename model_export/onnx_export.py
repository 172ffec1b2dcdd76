"""scikit-learn / XGBoost pipelines to ONNX, and the parity certificate that gates publishing."""

from __future__ import annotations

from typing import Any

import numpy as np
import onnxruntime as ort
from onnxmltools.convert.xgboost.operator_converters.XGBoost import convert_xgboost
from skl2onnx import convert_sklearn, update_registered_converter
from skl2onnx.common.data_types import FloatTensorType
from skl2onnx.common.shape_calculator import calculate_linear_classifier_output_shapes
from xgboost import XGBClassifier

# Pinned opsets: ai.onnx.ml 3 is what the XGBoost converter needs for NaN-aware trees.
TARGET_OPSET = {"": 17, "ai.onnx.ml": 3}
PARITY_TOLERANCE = 1e-4  # max |p_onnx - p_native| a published model may show

update_registered_converter(
    XGBClassifier,
    "XGBoostXGBClassifier",
    calculate_linear_classifier_output_shapes,
    convert_xgboost,
    options={"nocl": [True, False], "zipmap": [True, False, "columns"]},
)


def to_onnx(pipeline: Any, n_features: int) -> bytes:
    final = pipeline.steps[-1][1] if hasattr(pipeline, "steps") else pipeline
    onx = convert_sklearn(
        pipeline,
        initial_types=[("input", FloatTensorType([None, n_features]))],
        target_opset=TARGET_OPSET,
        # A plain probability tensor rather than a list of dicts: cheaper to serve.
        options={id(final): {"zipmap": False}},
    )
    return onx.SerializeToString()


def torch_to_onnx(module: Any, example: np.ndarray) -> bytes:
    """A torch module (batch-first input, probabilities out) as ONNX with a dynamic batch."""
    import io

    import torch

    buf = io.BytesIO()
    # The TorchScript exporter: the dynamo one needs onnxscript, which serving never needs.
    torch.onnx.export(
        module.eval(), (torch.from_numpy(np.asarray(example, dtype=np.float32)),), buf,
        input_names=["input"], output_names=["probabilities"],
        dynamic_axes={"input": {0: "batch"}, "probabilities": {0: "batch"}},
        opset_version=TARGET_OPSET[""], dynamo=False,
    )
    return buf.getvalue()


def certify(
    native: Any, onnx_bytes: bytes, x: np.ndarray, threshold: float | None = None,
    tolerance: float = PARITY_TOLERANCE,
) -> dict[str, Any]:
    """Compare native and ONNX probabilities, and the labels they give, on held-out rows.

    Binary models with a threshold: labels are p >= threshold; otherwise the argmax class.
    """
    x = np.asarray(x, dtype=np.float32)
    session = ort.InferenceSession(onnx_bytes, providers=["CPUExecutionProvider"])
    p_onnx = session.run(["probabilities"], {session.get_inputs()[0].name: x})[0]
    p_native = np.asarray(native.predict_proba(x), dtype=np.float64)
    diff = np.abs(p_onnx.astype(np.float64) - p_native).max(axis=1)
    if threshold is not None and p_native.shape[1] == 2:
        agree = (p_onnx[:, 1] >= threshold) == (p_native[:, 1] >= threshold)
    else:
        agree = p_onnx.argmax(axis=1) == p_native.argmax(axis=1)
    max_diff = float(diff.max()) if len(diff) else float("nan")
    return {
        "rows": int(len(x)),
        "max_abs_diff": max_diff,
        "mean_abs_diff": float(diff.mean()) if len(diff) else float("nan"),
        "label_agreement": float(agree.mean()) if len(agree) else float("nan"),
        "tolerance": tolerance,
        "passed": bool(len(x) > 0 and max_diff <= tolerance and agree.all()),
    }
