"""Gas-storage well sensors: the generator's layout and physics, the loader's refusals, the
forecasting pipeline through the one export path, and both routes with their 422s."""

from __future__ import annotations

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
        yield {"client": client, "run": run, "results": results, "site": site}


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
    assert report["performance"]["labelled"] >= 1


def test_feedback_needs_exactly_one_alarm_to_name():
    from functions.contracts.sensors import alarm_item

    assert alarm_item({}, {"alarms": [{"start": "a"}]}) == ("alarm", None)
    for n in (0, 2):
        label, why = alarm_item({}, {"alarms": [{}] * n})
        assert label is None and f"raised {n}" in why
