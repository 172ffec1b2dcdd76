"""Gas-storage well sensors: pressure and temperature forecasts up to 48 h ahead (XGBoost on
lag and calendar features, served through ONNX), scored on a time-based holdout against the
seasonal naive and Prophet; and the anomaly detector evaluated on the generated faults.

Periods, in time order: training, then calibration (the intervals' conformal quantiles and
nothing else), then test (the last ``test_days``). Prophet, the reference a user would pick,
is fitted and scored at training time only, on a sample of test origins, beside the served
model on exactly those origins.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline
from xgboost import XGBRegressor

from functions.contracts import sensors_forecast as fc
from functions.contracts.sensors import INTERVAL, SENSORS
from functions.contracts.sensors_detect import DetectorParams, detect, fit
from training import runs
from training.sensors.data import (
    FAULTS,
    GENERATED_DIR,
    SiteSpec,
    default_source,
    generate_site,
    load,
    write,
)

USECASE = "sensors"
PRIMARY = "pressure"
PIPELINE_VERSION = 3  # 3: the test period's detector stretches kept for the gate
# training/retrain.py may retrain it: operators' verdicts on alarms label the readings (see
# with_feedback); the gate compares both forecasts' MAE and the detector's settings.
RETRAINABLE = True
GATE_METRIC = "mae"
EXTRAS = ("forecast",)  # Prophet, the reference scored beside the served model
FAMILIES = {"pressure_bar": "sensors", "temperature_c": "sensors_temperature"}


@dataclass(frozen=True)
class Params:
    seed: int = 7
    origin_every: int = 3  # hours between training forecast origins
    horizons_per_origin: int = 8  # horizons drawn per origin (of 1..48), all of them at test
    test_days: int = 120
    calibration_days: int = 90
    xgb_trees: int = 400
    xgb_depth: int = 6
    prophet_origins: int = 6  # test origins per well where Prophet is fitted and scored
    prophet_history_days: int = 56  # what each Prophet fit sees before its origin
    detector_reference_days: int = 28  # normal operation before each scored stretch

    @classmethod
    def quick(cls) -> Params:
        return cls(origin_every=6, xgb_trees=200, prophet_origins=3)


def well_series(df: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Each well on its hourly grid (a missing hour is a row of NaN)."""
    out = {}
    for well, g in df.groupby("well", sort=True):
        g = g.set_index("timestamp").sort_index()
        grid = pd.date_range(g.index[0], g.index[-1], freq="h")
        out[str(well)] = g.reindex(grid)
    return out


def _split_origins(times: pd.DatetimeIndex, params: Params) -> dict[str, np.ndarray]:
    end = times[-1]
    test_start = end - pd.Timedelta(days=params.test_days)
    calib_start = test_start - pd.Timedelta(days=params.calibration_days)
    idx = np.arange(fc.HISTORY - 1, len(times) - fc.MAX_HORIZON)
    t = times[idx]
    # An origin belongs to a period when its whole horizon does too: no target crosses.
    reach = times[idx + fc.MAX_HORIZON]
    return {"train": idx[(reach < calib_start)],
            "calibration": idx[(t >= calib_start) & (reach < test_start)],
            "test": idx[t >= test_start]}


