"""Tennessee Eastman process fault diagnosis: the serving contract shared with training.

Variables are Rieth's 52 columns (41 measurements, 11 manipulated variables); a window is
``WINDOW`` consecutive 3-minute samples. ``window_features`` is the one function that turns
windows into the baseline model's features, for training and serving alike; the sequence
model reads the raw window (its normalization is inside its ONNX graph).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, Field, create_model

from functions.contracts.base import (
    CardText,
    Endpoint,
    InputWarning,
    PredictionBase,
    StrictBody,
    UseCase,
    csv_matrix,
)
from functions.errors import InvalidInput, Problem
from functions.explain import Explanation, occlusion

XMEAS = tuple(f"xmeas_{i}" for i in range(1, 42))
XMV = tuple(f"xmv_{i}" for i in range(1, 12))
VARIABLES = XMEAS + XMV
WINDOW = 20  # samples: one hour of 3-minute samples
STATS = ("mean", "std", "min", "max", "last", "slope")
FEATURE_NAMES = tuple(f"{v}_{s}" for s in STATS for v in VARIABLES)
# A variable's window statistics, explained together: an operator reads a variable, and one
# variant per variable (52) instead of per statistic (312) keeps the explanation to ~3 ms.
VARIABLE_GROUPS = {v: [FEATURE_NAMES.index(f"{v}_{s}") for s in STATS] for v in VARIABLES}
FAULT_NAMES = (
    "Normal operation",
    "A/C feed ratio, B composition constant (stream 4), step",
    "B composition, A/C ratio constant (stream 4), step",
    "D feed temperature (stream 2), step",
    "Reactor cooling water inlet temperature, step",
    "Condenser cooling water inlet temperature, step",
    "A feed loss (stream 1), step",
    "C header pressure loss, reduced availability (stream 4), step",
    "A, B, C feed composition (stream 4), random variation",
    "D feed temperature (stream 2), random variation",
    "C feed temperature (stream 4), random variation",
    "Reactor cooling water inlet temperature, random variation",
    "Condenser cooling water inlet temperature, random variation",
    "Reaction kinetics, slow drift",
    "Reactor cooling water valve, sticking",
    "Condenser cooling water valve, sticking",
    "Unknown (16)",
    "Unknown (17)",
    "Unknown (18)",
    "Unknown (19)",
    "Unknown (20)",
)
_T = np.arange(WINDOW, dtype=np.float64) - (WINDOW - 1) / 2
_T_SS = float((_T**2).sum())


def window_features(windows: np.ndarray) -> np.ndarray:
    """(N, WINDOW, 52) windows -> (N, 312) float32: per-variable mean, std, min, max, last
    value and least-squares slope per sample, in ``FEATURE_NAMES`` order."""
    w = np.asarray(windows, dtype=np.float64)
    if w.ndim != 3 or w.shape[1:] != (WINDOW, len(VARIABLES)):
        raise ValueError(f"windows must be (N, {WINDOW}, {len(VARIABLES)}), not {w.shape}")
    slope = np.einsum("t,ntv->nv", _T, w) / _T_SS
    out = np.concatenate(
        [w.mean(axis=1), w.std(axis=1), w.min(axis=1), w.max(axis=1), w[:, -1, :], slope],
        axis=1)
    return out.astype(np.float32)


def sliding_windows(run: np.ndarray, stride: int = 1) -> np.ndarray:
    """All windows of one run's (samples, 52) values ending at samples WINDOW-1, +stride...:
    (n_windows, WINDOW, 52), a view (no copy)."""
    view = np.lib.stride_tricks.sliding_window_view(run, WINDOW, axis=0)  # (n, 52, W)
    return view.transpose(0, 2, 1)[::stride]


# ---------------------------------------------------------------- request and response

Sample = create_model(
    "Sample", __base__=StrictBody,
    **{v: (float, Field(description=f"{v} at this 3-minute sample")) for v in VARIABLES},
)


class WindowRequest(StrictBody):
    """One hour of plant data: 20 consecutive 3-minute samples of the 52 variables."""

    samples: list[Sample] = Field(min_length=WINDOW, max_length=WINDOW)  # type: ignore[valid-type]


class BaselineWindowRequest(WindowRequest):
    """A window for the baseline, whose window features occlusion can explain (the CNN reads
    the raw samples: /tep/predict_dl does not take ``explain``)."""

    explain: bool = Field(False, description="Also answer which inputs moved the answer "
                          "most (occlusion against the training medians, a few ms)")


class FaultPrediction(PredictionBase):
    fault: int = Field(description="0 = normal operation, else the IDV fault number")
    fault_name: str
    probability: float = Field(ge=0, le=1, description="Probability of the predicted fault")
    probabilities: dict[str, float] = Field(description="Probability of each fault id")
    warnings: list[InputWarning] = Field(
        default_factory=list, description="Inputs outside what the training runs showed")
    explanation: Explanation | None = Field(
        None, description='With "explain": true, the inputs that moved the answer most')


def window_array(req: WindowRequest) -> np.ndarray:
    return np.array([[s.__dict__[v] for v in VARIABLES] for s in req.samples])[None]


# What the plant cannot show, whatever the fault: 422. Valve openings are 0-100 %;
# compositions are mol % (analyser noise allowed around 0 and 100); flows cannot be negative
# beyond sensor noise (a closed feed reads -0.005 in the simulator); gauge pressures cannot
# fall below vacuum, and the reactor's interlock trips at 3,000 kPa, far below the 10 MPa cap;
# temperatures stay above absolute zero. Levels have no bound: a tripping plant's simulated
# stripper level reads -29 %. Everything else outside the training runs is answered with a
# warning (out_of_distribution).
_FLOWS = (1, 2, 3, 4, 5, 6, 10, 14, 17, 19, 20)
_PRESSURES = (7, 13, 16)
_TEMPERATURES = (9, 11, 18, 21, 22)
BOUNDS: dict[str, tuple[float, float, str]] = {
    **{f"xmv_{i}": (0.0, 100.0, "% open") for i in range(1, 12)},
    **{f"xmeas_{i}": (-1.0, 101.0, "mol %") for i in range(23, 42)},
    **{f"xmeas_{i}": (-1.0, np.inf, "flow units (Downs & Vogel)") for i in _FLOWS},
    **{f"xmeas_{i}": (-101.325, 10_000.0, "kPa gauge") for i in _PRESSURES},
    **{f"xmeas_{i}": (-273.15, np.inf, "°C") for i in _TEMPERATURES},
}
_LO = np.array([BOUNDS.get(v, (-np.inf, np.inf, ""))[0] for v in VARIABLES])
_HI = np.array([BOUNDS.get(v, (-np.inf, np.inf, ""))[1] for v in VARIABLES])
MAX_WARNINGS = 52  # one per variable at most


def check_bounds(values: np.ndarray) -> None:
    """(samples, 52) values; those the plant cannot show are refused, each one named."""
    bad = np.argwhere((values < _LO) | (values > _HI))
    if len(bad):
        raise InvalidInput([
            Problem(("body", "samples", int(i), VARIABLES[j]),
                    f"{values[i, j]:g} is impossible for {VARIABLES[j]} (bounds "
                    f"[{_LO[j]:g}, {_HI[j]:g}] {BOUNDS[VARIABLES[j]][2]})", "out_of_range")
            for i, j in bad[:50]])


# A warning starts beyond the training runs' range widened by this share of its span: a new
# run sets a new extreme now and then by noise alone, which is no news to an operator.
OOD_MARGIN = 0.1


def training_ranges(model: Any) -> tuple[np.ndarray, np.ndarray]:
    """What the training runs showed per variable, widened by ``OOD_MARGIN`` (manifests
    before ``seen_min`` give their margin-widened range). A variable constant in training
    keeps a zero-width range: any movement is news."""
    ranges = model.manifest["input_ranges"]
    lo = np.array([ranges[v].get("seen_min", ranges[v]["min"]) for v in VARIABLES])
    hi = np.array([ranges[v].get("seen_max", ranges[v]["max"]) for v in VARIABLES])
    span = hi - lo
    tiny = 1e-9 * np.maximum(np.abs(lo), 1.0)
    return lo - OOD_MARGIN * span - tiny, hi + OOD_MARGIN * span + tiny


def ood_warnings(values: np.ndarray, model: Any) -> list[dict[str, Any]]:
    """One warning per variable with values outside the training runs' range: where it
    first happened, how often, and by how much."""
    lo, hi = training_ranges(model)
    outside = (values < lo) | (values > hi)
    warnings = []
    for j in np.flatnonzero(outside.any(axis=0))[:MAX_WARNINGS]:
        rows = np.flatnonzero(outside[:, j])
        first = int(rows[0])
        seen = values[rows, j]
        warnings.append({
            "field": f"samples.{first}.{VARIABLES[j]}", "variable": VARIABLES[j],
            "count": int(len(rows)),
            "message": f"{len(rows)} value(s) outside the training runs' range "
                       f"[{lo[j]:.4g}, {hi[j]:.4g}] (from {seen.min():.4g} to "
                       f"{seen.max():.4g}; first at sample {first}): the plant is in a state "
                       "the model has not seen"})
    return warnings


def _answer(proba: np.ndarray, model: Any) -> dict[str, Any]:
    p = proba[0]
    best = int(p.argmax())
    fault = int(model.labels[best])
    return {"fault": fault, "fault_name": FAULT_NAMES[fault], "probability": float(p[best]),
            "probabilities": {label: float(v) for label, v in zip(model.labels, p, strict=True)}}


def predict_ml(req: BaselineWindowRequest, model: Any) -> dict[str, Any]:
    window = window_array(req)
    check_bounds(window[0])
    x = window_features(window)
    proba = model.predict_proba(x)
    out = {**_answer(proba, model), "warnings": ood_warnings(window[0], model)}
    if req.explain:  # the predicted fault's probability, by variable (all its statistics)
        out["explanation"] = occlusion(model, x, FEATURE_NAMES, label=int(proba[0].argmax()),
                                       groups=VARIABLE_GROUPS)
    return out


def predict_dl(req: WindowRequest, model: Any) -> dict[str, Any]:
    window = window_array(req)
    check_bounds(window[0])
    return {**_answer(model.predict_proba(window), model),
            "warnings": ood_warnings(window[0], model)}


def observe_window(inputs: Mapping[str, Any], answer: Mapping[str, Any]
                   ) -> tuple[np.ndarray, list[str]]:
    # Either route's logged window (the baseline's carries ``explain``).
    return window_features(window_array(BaselineWindowRequest.model_validate(inputs))), \
        [str(answer["fault"])]


MAX_RUN_SAMPLES = 2000  # samples (100 h) a timeline request may hold
TIMELINE_BODY_BYTES = 4 * 1024 * 1024  # bytes: a 48 h run as JSON is ~0.6 MB, as CSV ~0.5 MB


class TimelineRequest(StrictBody):
    """A whole run, as samples or as CSV text (Rieth's layout or just the 52 named columns,
    with a header row), predicted window by window."""

    samples: list[Sample] | None = Field(  # type: ignore[valid-type]
        default=None, min_length=WINDOW, max_length=MAX_RUN_SAMPLES)
    csv: str | None = Field(default=None, description="CSV text of the run, header first")
    model: Literal["ml", "dl", "both"] = "both"
    stride: int = Field(default=1, ge=1, le=MAX_RUN_SAMPLES, description="Samples between windows")


class TimelinePoint(BaseModel):
    sample: int = Field(description="Sample (1-based) that ends the window")
    ml: dict[str, Any] | None = None
    dl: dict[str, Any] | None = None


class Timeline(PredictionBase):
    window: int
    points: list[TimelinePoint]
    warnings: list[InputWarning] = Field(
        default_factory=list, description="Inputs outside what the training runs showed")


def run_array(req: TimelineRequest) -> np.ndarray:
    """The run as (samples, 52); problems named like field errors."""
    if (req.samples is None) == (req.csv is None):
        raise InvalidInput([Problem(("body",), "send either samples or csv, not both or "
                                    "neither", "value_error")])
    if req.samples is not None:
        return np.array([[s.__dict__[v] for v in VARIABLES] for s in req.samples])
    return csv_matrix(req.csv, VARIABLES, WINDOW, MAX_RUN_SAMPLES, allow_missing=False)


def predict_timeline(req: TimelineRequest, models: dict[str, Any]) -> dict[str, Any]:
    run = run_array(req)
    check_bounds(run)
    windows = sliding_windows(run, req.stride)
    ends = np.arange(WINDOW, len(run) + 1)[::req.stride][:len(windows)]
    wanted = {"ml": "tep", "dl": "tep_dl"}
    use = [k for k in ("ml", "dl") if req.model in (k, "both")]
    results = {}
    for key in use:
        model = models[wanted[key]]
        x = window_features(windows) if key == "ml" else windows
        proba = model.predict_proba(x)
        best = proba.argmax(axis=1)
        results[key] = [{"fault": int(model.labels[b]), "probability": float(p[b])}
                        for b, p in zip(best, proba, strict=True)]
    points = [{"sample": int(end), **{k: results[k][i] for k in use}}
              for i, end in enumerate(ends)]
    return {"window": WINDOW, "points": points, "warnings": ood_warnings(run, models["tep"])}


USECASE = UseCase(
    order=20, page="tep.html", nav_label="Tennessee Eastman",
    name="tep",
    title="Tennessee Eastman fault diagnosis",
    description="Which of the Tennessee Eastman process faults (IDV 1-20, or normal "
    "operation) one hour of plant data shows: a gradient-boosted baseline on window "
    "statistics and a 1D convolutional network on the raw window.",
    labels=tuple(str(i) for i in range(len(FAULT_NAMES))),
    feature_names=FEATURE_NAMES,
    input_schema=tuple({"name": v, "unit": "plant units (Downs & Vogel)"} for v in VARIABLES),
    endpoints=(
        Endpoint(path="/tep/predict", request=BaselineWindowRequest, response=FaultPrediction,
                 predict=predict_ml, observe=observe_window,
                 summary="Fault of one hour of plant data (baseline)."),
        Endpoint(path="/tep/predict_dl", request=WindowRequest, response=FaultPrediction,
                 predict=predict_dl, model="tep_dl", observe=observe_window,
                 summary="Fault of one hour of plant data (1D-CNN)."),
        Endpoint(path="/tep/timeline", request=TimelineRequest, response=Timeline,
                 predict=predict_timeline, models=("tep", "tep_dl"),
                 max_body_bytes=TIMELINE_BODY_BYTES,
                 summary="The predicted fault of every window of a whole run."),
    ),
    other_model_inputs={"tep_dl": VARIABLES},
    memory_mb=1024,
    timeout_s=10,
    card=CardText(
        intended_use="Diagnosing which Tennessee Eastman fault (IDV 1-20) or normal operation "
        "an hour of plant measurements shows, window by window, for an operator.",
        out_of_scope="Plants other than the Tennessee Eastman process; safety interlocks (the "
        "answer is advice, not a trip).",
        data="Simulated with tep-studio (the revised Downs & Vogel model under Ricker's "
        "decentralized control, BSD-3) in Rieth et al.'s layout, recorded after a 20 h "
        "fault-free warm-up; Rieth's published files are read instead when placed under "
        "data/raw/tep/.",
        limits=("Faults 3, 9 and 15 are left out: they barely change the measurements, as in "
                "the literature.",
                "The first windows after a fault's onset are hard by construction: the fault "
                "has barely shown."),
        references=("Rieth's data, faults 3, 9 and 15 excluded: about 0.94 accuracy for "
                    "XGBoost and 0.99 for an LSTM.",),
    ),
)
