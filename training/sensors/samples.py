"""The sensors page's samples (``vitrine site``): the generated wells a caller can upload,
and the served detector's SKAB figures when the benchmark's files are beside the
repository."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SKAB = Path("../shared/data/skab")
SITE_CSV = Path("data/generated/sensors/site.csv")


def sensor_wells(site_csv: Path, site: Path, days: int = 60) -> list[dict[str, Any]]:
    """The sensors page's wells: the last ``days`` of each generated well, in the layout a
    caller uploads, with the labelled faults they hold."""
    import pandas as pd

    out = site / "samples" / "sensors"
    out.mkdir(parents=True, exist_ok=True)
    df = pd.read_csv(site_csv)
    index = []
    for well, g in df.groupby("well", sort=True):
        tail = g.tail(days * 24)
        name = f"{well}.csv"
        tail.to_csv(out / name, index=False)
        faults = sorted(set(tail["anomaly_type"].dropna()) - {""})
        index.append({"file": f"samples/sensors/{name}", "well": str(well),
                      "hours": len(tail), "faults": faults})
    (out / "index.json").write_text(json.dumps(index, indent=2))
    return index


def skab_figures(site: Path, folder: Path = SKAB) -> dict[str, Any] | None:
    """The served detector's SKAB figures beside the published table, when the benchmark's
    files are beside the repository (they are read, never copied)."""
    if not folder.is_dir():
        return None
    from training.sensors import skab

    result = skab.report(folder, cv=True)
    keep = {k: {m: v[m] for m in ("f1", "far", "mar", "nab")}
            for k, v in result["detectors"].items()}
    # The headline: settings chosen inside each fold, scored on the left-out experiment.
    est = result["cv"]["t2"]["estimate"]
    figures = {"experiments": result["experiments"], "detectors": keep,
               "loeo": {m: est[m] for m in ("f1", "far", "mar", "nab")},
               "published": result["published"]}
    target = site / "samples" / "sensors-skab.json"
    target.write_text(json.dumps(figures, indent=2))
    return figures



def write(site: Path) -> dict[str, Any]:
    if SITE_CSV.exists():
        wells = sensor_wells(SITE_CSV, site)
    else:
        (site / "samples" / "sensors").mkdir(parents=True, exist_ok=True)
        (site / "samples" / "sensors" / "index.json").write_text("[]")
        wells = []
    return {"wells": wells, "skab": skab_figures(site),
            **({} if wells else {"missing": "run `vitrine data sensors` for the wells"})}
