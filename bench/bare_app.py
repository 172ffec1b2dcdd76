"""The framework's floor for the load bench: FastAPI + onnxruntime serving the same sepsis
model, with no validation, features, auth or prediction log (bench/load_bench.py).

    VITRINE_BARE_MODEL=path/to/model.onnx uvicorn bench.bare_app:app
"""

from __future__ import annotations

import os
import uuid

import numpy as np
import onnxruntime as ort
from fastapi import FastAPI, Request

session = ort.InferenceSession(os.environ["VITRINE_BARE_MODEL"],
                               providers=["CPUExecutionProvider"])
width = session.get_inputs()[0].shape[1]
name = session.get_inputs()[0].name
app = FastAPI()


@app.post("/predict/patient")
async def predict(request: Request) -> dict:
    body = await request.json()
    x = np.zeros((1, width), dtype=np.float32)
    # The body's vitals as the first values: the JSON is read, the graph runs, nothing else.
    for i, v in enumerate(body.get("vitals", {}).values()):
        x[0, i] = float(v)
    p = session.run(None, {name: x})[-1]
    return {"prediction_id": uuid.uuid4().hex, "probability": float(np.asarray(p)[0, 1])}
