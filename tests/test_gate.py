"""The quality gate compares candidate and production on the same held-out rows."""

from __future__ import annotations

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
