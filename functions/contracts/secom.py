"""SECOM semiconductor lots: pass/fail from the 590 sensor values (UCI SECOM).

A lot is the 590 values named "0".."589", ``null`` where the sensor gave nothing (about 4.5 %
of values are missing in the real data). The model's ONNX graph drops the features its
training found unusable and imputes the rest, so requests always carry all 590 names.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, Field

from functions.contracts.base import (
    LOG_ONLY,
    CardText,
    Endpoint,
    PredictionBase,
    StrictBody,
    UseCase,
    as_list,
    csv_matrix,
    dig,
    log_sample,
)
from functions.edges import KeyField, batch_key
from functions.errors import InvalidInput, Problem, StoreUnavailable
from functions.explain import Explanation, occlusion
from functions.registry import BlobTooLarge

log = logging.getLogger("vitrine")
BatchFile = KeyField(".csv")  # a CSV in the batch store's in/ folder (functions/edges.py)

FEATURES = tuple(str(i) for i in range(590))
FEATURE_SET = frozenset(FEATURES)  # membership tests: a tuple scan per name cost ~9 ms a lot

LABELS = ("Pass", "Fail")
# Lots per batch request. The 6 MiB body bounds it first: measured ~9.2 kB per lot as JSON
# rows (named values), ~3.8 kB as CSV text, so ~680 or ~1,650 lots; the whole real dataset
# (1,567 lots) fits as CSV. Bigger batches go through s3_key.
MAX_BATCH = 2000
CHUNK = 500  # lots per ONNX call: bounded memory whatever the batch size
BATCH_BODY_BYTES = 6 * 1024 * 1024  # bytes: Lambda's synchronous payload limit
# Lots per batch read from the batch file store (s3_key): ~5.5 kB of CSV each, so ~110 MB,
# parsed and scored CHUNK lots at a time within the function's memory and time.
MAX_FILE_BATCH = 20_000
MAX_FILE_BYTES = 160 * 1024 * 1024  # bytes: 20,000 lots of 590 values written at length
# Lots of a batch the prediction log keeps (drawn at random, ~5.5 kB each): a sample for
# drift monitoring that stays under the log's 64 kB field bound whatever the batch size.
LOG_SAMPLE = 8


class Lot(StrictBody):
    """One lot: every sensor by name, null where missing."""

    values: dict[str, float | None] = Field(
        description='The 590 sensor values keyed "0".."589"; null for a missing value')
    explain: bool = Field(False, description="Also answer which inputs moved the answer "
                          "most (occlusion against the training medians, a few ms)")


class LotPrediction(PredictionBase):
    prediction: Literal["Pass", "Fail"]
    probability: float = Field(ge=0, le=1, description="Estimated probability that the lot fails")
    threshold: float
    explanation: Explanation | None = Field(
        None, description='With "explain": true, the inputs that moved the answer most')


class Batch(StrictBody):
    """Many lots, as ``rows`` (like Lot.values) or as ``csv`` text with a header row whose
    columns include "0".."589" (the common layout's Time and Pass/Fail are ignored)."""

    rows: list[dict[str, float | None]] | None = Field(default=None, max_length=MAX_BATCH)
    csv: str | None = None
    s3_key: BatchFile | None = Field(
        default=None,
        description="A CSV in the batch store's in/ folder (s3://<ml bucket>/batch/in/... on "
        f"AWS, data/batch/in/... locally), up to {MAX_FILE_BATCH} lots; results are written "
        "to out/ and named in output_key")


class BatchItem(BaseModel):
    row: int
    prediction: Literal["Pass", "Fail"]
    probability: float


class BatchPrediction(PredictionBase):
    threshold: float
    lots: int
    fails: int
    items: list[BatchItem] = Field(description="Per lot; empty when read from s3_key")
    output_key: str | None = Field(default=None, description="Results CSV (s3_key requests)")


def _name_problems(values: Any, loc: tuple[str | int, ...]) -> list[Problem]:
    if not isinstance(values, Mapping):
        return []
    missing = [f for f in FEATURES if f not in values]
    unknown = [k for k in values if k not in FEATURE_SET]
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
    x = np.array([_row(req.values)])
    p = float(model.predict_proba(x)[0, 1])
    out = {"prediction": LABELS[int(p >= model.threshold)], "probability": p,
           "threshold": model.threshold}
    if req.explain:  # the probability of failing, whichever side of the threshold
        out["explanation"] = occlusion(model, x, FEATURES, label=1)
    return out


def batch_matrix(req: Batch) -> np.ndarray:
    if req.rows is not None:
        if not req.rows:
            raise InvalidInput([Problem(("body", "rows"), "no lots", "too_short")])
        return np.array([_row(r) for r in req.rows])
    return csv_matrix(req.csv, FEATURES, 1, MAX_BATCH, allow_missing=True)


def _score(x: np.ndarray, model: Any) -> np.ndarray:
    return np.concatenate([model.predict_proba(x[i:i + CHUNK])[:, 1]
                           for i in range(0, len(x), CHUNK)])


def _file_batch(key: str, model: Any, files: Any) -> dict[str, Any]:
    """Score a CSV from the batch store CHUNK lots at a time; write the results beside it."""
    loc = ("body", "s3_key")
    if files is None:
        raise InvalidInput([Problem(loc, "no batch file store here", "value_error")])
    key = batch_key(key, loc, (".csv",))  # the one rule, whoever built the request
    try:
        text = files.get(key, max_bytes=MAX_FILE_BYTES).decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput([Problem(loc, "the file is not UTF-8 text", "value_error")]) from None
    except BlobTooLarge as exc:
        raise InvalidInput([Problem(loc, f"{exc.size:,} bytes; at most {MAX_FILE_BYTES:,}",
                                    "too_long")]) from None
    except Exception as exc:  # missing, access denied: logged, never shown to the caller
        log.info("secom batch file %s unread: %s: %s", key, type(exc).__name__, exc)
        raise InvalidInput([Problem(loc, "no such file in the batch store's in/ folder",
                                    "not_found")]) from None
    lines = text.splitlines()
    header, data = (lines[0] if lines else ""), [n for n in enumerate(lines[1:], 2) if n[1]]
    if len(data) > MAX_FILE_BATCH:
        raise InvalidInput([Problem(loc, f"{len(data)} lots; at most {MAX_FILE_BATCH}",
                                    "too_long")])
    if not data:
        raise InvalidInput([Problem(loc, f"{key} holds no lots", "too_short")])
    out = ["row,prediction,probability"]
    fails = 0
    # The lots the prediction log keeps (drawn before scoring; kept as the chunks pass).
    wanted = set(log_sample(len(data), LOG_SAMPLE))
    sample: list[list[float | None]] = []
    items: list[dict[str, Any]] = []
    for start in range(0, len(data), CHUNK):
        part = data[start:start + CHUNK]
        x = csv_matrix("\n".join([header, *(line for _, line in part)]), FEATURES, 1, CHUNK,
                       allow_missing=True, loc=loc, first_line=part[0][0])
        p = model.predict_proba(x)[:, 1]
        fail = p >= model.threshold
        fails += int(fail.sum())
        out += [f"{start + i},{LABELS[int(f)]},{v:.6f}"
                for i, (f, v) in enumerate(zip(fail, p, strict=True))]
        for i in sorted(r - start for r in wanted if start <= r < start + len(part)):
            sample.append([None if np.isnan(v) else float(v) for v in x[i]])
            items.append({"row": start + i, "prediction": LABELS[int(fail[i])],
                          "probability": float(p[i])})
    output_key = f"out/{key.removeprefix('in/').removesuffix('.csv')}-{uuid.uuid4().hex[:8]}.csv"
    try:  # one write of the whole file: a reader never sees part of it as the result
        files.put(output_key, ("\n".join(out) + "\n").encode())
    except Exception as exc:  # full disk, read-only folder, access denied, throttling
        log.error("secom results %s unwritten: %s: %s", output_key, type(exc).__name__, exc)
        raise StoreUnavailable("cannot write the results to the batch store now; nothing "
                               "was written, send the batch again") from None
    return {"threshold": model.threshold, "lots": len(data), "fails": fails, "items": [],
            "output_key": output_key,
            LOG_ONLY: {"sample": sample, "row_index": [i["row"] for i in items],
                       "items": items}}


def predict_batch(req: Batch, model: Any, files: Any = None) -> dict[str, Any]:
    given = [k for k in ("rows", "csv", "s3_key") if getattr(req, k) is not None]
    if len(given) != 1:
        raise InvalidInput([Problem(("body",), "send exactly one of rows, csv or s3_key "
                                    f"(got {', '.join(given) or 'none'})", "value_error")])
    if req.s3_key is not None:
        return _file_batch(req.s3_key, model, files)
    x = batch_matrix(req)
    p = _score(x, model)
    fail = p >= model.threshold
    return {"threshold": model.threshold, "lots": int(len(p)), "fails": int(fail.sum()),
            "items": [{"row": i, "prediction": LABELS[int(f)], "probability": float(v)}
                      for i, (f, v) in enumerate(zip(fail, p, strict=True))]}


def observe_lot(inputs: Mapping[str, Any], answer: Mapping[str, Any]
                ) -> tuple[np.ndarray, list[str]]:
    return np.array([_row(inputs["values"])], dtype=np.float64), [answer["prediction"]]


def log_batch(req: Batch, answer: dict[str, Any], for_log: dict[str, Any] | None = None
              ) -> tuple[dict[str, Any], dict[str, Any]]:
    """A random sample of the batch's lots, with their answers, for the prediction log."""
    n = answer["lots"]
    if req.s3_key is not None:  # read from a file: the log names it, and keeps the sample
        sampled = for_log or {"sample": [], "row_index": [], "items": []}  # drawn as scored
        return {"s3_key": req.s3_key, "lots": n, "sample": sampled["sample"],
                "row_index": sampled["row_index"]}, {
            **{k: answer[k] for k in ("prediction_id", "model_version", "threshold", "lots",
                                      "fails", "output_key")}, "items": sampled["items"]}
    index = log_sample(n, LOG_SAMPLE)
    if req.rows is not None:
        sample = np.array([_row(req.rows[i]) for i in index])
    else:
        # Parse only the sampled lines (their order among non-empty lines is the row index).
        lines = req.csv.splitlines()
        data = [line for line in lines[1:] if line.strip()]
        sample = csv_matrix("\n".join([lines[0], *(data[i] for i in index)]), FEATURES,
                            1, LOG_SAMPLE, allow_missing=True)
    rows = [[None if np.isnan(v) else float(v) for v in r] for r in sample]
    inputs = {"sample": rows, "row_index": index, "lots": n}
    output = {k: answer[k] for k in ("prediction_id", "model_version", "threshold", "lots",
                                     "fails")}
    return inputs, {**output, "items": [answer["items"][i] for i in index]}


def observe_batch(inputs: Mapping[str, Any], answer: Mapping[str, Any]
                  ) -> tuple[np.ndarray, list[str]]:
    sample = inputs.get("sample", [])
    rows = np.array([[np.nan if v is None else v for v in r] for r in sample],
                    dtype=np.float64).reshape(-1, len(FEATURES))
    return rows, [item["prediction"] for item in answer.get("items", [])]


USECASE = UseCase(
    order=30, page="secom.html", nav_label="SECOM",
    missing_values=True,  # the model imputes (or its trees route) missing values
    name="secom",
    title="SECOM lot defects",
    description="Whether a semiconductor lot will fail, from its 590 sensor values with gaps "
    "(UCI SECOM).",
    labels=LABELS,
    feature_names=FEATURES,
    input_schema=tuple({"name": f, "unit": "sensor units (anonymized)"} for f in FEATURES),
    endpoints=(
        Endpoint(path="/secom/predict", request=Lot, response=LotPrediction,
                 predict=predict_lot, check=check_lot, observe=observe_lot,
                 summary="Pass or fail of one lot."),
        Endpoint(path="/secom/predict/batch", request=Batch, response=BatchPrediction,
                 predict=predict_batch, check=check_batch, max_body_bytes=BATCH_BODY_BYTES,
                 observe=observe_batch, log_view=log_batch, files=True,
                 summary=f"Pass or fail of up to {MAX_BATCH} lots (JSON rows or CSV text), "
                 f"or of up to {MAX_FILE_BATCH} from a CSV in the batch store (s3_key)."),
    ),
    memory_mb=1024,
    timeout_s=30,
    card=CardText(
        intended_use="Flagging semiconductor lots likely to fail their final test, from the "
        "production line's 590 sensor values, for a quality engineer to inspect.",
        out_of_scope="Lines and sensors other than SECOM's; root-cause analysis.",
        data="Generated from the first 242 real lots of UCI SECOM (CC BY 4.0): each feature "
        "drawn from its real empirical distribution through a Gaussian copula of the real "
        "normal scores. Full UCI files are read instead when placed under data/raw/secom/.",
        limits=("Only 14 failing lots in a test split of 236: the figures move by several "
                "points between seeds and sizes.",
                "Generated lots carry a cleaner signal than real ones: on the real lots the "
                "generator was fitted on, ROC-AUC reads 0.62-0.64."),
        references=("Published work on the real data: ROC-AUC about 0.70-0.80.",),
    ),
)
