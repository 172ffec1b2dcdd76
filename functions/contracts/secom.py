"""SECOM semiconductor lots: pass/fail from the 590 sensor values (UCI SECOM).

A lot is the 590 values named "0".."589", ``null`` where the sensor gave nothing (about 4.5 %
of values are missing in the real data). The model's ONNX graph drops the features its
training found unusable and imputes the rest, so requests always carry all 590 names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, Field

from functions.contracts.base import (
    Endpoint,
    PredictionBase,
    StrictBody,
    UseCase,
    as_list,
    csv_matrix,
    dig,
)
from functions.errors import InvalidInput, Problem

FEATURES = tuple(str(i) for i in range(590))
LABELS = ("Pass", "Fail")
MAX_BATCH = 5000  # lots per batch request (the real dataset is 1,567 lots)
CHUNK = 500  # lots per ONNX call: bounded memory whatever the batch size
BATCH_BODY_BYTES = 6 * 1024 * 1024  # bytes: Lambda's synchronous payload limit


class Lot(StrictBody):
    """One lot: every sensor by name, null where missing."""

    values: dict[str, float | None] = Field(
        description='The 590 sensor values keyed "0".."589"; null for a missing value')


class LotPrediction(PredictionBase):
    prediction: Literal["Pass", "Fail"]
    probability: float = Field(ge=0, le=1, description="Estimated probability that the lot fails")
    threshold: float


class Batch(StrictBody):
    """Many lots, as ``rows`` (like Lot.values) or as ``csv`` text with a header row whose
    columns include "0".."589" (the common layout's Time and Pass/Fail are ignored)."""

    rows: list[dict[str, float | None]] | None = Field(default=None, max_length=MAX_BATCH)
    csv: str | None = None


class BatchItem(BaseModel):
    row: int
    prediction: Literal["Pass", "Fail"]
    probability: float


class BatchPrediction(PredictionBase):
    threshold: float
    lots: int
    fails: int
    items: list[BatchItem]


def _name_problems(values: Any, loc: tuple[str | int, ...]) -> list[Problem]:
    if not isinstance(values, Mapping):
        return []
    missing = [f for f in FEATURES if f not in values]
    unknown = [k for k in values if k not in FEATURES]
    problems = []
    if missing:
        problems.append(Problem(loc, f"{len(values) - len(unknown)} of the 590 sensor values; "
                                f"missing {', '.join(missing[:10])}"
                                + ("…" if len(missing) > 10 else "")
                                + " (send null for a missing value)", "wrong_count"))
    problems += [Problem((*loc, k), "unknown sensor name", "extra_forbidden") for k in unknown[:20]]
    return problems


def check_lot(body: Mapping[str, Any]) -> list[Problem]:
    return _name_problems(dig(body, "values"), ("body", "values"))


def check_batch(body: Mapping[str, Any]) -> list[Problem]:
    problems = []
    for i, row in enumerate(as_list(dig(body, "rows"))):
        problems += _name_problems(row, ("body", "rows", i))
        if len(problems) >= 50:
            break
    return problems


def _row(values: Mapping[str, float | None]) -> list[float]:
    return [np.nan if (v := values[f]) is None else v for f in FEATURES]


def predict_lot(req: Lot, model: Any) -> dict[str, Any]:
    p = float(model.predict_proba(np.array([_row(req.values)]))[0, 1])
    return {"prediction": LABELS[int(p >= model.threshold)], "probability": p,
            "threshold": model.threshold}


def batch_matrix(req: Batch) -> np.ndarray:
    if (req.rows is None) == (req.csv is None):
        raise InvalidInput([Problem(("body",), "send either rows or csv, not both or neither",
                                    "value_error")])
    if req.rows is not None:
        if not req.rows:
            raise InvalidInput([Problem(("body", "rows"), "no lots", "too_short")])
        return np.array([_row(r) for r in req.rows])
    return csv_matrix(req.csv, FEATURES, 1, MAX_BATCH, allow_missing=True)


def predict_batch(req: Batch, model: Any) -> dict[str, Any]:
    x = batch_matrix(req)
    p = np.concatenate([model.predict_proba(x[i:i + CHUNK])[:, 1]
                        for i in range(0, len(x), CHUNK)])
    fail = p >= model.threshold
    return {"threshold": model.threshold, "lots": int(len(p)), "fails": int(fail.sum()),
            "items": [{"row": i, "prediction": LABELS[int(f)], "probability": float(v)}
                      for i, (f, v) in enumerate(zip(fail, p, strict=True))]}


USECASE = UseCase(
    name="secom",
    title="SECOM lot defects",
    description="Whether a semiconductor lot will fail, from its 590 sensor values with gaps "
    "(UCI SECOM).",
    labels=LABELS,
    feature_names=FEATURES,
    input_schema=tuple({"name": f, "unit": "sensor units (anonymized)"} for f in FEATURES),
    endpoints=(
        Endpoint(path="/secom/predict", request=Lot, response=LotPrediction,
                 predict=predict_lot, check=check_lot,
                 summary="Pass or fail of one lot."),
        Endpoint(path="/secom/predict/batch", request=Batch, response=BatchPrediction,
                 predict=predict_batch, check=check_batch, max_body_bytes=BATCH_BODY_BYTES,
                 summary=f"Pass or fail of up to {MAX_BATCH} lots (JSON rows or CSV text)."),
    ),
    memory_mb=1024,
    timeout_s=30,
)