def build_rows(wells: dict[str, pd.DataFrame], target: str, params: Params,
               rng: np.random.Generator) -> dict[str, dict[str, np.ndarray]]:
    parts: dict[str, dict[str, list[np.ndarray]]] = {
        s: {"x": [], "y": [], "naive": [], "h": [], "well": [], "origin": [], "now": []}
        for s in ("train", "calibration", "test")}
    for well, g in wells.items():
        y = fc.fill_gaps(g[target].to_numpy())
        flow = fc.fill_gaps(g["flow_m3h"].to_numpy())
        truth = g[target].to_numpy()
        for split, origins in _split_origins(g.index, params).items():
            origins = origins[::params.origin_every]
            if split == "train":  # a few horizons per origin; every horizon when scoring
                o = np.repeat(origins, params.horizons_per_origin)
                h = rng.integers(1, fc.MAX_HORIZON + 1, len(o))
            else:
                o = np.repeat(origins, fc.MAX_HORIZON)
                h = np.tile(np.arange(1, fc.MAX_HORIZON + 1), len(origins))
            # Score against readings that exist and are not faults: a forecast is judged
            # on what the well did, not on a stuck sensor.
            ok = np.isfinite(truth[o + h]) & (g["anomaly"].to_numpy()[o + h] != 1)
            o, h = o[ok], h[ok]
            p = parts[split]
            p["x"].append(fc.rows(y, flow, g.index, o, h))
            p["y"].append(truth[o + h] - y[o])
            p["naive"].append(fc.seasonal_naive(y, o, h) - y[o])
            p["h"].append(h)
            p["well"].append(np.full(len(o), well))
            p["origin"].append(o)
            p["now"].append(y[o])
    return {s: {k: np.concatenate(v) for k, v in p.items()} for s, p in parts.items()}


def forecast_metrics(err: np.ndarray, naive_err: np.ndarray, h: np.ndarray) -> dict[str, Any]:
    mae, naive_mae = float(np.abs(err).mean()), float(np.abs(naive_err).mean())
    by_h = {}
    for lo, hi in ((1, 6), (7, 24), (25, 48)):
        m = (h >= lo) & (h <= hi)
        by_h[f"{lo}-{hi}h"] = {"mae": float(np.abs(err[m]).mean()),
                               "naive_mae": float(np.abs(naive_err[m]).mean())}
    return {"mae": mae, "rmse": float(np.sqrt((err ** 2).mean())),
            "mase": mae / naive_mae if naive_mae else None, "naive_mae": naive_mae,
            "naive_rmse": float(np.sqrt((naive_err ** 2).mean())), "by_horizon": by_h,
            "points": int(len(err))}


def conformal_half_width(abs_err: np.ndarray, h: np.ndarray, coverage: float) -> list[float]:
    """Per horizon 1..48, the split-conformal quantile of absolute calibration errors."""
    out = []
    for k in range(1, fc.MAX_HORIZON + 1):
        e = np.sort(abs_err[h == k])
        if not len(e):
            out.append(float(out[-1]) if out else 0.0)
            continue
        rank = min(len(e) - 1, int(np.ceil((len(e) + 1) * coverage)) - 1)
        out.append(float(e[rank]))
    return out


def prophet_scores(wells: dict[str, pd.DataFrame], target: str, params: Params,
                   rng: np.random.Generator, say: Any) -> dict[str, Any] | None:
    """Prophet fitted before each of a few test origins per well, 48 h forecast: its errors
    and those of the served model's rows at the same origins (returned as indices)."""
    if params.prophet_origins <= 0:
        return None
    try:
        from prophet import Prophet
    except ImportError:
        return None
    logging.getLogger("cmdstanpy").setLevel(logging.WARNING)
    logging.getLogger("prophet").setLevel(logging.WARNING)
    chosen, errors, fit_s, predict_s = [], [], [], []
    for well, g in wells.items():
        test = _split_origins(g.index, params)["test"]
        picks = np.sort(rng.choice(test, min(params.prophet_origins, len(test)),
                                   replace=False))
        for o in picks:
            start = max(0, o - params.prophet_history_days * 24)
            hist = pd.DataFrame({"ds": g.index[start:o + 1].tz_localize(None),
                                 "y": g[target].to_numpy()[start:o + 1]}).dropna()
            model = Prophet(daily_seasonality=True, weekly_seasonality=True,
                            yearly_seasonality=False, interval_width=INTERVAL)
            t0 = time.perf_counter()
            model.fit(hist)
            t1 = time.perf_counter()
            future = pd.DataFrame({"ds": g.index[o + 1:o + 1 + fc.MAX_HORIZON].tz_localize(None)})
            pred = model.predict(future)
            t2 = time.perf_counter()
            truth = g[target].to_numpy()[o + 1:o + 1 + fc.MAX_HORIZON]
            ok = np.isfinite(truth) & (g["anomaly"].to_numpy()[o + 1:o + 1 + fc.MAX_HORIZON] != 1)
            inside = (truth >= pred["yhat_lower"].to_numpy()) & \
                (truth <= pred["yhat_upper"].to_numpy())
            errors.append({"well": well, "origin": int(o), "err": (pred["yhat"].to_numpy()
                                                                   - truth)[ok],
                           "h": np.arange(1, fc.MAX_HORIZON + 1)[ok], "inside": inside[ok]})
            chosen.append((well, int(o)))
            fit_s.append(t1 - t0)
            predict_s.append(t2 - t1)
        say(f"prophet: {target} of {well} at {len(picks)} origins")
    err = np.concatenate([e["err"] for e in errors])
    return {"origins": chosen, "errors": errors, "mae": float(np.abs(err).mean()),
            "rmse": float(np.sqrt((err ** 2).mean())),
            "coverage": float(np.concatenate([e["inside"] for e in errors]).mean()),
            "fit_seconds_median": float(np.median(fit_s)),
            "predict_seconds_median": float(np.median(predict_s))}


