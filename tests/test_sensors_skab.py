"""SKAB's metrics on hand-computed cases, its loader, and the detector on the real files
in ../shared/data/skab (read there, never copied)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from functions.contracts.sensors_detect import (
    DetectorParams,
    detect,
    fit,
    ledoit_wolf,
    segments,
    threshold_of,
)
from training.sensors import skab

SKAB = Path(__file__).resolve().parents[2] / "shared" / "data" / "skab"
needs_skab = pytest.mark.skipif(not (SKAB / "valve1").is_dir(), reason="../shared/data/skab")


def test_outlier_metrics_by_hand():
    y = np.array([0, 0, 1, 1, 1, 0, 0, 0])
    p = np.array([0, 1, 1, 1, 0, 0, 0, 0])
    m = skab.outlier_metrics(y, p)
    # TP 2, FP 1, FN 1, TN 4
    assert (m["tp"], m["fp"], m["fn"], m["tn"]) == (2, 1, 1, 4)
    assert m["f1"] == pytest.approx(2 / (2 + (1 + 1) / 2))
    assert m["far"] == pytest.approx(100 * 1 / 5)
    assert m["mar"] == pytest.approx(100 * 1 / 3)


def test_nab_sigmoid_and_alarms_by_hand():
    assert skab.scaled_sigmoid(0.0) == 0.0
    assert skab.scaled_sigmoid(-1.0) == pytest.approx(2 / (1 + math.exp(-5)) - 1)
    assert skab.scaled_sigmoid(5.0) == -1.0
    assert skab.alarms_of(np.array([0, 0, 1, 1, 0, 1])).tolist() == [2, 4, 5]


def _times(n: int) -> pd.DatetimeIndex:
    return pd.date_range("2020-03-09 10:00:00", periods=n, freq="s")


def test_nab_scores_by_hand():
    t = _times(400)
    cp = np.zeros(400, dtype=int)
    cp[[100, 250]] = 1  # windows [100, 160] and [250, 310]
    sig_start = skab.scaled_sigmoid(-1.0)

    perfect = np.zeros(400, dtype=int)
    perfect[100:250] = 1  # alarms at 100 (0->1) and 250 (1->0): both window starts
    c = skab.nab_file(t, cp, perfect)
    assert (c.detected, c.false_alarms) == (2, 0)
    assert skab.nab_total([c]) == pytest.approx({k: 100.0 for k in skab.NAB_PROFILES})

    c = skab.nab_file(t, cp, np.zeros(400, dtype=int))
    assert skab.nab_total([c]) == pytest.approx({k: 0.0 for k in skab.NAB_PROFILES})

    # One alarm at the end of the first window (weight 0), one false alarm before any
    # window (full A_fp), the second window missed.
    late = np.zeros(400, dtype=int)
    late[20:160] = 1  # alarms at 20 (false) and 160 (window 1's end)
    c = skab.nab_file(t, cp, late)
    assert (c.detected, c.false_alarms, c.windows) == (1, 1, 2)
    for k, (a_tp, a_fp, a_fn) in skab.NAB_PROFILES.items():
        raw = a_tp * 0.0 + a_fp * 1.0 + a_fn * 1
        null, best = 2 * a_fn, 2 * a_tp * sig_start
        assert c.score[k] == pytest.approx(raw)
        assert skab.nab_total([c])[k] == pytest.approx(100 * (raw - null) / (best - null))

    # A false alarm 30 s after a window's end costs |sigmoid(0.5)| of A_fp, not all of it.
    after = np.zeros(400, dtype=int)
    after[100:190] = 1  # 100: window 1's start; 190: 30 s after its end (160)
    c = skab.nab_file(t, cp, after)
    assert c.false_alarms == 1
    a_tp, a_fp, a_fn = skab.NAB_PROFILES["standard"]
    expected = a_tp * sig_start + a_fp * abs(skab.scaled_sigmoid(0.5)) + a_fn
    assert c.score["standard"] == pytest.approx(expected)


def test_segments_merge_gaps_and_drop_flickers():
    flags = np.zeros(100, dtype=bool)
    flags[[10, 11, 12, 15, 16, 40, 70]] = True
    flags[50:60] = True
    assert segments(flags, merge_gap=5, min_length=3) == [(10, 17), (50, 60)]
    assert segments(flags, merge_gap=1, min_length=1) == [(10, 13), (15, 17), (40, 41),
                                                         (50, 60), (70, 71)]


def test_ledoit_wolf_is_scikit_learns():
    from sklearn.covariance import ledoit_wolf as sk

    z = np.random.default_rng(3).normal(size=(200, 6))
    z[:, 2] += 0.8 * z[:, 0]
    z -= z.mean(axis=0)
    np.testing.assert_allclose(ledoit_wolf(z), sk(z, assume_centered=True)[0], atol=1e-12)


def test_the_detector_finds_a_collective_shift_and_names_its_sensor():
    rng = np.random.default_rng(0)
    x = rng.normal(0, 1, (900, 4)) + np.array([10.0, 50.0, 3.0, 0.0])
    x[500:650, 2] -= 3.0  # a valve half closed: one channel drops for 150 points
    det = fit(x[:400], ("a", "b", "flow", "d"), DetectorParams())
    out = detect(det, x)
    assert len(out["alarms"]) == 1
    alarm = out["alarms"][0]
    assert 495 <= alarm["start"] <= 520 and 645 <= alarm["end"] <= 670
    assert alarm["sensors"][0]["sensor"] == "flow" and alarm["sensors"][0]["share"] > 0.5
    assert not out["flags"][:480].any()


def test_a_reference_too_short_is_refused():
    with pytest.raises(ValueError, match="reference needs at least"):
        fit(np.zeros((20, 8)), skab.SENSORS, DetectorParams())


def test_loader_refuses_what_is_not_skab(tmp_path):
    (tmp_path / "x.csv").write_text("a;b\n1;2\n")
    with pytest.raises(skab.SkabError, match="missing columns"):
        skab.load(tmp_path)
    with pytest.raises(skab.SkabError, match="no such folder"):
        skab.load(tmp_path / "nope")


def test_alarm_flags_are_the_contracts_segments():
    rng = np.random.default_rng(1)
    for _ in range(200):
        above = rng.random(150) < rng.random()
        gap, length = int(rng.integers(1, 15)), int(rng.integers(1, 15))
        expected = np.zeros(150, dtype=bool)
        for a, b in segments(above, gap, length):
            expected[a:b] = True
        np.testing.assert_array_equal(skab.alarm_flags(above, gap, length), expected)


def test_thresholds_come_from_the_reference_alone():
    rng = np.random.default_rng(2)
    x = rng.normal(0, 1, (400, 4)) + np.array([10.0, 50.0, 3.0, 0.0])
    x[:, 3] += np.linspace(0, 2, 400)  # a drift the reference's own scores cannot show
    plain = fit(x, ("a", "b", "c", "d"), DetectorParams(quantile=0.99, margin=2.0))
    assert plain.threshold == pytest.approx(2.0 * np.quantile(plain.calibration, 0.99))
    assert threshold_of(plain.calibration, DetectorParams()) == pytest.approx(
        3.0 * plain.calibration.max())
    # Split conformal: the last 100 points scored by a detector fitted on the 300 before
    # them, which never saw them; they score higher than in-sample.
    held = fit(x, ("a", "b", "c", "d"), DetectorParams(holdout=100))
    inner = fit(x[:300], ("a", "b", "c", "d"), DetectorParams())
    np.testing.assert_allclose(held.calibration, inner.score(x, 0)[0][300:])
    assert held.threshold > plain.threshold
    with pytest.raises(ValueError, match="reference needs at least"):
        fit(x[:120], ("a", "b", "c", "d"), DetectorParams(holdout=100))


def test_a_scale_floor_weighs_down_a_channel_that_barely_moves():
    rng = np.random.default_rng(4)
    x = rng.normal(0, 1, (900, 3)) + np.array([3.0, 5.0, 0.0])  # floors under their spread
    x[:, 2] = 0.2 + np.round(rng.normal(0, 0.0004, 900), 3)  # RMS quantised at 0.001
    x[400:, 2] += 0.002  # a step of two quanta
    bare = fit(x[:400], ("a", "b", "rms"), DetectorParams())
    floored = fit(x[:400], ("a", "b", "rms"), DetectorParams(scale_floor=0.02))
    assert floored.scale[2] == pytest.approx(0.02 * 0.2, rel=0.01)
    assert floored.scale[2] > 5 * bare.scale[2]
    # Standardised by the floor, the channel leans on Ledoit-Wolf's shrinkage target (the
    # channels' average variance) instead of its own tiny variance: the step weighs less.
    assert floored.score(x[400:])[0].mean() < bare.score(x[400:])[0].mean() / 2
    np.testing.assert_allclose(floored.scale[:2], bare.scale[:2])


def test_defaults_keep_what_a_manifest_written_before_means():
    # A manifest stores the fields it knew; the fields added later must read as before.
    p = DetectorParams(smooth=6, margin=1.5, merge_gap=6, min_length=3, residuals=True)
    assert (p.quantile, p.scale_floor, p.holdout) == (1.0, 0.0, 0)


def _result(name: str, tp: int, fp: int, fn: int, tn: int) -> skab.FileResult:
    return skab.FileResult(name, (tp, fp, fn, tn), skab.NabCounts(
        {k: 0.0 for k in skab.NAB_PROFILES}, {k: -1.0 for k in skab.NAB_PROFILES},
        {k: 1.0 for k in skab.NAB_PROFILES}, 1, 0, 0))


def test_loeo_never_chooses_on_the_left_out_experiment():
    t = _times(3)
    files = [skab.Experiment(f"f{i}", t, np.zeros((3, 1)), np.zeros(3), None)
             for i in range(3)]
    # "tuned" is perfect on f2, large enough to win wherever f2 is counted, and poor
    # elsewhere; "steady" is good everywhere.
    tuned = [_result("f0", 10, 10, 90, 90), _result("f1", 10, 10, 90, 90),
             _result("f2", 1000, 0, 0, 1000)]
    steady = [_result(f"f{i}", 80, 5, 20, 95) for i in range(3)]
    grid = skab.Grid(files, [{"c": "tuned"}, {"c": "steady"}], [tuned, steady])
    out = skab.loeo(grid)
    # f2 left out: chosen on f0 and f1 alone, so "steady" scores it.
    assert [f["settings"]["c"] for f in out["folds"]] == ["tuned", "tuned", "steady"]
    assert out["chosen"] == {"c": "tuned"}  # in-sample, f2 makes it win
    tp, fp, fn = 10 + 10 + 80, 10 + 10 + 5, 90 + 90 + 20
    assert out["estimate"]["f1"] == pytest.approx(tp / (tp + (fp + fn) / 2))
    assert out["in_sample"]["f1"] > out["estimate"]["f1"]


def test_the_anomaly_free_run_is_one_group_of_normal_pieces():
    t = _times(2500)
    run = skab.Experiment("anomaly-free/anomaly-free.csv", t, np.zeros((2500, 8)), None, None)
    pieces = skab.normal_pieces(run)
    assert [len(p.values) for p in pieces] == [skab.NORMAL_PIECE] * 2
    assert {p.key for p in pieces} == {run.name} and all(p.normal_run for p in pieces)
    assert all(not p.anomaly.any() for p in pieces)


@pytest.fixture(scope="module")
def real():
    return skab.report(SKAB, cv=True)


@needs_skab
def test_skab_protocol_on_the_real_valve1_files(real):
    """The served T² detector against the benchmark's own baselines, on real data."""
    t2, forest = real["detectors"]["t2"], real["detectors"]["isolation_forest"]
    ones = real["detectors"]["all_ones"]
    assert real["experiments"] == 16
    assert ones["far"] == 100.0 and ones["f1"] == pytest.approx(0.70, abs=0.01)
    assert t2["f1"] >= 0.78 and t2["far"] <= 15.0  # in-sample: chosen on these files
    assert t2["f1"] > forest["f1"] and t2["nab"]["standard"] > forest["nab"]["standard"]
    # The served settings are the grid's choice on every file we have (the anomaly-free
    # run included); the grid's per-file results are the contract's detect() itself.
    assert real["cv"]["t2"]["chosen"] == skab.CHOSEN
    assert real["cv"]["t2"]["in_sample"]["f1"] == pytest.approx(t2["f1"])
    assert real["cv"]["t2"]["in_sample"]["far"] == pytest.approx(t2["far"])
    assert real["cv"]["t2"]["in_sample"]["nab"] == pytest.approx(t2["nab"])
    halves = real["held_out_halves"]
    assert [h["chosen_on"] for h in halves] == ["even files", "odd files"]
    assert all(0 < h["f1"] <= 1 and 0 <= h["far"] <= 100 for h in halves)


