"""Drift and performance figures: right on data that moved, quiet on data that did not."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from functions import monitoring
from functions.monitoring import Thresholds
from training.runs import feature_profile

NAMES = [f"f{i}" for i in range(40)]


def training_rows(rng: np.random.Generator, n: int = 5000) -> np.ndarray:
    x = rng.normal(size=(n, len(NAMES)))
    x[:, 0] = rng.random(n) < 0.3  # a flag: ties everywhere
    x[:, 1] = rng.poisson(2.0, n)  # counts
    x[:, 2] = 7.0  # constant
    x[rng.random(n) < 0.1, 3] = np.nan  # sometimes missing
    return x


@pytest.fixture(scope="module")
def profile():
    return feature_profile(training_rows(np.random.default_rng(0)), NAMES,
                           labels=["a"] * 4000 + ["b"] * 1000)


def test_profile_histogram_is_exact_on_ties(profile):
    flag = profile["features"]["f0"]["hist"]
    assert flag["edges"] == [0.0, 1.0]  # deciles of a 0/1 flag
    assert flag["p"][0] == pytest.approx(0.7, abs=0.02) and flag["p"][2] == 0.0
    assert profile["label_shares"] == {"a": 0.8, "b": 0.2}


def test_no_drift_on_fresh_rows_of_the_same_process(profile):
    live = training_rows(np.random.default_rng(1), 1000)
    report = monitoring.drift(profile, NAMES, live, Thresholds())
    assert report["verdict"] == "stable"
    assert report["drifted_features"] == 0
    assert max(r["psi"] for r in report["features"]) < 0.1


def test_shifted_features_and_only_those_are_flagged(profile):
    live = training_rows(np.random.default_rng(2), 500)
    moved = [5, 6, 7, 8, 9, 10]
    live[:, moved] += 1.0  # one standard deviation
    live[:, 3] = np.nan  # a sensor that stopped reporting
    report = monitoring.drift(profile, NAMES, live, Thresholds())
    flagged = {r["feature"] for r in report["features"] if r["drifted"]}
    assert flagged == {f"f{j}" for j in [*moved, 3]}
    assert report["verdict"] == "drift"  # 7 of 40 >= 10 %
    by_name = {r["feature"]: r for r in report["features"]}
    assert by_name["f3"]["missing"] == 1.0 and by_name["f3"]["training_missing"] > 0.05


def test_no_verdict_on_too_few_rows(profile):
    live = training_rows(np.random.default_rng(3), 50)
    live[:, 5:20] += 3.0
    report = monitoring.drift(profile, NAMES, live, Thresholds(min_rows=200))
    assert report["verdict"] == "insufficient_data"
    assert report["drifted_features"] == 0
    assert report["features"][0]["psi"] > 1  # the figures are still shown


@pytest.mark.parametrize("n,d", [(50, 0.1), (200, 0.08), (1000, 0.05), (5000, 0.02)])
def test_kolmogorov_p_value_agrees_with_scipy(n, d):
    assert monitoring.kolmogorov_sf(d, n) == pytest.approx(stats.kstwo.sf(d, n), abs=0.02)


def test_ks_distance_matches_scipy_against_a_known_cdf():
    rng = np.random.default_rng(4)
    reference = rng.normal(size=200_000)
    levels = np.linspace(0, 1, 51)
    live = rng.normal(0.3, 1, 400)
    d, p = monitoring.ks(levels, np.quantile(reference, levels), live, len(reference))
    expected = stats.kstest(live, "norm").statistic
    assert d == pytest.approx(expected, abs=0.01)
    assert p < 1e-4


def test_psi_counts_missing_values_as_their_own_bin(profile):
    ref = profile["features"]["f4"]
    values = np.full(300, np.nan)
    assert monitoring.psi(ref["hist"], ref["missing"], values) > 5


def test_performance_verdicts():
    limits = Thresholds(min_labels=10, min_balanced_accuracy=0.6)
    few = monitoring.performance([("Pass", "Pass")] * 5, ("Pass", "Fail"), limits)
    assert few["verdict"] == "insufficient_data" and few["accuracy"] == 1.0
    # Always "Pass" on a line with fails: 90 % accurate, but blind to every fail.
    blind = [("Pass", "Pass")] * 90 + [("Pass", "Fail")] * 10
    report = monitoring.performance(blind, ("Pass", "Fail"), limits)
    assert report["accuracy"] == 0.9
    assert report["recall"] == {"Pass": 1.0, "Fail": 0.0}
    assert report["balanced_accuracy"] == 0.5 and report["verdict"] == "degraded"
    good = [("Pass", "Pass")] * 90 + [("Fail", "Fail")] * 8 + [("Pass", "Fail")] * 2
    assert monitoring.performance(good, ("Pass", "Fail"), limits)["verdict"] == "ok"


def test_feedback_that_judges_one_answer_reads_its_precision():
    """Operators confirm or reject alarms, and label nothing else: the balanced accuracy
    would read 0.5 after one rejected alarm (the 'normal' class's recall is 0 by selection),
    so performance is the alarms' precision, degraded when most are rejected."""
    limits = Thresholds(min_labels=10, min_precision=0.5)
    mostly_right = [("alarm", "alarm")] * 40 + [("alarm", "normal")] * 10
    assert monitoring.performance(mostly_right, ("normal", "alarm"), limits)["verdict"] == \
        "degraded"  # the counter-case: without ``judges``, one class's recall is 0
    judged = monitoring.performance(mostly_right, ("normal", "alarm"), limits, "alarm")
    assert judged["verdict"] == "ok" and judged["precision"] == 0.8
    assert judged["balanced_accuracy"] is None and judged["judges"] == "alarm"
    rejected = [("alarm", "alarm")] * 10 + [("alarm", "normal")] * 15
    assert monitoring.performance(rejected, ("normal", "alarm"), limits, "alarm")[
        "verdict"] == "degraded"
    few = monitoring.performance(rejected[:9], ("normal", "alarm"), limits, "alarm")
    assert few["verdict"] == "insufficient_data"


def test_class_balance_and_rate():
    balance = monitoring.class_balance(["a", "a", "b", "a"], {"a": 0.5, "b": 0.5}, ("a", "b"))
    assert balance == {"a": {"predicted_share": 0.75, "training_share": 0.5},
                       "b": {"predicted_share": 0.25, "training_share": 0.5}}
    rate = monitoring.prediction_rate(["2026-11-22T10:00:00+00:00", "2026-11-22T12:00:00+00:00",
                                       "2026-11-22T11:00:00+00:00"])
    assert rate["predictions"] == 3 and rate["per_hour"] == 1.5
    burst = monitoring.prediction_rate(["2026-11-22T10:00:00+00:00", "2026-11-22T10:01:00+00:00"])
    assert burst["per_hour"] == 2.0  # under an hour of log: what that hour saw, not 120/h
    assert rate["by_hour"] == [{"hour": f"2026-11-22T{h}:00Z", "predictions": 1}
                               for h in (10, 11, 12)]


def test_missing_rate_test():
    assert monitoring.missing_shift_p(0.1, 0.1, 500) == pytest.approx(1.0)
    assert monitoring.missing_shift_p(0.1, 0.3, 500) < 1e-10
    assert monitoring.missing_shift_p(0.0, 1.0, 300) < 1e-10  # never missing, now always
    assert monitoring.missing_shift_p(0.1, 0.12, 100) > 0.4  # noise on few rows


def test_a_feature_constant_in_training_does_not_drift_on_rounding_noise():
    """A closed valve's window standard deviation is 3.6e-15 in training and 7.1e-15 live
    (rounding, nothing moved): not drifted; the valve opening (0.5) is."""
    rng = np.random.default_rng(3)
    train = np.column_stack([np.full(2000, 3.6e-15), rng.normal(50, 2, 2000)])
    profile = feature_profile(train, ["valve_std", "flow"])
    limits = Thresholds(min_rows=100)
    still = np.column_stack([np.full(300, 7.1e-15), rng.normal(50, 2, 300)])
    report = {r["feature"]: r for r in monitoring.drift(profile, ["valve_std", "flow"], still,
                                                        limits)["features"]}
    assert not report["valve_std"]["drifted"] and report["valve_std"]["psi"] < 0.01
    moved = np.column_stack([np.full(300, 0.5), rng.normal(50, 2, 300)])
    report = {r["feature"]: r for r in monitoring.drift(profile, ["valve_std", "flow"], moved,
                                                        limits)["features"]}
    assert report["valve_std"]["drifted"] and not report["flow"]["drifted"]
