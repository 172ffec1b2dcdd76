"""Tennessee Eastman's production traffic (``vitrine simulate tep``): hours of plant data
sent to POST /tep/predict.

The windows come from runs simulated here with the scenario's seed, which no split uses
(not from the generated test split, which training reads for its figures): one run per
fault the models know, normal operation included, shaped as the training runs are (25 h,
the fault from hour 1), so that the traffic's states mix as the training profile's do
(short runs, or a plant mostly in normal operation, read as drift against a profile of
mostly faulty windows late after their onset). The runs are cached in
artifacts/simulate/tep/ (one to two minutes of simulation on 2 cores, once per seed). Each
request is one window drawn at random from all runs; its truth is the fault active at its
last sample (0 before the onset), sent as the operator's diagnosis. For a drift scenario,
the second half's windows come from a recalibrated analyser: the reactor feed and purge gas
compositions (xmeas_23 to xmeas_36) read ``OFFSET_SD`` normal-operation standard deviations
high."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from training.traffic import Item, Scenario, Traffic, halves

RUN_HOURS = 25.0  # hours recorded per run (after the warm-up), as in the training runs
ONSET_HOURS = 1.0  # as in the training runs
CACHE = Path("artifacts/simulate/tep")
ANALYSER = tuple(f"xmeas_{i}" for i in range(23, 37))  # reactor feed and purge gas
OFFSET_SD = 3.0


def runs(seed: int) -> tuple[Any, Any]:
    """The simulated runs (Rieth's layout) and their spec, from the cache when there."""
    from training.tep.data import FAULTS, SplitSpec, generate, load
    from training.tep.pipeline import Params

    faults = tuple(f for f in FAULTS if f not in Params().exclude_faults)
    spec = SplitSpec(runs_per_fault=1, hours=RUN_HOURS, onset_hours=ONSET_HOURS,
                     faults=faults, seed=seed)
    path = generate(CACHE, {f"traffic-{seed}": spec})[f"traffic-{seed}"]
    return load(path), spec


def traffic(scenario: Scenario) -> Traffic:
    from functions.contracts.tep import VARIABLES, WINDOW, sliding_windows

    df, spec = runs(scenario.seed)
    windows, truths = [], []
    for (fault, _), g in df.groupby(["faultNumber", "simulationRun"], sort=True):
        values = g[list(VARIABLES)].to_numpy()
        if len(values) < WINDOW:
            continue
        w = sliding_windows(values)
        end = g["sample"].to_numpy()[WINDOW - 1:][:len(w)]
        windows.append(w)
        truths.append(np.where(end >= spec.onset_sample, fault, 0))
    x, y = np.concatenate(windows), np.concatenate(truths)
    normal = df[df["faultNumber"] == 0][list(VARIABLES)].to_numpy()
    offset = np.zeros(len(VARIABLES))
    if scenario.drift:
        for v in ANALYSER:
            j = VARIABLES.index(v)
            offset[j] = OFFSET_SD * normal[:, j].std()
    rng = np.random.default_rng(scenario.seed)
    n_before, n_after = halves(scenario.items)
    picked = rng.choice(len(x), size=n_before + n_after, replace=len(x) < n_before + n_after)
    items = []
    for i, k in enumerate(picked):
        window = x[k] + (offset if i >= n_before else 0.0)
        items.append(Item("/tep/predict",
                          {"samples": [dict(zip(VARIABLES, map(float, row), strict=True))
                                       for row in window]},
                          str(int(y[k]))))
    return Traffic(
        before=items[:n_before], after=items[n_before:],
        made_of=f"{len(items)} one-hour windows of {df.groupby(['faultNumber']).ngroups} "
                f"runs (faults {', '.join(str(f) for f in spec.faults)}) simulated with seed "
                f"{scenario.seed}, which no split uses; the fault at each window's end sent "
                "as feedback",
        shift=(f"after window {n_before}: a recalibrated analyser, {ANALYSER[0]} to "
               f"{ANALYSER[-1]} read {OFFSET_SD:g} normal-operation std high")
        if scenario.drift else "",
        shifted=ANALYSER if scenario.drift else ())
