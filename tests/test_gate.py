"""The quality gate compares candidate and production on the same held-out rows."""

from __future__ import annotations

from pathlib import Path

from functions.registry import LocalBlobStore
from model_export.export import export_run
from model_export.gate import quality_gate
from model_export.registry import RegistryWriter


def test_first_model_passes_without_production(trained_run, tmp_path):
    decision = quality_gate(trained_run, RegistryWriter(LocalBlobStore(tmp_path)))
    assert decision.passed and decision.production is None
    assert decision.reason == "no production model yet"


def test_same_model_is_not_worse_and_a_weaker_one_is_refused(trained_run, registry_dir):
    writer = RegistryWriter(LocalBlobStore(registry_dir / "models"))
    same = quality_gate(trained_run, writer, model_name="xgboost")
    assert same.passed and abs(same.candidate - same.production) < 1e-4  # float32 vs 64
    # Production is the XGBoost; a candidate must beat it by 0.5 AUROC: refused, with why.
    strict = quality_gate(trained_run, writer, tolerance=-0.5)
    assert not strict.passed
    assert "worse than production" in strict.reason and strict.production_version


def test_gate_reads_production_from_the_registry(trained_run, tmp_path):
    writer = RegistryWriter(LocalBlobStore(tmp_path))
    export_run(trained_run, writer, "rf", promote=True)
    decision = quality_gate(trained_run, writer, model_name="xgboost")
    assert decision.production_version == writer.production_version("sepsis")
    assert decision.candidate != decision.production


def _worse_run(trained_run, tmp_path, make):
    """A copy of the run whose XGBoost is replaced by ``make(x, y)``: a real model, fitted,
    judged on the same held-out rows as production."""
    import shutil

    import joblib
    import numpy as np

    run = Path(shutil.copytree(trained_run, tmp_path / trained_run.name))
    held = np.load(run / "holdout.npz")
    joblib.dump(make(held["x"], held["y"]), run / "models" / "xgboost.joblib")
    return run


def test_a_genuinely_worse_classifier_is_refused(trained_run, registry_dir, tmp_path):
    """A constant classifier and one fitted on shuffled labels (the same pipeline, the same
    rows) both lose to production by more than the tolerance: refused, naming both figures;
    the same run with its own model passes (the counter-test)."""
    import joblib
    import numpy as np
    from sklearn.base import clone
    from sklearn.dummy import DummyClassifier

    writer = RegistryWriter(LocalBlobStore(registry_dir / "models"))
    own = joblib.load(trained_run / "models" / "xgboost.joblib")
    rng = np.random.default_rng(0)
    worse = {
        "constant": lambda x, y: DummyClassifier(strategy="prior").fit(x, y),
        "shuffled labels": lambda x, y: clone(own).fit(x, rng.permutation(y)),
    }
    for why, make in worse.items():
        run = _worse_run(trained_run, tmp_path / why.replace(" ", "_"), make)
        decision = quality_gate(run, writer, model_name="xgboost")
        assert not decision.passed, why
        assert decision.candidate < decision.production - decision.tolerance, why
        assert decision.candidate < 0.6 < decision.production, (why, decision)
        assert "worse than production" in decision.reason
    assert quality_gate(trained_run, writer, model_name="xgboost").passed
