"""Training runs on disk: one folder per run with models, held-out rows and a report.

    artifacts/runs/<usecase>/<run_id>/report.json   provenance, parameters, metrics, profile
    artifacts/runs/<usecase>/<run_id>/models/<name>.joblib
    artifacts/runs/<usecase>/<run_id>/holdout.npz   held-out rows for the parity certificate
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

RUNS_DIR = Path("artifacts/runs")
LIBRARIES = ("numpy", "pandas", "scikit-learn", "xgboost-cpu", "skl2onnx", "onnxmltools",
             "onnx", "onnxruntime")


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True,
                             check=True, timeout=5).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=5).stdout.strip()
        return out + ("-dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def library_versions() -> dict[str, str]:
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return versions


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def folder_fingerprint(folder: Path) -> str:
    """sha256 over a data folder's file names and bytes (dotfiles, our stamps, excluded)."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
        h.update(path.relative_to(folder).as_posix().encode())
        h.update(file_sha256(path).encode())
    return h.hexdigest()


# Bumped when the training profile's layout changes: runs made before lack what drift
# monitoring reads, so they must not be reused.
PROFILE_VERSION = 2


def run_key(usecase: str, data_fingerprint: str, params: dict[str, Any]) -> str:
    """Same data and parameters, same key: a finished run with this key is reused."""
    blob = json.dumps({"usecase": usecase, "data": data_fingerprint, "params": params,
                       "profile": PROFILE_VERSION}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def find_run(usecase: str, key: str, root: Path = RUNS_DIR) -> Path | None:
    for report in sorted((root / usecase).glob("*/report.json"), reverse=True):
        if json.loads(report.read_text()).get("run_key") == key:
            return report.parent
    return None


def latest_run(usecase: str, root: Path = RUNS_DIR) -> Path | None:
    reports = sorted((root / usecase).glob("*/report.json"))
    return reports[-1].parent if reports else None


def published_run(usecase: str, manifest: dict[str, Any], root: Path = RUNS_DIR
                  ) -> Path | None:
    """The run a published version came from (its manifest's ``run_id``), if still here:
    what a comparison with the served graph must load, not merely the latest run."""
    run = root / usecase / str(manifest.get("run_id"))
    return run if (run / "report.json").exists() else None


def new_run_dir(usecase: str, root: Path = RUNS_DIR) -> Path:
    run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = root / usecase / run_id
    (path / "models").mkdir(parents=True)
    return path


CDF_POINTS = 51  # quantile levels kept per feature: the KS test's reference CDF (2 % steps)


def _sig(v: float) -> float:
    return float(f"{v:.6g}")


def provenance(usecase: str, run: Path, key: str, params: Any, primary: str,
               **libraries: str) -> dict[str, Any]:
    """The fields every run report opens with: what ran, when, from which code and
    libraries (``libraries``: versions beyond the common set, e.g. torch), with which
    parameters (a dataclass), and the model that heads ``vitrine runs``."""
    from dataclasses import asdict
    from datetime import UTC, datetime

    return {"usecase": usecase, "run_id": run.name, "run_key": key,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "git_commit": git_commit(), "libraries": {**library_versions(), **libraries},
            "params": asdict(params), "primary": primary}


def finish(run: Path, report: dict[str, Any]) -> None:
    """Write the run's report and track it in MLflow (training/tracking.py)."""
    from training.tracking import log_training_run

    (run / "report.json").write_text(json.dumps(report, indent=2))
    if mlflow_id := log_training_run(run, report):
        report["mlflow_run_id"] = mlflow_id
        (run / "report.json").write_text(json.dumps(report, indent=2))


def feature_profile(x: np.ndarray, names: tuple[str, ...] | list[str],
                    labels: list[str] | None = None) -> dict[str, Any]:
    """What drift monitoring compares live inputs with (functions/monitoring.py), per feature:
    the missing rate, quantiles (the KS reference CDF), and an exact decile histogram (PSI).

    The histogram is counted on the training rows themselves rather than read off the
    quantiles: with ties (counts, flags, constant sensors) quantiles misstate the mass.
    ``labels``: the training rows' labels, whose shares the class balance is checked against.
    """
    levels = np.linspace(0, 1, CDF_POINTS)
    profile: dict[str, Any] = {"quantiles": [_sig(q) for q in levels], "rows": int(len(x)),
                               "features": {}}
    if labels is not None:
        names_, counts = np.unique(np.asarray(labels), return_counts=True)
        profile["label_shares"] = {str(n): float(c / len(labels))
                                   for n, c in zip(names_, counts, strict=True)}
    for j, name in enumerate(names):
        col = x[:, j].astype(np.float64)
        present = col[~np.isnan(col)]
        entry: dict[str, Any] = {"missing": float(1 - len(present) / max(len(col), 1)),
                                 "q": None, "mean": None, "std": None, "hist": None}
        if len(present):
            edges = np.unique(np.quantile(present, np.linspace(0.1, 0.9, 9)))
            counts = np.bincount(np.searchsorted(edges, present, side="left"),
                                 minlength=len(edges) + 1)
            entry.update(
                q=[_sig(v) for v in np.quantile(present, levels)],
                mean=float(present.mean()), std=float(present.std()),
                hist={"edges": [float(e) for e in edges],
                      "p": [float(c / len(present)) for c in counts]},
            )
        profile["features"][name] = entry
    return profile


def declare(family: str, model: str, native: str, converter: str, *,
            input: dict[str, Any], certify: dict[str, str], input_schema: dict[str, Any],
            labels: list[str], classes: list[Any], metrics: dict[str, Any],
            threshold: float | None = None, default: bool = True, profile: bool = False,
            manifest: dict[str, Any] | None = None, onnx: str | None = None,
            task: str = "classification") -> dict[str, Any]:
    """One model a run produces, as ``model_export.export`` publishes it.

    family     the registry family it is served as (``sepsis``, ``tep_dl``...)
    native     its file in the run folder; ``converter`` says what it is:
               "sklearn" (joblib pipeline), "torch" (TorchScript, probabilities out) or
               "onnx" (a graph made in training: ``onnx`` names it, and ``certify``
               names the recorded native outputs as ``expected``)
    input      {"dtype": "float32", "shape": [...per row]} or {"dtype": "string"}
    certify    {"file": "holdout.npz", "x": key, "y": key}: held-out rows for the parity
               certificate and the quality gate, with their labels
    classes    the label value of each probability column (the gate reads ``y`` in them)
    default    published by a plain ``vitrine export``; others only when named
    profile    the manifest carries the run's training profile (drift monitoring)
    manifest   more fields the serving contract reads (TEP's input ranges and window)
    task       "classification" (probabilities out, one column per class) or "regression"
               (values out: labels name the output columns, classes are empty)
    """
    return {"family": family, "model": model, "native": native, "converter": converter,
            "onnx": onnx, "input": input, "certify": certify, "input_schema": input_schema,
            "labels": labels, "classes": classes, "metrics": metrics, "threshold": threshold,
            "default": default, "profile": profile, "manifest": manifest or {}, "task": task}


# --------------------------------------------------------------- feedback without leaks

_NAN = -1.2345e308  # NaN's stand-in in item keys: NaN payloads differ, this does not


def item_key(values: Any) -> bytes:
    """The identity of one item (a lot, a window, a patient-hour) from its values, rounded
    to 6 decimals as logs and CSV files keep them."""
    a = np.round(np.asarray(values, dtype=np.float64), 6)
    return hashlib.sha1(np.where(np.isnan(a), _NAN, a).tobytes()).digest()


def latest_per_item(items: list[tuple[Any, dict[str, Any], Any]]) -> list[tuple[Any, Any]]:
    """(key, example, payload) per labelled prediction -> (payload, label) once per item,
    the latest label winning: the same lot replayed three times is one lot, not three that
    land in both the training and the held-out rows."""
    chosen: dict[Any, tuple[Any, Any]] = {}
    for key, ex, payload in sorted(items, key=lambda t: (t[1].get("labelled_at") or "",
                                                          t[1].get("created_at") or "")):
        chosen.pop(key, None)  # re-insert: the latest label, in its time order
        chosen[key] = (payload, ex["label"])
    return list(chosen.values())
