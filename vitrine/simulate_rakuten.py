"""`vitrine simulate rakuten`: sellers listing products through the API.

1. replay the data's "unseen" partition (no model trained, validated or tested on it) as
   production traffic, some listings with their photo and some with text only;
2. a share of sellers correct the category (feedback with the right code), as reviewers;
3. print the live weighted-F1 (from the corrections' answers) beside the offline figure of
   the production model, and the monitoring report's view;
4. start a retraining run (or follow the one monitoring started) to the gate's decision.

Everything goes through the HTTP API (a local server, or ``--url`` for a deployed one).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from vitrine.simulate import Api, follow


@dataclass(frozen=True)
class Scenario:
    listings: int = 300
    seed: int = 4242
    image_share: float = 0.5  # listings sent with their photo
    feedback_share: float = 0.5  # listings whose seller sends the right code
    retrain: bool = True  # start a retraining run at the end if monitoring did not
    wait_s: float = 900.0  # seconds to follow the retraining run


def weighted_f1(pairs: list[tuple[int, int]]) -> float | None:
    """The challenge's metric over (predicted, true) pairs."""
    if not pairs:
        return None
    from sklearn.metrics import f1_score

    pred, true = zip(*pairs, strict=True)
    return float(f1_score(true, pred, average="weighted", zero_division=0))


def unseen(source: Path, scenario: Scenario) -> Any:
    from training.rakuten.data import load, splits
    from training.rakuten.pipeline import Params

    df = load(source)
    # The partition is fixed by the training split's seed, not by the scenario's.
    part = df[splits(df, Params().seed) == "unseen"]
    n = min(scenario.listings, len(part))
    return part.sample(n=n, random_state=scenario.seed)


def run(api: Api, source: Path, scenario: Scenario, say: Callable[[str], None]
        ) -> dict[str, Any]:
    rows = unseen(source, scenario)
    rng = np.random.default_rng(scenario.seed)
    cards = {c["name"]: c for c in api.call("GET", "/usecases")}
    offline = cards.get("rakuten", {}).get("metrics", {})
    summary: dict[str, Any] = {"production_before": cards.get("rakuten", {})
                               .get("production_version"),
                               "offline_weighted_f1": offline.get("weighted_f1"),
                               "sent": {"text": 0, "both": 0}, "correct": 0}
    pairs: dict[str, list[tuple[int, int]]] = {"text": [], "both": []}
    say(f"replaying {len(rows)} unseen listings")
    for i, row in enumerate(rows.itertuples()):
        body: dict[str, Any] = {"designation": row.designation,
                                "description": row.description}
        if rng.random() < scenario.image_share and Path(row.image_path).exists():
            body["image"] = base64.b64encode(Path(row.image_path).read_bytes()).decode()
        answer = api.call("POST", "/rakuten/predict", body)
        used = "both" if answer["inputs_used"] == "both" else "text"
        summary["sent"][used] += 1
        truth = int(row.prdtypecode)
        summary["correct"] += answer["prdtypecode"] == truth
        if rng.random() < scenario.feedback_share:
            fb = api.call("POST", "/rakuten/feedback",
                          {"prediction_id": answer["prediction_id"], "label": str(truth)})
            pairs[used].append((int(fb["predicted"]), truth))
        if (i + 1) % 50 == 0:
            live = weighted_f1(pairs["text"] + pairs["both"])
            say(f"{i + 1}/{len(rows)} listings; live weighted-F1 from feedback "
                f"{live if live is None else round(live, 3)}")
    summary["live_weighted_f1"] = {k: weighted_f1(v) for k, v in pairs.items()}
    summary["live_weighted_f1"]["all"] = weighted_f1(pairs["text"] + pairs["both"])
    summary["feedback"] = sum(len(v) for v in pairs.values())
    summary["accuracy"] = summary["correct"] / max(len(rows), 1)
    report = api.call("GET", "/rakuten/monitoring")
    summary["monitoring"] = {"performance": report["performance"],
                             "drift": report["drift"]["verdict"],
                             "retraining": report["retraining"]}
    started = report["retraining"].get("started")
    if started is None and scenario.retrain:
        say("starting a retraining run on the corrections")
        started = api.call("POST", "/rakuten/retrain", admin=True)
    summary["retraining"] = started
    if started is None:
        return summary
    status = follow(api, "rakuten", started, scenario.wait_s, say)
    summary["retraining"] = status
    summary["production_after"] = status.get("version") or summary["production_before"]
    return summary
