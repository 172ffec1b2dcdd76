"""Why a model answered what it did, from the ONNX graph alone: occlusion against the
training profile's medians.

Each model input in turn is set to its median on the training rows (the run's profile, in
the manifest) and the graph scores every such variant in one session call; an input's
effect is how much the answer's probability drops when it is set to that typical value
(negative: the input argued against the answer). No second model, no native library: what
is served is what is explained, and a batch of n + 1 rows costs about one call.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import BaseModel, Field

TOP = 10  # inputs listed, by the size of their effect


class InputEffect(BaseModel):
    feature: str
    value: float | None = Field(description="The request's value (null: missing)")
    baseline: float | None = Field(description="Its median on the training rows")
    effect: float = Field(description="Answer's probability minus its probability with this "
                          "input at the baseline: how much it pushed towards the answer")


class Explanation(BaseModel):
    method: str = Field(description="occlusion: one input at a time set to its training "
                        "median")
    output: str = Field(description="The label whose probability is explained")
    probability: float
    top: list[InputEffect]


def medians(manifest: dict[str, Any], names: tuple[str, ...] | list[str]) -> np.ndarray:
    """Per model input, its median on the training rows (NaN where it was never present or
    the profile does not hold it)."""
    profile = manifest.get("profile") or {}
    levels = profile.get("quantiles") or []
    if 0.5 not in levels:
        raise ValueError("the model's training profile holds no median")
    mid = levels.index(0.5)
    features = profile.get("features") or {}
    out = np.full(len(names), np.nan)
    for j, name in enumerate(names):
        q = (features.get(name) or {}).get("q")
        if q:
            out[j] = q[mid]
    return out


def occlusion(model: Any, x: np.ndarray, names: tuple[str, ...] | list[str], label: int,
              top: int = TOP) -> dict[str, Any]:
    """The effect of each input of the one row ``x`` on the probability of class ``label``,
    the ``top`` largest first (every variant scored in one call of ``model``)."""
    row = np.asarray(x, dtype=np.float64).reshape(-1)
    base = medians(model.manifest, names)
    # Only inputs that differ from their baseline can move the answer.
    moved = [j for j in range(len(row))
             if not (np.isnan(base[j]) or row[j] == base[j])]
    variants = np.repeat(row[None, :], len(moved) + 1, axis=0)
    for i, j in enumerate(moved, start=1):
        variants[i, j] = base[j]
    p = model.predict_proba(variants)[:, label]
    effects = sorted(((float(p[0] - p[i]), j) for i, j in enumerate(moved, start=1)),
                     key=lambda e: -abs(e[0]))[:top]

    def num(v: float) -> float | None:
        return None if np.isnan(v) else float(v)

    return {"method": "occlusion", "output": str(model.labels[label]),
            "probability": float(p[0]),
            "top": [{"feature": names[j], "value": num(row[j]), "baseline": num(base[j]),
                     "effect": e} for e, j in effects]}
