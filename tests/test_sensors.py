"""Gas-storage well sensors: the generator's layout and physics, the loader's refusals, the
forecasting pipeline through the one export path, and both routes with their 422s."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from functions.contracts import sensors_forecast as fc
from training.sensors import data as sd

SMALL = sd.SiteSpec(wells=2, hours=400 * 24, seed=11)  # a whole year of seasons to train on


@pytest.fixture(scope="module")
def site() -> pd.DataFrame:
    return sd.generate_site(SMALL)


def test_the_generator_writes_the_layout_with_the_seasons_physics(site, tmp_path):
    assert tuple(site.columns) == sd.COLUMNS
    assert sd.generate_site(SMALL).equals(site)  # seeded
    df = sd.load(sd.write(site, tmp_path / "site.csv"))
    w = df[df.well == "W01"].set_index("timestamp")
    month = w.index.month
    flow = w["flow_m3h"]
    assert (flow[(month >= 5) & (month <= 9)].median() > 0)  # injection in summer
    assert (flow[(month == 1) | (month == 2)].median() < 0)  # withdrawal in winter
    p = w["pressure_bar"].dropna()
    assert 20 < p.min() and p.max() < 250
    # The inventory fills through the summer: pressure at the end of July above March's.
    assert p[w.index.month == 7].mean() > p[w.index.month == 3].mean() + 10
    assert set(df.anomaly_type.unique()) - {""} <= set(sd.FAULTS)
    only = sd.generate_site(sd.SiteSpec(wells=1, hours=120 * 24, fault_types=("dropout",),
                                        faults_per_well_year=30))
    gone = only[only.anomaly_type == "dropout"]
    assert len(gone) and gone[list(sd.SENSORS)].isna().any(axis=1).all()  # empty cells
    assert not only[only.anomaly == 0][list(sd.SENSORS)].isna().any().any()


def test_the_seeds_thousand_records_take_no_time():
    df = sd.generate_site(sd.SiteSpec.records(1000))
    assert len(df) == 1000


def test_the_loader_refuses_impossible_or_repeated_readings(site, tmp_path):
    bad = site.copy()
    bad.loc[5, "pressure_bar"] = -3.0
    with pytest.raises(sd.SensorDataError, match="row 7: pressure_bar -3.0 is outside"):
        sd.load(sd.write(bad, tmp_path / "bad.csv"))
    dup = pd.concat([site.iloc[:10], site.iloc[3:4]])
    with pytest.raises(sd.SensorDataError, match="twice"):
        sd.load(sd.write(dup, tmp_path / "dup.csv"))
    with pytest.raises(sd.SensorDataError, match="missing columns flow_m3h"):
        sd.load(sd.write(site.drop(columns="flow_m3h"), tmp_path / "cols.csv"))


def test_seasonal_naive_and_feature_rows_by_hand():
    y = np.arange(100, dtype=float)
    # h = 5 from origin 60: the same hour of the last day, 60 + 5 - 24.
    assert fc.seasonal_naive(y, np.array([60]), np.array([5]))[0] == 41
    assert fc.seasonal_naive(y, np.array([60]), np.array([30]))[0] == 60 + 30 - 48
    times = pd.date_range("2025-01-06", periods=100, freq="h", tz="UTC")  # a Monday
    x = fc.rows(y, np.zeros(100), times, np.array([60]), np.array([3]))
    names = fc.feature_names("pressure_bar")
    assert x.shape == (1, len(names))
    row = dict(zip(names, x[0], strict=True))
    assert row["p_change_1h"] == 1 and row["p_change_24h"] == 24 and row["p_now"] == 60
    assert row["horizon_h"] == 3 and row["weekend"] == 0
    assert fc.local_scale(x)[0] == pytest.approx(1.0)


def test_gaps_are_filled_per_sensor_by_interpolation():
    x = np.array([[np.nan, 1.0], [2.0, np.nan], [np.nan, np.nan], [4.0, 7.0]])
    np.testing.assert_array_equal(fc.fill_gaps(x), [[2, 1], [2, 3], [3, 5], [4, 7]])
    np.testing.assert_array_equal(fc.fill_gaps(x[:, 0]), [2, 2, 3, 4])


@pytest.fixture(scope="module")
def served(tmp_path_factory, site):
    """A quick sensors run on the small site, published, and a client serving it."""
    from functions.registry import LocalBlobStore
    from model_export.export import export_run
    from model_export.registry import RegistryWriter
    from tests.conftest import serving_client
    from training.sensors.pipeline import Params, train

    root = tmp_path_factory.mktemp("sensors")
    source = sd.write(site, root / "site.csv")
    run, _ = train(source, Params(test_days=30, calibration_days=30, xgb_trees=60,
                                  prophet_origins=1, origin_every=6),
                   runs_root=root / "runs")
    writer = RegistryWriter(LocalBlobStore(root / "registry" / "models"))
    results = export_run(run, writer, promote=True)
    with serving_client(root / "registry", ["sensors"]) as client:
        yield {"client": client, "run": run, "results": results, "site": site,
               "source": source, "registry": root / "registry"}


def test_the_run_beats_the_seasonal_naive_and_publishes_both_targets(served):
    import json

    report = json.loads((served["run"] / "report.json").read_text())
    for target in fc.TARGETS:
        m = report["models"][target]["xgboost"]
        assert m["mase"] < 1, (target, m["mase"])
        assert 0.5 < m["coverage"] <= 1
    assert {r["usecase"] for r in served["results"]} == {"sensors", "sensors_temperature"}
    for r in served["results"]:
        assert r["parity"]["passed"] and r["parity"]["label_agreement"] is None
    det = report["anomaly_detection"]
    assert det["false_alarms_per_day"] is not None and det["candidates"] > 1


def _readings(site: pd.DataFrame, well: str = "W01", n: int = 96, start: int = 1000) -> list:
    g = site[site.well == well].iloc[start:start + n]
    out = []
    for r in g.itertuples():
        out.append({"timestamp": r.timestamp, **{
            k: (None if pd.isna(getattr(r, k)) else float(getattr(r, k)))
            for k in ("pressure_bar", "temperature_c", "flow_m3h")}})
    return out


def test_forecast_answers_each_hour_with_its_interval(served):
    series = _readings(served["site"])
    r = served["client"].post("/sensors/forecast", json={"well": "W01", "series": series,
                                                         "horizon": 12})
    assert r.status_code == 200, r.text
    body = r.json()
    assert len(body["points"]) == 12 and body["interval"] == 0.9
    first = body["points"][0]
    assert first["timestamp"] > series[-1]["timestamp"][:19]
    for k in ("pressure_bar", "temperature_c"):
        b = first[k]
        assert b["lower"] < b["value"] < b["upper"]
    last_p = next(x["pressure_bar"] for x in reversed(series) if x["pressure_bar"])
    assert abs(first["pressure_bar"]["value"] - last_p) < 10
    widths = [p["pressure_bar"]["upper"] - p["pressure_bar"]["lower"] for p in body["points"]]
    assert widths[-1] >= widths[0]


def test_forecast_takes_csv_text_too(served):
    g = served["site"][served["site"].well == "W02"].iloc[2000:2060]
    r = served["client"].post("/sensors/forecast", json={"csv": g.to_csv(index=False),
                                                         "horizon": 3})
    assert r.status_code == 200, r.text
    assert len(r.json()["points"]) == 3


@pytest.mark.parametrize("change, field, words", [
    (lambda b: b.update(horizon=49), "horizon", "less than or equal to 48"),
    (lambda b: b["series"].reverse(), "series", "before the reading above it"),
    (lambda b: b["series"].insert(5, dict(b["series"][4])), "series", "appears twice"),
    (lambda b: b["series"][7].update(timestamp=b["series"][7]["timestamp"][:14] + "25:00"),
     "series", "off the series"),
    (lambda b: b["series"][3].update(pressure_bar=-1.0), "pressure_bar", "plausible range"),
    (lambda b: b["series"][3].update(temperature_c=450.0), "temperature_c", "plausible range"),
    (lambda b: b.update(series=b["series"][:20]), "series", "needs the last 48"),
    (lambda b: b.update(extra=1), "extra", "unknown field"),
    (lambda b: b.update(csv="timestamp\n1"), "csv", "not both"),
])
def test_forecast_refuses_what_it_cannot_use_naming_the_field(served, change, field, words):
    body = {"series": _readings(served["site"]), "horizon": 6}
    change(body)
    r = served["client"].post("/sensors/forecast", json=body)
    assert r.status_code == 422, r.text
    problems = r.json()["detail"]
    assert any(field in [str(x) for x in p["loc"]] and words in p["msg"] for p in problems), \
        problems


def test_nan_is_refused_not_read_as_a_gap(served):
    body = '{"series": [{"timestamp": "2025-01-01T00:00:00Z", "pressure_bar": NaN}]}'
    r = served["client"].post("/sensors/forecast", content=body,
                              headers={"Content-Type": "application/json"})
    assert r.status_code == 422


def test_anomalies_flag_an_injected_offset_and_name_the_sensor(served):
    series = _readings(served["site"], n=24 * 40, start=24 * 20)
    clean = [dict(x) for x in series]
    for x in series[24 * 30:24 * 33]:  # three days of a pressure transmitter 8 bar off
        if x["pressure_bar"] is not None:
            x["pressure_bar"] += 8.0
    r = served["client"].post("/sensors/anomalies", json={
        "well": "W01", "series": series[24 * 28:], "reference": clean[:24 * 28]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["reference"]["source"] == "given"
    assert body["reference"]["points"] == 24 * 28
    hits = [a for a in body["alarms"] if a["kind"] == "score"]
    assert hits, body["alarms"]
    offset = [a for a in hits if a["start"] <= series[24 * 33 - 1]["timestamp"][:19] + "Z"
              and a["end"] >= series[24 * 30]["timestamp"][:19] + "Z"]
    assert offset and offset[0]["sensors"][0]["sensor"] == "pressure_bar"
    assert len(body["points"]) == len(series) - 24 * 28


def test_anomalies_without_a_reference_use_the_series_start_and_flag_dropouts(served):
    series = _readings(served["site"], n=24 * 30, start=24 * 60)
    for x in series[24 * 20:24 * 20 + 5]:
        x["temperature_c"] = None
    r = served["client"].post("/sensors/anomalies", json={"series": series})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["reference"]["source"] == "series_start"
    missing = [a for a in body["alarms"] if a["kind"] == "missing"]
    assert missing and missing[0]["sensors"][0]["sensor"] == "temperature_c"


def test_anomalies_refuse_a_reference_too_short(served):
    series = _readings(served["site"], n=200)
    r = served["client"].post("/sensors/anomalies", json={"series": series,
                                                          "reference": series[:10]})
    assert r.status_code == 422
    assert "reference" in str(r.json()["detail"][0]["loc"])


def test_monitoring_compares_logged_readings_with_training(served):
    """Each call logs a sample of its readings (not the whole series); the monitoring report
    reads them against the training period's profile."""
    import json

    from functions.auth import create_key
    from functions.stores.sqlite import SQLiteStore

    client = served["client"]
    for start in (3000, 4000, 5000):
        body = {"series": _readings(served["site"], n=24 * 10, start=start)}
        assert client.post("/sensors/anomalies", json=body).status_code == 200
        assert client.post("/sensors/forecast", json={**body, "horizon": 3}).status_code == 200
    store: SQLiteStore = client.app.state.services.store
    logged = store.recent_predictions("sensors", limit=10)
    sample = json.loads(logged[0].inputs)
    assert sample["points"] == 240 and len(sample["sample"]) == 48
    assert len(logged[0].inputs) < 5_000  # a sample, not the series
    reviewer, _ = create_key(store, "reviewer", "ops")
    report = client.get("/sensors/monitoring", headers={"X-API-Key": reviewer}).json()
    assert report["window"]["rows"] >= 6 * 48  # (earlier tests logged calls too)
    assert {f["feature"] for f in report["drift"]["features"]} >= {"pressure_bar", "flow_m3h"}
    assert set(report["class_balance"]) == {"normal", "alarm"}


