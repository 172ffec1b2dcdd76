"""The cost page is what bench/cost.py writes from the committed bench results, and its
arithmetic is the pricing rules it states."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import cost  # noqa: E402


def test_the_page_is_the_benches_figures():
    committed = json.loads((ROOT / "bench/results/cost.json").read_text())
    assert committed == json.loads(json.dumps(cost.figures())), \
        "bench/results changed: run `python bench/cost.py`"
    assert (ROOT / "docs/cost.md").read_text() == cost.render(committed)


def test_lambda_bills_started_milliseconds_and_both_request_fees():
    # 0.2 ms bills 1 ms: 1e6 x 0.001 s x 1 GB x price, plus $0.20 + $1.00 a million.
    assert cost.lambda_cost_per_million(0.2, 1024) == pytest.approx(
        1e6 * 0.001 * 0.0000166667 + 1.20)
    assert cost.lambda_cost_per_million(1.0, 2048) == cost.lambda_cost_per_million(0.5, 2048)
    assert cost.lambda_cost_per_million(1.01, 1024) > cost.lambda_cost_per_million(1.0, 1024)


def test_concurrency_is_arrivals_times_duration():
    assert cost.concurrency(1000, 5.0) == 5
    assert cost.concurrency(1000, 5.1) == 6
    assert cost.concurrency(1, 1.0) == 1  # at least one warm function


def test_fargate_tasks_cover_the_rate():
    f = cost.fargate(1024, 2048, per_task=400)
    assert f["at_100"]["tasks"] == 1 and f["at_1000"]["tasks"] == 3
    assert f["at_1000"]["month_usd"] == pytest.approx(3 * f["task_month_usd"]
                                                      + f["alb_month_usd"])


def test_graviton_bills_the_same_milliseconds_at_its_own_price():
    fees = cost.PRICES["lambda_per_million_requests"] + cost.PRICES["http_api_per_million_requests"]
    x86 = cost.lambda_cost_per_million(4.2, 1024) - fees
    arm = cost.lambda_cost_per_million(4.2, 1024, "arm64") - fees
    assert arm == pytest.approx(x86 * 0.8, rel=1e-4)  # 20 % less per GB-second
    assert arm == pytest.approx(1e6 * 0.005 * 1 * cost.PRICES["lambda_gb_second_arm64"])