def _stretches(g: pd.DataFrame, params: Params, period: str) -> list[int]:
    """Starts of the month-long stretches scored in ``period``: "train" (before the
    calibration period), or "test"."""
    ref_n = params.detector_reference_days * 24
    end = g.index[-1]
    test_start = end - pd.Timedelta(days=params.test_days)
    calib_start = test_start - pd.Timedelta(days=params.calibration_days)
    starts = range(ref_n, len(g) - ref_n + 1, ref_n)
    if period == "all":
        return list(starts)
    if period == "train":
        return [s for s in starts if g.index[s + ref_n - 1] < calib_start]
    return [s for s in starts if g.index[s] >= test_start - pd.Timedelta(days=1)]


# Hours kept before each scored stretch: the history smoothing reads (the grid's longest
# smoothing is 10 points); settings that smooth over more read only these.
PAD = 24


def detector_cases(wells: dict[str, pd.DataFrame], params: Params, period: str = "test"
                   ) -> dict[str, np.ndarray]:
    """The labelled stretches the detector is scored on: each month of ``period`` after a
    reference of the ``detector_reference_days`` before it (its readings labelled normal),
    as a caller of /sensors/anomalies would send, with the ``PAD`` hours before each month
    (smoothing's history). Arrays stacked per stretch, so that a run keeps its test period's
    stretches (``detector_holdout.npz``) and the gate scores any settings on them."""
    ref_n = params.detector_reference_days * 24
    out: dict[str, list[np.ndarray]] = {"reference": [], "raw": [], "labels": [], "kinds": []}
    for g in wells.values():
        values = g[list(SENSORS)].to_numpy()
        labels = g["anomaly"].fillna(0).to_numpy().astype(int)
        kinds = g["anomaly_type"].fillna("").to_numpy().astype(str)
        for start in _stretches(g, params, period):  # each at least ref_n > PAD hours in
            # The reference's labelled faults are left out as gaps (filled), keeping its
            # clock: a residual detector fits a trend in time.
            ref = values[start - ref_n:start].copy()
            ref[labels[start - ref_n:start] == 1] = np.nan
            out["reference"].append(fc.fill_gaps(ref))
            out["raw"].append(values[start - PAD:start + ref_n])
            out["labels"].append(labels[start:start + ref_n])
            out["kinds"].append(kinds[start:start + ref_n])
    if not out["raw"]:
        shape = {"reference": (0, ref_n, len(SENSORS)), "raw": (0, PAD + ref_n, len(SENSORS)),
                 "labels": (0, ref_n), "kinds": (0, ref_n)}
        return {k: np.zeros(v, dtype=np.float64 if k in ("reference", "raw") else
                            (np.int64 if k == "labels" else "<U1")) for k, v in shape.items()}
    return {k: np.stack(v) for k, v in out.items()}