def test_an_operator_confirms_or_rejects_an_alarm(served):
    from functions.auth import create_key

    client = served["client"]
    reviewer, _ = create_key(client.app.state.services.store, "reviewer", "operator")
    series = _readings(served["site"], n=24 * 40, start=24 * 100)
    clean = [dict(x) for x in series]
    for x in series[24 * 34:24 * 36]:
        if x["pressure_bar"] is not None:
            x["pressure_bar"] += 15.0
    answers = []
    for body in ({"series": series[24 * 28:], "reference": clean[:24 * 28]},
                 {"series": clean[24 * 28:], "reference": clean[:24 * 28]}):
        r = client.post("/sensors/anomalies", json=body)
        assert r.status_code == 200, r.text
        answers.append(r.json())
    judged = [a for a in answers if len(a["alarms"]) == 1]
    assert judged, [len(a["alarms"]) for a in answers]
    r = client.post("/sensors/feedback", headers={"X-API-Key": reviewer},
                    json={"prediction_id": judged[0]["prediction_id"], "label": "normal"})
    assert r.status_code == 200, r.text
    assert r.json()["predicted"] == "alarm" and r.json()["correct"] is False
    others = [a for a in answers if len(a["alarms"]) != 1]
    if others:
        r = client.post("/sensors/feedback", headers={"X-API-Key": reviewer},
                        json={"prediction_id": others[0]["prediction_id"], "label": "alarm"})
        assert r.status_code == 422
        assert "one alarm" in r.json()["detail"][0]["msg"]
    report = client.get("/sensors/monitoring", headers={"X-API-Key": reviewer}).json()
    perf = report["performance"]
    assert perf["labelled"] >= 1
    # Operators judge alarms: performance is their precision (this one rejected), not a
    # balanced accuracy over a 'normal' class nobody labels.
    assert perf["judges"] == "alarm" and perf["precision"] < 1
    assert perf["balanced_accuracy"] is None


