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
    feature: str = Field(description="A model input, or a group of them (a TEP variable: "
                         "every statistic of its window)")
    value: float | None = Field(description="The request's value (null: missing); for a "
                                "group, its first input's")
    baseline: float | None = Field(description="Its median on the training rows")
    effect: float = Field(description="Answer's probability minus its probability with this "
                          "input at the baseline: how much it pushed towards the answer")
    inputs: list[str] | None = Field(None, description="A group's model inputs")


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
              top: int = TOP, groups: dict[str, list[int]] | None = None,
              baseline: np.ndarray | None = None, output: str | None = None
              ) -> dict[str, Any]:
    """The effect of each input of the one row ``x`` on the probability of class ``label``,
    the ``top`` largest first (every variant scored in one call of ``model``). ``groups``:
    inputs set to their baselines together, one effect each (named by the group).
    ``baseline``: each input's typical value when not the training median (a category's
    most frequent level); ``output``: the answer's name when the model has no labels (a
    regression's value, whose change is then the effect)."""
    row = np.asarray(x, dtype=np.float64).reshape(-1)
    base = medians(model.manifest, names) if baseline is None else baseline
    units = groups or {names[j]: [j] for j in range(len(row))}
    # Only inputs that differ from their baseline can move the answer.
    moved = {name: [j for j in cols if not (np.isnan(base[j]) or row[j] == base[j])]
             for name, cols in units.items()}
    moved = {name: cols for name, cols in moved.items() if cols}
    variants = np.repeat(row[None, :], len(moved) + 1, axis=0)
    for i, cols in enumerate(moved.values(), start=1):
        variants[i, cols] = base[cols]
    p = model.predict_proba(variants)[:, label]
    effects = sorted(((float(p[0] - p[i]), name) for i, name in enumerate(moved, start=1)),
                     key=lambda e: -abs(e[0]))[:top]

    def num(v: float) -> float | None:
        return None if np.isnan(v) else float(v)

    def item(effect: float, name: str) -> dict[str, Any]:
        first = units[name][0]
        out = {"feature": name, "value": num(row[first]), "baseline": num(base[first]),
               "effect": effect}
        if groups is not None:
            out["inputs"] = [names[j] for j in units[name]]
        return out

    return {"method": "occlusion" if groups is None else "occlusion by group",
            "output": output or str(model.labels[label]), "probability": float(p[0]),
            "top": [item(e, name) for e, name in effects]}