def score_cases(cases: dict[str, np.ndarray], dp: DetectorParams) -> dict[str, Any]:
    """Recall per fault type (a fault is found when an alarm overlaps it), false alarms
    per day (alarms overlapping no fault) and the delay from a fault's start to its first
    flag, for the detector with settings ``dp`` on ``cases`` (``detector_cases``)."""
    found: dict[str, list[bool]] = {f: [] for f in FAULTS}
    delays: dict[str, list[float]] = {f: [] for f in FAULTS}
    false_alarms, days = 0, 0.0
    pad = min(dp.smooth, PAD)  # history before each stretch, for the smoothing
    for ref, raw, y, k in zip(cases["reference"], cases["raw"], cases["labels"],
                              cases["kinds"], strict=True):
        ref_n = len(y)
        raw = raw[PAD - pad:]
        out = detect(fit(ref, SENSORS, dp), fc.fill_gaps(raw), np.isnan(raw),
                     t0=ref_n - pad)
        flags = out["flags"][pad:]
        days += ref_n / 24
        for a in out["alarms"]:
            lo, hi = max(a["start"] - pad, 0), max(a["end"] - pad, 0)
            if hi > lo and not y[lo:hi].any():
                false_alarms += 1
        edges = np.flatnonzero(np.diff(np.r_[0, y, 0]))
        for a, b in zip(edges[::2], edges[1::2], strict=True):
            kind = str(k[a])
            hit = np.flatnonzero(flags[a:b])
            found.setdefault(kind, []).append(bool(len(hit)))
            if len(hit):
                delays.setdefault(kind, []).append(float(hit[0]))
    recall = {f: (float(np.mean(v)) if v else None) for f, v in found.items()}
    seen = [v for v in recall.values() if v is not None]
    return {
        "recall_by_fault": recall, "mean_recall": float(np.mean(seen)) if seen else None,
        "faults_by_type": {f: len(v) for f, v in found.items()},
        "delay_hours_median": {f: (float(np.median(v)) if v else None)
                               for f, v in delays.items()},
        "false_alarms_per_day": false_alarms / days if days else None,
        "days_scored": days, "params": asdict(dp),
    }


def detector_eval(wells: dict[str, pd.DataFrame], params: Params, dp: DetectorParams,
                  period: str = "test") -> dict[str, Any]:
    """The served detector on the wells' labelled faults in ``period`` (``score_cases``)."""
    return {**score_cases(detector_cases(wells, params, period), dp), "period": period}


FALSE_ALARM_BUDGET = 0.1  # per well and day: one false alarm in ten days
DETECTOR_HOLDOUT = "detector_holdout.npz"
# The gate's tolerances for the detector: one fault in fifty of recall; false alarms may
# rise by one in fifty days only while they stay within the budget.
RECALL_TOLERANCE = 0.02
FALSE_ALARM_TOLERANCE = 0.02