def test_feedback_needs_exactly_one_alarm_to_name():
    from functions.contracts.sensors import alarm_item

    assert alarm_item({}, {"alarms": [{"start": "a"}]}) == ("alarm", None)
    for n in (0, 2):
        label, why = alarm_item({}, {"alarms": [{}] * n})
        assert label is None and f"raised {n}" in why


# ----------------------------------------------------------------- retraining from verdicts

def _stretch(site: pd.DataFrame, well: str, start: int, hours: int) -> tuple[str, str]:
    g = site[site["well"] == well].reset_index(drop=True)
    return str(g["timestamp"].iloc[start]), str(g["timestamp"].iloc[start + hours - 1])


def _verdict(well, start, end, label, at, endpoint="/sensors/anomalies"):
    return {"inputs": {"well": well}, "endpoint": endpoint, "label": label,
            "output": {"alarms": [{"start": start, "end": end}]},
            "created_at": at, "labelled_at": at}


def test_operators_verdicts_label_the_sources_readings(site, tmp_path):
    from training.sensors.pipeline import with_feedback

    folder = tmp_path / "src"
    sd.write(site, folder / "site.csv")
    w2 = site[site["well"] == "W02"].reset_index(drop=True)
    fault = int(np.flatnonzero(w2["anomaly"].to_numpy() == 1)[0])
    n = int(np.argmax(w2["anomaly"].to_numpy()[fault:] == 0))  # the fault's length
    confirmed = _stretch(site, "W01", 2000, 10)
    rejected = _stretch(site, "W02", fault, n)
    examples = [
        _verdict("W01", *confirmed, "normal", "2026-01-01T00:00:00"),  # then changed:
        _verdict("W01", *confirmed, "alarm", "2026-01-02T00:00:00"),   # the latest wins
        _verdict("W02", *rejected, "normal", "2026-01-01T00:00:00"),
        _verdict("W99", *confirmed, "alarm", "2026-01-01T00:00:00"),   # not in the source
        _verdict("W01", *rejected, "alarm", "2026-01-01T00:00:00", "/sensors/forecast"),
    ]
    merged, used = with_feedback(folder, examples, tmp_path / "work")
    assert used == 2 and merged == tmp_path / "work"
    assert sorted(p.name for p in merged.iterdir()) == ["site.csv"]  # laid over the original
    before, after = sd.load(folder), sd.load(merged)
    t = after["timestamp"]
    on = (after["well"] == "W01") & t.between(*map(pd.Timestamp, confirmed))
    off = (after["well"] == "W02") & t.between(*map(pd.Timestamp, rejected))
    assert on.sum() == 10 and off.sum() == n
    assert (after.loc[on, "anomaly"] == 1).all()
    assert (after.loc[on, "anomaly_type"] == "confirmed").all()
    assert (after.loc[off, "anomaly"] == 0).all() and (after.loc[off, "anomaly_type"] == "").all()
    rest = ~(on | off)
    pd.testing.assert_frame_equal(after[rest].reset_index(drop=True),
                                  before[rest].reset_index(drop=True))
    # a single file in, a single file out; no verdict on the source: the source as it is
    assert with_feedback(folder / "site.csv", examples, tmp_path / "w2")[0] == \
        tmp_path / "w2" / "site.csv"
    assert with_feedback(folder, examples[3:], tmp_path / "w3") == (folder, 0)


