"""Rakuten's production traffic (``vitrine simulate rakuten``): sellers listing products.

The listings are the data's "unseen" partition (no model trained, validated or tested on
it), sent to POST /rakuten/predict, a share with their photo and the others text only; a
share of sellers correct the category (feedback with the right code), and the story ends
with a retraining run on those corrections. For a drift scenario, the second half comes
from a new seller feed that sends titles without descriptions."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from training.traffic import Item, Scenario, Sent, Traffic, TrafficError, halves

FEEDBACK_SHARE = 0.5  # listings whose seller sends the right code


def unseen(source: Path, n: int, seed: int) -> Any:
    """``n`` listings of the data's unseen partition (fewer if it holds fewer)."""
    from training.rakuten.data import load, splits
    from training.rakuten.pipeline import Params

    df = load(source)
    # The partition is fixed by the training split's seed, not by the scenario's.
    part = df[splits(df, Params().seed) == "unseen"]
    return part.sample(n=min(n, len(part)), random_state=seed)


def weighted_f1(pairs: Sequence[tuple[int, int]]) -> float | None:
    """The challenge's metric over (predicted, true) pairs."""
    if not pairs:
        return None
    from sklearn.metrics import f1_score

    pred, true = zip(*pairs, strict=True)
    return float(f1_score(true, pred, average="weighted", zero_division=0))


def figures(sent: Sequence[Sent]) -> dict[str, Any]:
    """The live weighted-F1 of the corrections, by what the model read."""
    pairs: dict[str, list[tuple[int, int]]] = {"text": [], "both": []}
    photos = 0
    for s in sent:
        used = "both" if s.answer.get("inputs_used") == "both" else "text"
        photos += used == "both"
        if s.feedback is not None:
            pairs[used].append((int(s.feedback["predicted"]), int(s.feedback["label"])))
    return {"with photo": photos,
            "live weighted-F1": weighted_f1(pairs["text"] + pairs["both"]),
            "text only": weighted_f1(pairs["text"]), "text + photo": weighted_f1(pairs["both"])}


def traffic(scenario: Scenario) -> Traffic:
    from training.rakuten.pipeline import default_source, source_problem

    source = Path(scenario.source) if scenario.source else default_source()
    if problem := source_problem(source):
        raise TrafficError(problem)
    rows = unseen(source, scenario.items, scenario.seed)
    rng = np.random.default_rng(scenario.seed)
    first, _ = halves(len(rows))
    items = []
    for i, row in enumerate(rows.itertuples()):
        body: dict[str, Any] = {"designation": row.designation,
                                "description": row.description}
        if scenario.drift and i >= first:
            body["description"] = None  # the new feed's listings: a title, no description
        if rng.random() < scenario.image_share and Path(row.image_path).exists():
            body["image"] = base64.b64encode(Path(row.image_path).read_bytes()).decode()
        items.append(Item("/rakuten/predict", body, str(int(row.prdtypecode))))
    return Traffic(
        before=items[:first], after=items[first:],
        made_of=f"{len(rows)} listings of the unseen partition of {source} (no model "
                f"trained, validated or tested on it), {scenario.image_share:.0%} with their "
                "photo; sellers' corrections sent as feedback",
        shift=f"after listing {first}, a new seller feed: titles without descriptions"
        if scenario.drift else "",
        shifted=("description_chars", "has_description", "html_tags") if scenario.drift
        else (),
        feedback_share=FEEDBACK_SHARE, retrain=True, figures=figures)