def gate_check(run: Path, report: dict[str, Any], registry: Any) -> Any:
    """The detector's half of the gate (model_export/gate.py calls it): this run's settings
    against production's, scored on the run's labelled test stretches (the generator's
    faults and the operators' verdicts). Not worse: mean recall within RECALL_TOLERANCE of
    production's, and false alarms per day within the budget or within
    FALSE_ALARM_TOLERANCE of production's."""
    from model_export.gate import GateDecision

    cases = dict(np.load(run / DETECTOR_HOLDOUT))
    mine = score_cases(cases, DetectorParams(**report["anomaly_detection"]["params"]))
    version = registry.production_version(USECASE)
    metric = "detector mean recall"
    if version is None:
        return GateDecision(True, metric, mine["mean_recall"] or 0.0, None, None,
                            RECALL_TOLERANCE, "no production detector yet", "sensors detector")
    theirs = score_cases(cases, DetectorParams(**registry.manifest(USECASE, version)["detector"]))
    r_mine, r_theirs = mine["mean_recall"], theirs["mean_recall"]
    fa_mine, fa_theirs = mine["false_alarms_per_day"] or 0.0, theirs["false_alarms_per_day"] or 0.0
    recall_ok = r_mine is None or r_theirs is None or r_mine >= r_theirs - RECALL_TOLERANCE
    fa_ok = fa_mine <= FALSE_ALARM_BUDGET or fa_mine <= fa_theirs + FALSE_ALARM_TOLERANCE
    passed = recall_ok and fa_ok

    def shown(r: float | None, fa: float) -> str:
        return f"recall {'n/a' if r is None else f'{r:.3f}'}, {fa:.3f} false alarms/day"

    verdict = "not worse than" if passed else "worse than"
    return GateDecision(
        passed, metric, r_mine or 0.0, r_theirs, version, RECALL_TOLERANCE,
        f"candidate detector ({shown(r_mine, fa_mine)}) is {verdict} production {version} "
        f"({shown(r_theirs, fa_theirs)}) on {int(mine['days_scored'])} labelled well-days "
        "of the test period", "sensors detector")