def test_the_gate_judges_both_forecasts_and_the_detector(served, tmp_path):
    """The run against itself in production passes; a candidate whose pressure model is
    worse, or whose detector misses the faults, is refused and named."""
    import json
    import shutil

    import joblib
    from sklearn.dummy import DummyRegressor
    from sklearn.pipeline import Pipeline

    from functions.registry import LocalBlobStore, RegistryReader
    from training.pipelines import gate as quality_gate  # with the use case's own check
    from training.sensors.pipeline import DETECTOR_HOLDOUT, Params, detector_cases, well_series

    registry = RegistryReader(LocalBlobStore(served["registry"] / "models"))
    same = quality_gate(served["run"], registry)
    assert same.passed, same.reason
    assert {f["family"] for f in same.families} == {"sensors", "sensors_temperature",
                                                     "sensors detector"}
    assert same.metric == "mae" and "mae" in same.reason

    # The small site's test month holds no whole stretch: give the copies a labelled
    # holdout (the site's every month), where faults are there to be missed.
    site = served["site"].copy()
    site["timestamp"] = pd.to_datetime(site["timestamp"], utc=True)
    cases = detector_cases(well_series(site), Params(), "all")
    assert cases["labels"].sum() > 0

    worse_forecast = Path(shutil.copytree(served["run"], tmp_path / "a"))
    np.savez_compressed(worse_forecast / DETECTOR_HOLDOUT, **cases)
    held = np.load(worse_forecast / "holdout.npz")
    flat = Pipeline([("model", DummyRegressor())]).fit(held["x_pressure_bar"],
                                                        held["y_pressure_bar"])
    joblib.dump(flat, worse_forecast / "models" / "pressure_bar.joblib")
    d = quality_gate(worse_forecast, registry)
    verdicts = {f["family"]: f["passed"] for f in d.families}
    assert not d.passed and verdicts == {"sensors": False, "sensors_temperature": True,
                                         "sensors detector": True}, d.reason

    deaf = Path(shutil.copytree(served["run"], tmp_path / "b"))
    np.savez_compressed(deaf / DETECTOR_HOLDOUT, **cases)
    report = json.loads((deaf / "report.json").read_text())
    report["anomaly_detection"]["params"]["margin"] = 1e6  # never alarms
    (deaf / "report.json").write_text(json.dumps(report))
    d = quality_gate(deaf, registry)
    detector = next(f for f in d.families if f["family"] == "sensors detector")
    assert not d.passed and not detector["passed"], d.reason
    assert "recall 0.000" in detector["reason"]


