"""The Open Inference Protocol v2 over REST (kserve/open-inference-protocol,
``inference_rest.md``) for every family whose input is a tensor of named features: the
tabular runtime's, sepsis, SECOM, TEP. Its infer route is one more endpoint of the use case
(``/v2/models/<family>/infer``), so it has the same key check, body bounds, logging,
rollouts, metrics and monitoring as the native route; only the body's shape differs.

A request carries one FP32 or FP64 input of shape [rows, features] in the order the
metadata route lists (`GET /v2/models/<family>`), missing values as NaN where the contract
allows them (SECOM's sensors, the tabular runtime's columns) and never elsewhere.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, Field

from functions.contracts.base import Endpoint, PredictionBase, StrictBody, UseCase
from functions.errors import InvalidInput, Problem

MAX_ROWS = 2000  # rows of one infer request (SECOM's batch size)
DATATYPES = ("FP32", "FP64")
PREFIX = "/v2/models"


class TensorIn(BaseModel):
    name: str = Field(max_length=64)
    shape: list[int] = Field(min_length=1, max_length=2)
    datatype: str = Field(max_length=16)
    parameters: dict[str, Any] | None = None
    # Flat, row-major (the JSON tensor encoding); nested lists are accepted as well.
    data: list[Any] = Field(max_length=MAX_ROWS * 600)


class OutputRequest(BaseModel):
    name: str = Field(max_length=64)
    parameters: dict[str, Any] | None = None


class InferRequest(StrictBody):
    # v2 clients send fields of their own (parameters, binary_data hints) and NaN for a
    # missing value: NaN passes the parser, then the contract says whether it may be.
    model_config = {**StrictBody.model_config, "extra": "ignore", "strict": False,
                    "allow_inf_nan": True}

    id: str | None = Field(default=None, max_length=128)
    parameters: dict[str, Any] | None = None
    inputs: list[TensorIn] = Field(min_length=1, max_length=1)
    outputs: list[OutputRequest] | None = Field(default=None, max_length=4)


class TensorOut(BaseModel):
    name: str
    shape: list[int]
    datatype: Literal["FP64", "BYTES"]
    data: list[Any]


class InferResponse(PredictionBase):
    model_name: str
    id: str | None = None
    outputs: list[TensorOut]


def eligible(uc: UseCase) -> bool:
    """A use case whose own family reads a vector of named features, the same features its
    monitoring compares (not text, images or series)."""
    return len(uc.feature_names) > 1 and not uc.monitored


def allows_missing(uc: UseCase) -> bool:
    return uc.missing_values


SERVER_ROUTES = (("GET", "/v2"), ("GET", "/v2/health/live"), ("GET", "/v2/health/ready"))


def model_routes(family: str) -> tuple[tuple[str, str], ...]:
    """The routes of one model besides its infer endpoint (functions/routers/oip.py; API
    Gateway routes the same list to the use case's function)."""
    base = f"{PREFIX}/{family}"
    return (("GET", base), ("GET", f"{base}/ready"), ("GET", f"{base}/versions/{{version}}"),
            ("GET", f"{base}/versions/{{version}}/ready"),
            ("POST", f"{base}/versions/{{version}}/infer"))


def tensor(req: InferRequest, width: int, missing: bool) -> np.ndarray:
    """The request's input as (rows, width) float32; every refusal names the field."""
    t = req.inputs[0]
    loc = ("body", "inputs", 0)
    if t.datatype not in DATATYPES:
        raise InvalidInput([Problem((*loc, "datatype"), f"'{t.datatype[:16]}': send one of "
                                    f"{', '.join(DATATYPES)}", "value_error")])
    shape = t.shape if len(t.shape) == 2 else [1, *t.shape]
    if shape[1] != width or not 1 <= shape[0] <= MAX_ROWS:
        raise InvalidInput([Problem((*loc, "shape"), f"{t.shape}: [rows, {width}] with 1 to "
                                    f"{MAX_ROWS} rows", "value_error")])
    flat = t.data
    if flat and isinstance(flat[0], list):
        flat = [v for row in flat for v in (row if isinstance(row, list) else [row])]
    if len(flat) != shape[0] * width:
        raise InvalidInput([Problem((*loc, "data"), f"{len(flat)} values for shape {t.shape}",
                                    "value_error")])
    if any(isinstance(v, bool) or not (isinstance(v, int | float) or v is None) for v in flat):
        raise InvalidInput([Problem((*loc, "data"), "numbers only", "float_type")])
    x = np.array([math.nan if v is None else v for v in flat], dtype=np.float64)
    bad = np.isinf(x) if missing else ~np.isfinite(x)
    if bad.any():
        i = int(np.argmax(bad))
        what = "infinite" if missing else "not a finite number (this model takes no missing "\
            "values)"
        raise InvalidInput([Problem((*loc, "data", i), f"value {i} is {what}", "finite_number")])
    return x.reshape(shape[0], width).astype(np.float32)


def endpoint(uc: UseCase) -> Endpoint:
    """The infer route of ``uc``'s own family."""
    family = uc.name
    width = len(uc.feature_names)
    missing = allows_missing(uc)

    def predict(req: InferRequest, model: Any) -> dict[str, Any]:
        x = tensor(req, width, missing)
        out = model.predict_proba(x)
        outputs = [{"name": "probabilities" if uc.labels else "predictions",
                    "shape": list(out.shape), "datatype": "FP64",
                    "data": out.reshape(-1).tolist()}]
        if uc.labels:  # the label each row is answered with, as the native route does
            if len(model.labels) == 2 and not math.isnan(model.threshold):
                k = (out[:, 1] >= model.threshold).astype(int)
            else:
                k = out.argmax(axis=1)
            outputs.append({"name": "label", "shape": [len(x), 1], "datatype": "BYTES",
                            "data": [model.labels[i] for i in k]})
        wanted = {o.name for o in req.outputs or ()}
        if wanted:
            unknown = wanted - {o["name"] for o in outputs}
            if unknown:
                raise InvalidInput([Problem(("body", "outputs"), f"no output "
                                            f"{', '.join(sorted(unknown))[:80]}", "value_error")])
            outputs = [o for o in outputs if o["name"] in wanted]
        return {"model_name": family, "id": req.id, "outputs": outputs}

    def observe(inputs: Mapping[str, Any], answer: Mapping[str, Any]
                ) -> tuple[np.ndarray, list[str]]:
        t = inputs["inputs"][0]
        data = t["data"]
        if data and isinstance(data[0], list):
            data = [v for row in data for v in row]
        x = np.array([math.nan if v is None else v for v in data], dtype=np.float64)
        x = x.reshape(-1, width)
        labels = next((o["data"] for o in answer.get("outputs", []) if o["name"] == "label"),
                      [""] * len(x))
        return x, [str(v) for v in labels]

    return Endpoint(path=f"{PREFIX}/{family}/infer", request=InferRequest,
                    response=InferResponse, predict=predict, observe=observe,
                    max_body_bytes=6 * 1024 * 1024, any_content_type=True,
                    summary=f"Open Inference Protocol v2: {family} on a [rows, {width}] "
                    "tensor (names and order: GET /v2/models/" + family + ").")


def with_oip(uc: UseCase) -> UseCase:
    """``uc`` with its infer route added, when its family takes a tensor."""
    if not eligible(uc) or any(e.path.startswith(PREFIX) for e in uc.endpoints):
        return uc
    return replace(uc, endpoints=(*uc.endpoints, endpoint(uc)))


def metadata(uc: UseCase, versions: list[str]) -> dict[str, Any]:
    """The model metadata answer: its input tensor with the features' names in order."""
    outputs = ([{"name": "probabilities", "datatype": "FP64", "shape": [-1, len(uc.labels)]},
                {"name": "label", "datatype": "BYTES", "shape": [-1, 1]}] if uc.labels else
               [{"name": "predictions", "datatype": "FP64", "shape": [-1, 1]}])
    return {"name": uc.name, "versions": versions, "platform": "onnxruntime_onnx",
            "inputs": [{"name": "input", "datatype": "FP32",
                        "shape": [-1, len(uc.feature_names)],
                        "parameters": {"feature_names": list(uc.feature_names),
                                       "missing_values": allows_missing(uc)}}],
            "outputs": outputs}
