"""scikit-learn / XGBoost pipelines to ONNX, and the parity certificate that gates publishing."""

from __future__ import annotations

from typing import Any

import numpy as np
import onnxruntime as ort
from onnxmltools.convert.xgboost.operator_converters.XGBoost import convert_xgboost
from skl2onnx import convert_sklearn, update_registered_converter
from skl2onnx.common.data_types import FloatTensorType, StringTensorType
from skl2onnx.common.shape_calculator import (
    calculate_linear_classifier_output_shapes,
    calculate_linear_regressor_output_shapes,
)
from xgboost import XGBClassifier, XGBRegressor

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
update_registered_converter(XGBRegressor, "XGBoostXGBRegressor",
                            calculate_linear_regressor_output_shapes, convert_xgboost)


def _text_vectorizers(obj: Any) -> list[Any]:
    """Every TfidfVectorizer/CountVectorizer inside a pipeline, union or column transformer."""
    from sklearn.feature_extraction.text import CountVectorizer

    if isinstance(obj, CountVectorizer):  # TfidfVectorizer is one
        return [obj]
    found: list[Any] = []
    for attr in ("steps", "transformer_list", "transformers"):
        for item in getattr(obj, attr, None) or []:
            found += _text_vectorizers(item[1])
    return found


# skl2onnx swaps sklearn's Unicode token pattern for an ASCII one unless told (TOOLCHAIN.md):
# accented words would split differently. This is the pattern sklearn's default means.
UNICODE_TOKENS = r"[\pL\pN_][\pL\pN_]+"


def to_onnx(pipeline: Any, n_features: int, text: bool = False) -> bytes:
    """A fitted sklearn pipeline (XGBoost's sklearn API included) as ONNX: ``n_features``
    float inputs, or with ``text`` one string per row."""
    final = pipeline.steps[-1][1] if hasattr(pipeline, "steps") else pipeline
    # A plain probability tensor rather than a list of dicts: cheaper to serve.
    options: dict[int, dict[str, Any]] = (
        {id(final): {"zipmap": False}} if hasattr(final, "predict_proba") else {})
    for vec in _text_vectorizers(pipeline):
        opts: dict[str, Any] = {}
        if vec.analyzer == "word":
            opts["tokenexp"] = UNICODE_TOKENS
        if vec.lowercase or vec.stop_words:
            # The StringNormalizer these need reads a locale at session creation; en_US is
            # missing here and on Lambda.
            opts["locale"] = "C.UTF-8"
        options[id(vec)] = opts
    initial = ([("input", StringTensorType([None, 1]))] if text
               else [("input", FloatTensorType([None, n_features]))])
    onx = convert_sklearn(pipeline, initial_types=initial, target_opset=TARGET_OPSET,
                          options=options)
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
    tolerance: float = PARITY_TOLERANCE, task: str = "classification",
) -> dict[str, Any]:
    """Compare native and ONNX outputs, and the labels they give, on held-out rows.

    Classifiers: probabilities, and labels (binary models with a threshold: p >= threshold;
    otherwise the argmax class). Regressors: values, within ``tolerance`` relative to the
    values' scale (float32 graphs: an absolute bound would depend on the unit).
    ``x`` is shaped as the graph takes it (``functions.models.feed``); ``native`` takes the
    same (``model_export.converters``).
    """
    from functions.models import feed, scores_output

    session = ort.InferenceSession(onnx_bytes, providers=["CPUExecutionProvider"])
    out = scores_output(session)
    p_onnx = np.asarray(session.run([out], feed(session, x))[0], dtype=np.float64)
    p_native = np.asarray(native.predict_proba(x), dtype=np.float64)
    p_onnx = p_onnx.reshape(p_native.shape)
    diff = np.abs(p_onnx - p_native).max(axis=1)
    regression = task == "regression"
    if regression:
        diff = diff / max(1.0, float(np.abs(p_native).max(initial=0.0)))
        agree = np.ones(len(diff), dtype=bool)
    elif threshold is not None and p_native.shape[1] == 2:
        agree = (p_onnx[:, 1] >= threshold) == (p_native[:, 1] >= threshold)
    else:
        agree = p_onnx.argmax(axis=1) == p_native.argmax(axis=1)
    max_diff = float(diff.max()) if len(diff) else float("nan")
    return {
        "rows": int(len(x)),
        "max_abs_diff": max_diff,
        "mean_abs_diff": float(diff.mean()) if len(diff) else float("nan"),
        "label_agreement": None if regression else
        (float(agree.mean()) if len(agree) else float("nan")),
        **({"relative": True} if regression else {}),
        "tolerance": tolerance,
        "passed": bool(len(x) > 0 and max_diff <= tolerance and agree.all()),
    }