def alarm_labels(examples: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Operators' verdicts on /sensors/anomalies alarms, once per alarm (the latest wins):
    ``{"well", "start", "end", "label"}`` with ``label`` "alarm" (confirmed) or "normal"
    (rejected). A call the feedback route accepted raised exactly one alarm."""
    items = []
    for ex in examples:
        alarms = (ex.get("output") or {}).get("alarms") or []
        if ex.get("endpoint") != "/sensors/anomalies" or len(alarms) != 1:
            continue
        a = alarms[0]
        key = (ex["inputs"].get("well"), a["start"], a["end"])
        items.append((key, ex, {"well": key[0], "start": a["start"], "end": a["end"]}))
    return [{**item, "label": label} for item, label in runs.latest_per_item(items)]


def with_feedback(source: Path, examples: list[dict[str, Any]], workdir: Path
                  ) -> tuple[Path, int]:
    """The source's readings with the operators' verdicts laid over their labels: a
    confirmed alarm marks its well's readings from its start to its end anomalous
    (``anomaly_type`` "confirmed"), a rejected one marks them normal. Training then leaves
    confirmed faults out of forecast targets and detector references, and chooses the
    detector's settings on them. Each CSV file of the source is written again under its own
    name in ``workdir`` (the pipeline's prepare step lays them over the originals); a
    verdict on readings the source does not hold (another well, another period) is not
    used."""
    labels = alarm_labels(examples)
    source = Path(source)
    files = sorted(source.glob("*.csv")) if source.is_dir() else [source]
    if not labels or not files:
        return source, 0
    used: set[int] = set()
    for f in files:
        df = load(f)
        for i, item in enumerate(labels):
            at = (df["well"] == str(item["well"])) & df["timestamp"].between(
                pd.Timestamp(item["start"]), pd.Timestamp(item["end"]))
            if at.any():
                used.add(i)
                confirmed = item["label"] == "alarm"
                df.loc[at, "anomaly"] = int(confirmed)
                df.loc[at, "anomaly_type"] = "confirmed" if confirmed else ""
        write(df, Path(workdir) / f.name)
    if not used:
        return source, 0
    return (Path(workdir) if source.is_dir() else Path(workdir) / source.name), len(used)


def choose_detector(wells: dict[str, pd.DataFrame], params: Params) -> dict[str, Any]:
    """The detector's settings for hourly well data, chosen on the training period (mean
    recall over fault types, within the false-alarm budget), then scored on a whole year of
    another site simulated with other seeds (its wells, flows and faults all new: the test
    period of the training site holds too few faults to read recall per type). The
    contract's defaults (SKAB's settings before skab.CHOSEN, per second) are one of the
    candidates."""
    import itertools

    grid = [DetectorParams()] + [
        DetectorParams(smooth=s, margin=m, merge_gap=g, min_length=n, residuals=r)
        for s, m, g, n, r in itertools.product((1, 3, 6), (1.5, 2.0, 3.0, 5.0), (3, 6), (1, 3),
                                               (False, True))]
    tried = []
    for dp in grid:
        r = detector_eval(wells, params, dp, "train")
        ok = (r["false_alarms_per_day"] or 0) <= FALSE_ALARM_BUDGET
        tried.append((ok, r["mean_recall"] or 0.0, -(r["false_alarms_per_day"] or 0), dp, r))
    best = max(tried, key=lambda t: t[:3])
    chosen: DetectorParams = best[3]
    site = generate_site(SiteSpec(wells=4, hours=365 * 24, seed=params.seed + 1000))
    site["timestamp"] = pd.to_datetime(site["timestamp"], utc=True)
    other = well_series(site)
    test = detector_eval(other, params, chosen, "all")
    test["period"] = "another simulated site, one year"
    return {**test, "train": {k: best[4][k] for k in ("mean_recall", "false_alarms_per_day")},
            "candidates": len(grid)}


def forecast_png(wells: dict[str, pd.DataFrame], models: dict[str, Pipeline],
                 half: dict[str, list[float]], params: Params, path: Path) -> None:
    """One test week of the first well: 48 h forecasts from four origins over the actual."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    well, g = next(iter(wells.items()))
    fig, axes = plt.subplots(2, 1, figsize=(10, 6), sharex=True)
    test = _split_origins(g.index, params)["test"]
    origins = test[:: max(1, len(test) // 4)][:4]
    span = slice(int(origins[0]) - 48, int(origins[-1]) + fc.MAX_HORIZON)
    flow = fc.fill_gaps(g["flow_m3h"].to_numpy())
    for ax, target in zip(axes, fc.TARGETS, strict=True):
        y = fc.fill_gaps(g[target].to_numpy())
        ax.plot(g.index[span], g[target].to_numpy()[span], color="0.3", lw=1, label="actual")
        for o in origins:
            h = np.arange(1, fc.MAX_HORIZON + 1)
            x = fc.rows(y, flow, g.index, np.full(len(h), o), h)
            pred = y[o] + models[target].predict(x)
            w = np.asarray(half[target]) * fc.local_scale(x)
            t = g.index[o + h]
            ax.plot(t, pred, color="tab:blue", lw=1.2)
            ax.fill_between(t, pred - w, pred + w, color="tab:blue", alpha=0.2)
        ax.set_ylabel(target)
    axes[0].set_title(f"{well}: 48 h forecasts and their {INTERVAL:.0%} intervals (test period)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def train(source: Path, params: Params, force: bool = False, progress=None,
          runs_root: Path = runs.RUNS_DIR) -> tuple[Path, bool]:
    say = progress or (lambda msg: None)
    source = Path(source)
    fingerprint = (runs.folder_fingerprint(source) if source.is_dir()
                   else runs.file_sha256(source))
    key = runs.run_key(USECASE, fingerprint, {**asdict(params), "pipeline": PIPELINE_VERSION})
    if not force and (existing := runs.find_run(USECASE, key, runs_root)):
        return existing, True
    df = load(source)
    wells = well_series(df)
    rng = np.random.default_rng(params.seed)
    run = runs.new_run_dir(USECASE, runs_root)
    results: dict[str, Any] = {}
    models: dict[str, Pipeline] = {}
    half: dict[str, list[float]] = {}
    exports = []
    holdout: dict[str, np.ndarray] = {}
    for target in fc.TARGETS:
        data = build_rows(wells, target, params, rng)
        tr, cal, te = data["train"], data["calibration"], data["test"]
        say(f"fitting xgboost for {target} on {len(tr['y'])} rows")
        model = Pipeline([("model", XGBRegressor(
            n_estimators=params.xgb_trees, max_depth=params.xgb_depth, learning_rate=0.05,
            subsample=0.8, colsample_bytree=0.8, tree_method="hist", n_jobs=2,
            random_state=params.seed))])
        model.fit(tr["x"], tr["y"])
        models[target] = model
        cal_err = model.predict(cal["x"]) - cal["y"]
        # Normalised split conformal: errors in units of the target's recent volatility,
        # so that an interval widens when the well is moving (a calibration period in
        # another season than the test's held 76 % of temperatures in a 90 % interval
        # with fixed widths).
        half[target] = conformal_half_width(np.abs(cal_err) / fc.local_scale(cal["x"]),
                                            cal["h"], INTERVAL)
        pred = model.predict(te["x"])
        err = pred - te["y"]
        w = np.asarray(half[target])[te["h"] - 1] * fc.local_scale(te["x"])
        metrics = forecast_metrics(err, te["naive"] - te["y"], te["h"])
        metrics["coverage"] = float((np.abs(err) <= w).mean())
        metrics["interval"] = INTERVAL
        say(f"prophet for {target}")
        ref = prophet_scores(wells, target, params, rng, say)
        if ref is not None:
            # The served model and the naive on exactly Prophet's origins and hours.
            ours, naive = [], []
            for e in ref["errors"]:
                m = (te["well"] == e["well"]) & (te["origin"] == e["origin"])
                by_h = dict(zip(te["h"][m], err[m], strict=True))
                nv = dict(zip(te["h"][m], (te["naive"] - te["y"])[m], strict=True))
                ours += [by_h[h] for h in e["h"] if h in by_h]
                naive += [nv[h] for h in e["h"] if h in nv]
            ref = {k: v for k, v in ref.items() if k not in ("errors", "origins")} | {
                "origins": len(ref["origins"]),
                "served_mae_same_origins": float(np.abs(ours).mean()) if ours else None,
                "naive_mae_same_origins": float(np.abs(naive).mean()) if naive else None}
        results[target] = {"xgboost": metrics, "prophet": ref}
        joblib.dump(model, run / "models" / f"{target}.joblib")
        keep = rng.choice(len(te["y"]), min(2000, len(te["y"])), replace=False)
        holdout[f"x_{target}"] = te["x"][keep]
        holdout[f"y_{target}"] = te["y"][keep]
    np.savez_compressed(run / "holdout.npz", **holdout)
    say("evaluating the anomaly detector on the generated faults")
    anomaly = choose_detector(wells, params)
    # The gate scores this run's detector settings and production's on the same labelled
    # stretches of the test period, which neither chose its settings on.
    np.savez_compressed(run / DETECTOR_HOLDOUT, **detector_cases(wells, params, "test"))
    forecast_png(wells, models, half, params, run / "forecast.png")
    # Drift monitoring's reference: the training period's readings, labelled as the
    # generator labelled them (the share of faulty readings is what "alarm" is checked
    # against).
    held = (params.test_days + params.calibration_days) * 24  # hours after training
    train_rows = np.vstack([g[list(SENSORS)].to_numpy()[:-held] for g in wells.values()])
    train_lab = np.concatenate([g["anomaly"].fillna(0).to_numpy()[:-held]
                                for g in wells.values()])
    pick = rng.choice(len(train_rows), min(20_000, len(train_rows)), replace=False)
    profile = runs.feature_profile(train_rows[pick], SENSORS,
                                   labels=["alarm" if v else "normal" for v in train_lab[pick]])
    for target in fc.TARGETS:
        family = FAMILIES[target]
        exports.append(runs.declare(
            family, "xgboost", f"models/{target}.joblib", "sklearn",
            input={"dtype": "float32", "shape": [len(fc.feature_names(target))]},
            certify={"file": "holdout.npz", "x": f"x_{target}", "y": f"y_{target}"},
            input_schema={"feature_names": list(fc.feature_names(target)),
                          "target": target},
            labels=[target], classes=[], metrics={"test": results[target]["xgboost"]},
            task="regression", profile=family == "sensors",
            manifest={"interval": {"coverage": INTERVAL, "half_width": half[target]},
                      "detector": anomaly["params"], "target": target}))
    report = {
        **runs.provenance(USECASE, run, key, params, PRIMARY),
        "data": {"source": str(source), "fingerprint": fingerprint,
                 "wells": sorted(wells), "rows": int(len(df)),
                 # labelled anomalous: by the generator, or by operators' verdicts (feedback)
                 "anomalous_rows": int(df["anomaly"].fillna(0).astype(int).sum()),
                 "start": str(df["timestamp"].min()), "end": str(df["timestamp"].max())},
        "models": results, "anomaly_detection": anomaly, "exports": exports,
        "profile": profile, "gate_metric": GATE_METRIC,
    }
    runs.finish(run, report)
    return run, False


# ----------------------------------------------------- the CLI's interface to this pipeline

def source_problem(source: Path) -> str | None:
    return None if Path(source).exists() else \
        f"no data in {source}: run `vitrine data sensors` first"


def source_folder(source: Path) -> Path:
    """The folder to upload as a SageMaker channel: the site's CSV files are all in it."""
    source = Path(source)
    return source if source.is_dir() or not source.suffix else source.parent


def source_in(folder: Path) -> Path:
    """The training source inside a channel folder: every CSV file in it (``load``)."""
    return Path(folder)


def generate_data(out: Path | None, options: dict[str, Any], force: bool,
                  progress_total) -> str:
    spec = SiteSpec(wells=4, hours=5 * 365 * 24) if options.get("full") else SiteSpec()
    target = (out or GENERATED_DIR) / "site.csv"
    stamp = target.with_suffix(".spec.json")
    import json

    wanted = json.dumps(asdict(spec), sort_keys=True)
    if not force and target.exists() and stamp.exists() and stamp.read_text() == wanted:
        return f"data already generated in {target}"
    with progress_total(f"generating {USECASE}", 1) as advance:
        df = generate_site(spec)
        write(df, target)
        advance(1)
    stamp.write_text(wanted)
    return (f"{spec.wells} wells x {spec.hours} hours ({len(df)} rows, "
            f"{int(df['anomaly'].sum())} labelled anomalous) in {target}")


def summary(report: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    rows = []
    for target, r in report["models"].items():
        m, p = r["xgboost"], r["prophet"]
        rows.append([target, f"{m['mae']:.3f}", f"{m['naive_mae']:.3f}", f"{m['mase']:.3f}",
                     f"{m['coverage']:.1%}",
                     "" if p is None else f"{p['mae']:.3f} vs {p['served_mae_same_origins']:.3f}"])
    return ["target", "MAE", "seasonal naive MAE", "MASE", "90 % interval coverage",
            "Prophet MAE vs served (same origins)"], rows


__all__ = ["default_source", "train", "generate_data", "summary", "Params", "source_folder",
           "source_in", "with_feedback", "gate_check"]


# ------------------------------------------------ what the platform reads (training/pipelines.py)
DATA_OPTIONS = {"quick": {"full": False}, "full": {"full": True}}
BENCH = ("sensors.json", ("forecast_96h_history_48h",), "POST /sensors/forecast (96 h)")
# The anomaly route fits its detector on the request's own reference (no trained model to
# load): the forecast is the call that scores with the served models.
COLD_START_ROUTE = "/sensors/forecast"


def site_samples(site: Path) -> dict[str, Any]:
    from training.sensors.samples import write

    return write(site)


# `vitrine simulate sensors`: unseen requests and their truths (training/traffic.py).
from training.sensors.traffic import traffic  # noqa: E402, F401
