"""`vitrine simulate USECASE` (issue 26 §4): every use case whose pipeline offers traffic
(training/pipelines.py: ``traffic``) fills its monitoring page through the API — requests
its contract accepts, feedback, drift where the scenario shifts the traffic and none where
it does not — and the use cases with a simulator are read from the hooks, not listed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from functions.catalog import get_usecase
from functions.errors import InvalidInput
from training.traffic import Scenario, Traffic
from vitrine import simulate as sim

ROOT = Path(__file__).resolve().parents[1]
OFFERED = sim.simulators()


@pytest.fixture(scope="module")
def rakuten_listings(tmp_path_factory) -> Path:
    from training.rakuten.data import GeneratorSpec, generate

    out = tmp_path_factory.mktemp("rakuten")
    generate(out, GeneratorSpec(products=400, seed=9))
    return out


@pytest.mark.parametrize("usecase", OFFERED)
def test_every_request_is_one_the_contract_accepts(usecase, request, tmp_path, monkeypatch):
    """Each request validates against its route's body model and passes the contract's
    checks; a truth given as a label is one of the use case's labels; drift moves only the
    second half."""
    from functions.routers.predict import parse_body

    if usecase == "tep":  # its runs are cached beside the repository's artifacts
        monkeypatch.setattr("training.tep.traffic.CACHE", tmp_path / "tep")
    # The data a use case reads its traffic from, where it reads a folder (Rakuten's).
    source = request.getfixturevalue("rakuten_listings") if usecase == "rakuten" else None
    uc = get_usecase(usecase)
    traffic = sim.traffic_of(usecase, Scenario(items=24, source=source))
    assert isinstance(traffic, Traffic) and traffic.made_of and traffic.shift
    items = [*traffic.before, *traffic.after]
    assert len(traffic.before) == 12 and len(traffic.after) == 12
    for item in items:
        endpoint = uc.endpoint(item.path)
        assert endpoint is not None, f"{usecase}: no route {item.path}"
        try:
            parse_body(endpoint.request, endpoint, json.dumps(item.body).encode(),
                       "application/json")
        except InvalidInput as exc:
            pytest.fail(f"{usecase} {item.path}: {exc.problems}")
        assert not endpoint.check(json.loads(json.dumps(item.body)))
        if isinstance(item.truth, str):
            assert item.truth in uc.labels or not uc.labels, item.truth
        else:
            assert item.truth is None or callable(item.truth)
    assert any(i.truth is not None for i in items), f"{usecase}: no feedback possible"
    calm = sim.traffic_of(usecase, Scenario(items=24, source=source, drift=False))
    assert not calm.shift and not calm.shifted
    assert [dict(i.body) for i in calm.before] == [dict(i.body) for i in traffic.before]


def _serve_and_simulate(settings, usecase: str, scenario: Scenario) -> dict:
    from functions.auth import create_key
    from functions.stores.sqlite import SQLiteStore

    store = SQLiteStore(settings.sqlite_path)
    keys = {role: create_key(store, role, role)[0] for role in ("reviewer", "admin")}
    base, stop = sim.local_server(settings)
    try:
        summary = sim.run(sim.Api(base, keys["reviewer"], keys["admin"]), usecase, scenario,
                          lambda m: None, retrain=False)
    finally:
        stop()
        store.close()
    return summary


def _check_monitoring_filled(summary: dict, drifted: bool) -> None:
    before, after = summary["phases"]
    # Predictions counted: the check after each half read every request made so far.
    assert before["predictions"] == before["requests"]
    assert after["predictions"] == before["requests"] + after["requests"]
    # Feedback counted: what was sent is what performance is computed on.
    assert before["feedback"] > 0 and after["feedback"] > 0
    assert after["labelled"] == before["feedback"] + after["feedback"]
    assert before["drift"] == "stable"
    assert after["drift"] == ("drift" if drifted else "stable"), after
    if drifted:
        assert after["drifted_features"] > before["drifted_features"]
    assert summary["retraining"] is None or summary["retraining"]["state"] == "running"


@pytest.mark.slow
@pytest.mark.parametrize("drift", [True, False])
def test_sepsis_traffic_fills_monitoring(registry_dir, tmp_path, drift):
    """On the session's quickly trained sepsis model: 300 patient-hours, another unit's
    monitors after 150 of them in the drift scenario."""
    from functions.settings import Settings

    settings = Settings(registry_dir=registry_dir, sqlite_path=tmp_path / "v.db",
                        usecases=["sepsis"], retrain_dir=tmp_path / "retrains",
                        drift_min_rows=100, auto_retrain=False)
    summary = _serve_and_simulate(settings, "sepsis", Scenario(items=300, drift=drift))
    _check_monitoring_filled(summary, drift)


@pytest.fixture(scope="module")
def sensors_registry(tmp_path_factory) -> tuple[Path, Path]:
    """Sensors trained on two whole years of a two-well site (its stamp beside it, as
    `vitrine data sensors` writes it: the traffic is the same wells' next year)."""
    from functions.registry import LocalBlobStore
    from model_export.export import export_run
    from model_export.registry import RegistryWriter
    from training.sensors.data import SiteSpec, generate_site, write
    from training.sensors.pipeline import Params, train

    root = tmp_path_factory.mktemp("sensors")
    spec = SiteSpec(wells=2, hours=2 * 365 * 24, seed=5)
    site = write(generate_site(spec), root / "site.csv")
    site.with_suffix(".spec.json").write_text(json.dumps(asdict(spec), sort_keys=True))
    run, _ = train(site, Params(test_days=30, calibration_days=30, xgb_trees=40,
                                prophet_origins=0, origin_every=6), runs_root=root / "runs")
    export_run(run, RegistryWriter(LocalBlobStore(root / "registry" / "models")))
    return root / "registry", site


@pytest.mark.slow
@pytest.mark.parametrize("drift", [True, False])
def test_sensors_traffic_fills_monitoring(sensors_registry, tmp_path, drift):
    """Weeks checked for anomalies and forecasts on the site's next year; the site runs
    fuller after half of them in the drift scenario."""
    from functions.settings import Settings

    registry, site = sensors_registry
    settings = Settings(registry_dir=registry, sqlite_path=tmp_path / "v.db",
                        usecases=["sensors"], retrain_dir=tmp_path / "retrains",
                        auto_retrain=False)
    summary = _serve_and_simulate(settings, "sensors",
                                  Scenario(items=150, drift=drift, source=site))
    _check_monitoring_filled(summary, drift)
    if drift:  # the shifted sensor first
        assert summary["phases"][1]["top"][0][0] == "pressure_bar"
    # Feedback is the operators' verdict on a lone alarm: forecasts and quiet weeks get none.
    assert all(p["feedback"] < p["requests"] for p in summary["phases"])


DECLARED = """
name = "risk"
task = "binary"
target = "sick"
labels = ["no", "yes"]

[[columns]]
name = "age"
type = "numeric"
"""


def test_the_use_cases_with_a_simulator_come_from_the_hooks(tmp_path):
    """A use case declared from a table joins the catalog but offers no traffic: the list
    of simulators leaves it out, and `vitrine simulate` refuses it in one line naming the
    ones that have one."""
    (tmp_path / "usecases" / "risk").mkdir(parents=True)
    (tmp_path / "usecases" / "risk" / "usecase.toml").write_text(DECLARED)
    env = {**os.environ, "VITRINE_USECASE_PATH": str(tmp_path / "usecases"),
           "VITRINE_TRACKING_URI": "off", "PYTHONPATH": str(ROOT)}
    script = ("import json; from functions.catalog import CATALOG; "
              "from vitrine.simulate import simulators; "
              "print(json.dumps([list(CATALOG), simulators()]))")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-1500:]
    catalog, offered = json.loads(done.stdout.strip().splitlines()[-1])
    assert "risk" in catalog and "risk" not in offered
    assert offered == OFFERED and set(offered) < set(catalog)
    done = subprocess.run([sys.executable, "-m", "vitrine.cli", "simulate", "risk"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "error: risk has no traffic simulator (its pipeline defines no `traffic`, "
        "training/pipelines.py); `vitrine simulate` runs for " + ", ".join(OFFERED)]


def test_the_demo_ends_by_suggesting_a_simulation():
    from vitrine.demo import simulate_hint

    lines = simulate_hint(8000)
    assert f"vitrine simulate {OFFERED[0]} --url http://127.0.0.1:8000 --api-key" in lines[1]
    assert all(name in lines[-1] for name in OFFERED)
    assert "--url" not in "".join(simulate_hint(None))
