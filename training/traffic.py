"""Production traffic a use case offers the simulator (``vitrine simulate USECASE``): what a
pipeline's optional ``traffic`` hook returns (training/pipelines.py).

A use case draws its requests from data its model never saw (another generator seed, a
partition no training read, or the next year of the same site), each with the truth a
caller would later send as feedback, and for a drift scenario shifts the second half the
way a real change would (a recalibrated sensor, another unit's monitors, a fuller reservoir).
The simulator (vitrine/simulate.py) replays them through the HTTP API; it knows no use case.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The truth of one request as feedback sends it: a label (or a value), a function of the
# API's answer where the truth depends on it (an alarm confirmed or rejected, an answer that
# cited the expected section), returning None where no feedback can name the answer.
Truth = str | Callable[[Mapping[str, Any]], str | None] | None


class TrafficError(ValueError):
    """Traffic that cannot be drawn (its data is missing): one line for the CLI."""


@dataclass(frozen=True)
class Scenario:
    """What the simulator asks of a use case's traffic."""

    items: int = 600  # requests, half before the shift and half after
    seed: int = 4242  # the unseen data's seed (no training used it)
    drift: bool = True  # shift the second half
    image_share: float = 0.5  # photos sent with the listings (a use case with images)
    source: Path | None = None  # the data to draw from, where a use case reads some


@dataclass(frozen=True)
class Item:
    """One request: its route (the contract's endpoint path), its body, and its truth."""

    path: str
    body: Mapping[str, Any]
    truth: Truth


@dataclass(frozen=True)
class Sent:
    """One request as the simulator sent it: the API's answer, and the feedback's answer
    (None where none was sent)."""

    item: Item
    answer: Mapping[str, Any]
    feedback: Mapping[str, Any] | None


@dataclass(frozen=True)
class Traffic:
    before: Sequence[Item]
    after: Sequence[Item]  # shifted where the scenario drifts
    made_of: str  # what the requests are, and from which unseen data (one line)
    shift: str = ""  # what changed in ``after`` (one line); "" without drift
    shifted: tuple[str, ...] = ()  # the monitored features the shift moved, when known
    feedback_share: float = 1.0  # of the requests whose truth is sent, unless the CLI says
    # Ends with a retraining run on the feedback even where monitoring called for none
    # (sellers' corrections are the point of the Rakuten story).
    retrain: bool = False
    # Figures of a phase beyond the simulator's own (the live weighted-F1 of corrections):
    # its sent requests -> {column: value}.
    figures: Callable[[Sequence[Sent]], dict[str, Any]] | None = None


def halves(n: int) -> tuple[int, int]:
    """How many requests go before the shift and after it."""
    return n // 2, n - n // 2
