"""A rollout's comparison on live traffic, and the decision its rules take (pure functions).

Shadow: production's and the candidate's answers to the same requests (``<id>`` and
``<id>.shadow`` in the prediction log). Canary: the two variants' answers over the same
period. Either way, per variant: requests, errors, latency p50/p99, the predicted labels'
shares, agreement (shadow: the same label for the same request), and accuracy on the
predictions feedback labelled. The decision waits for enough requests, like the drift
verdict waits for enough rows, then aborts on errors, latency or accuracy worse beyond a
tolerance, or promotes once the candidate has held over the configured number of requests.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np

from functions.errors import RegistryError
from functions.registry import ALIAS

SHADOW_SUFFIX = ".shadow"
CANARY_ERROR_SUFFIX = ".canary-error"  # a canary attempt that failed; production answered


@dataclass(frozen=True)
class RolloutRules:
    min_requests: int = 200  # candidate answers before any decision but an error abort
    promote_after: int = 1000  # candidate answers that must hold before promotion
    min_error_requests: int = 20  # errors are judged sooner: a broken candidate stops fast
    max_error_rate_increase: float = 0.01  # candidate's error rate over production's
    max_p99_ratio: float = 1.5  # candidate p99 over production p99 ...
    min_p99_delta_ms: float = 5.0  # ... and by at least this much (sub-ms noise is not a case)
    min_labels: int = 30  # labelled predictions per variant before accuracy counts
    max_accuracy_drop: float = 0.02
    auto: bool = True  # act on the decision (promote or abort), not only report it

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _pct(values: list[float], q: float) -> float | None:
    return float(np.percentile(values, q)) if values else None


def _failed(output: str) -> bool:
    return output.startswith('{"error"')


def _summary(records: list[Any], labels_of: Any) -> dict[str, Any]:
    ok = [r for r in records if not _failed(r.output)]
    latencies = [r.latency_ms for r in ok]
    predicted = [label for r in ok for label in labels_of(r)[:1]]
    shares = {k: predicted.count(k) / len(predicted) for k in sorted(set(predicted))}
    scores = [v for r in ok if isinstance(v := _score(r.output), float)]
    return {"requests": len(records), "errors": len(records) - len(ok),
            # The answers' probability (the positive or top class's), where they carry one.
            "score_quantiles": {f"p{q}": _pct(scores, q) for q in (10, 50, 90)}
            if scores else None,
            "error_rate": (len(records) - len(ok)) / len(records) if records else 0.0,
            "latency_p50_ms": _pct(latencies, 50), "latency_p99_ms": _pct(latencies, 99),
            "label_shares": shares}


def _score(output: str) -> float | None:
    try:
        value = json.loads(output).get("probability")
    except (ValueError, AttributeError):
        return None
    return float(value) if isinstance(value, int | float) else None


def _accuracy(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    n = len(pairs)
    return {"labelled": n, "accuracy": sum(p == t for p, t in pairs) / n if n else None}


def compare(rollout: dict[str, Any], records: list[Any], feedback: list[Any],
            labels_of: Any) -> dict[str, Any]:
    """The two variants' figures since the rollout started. ``records``: the prediction
    log (any order, any variant); ``feedback``: labels by prediction id; ``labels_of``: a
    record's predicted labels (the endpoint's own reading of its output)."""
    read: dict[str, list[str]] = {}  # each record's output is parsed once, not per figure

    def labels_of_once(record: Any) -> list[str]:
        if record.prediction_id not in read:
            read[record.prediction_id] = [] if _failed(record.output) else labels_of(record)
        return read[record.prediction_id]

    return _compare(rollout, records, feedback, labels_of_once)


def _compare(rollout: dict[str, Any], records: list[Any], feedback: list[Any],
             labels_of: Any) -> dict[str, Any]:
    since = rollout.get("started_at", "")
    window = [r for r in records if r.created_at >= since and r.model_version != ""]
    mode = rollout["mode"]
    production = [r for r in window if r.variant == "production"]
    candidate = [r for r in window if r.variant == ("shadow" if mode == "shadow" else "canary")]
    labels = {f.prediction_id: f.label for f in feedback}
    out: dict[str, Any] = {"mode": mode, "version": rollout["version"], "since": since,
                           "production": _summary(production, labels_of),
                           "candidate": _summary(candidate, labels_of)}
    if mode == "shadow":
        by_id = {r.prediction_id: r for r in production}
        pairs = [(by_id[r.prediction_id[: -len(SHADOW_SUFFIX)]], r) for r in candidate
                 if r.prediction_id[: -len(SHADOW_SUFFIX)] in by_id and not _failed(r.output)]
        same = [labels_of(p)[:1] == labels_of(c)[:1] for p, c in pairs]
        out["paired"] = len(pairs)
        out["agreement"] = sum(same) / len(same) if same else None
        # The same labelled requests scored by both: the fairest accuracy comparison.
        labelled = [(p, c, labels[p.prediction_id]) for p, c in pairs if p.prediction_id in labels]
        out["production"] |= _accuracy([(labels_of(p)[0], t) for p, _, t in labelled
                                        if labels_of(p)])
        out["candidate"] |= _accuracy([(labels_of(c)[0], t) for _, c, t in labelled
                                       if labels_of(c)])
    else:
        for side, rows in (("production", production), ("candidate", candidate)):
            out[side] |= _accuracy([(labels_of(r)[0], labels[r.prediction_id]) for r in rows
                                    if r.prediction_id in labels and labels_of(r)])
    return out


def decide(figures: dict[str, Any], rules: RolloutRules) -> dict[str, Any]:
    """``promote``, ``abort`` or ``wait``, with the reasons and the figures behind them."""
    prod, cand = figures["production"], figures["candidate"]
    n = cand["requests"]
    reasons: list[str] = []
    if n >= rules.min_error_requests and \
            cand["error_rate"] > prod["error_rate"] + rules.max_error_rate_increase:
        reasons.append(f"candidate error rate {cand['error_rate']:.3f} over {n} requests > "
                       f"production's {prod['error_rate']:.3f} + "
                       f"{rules.max_error_rate_increase}")
    if n >= rules.min_requests and cand["latency_p99_ms"] is not None and \
            prod["latency_p99_ms"] is not None:
        p, c = prod["latency_p99_ms"], cand["latency_p99_ms"]
        if c > rules.max_p99_ratio * p and c - p > rules.min_p99_delta_ms:
            reasons.append(f"candidate p99 {c:.1f} ms > {rules.max_p99_ratio} x production's "
                           f"{p:.1f} ms")
    accuracy_known = (cand.get("labelled", 0) >= rules.min_labels
                      and prod.get("labelled", 0) >= rules.min_labels)
    if n >= rules.min_requests and accuracy_known and \
            cand["accuracy"] < prod["accuracy"] - rules.max_accuracy_drop:
        reasons.append(f"candidate accuracy {cand['accuracy']:.3f} on {cand['labelled']} "
                       f"labels < production's {prod['accuracy']:.3f} - "
                       f"{rules.max_accuracy_drop}")
    if reasons:
        return {"action": "abort", "reasons": reasons}
    if n < rules.min_requests:
        return {"action": "wait", "reasons": [
            f"{n} candidate requests < {rules.min_requests} before a decision"]}
    if n < rules.promote_after:
        return {"action": "wait", "reasons": [
            f"holding: {n} of {rules.promote_after} candidate requests before promotion"]}
    held = [f"held over {n} requests: errors, p99 latency"
            + (" and accuracy" if accuracy_known else "") + " within tolerance"]
    return {"action": "promote", "reasons": held}


# ------------------------------------------------ the alias document's rollout changes
# Pure functions of the alias document, applied with the blob store's swap (read, change,
# write as one step): the CLI and the registry writer use them, and so does a serving
# process acting on its monitoring's decision (the Lambda may write its own aliases only).

def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def promoted(current: dict[str, Any] | None, version: str) -> dict[str, Any] | None:
    """``current`` with production at ``version`` (None: no change); the previous version
    joins the history and a rollout in progress ends (promoted, or replaced)."""
    current = current or {"version": None, "history": []}
    if current["version"] == version:
        return None
    history = current.get("history", [])
    if current["version"]:
        history = [*history, {"version": current["version"], "until": now()}]
    alias = {"version": version, "promoted_at": now(), "history": history,
             "rollouts": current.get("rollouts", [])}
    if candidate := current.get("candidate"):
        alias["rollouts"] = [*alias["rollouts"], {
            **candidate, "ended_at": now(),
            "outcome": "promoted" if candidate["version"] == version else "replaced"}]
    return alias


def aborted(current: dict[str, Any] | None, usecase: str, reason: str,
            figures: dict[str, Any] | None = None) -> dict[str, Any]:
    """``current`` with production alone again; the rollout recorded with why."""
    candidate = (current or {}).get("candidate")
    if not current or not candidate:
        raise RegistryError(f"{usecase} has no candidate to abort")
    ended = {**candidate, "ended_at": now(), "outcome": "aborted", "abort_reason": reason,
             "figures": figures or {}}
    rest = {k: v for k, v in current.items() if k != "candidate"}
    return {**rest, "rollouts": [*current.get("rollouts", []), ended]}


def as_change(transform: Callable[[dict[str, Any] | None], dict[str, Any] | None]
              ) -> Callable[[bytes | None], bytes | None]:
    """A transform of the alias document as a blob store ``swap`` change."""
    def change(raw: bytes | None) -> bytes | None:
        new = transform(json.loads(raw) if raw else None)
        return raw if new is None else json.dumps(new, indent=2).encode()
    return change


def apply(blobs: Any, usecase: str, decision: dict[str, Any], figures: dict[str, Any],
          expected_version: str) -> dict[str, Any] | None:
    """Carry out a monitoring decision on the alias, if the rollout it judged is still the
    one in place (another process may have promoted or aborted it meanwhile)."""
    action = decision["action"]
    if action not in ("promote", "abort"):
        return None
    reason = "automatic: " + "; ".join(decision["reasons"])

    acted: list[bool] = [False]  # set by the attempt that lands (a swap may retry)

    def transform(current: dict[str, Any] | None) -> dict[str, Any] | None:
        candidate = (current or {}).get("candidate")
        acted[0] = bool(candidate) and candidate["version"] == expected_version
        if not acted[0]:
            return None  # already decided elsewhere
        if action == "abort":
            return aborted(current, usecase, reason, figures)
        alias = promoted(current, candidate["version"])
        if alias is not None:
            alias["rollouts"][-1] |= {"promote_reason": reason, "figures": figures}
        return alias

    after = blobs.swap(f"{usecase}/aliases/{ALIAS}.json", as_change(transform))
    return json.loads(after) if acted[0] else None


# --------------------------------------------- the operations (CLI, admin route, writer)

def change_problem(action: str, version: str | None, percent: float | None
                   ) -> tuple[str, str] | None:
    """What is wrong with a rollout change before the registry is read: (field, why), or
    None. The admin route answers it as a 422, the CLI as its one-line error."""
    if action in ("shadow", "canary") and version is None:
        return "version", f"{action} needs the candidate's version"
    if action in ("promote", "abort") and version is not None:
        return "version", f"{action} acts on the current candidate: no version"
    if (action == "canary") != (percent is not None):
        return "percent", "canary needs percent (0-100); the others take none"
    if percent is not None and not 0 < percent < 100:
        return "percent", f"percent must be between 0 and 100, not {percent:g}"
    return None


def _alias_key(usecase: str) -> str:
    return f"{usecase}/aliases/{ALIAS}.json"


def start(registry: Any, usecase: str, version: str, mode: str, share: float = 0.0,
          reason: str = "") -> dict[str, Any]:
    """Make ``version`` the candidate beside production, in ``shadow`` mode (it scores every
    request, its answers logged and never returned) or ``canary`` mode (it answers ``share``
    of the requests). In the production alias document, so warm servers and Lambdas follow
    on their next alias read, without a redeploy. A new mode starts a new comparison."""
    if mode not in ("shadow", "canary"):
        raise RegistryError(f"rollout mode must be shadow or canary, not '{mode}'")
    if mode == "canary" and not 0 < share < 1:
        raise RegistryError(f"canary share must be between 0 and 1 (exclusive), not {share}")
    if version not in registry.versions(usecase):
        known = ", ".join(registry.versions(usecase)) or "none"
        raise RegistryError(f"{usecase} has no version '{version}' (published: {known})")

    def transform(current: dict[str, Any] | None) -> dict[str, Any]:
        if not current or not current.get("version"):
            raise RegistryError(f"{usecase} has no production version to roll out beside: "
                                "promote one first")
        if current["version"] == version:
            raise RegistryError(f"{usecase}: {version} is production already")
        candidate = {"version": version, "mode": mode,
                     "share": share if mode == "canary" else 0.0, "started_at": now(),
                     "reason": reason}
        rollouts = current.get("rollouts", [])
        if (old := current.get("candidate")) and old != candidate:  # replaced: recorded
            rollouts = [*rollouts, {**old, "ended_at": now(), "outcome": "replaced"}]
        return {**current, "candidate": candidate, "rollouts": rollouts}

    return json.loads(registry.blobs.swap(_alias_key(usecase), as_change(transform)))


def promote_candidate(registry: Any, usecase: str) -> dict[str, Any]:
    candidate = (registry.alias(usecase) or {}).get("candidate")
    if not candidate:
        raise RegistryError(f"{usecase} has no candidate to promote")
    version = candidate["version"]

    def transform(current: dict[str, Any] | None) -> dict[str, Any] | None:
        if ((current or {}).get("candidate") or {}).get("version") != version:
            raise RegistryError(f"{usecase}: the rollout of {version} ended meanwhile")
        return promoted(current, version)

    return json.loads(registry.blobs.swap(_alias_key(usecase), as_change(transform)))


def abort(registry: Any, usecase: str, reason: str = "",
          figures: dict[str, Any] | None = None) -> dict[str, Any]:
    """Production alone again; the candidate's rollout recorded with why."""
    change = as_change(lambda current: aborted(current, usecase, reason, figures))
    return json.loads(registry.blobs.swap(_alias_key(usecase), change))