def test_retraining_learns_from_an_operators_verdict_through_the_loop(served, tmp_path):
    """An alarm raised on a well's readings, confirmed by an operator, then a retraining run
    on the well's data: the verdict labels those readings, and the gate judges the
    forecasts and the detector against production before anything moves."""
    import json
    import shutil

    from fastapi.testclient import TestClient

    from functions.app import create_app
    from functions.auth import create_key
    from functions.settings import Settings
    from functions.stores.sqlite import SQLiteStore
    from tests.conftest import wait_for_run
    from training.sensors.data import load

    registry = Path(shutil.copytree(served["registry"], tmp_path / "registry"))
    settings = Settings(usecases=["sensors"], registry_dir=registry,
                        sqlite_path=tmp_path / "v.db", runs_dir=tmp_path / "runs",
                        retrain_dir=tmp_path / "retrains", tracking_uri="off",
                        retrain_sources={"sensors": served["source"]})
    store = SQLiteStore(settings.sqlite_path)
    keys = {role: create_key(store, role, f"t-{role}")[0] for role in ("reviewer", "admin")}
    series = _readings(served["site"], n=24 * 40, start=24 * 100)
    for x in series[24 * 34:24 * 36]:
        if x["pressure_bar"] is not None:
            x["pressure_bar"] += 15.0
    with TestClient(create_app(settings, store=store),
                    headers={"X-API-Key": keys["reviewer"]}) as api:
        answer = api.post("/sensors/anomalies", json={"series": series[24 * 28:],
                                                      "reference": series[:24 * 28],
                                                      "well": "W01"}).json()
        assert len(answer["alarms"]) == 1, answer["alarms"]
        alarm = answer["alarms"][0]
        r = api.post("/sensors/feedback", json={"prediction_id": answer["prediction_id"],
                                                "label": "alarm"})
        assert r.status_code == 200, r.text
        started = api.post("/sensors/retrain", headers={"X-API-Key": keys["admin"]})
        status = wait_for_run(api, "sensors", started, 300)
    store.close()
    assert status["state"] in ("rollout", "kept"), status
    assert any(s["step"].endswith("plus 1 of 1 labelled predictions from feedback "
                                  "(1 label from 1 key)")
               for s in status["steps"]), status["steps"]
    families = {f["family"] for f in status["decision"]["families"]}
    assert families == {"sensors", "sensors_temperature", "sensors detector"}
    run = tmp_path / "runs" / "sensors" / status["training_run"]
    report = json.loads((run / "report.json").read_text())
    # the candidate was trained on the source with the verdict laid over it: the alarm's
    # readings that the generator had not labelled are anomalous now
    assert report["data"]["source"] != str(served["source"])
    source = load(served["source"])
    t = source["timestamp"]
    at = (source["well"] == "W01") & t.between(pd.Timestamp(alarm["start"]),
                                               pd.Timestamp(alarm["end"]))
    assert at.sum() == alarm["points"]
    newly = int((source.loc[at, "anomaly"] == 0).sum())
    assert newly > 0
    assert report["data"]["anomalous_rows"] == int(source["anomaly"].sum()) + newly
