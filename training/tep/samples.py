"""The TEP page's preloaded runs (``vitrine site``): a few whole test runs as CSV, in the
timeline route's layout, with their true fault and onset, from the simulated test split
``vitrine data tep`` writes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

SCENARIO_FAULTS = (0, 1, 4, 6, 13)  # normal, steps, a trip, a slow drift
TEST_CSV = Path("data/generated/tep/test.csv")


def scenarios(test_csv: Path, site: Path, onset_sample: int | None = None,
              faults: tuple[int, ...] = SCENARIO_FAULTS) -> list[dict[str, Any]]:
    """One run per fault from a TEP split in Rieth's layout -> scenarios/*.csv + index.json."""
    import pandas as pd

    from functions.contracts.tep import FAULT_NAMES, MAX_RUN_SAMPLES, VARIABLES
    from training.tep.data import TEST, SplitSpec

    if onset_sample is None:  # the split's own onset, from the stamp `vitrine data tep` wrote
        stamp = test_csv.parent / f".{test_csv.stem}.spec.json"
        spec = SplitSpec(**{**json.loads(stamp.read_text()), "faults": ()}) \
            if stamp.exists() else TEST
        onset_sample = spec.onset_sample
    df = pd.read_csv(test_csv)
    out = site / "scenarios"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    index = []
    for fault in faults:
        runs = df[df["faultNumber"] == fault]
        if runs.empty:
            continue
        run = runs[runs["simulationRun"] == runs["simulationRun"].min()].head(MAX_RUN_SAMPLES)
        name = f"tep-fault-{fault}.csv"
        run[list(VARIABLES)].to_csv(out / name, index=False, float_format="%.6g")
        index.append({"file": f"scenarios/{name}", "fault": fault,
                      "fault_name": FAULT_NAMES[fault], "samples": len(run),
                      "onset_sample": None if fault == 0 else onset_sample})
    (out / "index.json").write_text(json.dumps(index, indent=2))
    return index



def write(site: Path) -> dict[str, Any]:
    if TEST_CSV.exists():
        return {"scenarios": scenarios(TEST_CSV, site)}
    (site / "scenarios").mkdir(parents=True, exist_ok=True)
    (site / "scenarios" / "index.json").write_text("[]")
    return {"scenarios": [], "missing": "run `vitrine data tep` for the TEP page's runs"}