@needs_skab
def test_the_grouped_estimate_has_a_floor(real):
    """Leave one experiment out (settings chosen on the 16 other groups, scored on the one
    left out): measured F1 0.834, FAR 5.6 %, NAB 34.7, the anomaly-free run's FAR 21.1 %.
    The floors sit well under that and above what a trivial detector scores: flagging every
    row is F1 0.70 at FAR 100 %, flagging none F1 0 and NAB 0."""
    cv = real["cv"]["t2"]
    assert cv["groups"] == 17 and len(cv["folds"]) == 17
    est = cv["estimate"]
    assert est["f1"] >= 0.76 and est["far"] <= 12.0 and est["nab"]["standard"] >= 25.0
    assert est["normal_run"]["far"] <= 35.0
    ones, none = real["detectors"]["all_ones"], real["detectors"]["null"]
    assert est["f1"] > ones["f1"] + 0.05 and est["far"] < ones["far"]
    assert est["nab"]["standard"] > none["nab"]["standard"] + 20
    # The grid it replaces, under the same protocol.
    before = real["cv"]["t2_before"]["estimate"]
    assert est["f1"] > before["f1"] and est["far"] < before["far"]


@needs_skab
def test_eval_cli_prints_one_json_object():
    done = subprocess.run([sys.executable, "-m", "vitrine.cli", "eval", "sensors", "--skab",
                           str(SKAB), "--json", "--cv"], capture_output=True, text=True,
                          check=True)
    out = json.loads(done.stdout)
    assert set(out) >= {"f1", "far", "mar", "nab", "files", "held_out_halves", "cv"}
    assert set(out["nab"]) == {"standard", "low_fp", "low_fn"}
    assert len(out["files"]) == 16 and 0 <= out["far"] <= 100
    assert {"t2", "t2_before", "mset"} <= set(out["cv"])
    assert set(out["cv"]["t2"]) >= {"estimate", "in_sample", "chosen", "folds"}


def test_eval_cli_bad_folder_is_one_line_and_non_zero(tmp_path):
    done = subprocess.run([sys.executable, "-m", "vitrine.cli", "eval", "sensors", "--skab",
                           str(tmp_path / "none")], capture_output=True, text=True)
    assert done.returncode != 0
    assert done.stderr.strip().count("\n") == 0 and "no such folder" in done.stderr
