"""SECOM: loaders for both public layouts, and the generator fitted on the real rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from training.secom.data import (
    FEATURES,
    REAL_ROWS,
    DataError,
    GeneratorSpec,
    generate,
    load_csv,
    load_uci,
    write_uci,
)


@pytest.fixture(scope="module")
def real():
    return load_csv(REAL_ROWS)


@pytest.fixture(scope="module")
def generated():
    return generate(GeneratorSpec(lots=1567))


def test_real_rows_load(real):
    assert real.shape == (242, 592)
    assert (real["Pass/Fail"] == 1).sum() == 37
    assert real["Time"].iloc[0] == pd.Timestamp("2008-07-19 11:55:00")
    assert real["Time"].iloc[-1] == pd.Timestamp("2008-08-18 00:02:00")
    assert real["Time"].is_monotonic_increasing


def test_uci_layout_round_trip(real, tmp_path):
    data, labels = write_uci(real, tmp_path)
    first = labels.read_text().splitlines()[0]
    assert first == '-1 "19/07/2008 11:55:00"'
    again = load_uci(data, labels)
    pd.testing.assert_frame_equal(again, real, check_exact=False, rtol=1e-5)


def test_loaders_reject_wrong_files(tmp_path, real):
    real.drop(columns=["Pass/Fail"]).to_csv(tmp_path / "x.csv", index=False)
    with pytest.raises(DataError, match="missing columns Pass/Fail"):
        load_csv(tmp_path / "x.csv")
    data, labels = write_uci(real.head(10), tmp_path / "uci")
    labels.write_text("\n".join(labels.read_text().splitlines()[:5]) + "\n")
    with pytest.raises(DataError, match="has 10 rows but .* has 5"):
        load_uci(data, labels)


def test_generator_reproduces_the_real_structure(real, generated):
    x, r = generated[list(FEATURES)], real[list(FEATURES)]
    assert generated.shape == (1567, 592)
    assert 0.05 <= (generated["Pass/Fail"] == 1).mean() <= 0.08
    assert abs(x.isna().mean().mean() - r.isna().mean().mean()) < 0.01
    assert (x.nunique() <= 1).sum() == (r.nunique() <= 1).sum()
    assert ((x.isna().mean() > 0.5) == (r.isna().mean() > 0.5)).mean() > 0.98
    # Each feature stays within the real range (quantile interpolation).
    lo, hi = r.min(), r.max()
    inside = ((x >= lo - 1e-6) | x.isna()) & ((x <= hi + 1e-6) | x.isna())
    assert inside.to_numpy().all()
    # Correlations follow the real ones.
    cols = [c for c in FEATURES[:60] if r[c].nunique() > 1]
    cr, cg = r[cols].corr().to_numpy(), x[cols].corr().to_numpy()
    keep = ~np.isnan(cr) & ~np.isnan(cg) & ~np.eye(len(cols), dtype=bool)
    assert np.corrcoef(cr[keep], cg[keep])[0, 1] > 0.5
    assert generated["Time"].is_monotonic_increasing


def test_fails_carry_a_weak_learnable_signal(generated):
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.metrics import roc_auc_score
    from sklearn.pipeline import make_pipeline

    x, y = generated[list(FEATURES)], generated["Pass/Fail"] == 1
    cut = int(0.7 * len(x))  # chronological split, as the pipeline will do
    model = make_pipeline(SimpleImputer(), RandomForestClassifier(200, random_state=0, n_jobs=2))
    model.fit(x[:cut], y[:cut])
    auc = roc_auc_score(y[cut:], model.predict_proba(x[cut:])[:, 1])
    assert 0.6 < auc < 0.97, auc  # learnable, not trivial


def test_same_seed_same_lots():
    a = generate(GeneratorSpec(lots=50, seed=1))
    b = generate(GeneratorSpec(lots=50, seed=1))
    pd.testing.assert_frame_equal(a, b)
    assert not generate(GeneratorSpec(lots=50, seed=2)).equals(a)
