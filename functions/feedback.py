"""Which labels monitoring and retraining may learn from: a reviewer key can be wrong or
hostile, so no key weighs more than its share.

Per item, the latest label wins already (a store keeps one label a prediction). Per key,
only its ``max_per_key`` newest labels count, and an admin can exclude a key's labels
altogether (``vitrine feedback exclude KEY_ID``, POST /keys/{key_id}/feedback-exclusion).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from functions.stores import FeedbackRecord

UNKNOWN_KEY = "(before key ids)"  # labels stored before each recorded its key's id


def usable(feedback: Sequence[FeedbackRecord], excluded: Iterable[str], max_per_key: int
           ) -> tuple[list[FeedbackRecord], dict[str, Any]]:
    """The labels that count, newest first, and what was left out and why. ``feedback``
    is newest first (as the stores list it)."""
    excluded = set(excluded)
    kept: list[FeedbackRecord] = []
    per_key: Counter[str] = Counter()
    left_excluded = capped = 0
    for record in sorted(feedback, key=lambda r: r.created_at, reverse=True):
        key = record.key_id or UNKNOWN_KEY
        if record.key_id and record.key_id in excluded:
            left_excluded += 1
            continue
        if per_key[key] >= max_per_key:
            capped += 1
            continue
        per_key[key] += 1
        kept.append(record)
    return kept, {
        "labels": len(feedback), "used": len(kept), "keys": len(per_key),
        "per_key": dict(per_key.most_common()), "excluded_keys": sorted(excluded),
        "excluded_labels": left_excluded, "over_key_cap": capped,
        "max_per_key": max_per_key,
    }


def excluded_keys(feedback: Sequence[FeedbackRecord],
                  get_key: Callable[[str], Any]) -> set[str]:
    """The ids among ``feedback``'s keys whose labels an admin excluded (one key lookup
    per distinct key: a window holds labels from a few reviewers)."""
    out = set()
    for key_id in {r.key_id for r in feedback if r.key_id}:
        record = get_key(key_id)
        if record is not None and getattr(record, "feedback_excluded_at", None):
            out.add(key_id)
    return out


def summary(report: dict[str, Any]) -> str:
    """One line for a run's steps: how many labels from how many keys, and what was not."""
    used, keys = report["used"], report["keys"]
    text = f"{used} label{'s' * (used != 1)} from {keys} key{'s' * (keys != 1)}"
    left = []
    if report["excluded_labels"]:
        left.append(f"{report['excluded_labels']} of excluded keys")
    if report["over_key_cap"]:
        left.append(f"{report['over_key_cap']} over the {report['max_per_key']}-per-key cap")
    return text + (f" ({', '.join(left)} left out)" if left else "")
