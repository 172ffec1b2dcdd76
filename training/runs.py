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


def run_key(usecase: str, data_fingerprint: str, params: dict[str, Any]) -> str:
    """Same data and parameters, same key: a finished run with this key is reused."""
    blob = json.dumps({"usecase": usecase, "data": data_fingerprint, "params": params},
                      sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def find_run(usecase: str, key: str, root: Path = RUNS_DIR) -> Path | None:
    for report in sorted((root / usecase).glob("*/report.json"), reverse=True):
        if json.loads(report.read_text()).get("run_key") == key:
            return report.parent
    return None


def latest_run(usecase: str, root: Path = RUNS_DIR) -> Path | None:
    reports = sorted((root / usecase).glob("*/report.json"))
    return reports[-1].parent if reports else None


def new_run_dir(usecase: str, root: Path = RUNS_DIR) -> Path:
    run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = root / usecase / run_id
    (path / "models").mkdir(parents=True)
    return path


def feature_profile(x: np.ndarray, names: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """Per-feature quantiles and missing rate of the training rows, for drift checks."""
    qs = [0.0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0]
    profile: dict[str, Any] = {"quantiles": qs, "rows": int(len(x)), "features": {}}
    for j, name in enumerate(names):
        col = x[:, j].astype(np.float64)
        present = col[~np.isnan(col)]
        profile["features"][name] = {
            "missing": float(1 - len(present) / max(len(col), 1)),
            "q": [float(v) for v in np.quantile(present, qs)] if len(present) else None,
            "mean": float(present.mean()) if len(present) else None,
            "std": float(present.std()) if len(present) else None,
        }
    return profile
