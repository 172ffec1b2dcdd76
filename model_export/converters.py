"""Native models as a training run declares them, and their conversion to ONNX.

A run's report lists every model it produces (``training/runs.py: declare``) with the name of
its converter. Each converter knows how to load the native model from the run folder, how
the native model scores the certification inputs, and how to turn it into ONNX. Nothing
here knows a use case: what differs between them is in the declaration.

    sklearn  a scikit-learn Pipeline or estimator (XGBoost's sklearn API included), joblib:
             a classifier (probabilities) or, declared with task "regression", a regressor
    torch    a TorchScript module (torch.jit.save) that outputs probabilities
    onnx     an ONNX graph made at training time, with the native model's probabilities on
             the certification inputs recorded beside it (nothing native to reload)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import numpy as np

from functions.errors import VitrineError


class Native(Protocol):
    """A native model that takes the certification inputs exactly as the ONNX graph does."""

    def predict_proba(self, x: np.ndarray) -> np.ndarray: ...


class SklearnNative:
    """A fitted sklearn pipeline. Text pipelines read a 1-D array of strings where the graph
    takes a (rows, 1) string tensor."""

    def __init__(self, pipeline: Any, text: bool):
        self.pipeline = pipeline
        self.text = text

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """Probabilities of a classifier; a regressor's values, one column per output."""
        x = np.asarray(x).reshape(-1) if self.text else np.asarray(x, dtype=np.float32)
        if not hasattr(self.pipeline, "predict_proba"):
            return np.asarray(self.pipeline.predict(x), dtype=np.float64).reshape(len(x), -1)
        return np.asarray(self.pipeline.predict_proba(x), dtype=np.float64)


BATCH_BYTES = 2 << 20  # a batch's input, at most: 6 photos of 160 x 160, 256 TEP windows


class TorchNative:
    """A TorchScript module with probabilities out, scored in bounded batches: at most
    ``batch`` rows and ``BATCH_BYTES`` of input. A CNN's activations are many times its
    input, and large ones are fresh pages from the kernel at every batch: MobileNetV2 read
    512 photos in 13.3 s in batches of 64, 5.8 s in batches of 8 (one thread)."""

    def __init__(self, module: Any, batch: int = 256):
        self.module = module.eval()
        self.batch = batch

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        import torch

        row = 4 * int(np.prod(x.shape[1:], dtype=np.int64))  # float32 bytes
        n = max(1, min(self.batch, BATCH_BYTES // max(1, row)))
        with torch.no_grad():
            out = [self.module(torch.from_numpy(np.ascontiguousarray(
                x[i:i + n], dtype=np.float32))) for i in range(0, len(x), n)]
        return torch.cat(out).detach().numpy().astype(np.float64)


class RecordedNative:
    """An already-ONNX artifact: the native model's outputs on the certification rows, as
    recorded by the training run. Only those rows can be scored."""

    def __init__(self, x: np.ndarray, p: np.ndarray):
        self.x, self.p = x, np.asarray(p, dtype=np.float64)

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        if x.shape != self.x.shape or not np.array_equal(x, self.x):
            raise VitrineError("an ONNX artifact's native outputs are recorded for its "
                               "certification rows only")
        return self.p


def load_native(run: Path, entry: dict[str, Any]) -> Native:
    """The declared native model, taking inputs as its ONNX graph does."""
    path = run / entry["native"]
    if not path.exists():
        raise VitrineError(f"run {run.name}: {entry['native']} is missing")
    kind = entry["converter"]
    if kind == "sklearn":
        import joblib

        return SklearnNative(joblib.load(path), text=entry["input"]["dtype"] == "string")
    if kind == "torch":
        import torch

        return TorchNative(torch.jit.load(str(path), map_location="cpu"))
    if kind == "onnx":
        x, _ = certification_rows(run, entry)
        data = np.load(run / entry["certify"]["file"], allow_pickle=False)
        return RecordedNative(x, data[entry["certify"]["expected"]])
    raise VitrineError(f"run {run.name}: unknown converter '{kind}' for {entry['model']}")


def to_onnx(run: Path, entry: dict[str, Any], native: Native, x: np.ndarray) -> bytes:
    kind = entry["converter"]
    from model_export.onnx_export import to_onnx as sklearn_to_onnx
    from model_export.onnx_export import torch_to_onnx

    if kind == "sklearn":
        text = entry["input"]["dtype"] == "string"
        width = 1 if text else int(np.prod(entry["input"]["shape"]))
        return sklearn_to_onnx(native.pipeline, width, text)  # type: ignore[attr-defined]
    if kind == "torch":
        return torch_to_onnx(native.module, x[:1])  # type: ignore[attr-defined]
    return (run / entry["onnx"]).read_bytes()


def certification_rows(run: Path, entry: dict[str, Any]) -> tuple[np.ndarray, np.ndarray | None]:
    """The held-out inputs (shaped as the graph takes them) and their labels, if declared."""
    spec = entry["certify"]
    data = np.load(run / spec["file"], allow_pickle=False)
    x = data[spec["x"]]
    x = x.astype(object).reshape(-1, 1) if entry["input"]["dtype"] == "string" else \
        x.astype(np.float32)
    y = data[spec["y"]] if spec.get("y") else None
    return x, y
