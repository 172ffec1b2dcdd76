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

from functions.contracts.sensors_detect import DetectorParams, detect, fit, ledoit_wolf, segments
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


@needs_skab
def test_skab_protocol_on_the_real_valve1_files():
    """The served T² detector against the benchmark's own baselines, on real data."""
    result = skab.report(SKAB)
    t2, forest = result["detectors"]["t2"], result["detectors"]["isolation_forest"]
    ones = result["detectors"]["all_ones"]
    assert result["experiments"] == 16
    assert ones["far"] == 100.0 and ones["f1"] == pytest.approx(0.70, abs=0.01)
    assert t2["f1"] >= 0.78 and t2["far"] <= 15.0  # the published table's top
    assert t2["f1"] > forest["f1"] and t2["nab"]["standard"] > forest["nab"]["standard"]
    # The served settings are the selection grid's choice on these files; the figures a
    # user should expect are those of settings chosen on one half, scored on the other.
    assert skab.choose(skab.load(SKAB))[0] == DetectorParams()
    halves = result["held_out_halves"]
    assert [h["chosen_on"] for h in halves] == ["even files", "odd files"]
    assert all(0 < h["f1"] <= 1 and 0 <= h["far"] <= 100 for h in halves)


@needs_skab
def test_eval_cli_prints_one_json_object():
    done = subprocess.run([sys.executable, "-m", "vitrine.cli", "eval", "sensors", "--skab",
                           str(SKAB), "--json"], capture_output=True, text=True, check=True)
    out = json.loads(done.stdout)
    assert set(out) >= {"f1", "far", "mar", "nab", "files", "held_out_halves"}
    assert set(out["nab"]) == {"standard", "low_fp", "low_fn"}
    assert len(out["files"]) == 16 and 0 <= out["far"] <= 100


def test_eval_cli_bad_folder_is_one_line_and_non_zero(tmp_path):
    done = subprocess.run([sys.executable, "-m", "vitrine.cli", "eval", "sensors", "--skab",
                           str(tmp_path / "none")], capture_output=True, text=True)
    assert done.returncode != 0
    assert done.stderr.strip().count("\n") == 0 and "no such folder" in done.stderr
