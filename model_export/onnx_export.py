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


def certify(
    native: Any, onnx_bytes: bytes, x: np.ndarray, threshold: float,
    tolerance: float = PARITY_TOLERANCE,
) -> dict[str, Any]:
    """Compare native and ONNX probabilities (and the labels they give) on held-out rows."""
    x = np.asarray(x, dtype=np.float32)
    session = ort.InferenceSession(onnx_bytes, providers=["CPUExecutionProvider"])
    p_onnx = session.run(["probabilities"], {session.get_inputs()[0].name: x})[0][:, 1]
    p_native = native.predict_proba(x)[:, 1]
    diff = np.abs(p_onnx.astype(np.float64) - p_native)
    agree = (p_onnx >= threshold) == (p_native >= threshold)
    max_diff = float(diff.max()) if len(diff) else float("nan")
    return {
        "rows": int(len(x)),
        "max_abs_diff": max_diff,
        "mean_abs_diff": float(diff.mean()) if len(diff) else float("nan"),
        "label_agreement": float(agree.mean()) if len(agree) else float("nan"),
        "tolerance": tolerance,
        "passed": bool(len(x) > 0 and max_diff <= tolerance and agree.all()),
    }
