"""SECOM's production traffic (``vitrine simulate secom``): lots from a generator seed no
training used, each sent to POST /secom/predict and its final test's result sent as
feedback; for a drift scenario, a share of the varying sensors shifted after the first half
(a recalibration, a new supplier)."""

from __future__ import annotations

import numpy as np

from training.traffic import Item, Scenario, Traffic, halves

SHIFTED_SHARE = 0.2  # of the varying sensors
SHIFT_SD = 2.0  # in each sensor's standard deviations


def traffic(scenario: Scenario) -> Traffic:
    from functions.contracts.secom import FEATURES
    from training.secom.data import GeneratorSpec, generate

    lots = generate(GeneratorSpec(lots=scenario.items, seed=scenario.seed))
    first, _ = halves(scenario.items)
    shifted: list[str] = []
    if scenario.drift:
        rng = np.random.default_rng(scenario.seed)
        varying = [f for f in FEATURES if lots[f].std() > 0]
        shifted = sorted(rng.choice(varying, int(SHIFTED_SHARE * len(varying)),
                                    replace=False).tolist(), key=int)
        for f in shifted:
            lots.loc[first:, f] = lots.loc[first:, f] + SHIFT_SD * lots[f].std()
    values = lots[list(FEATURES)].to_numpy()
    items = [Item("/secom/predict",
                  {"values": {f: None if np.isnan(v) else float(v)
                              for f, v in zip(FEATURES, row, strict=True)}},
                  "Fail" if label == 1 else "Pass")
             for row, label in zip(values, lots["Pass/Fail"], strict=True)]
    return Traffic(
        before=items[:first], after=items[first:],
        made_of=f"{scenario.items} lots generated with seed {scenario.seed}, which no training "
                "used; each lot's pass/fail sent as feedback",
        shift=(f"{len(shifted)} sensors moved by {SHIFT_SD:g} standard deviations after lot "
               f"{first} (e.g. {', '.join(shifted[:8])})") if shifted else "",
        shifted=tuple(shifted))
