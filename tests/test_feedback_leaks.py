"""Feedback cannot fool the gate: each item labelled once (the latest label wins), and no
held-out item joins the training rows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from training import runs


def ex(label: str, at: str) -> dict:
    return {"label": label, "labelled_at": at, "created_at": at}


def test_one_label_per_item_the_latest_wins():
    items = [(b"a", ex("Pass", "2026-01-01T00:00:03"), "lot a"),
             (b"b", ex("Fail", "2026-01-01T00:00:02"), "lot b"),
             (b"a", ex("Fail", "2026-01-01T00:00:01"), "lot a")]
    assert runs.latest_per_item(items) == [("lot b", "Fail"), ("lot a", "Pass")]
    # Keys see through float noise from JSON round trips, and NaN is NaN.
    assert runs.item_key([1.0, np.nan, 0.1 + 0.2]) == runs.item_key([1.0, np.nan, 0.3])
    assert runs.item_key([1.0, 2.0]) != runs.item_key([1.0, 2.000002])


def test_secom_feedback_replayed_three_times_is_one_lot_and_never_both_sides(tmp_path):
    from training.secom.data import FEATURES, GeneratorSpec, generate
    from training.secom.pipeline import chronological_split, one_per_lot, with_feedback

    source = tmp_path / "secom.csv"
    data = generate(GeneratorSpec(lots=400, seed=3))
    data.to_csv(source, index=False, float_format="%.6g")
    unseen = generate(GeneratorSpec(lots=30, seed=99))
    examples = []
    for replay in range(3):  # `vitrine simulate secom` run three times on the same lots
        for i, row in unseen.iterrows():
            values = {f: None if np.isnan(v) else float(v)
                      for f, v in zip(FEATURES, row[list(FEATURES)], strict=True)}
            label = "Fail" if row["Pass/Fail"] == 1 else "Pass"
            at = f"2026-12-0{replay + 1}T00:00:{i:02d}+00:00"
            examples.append({"endpoint": "/secom/predict", "inputs": {"values": values},
                             "output": {"prediction": "Pass"}, "label": label,
                             "created_at": at, "labelled_at": at})
    merged, used = with_feedback(source, examples, tmp_path)
    assert used == 30
    df = one_per_lot(pd.read_csv(merged))
    split = chronological_split(df)
    keys = np.array([runs.item_key(r) for r in df[list(FEATURES)].to_numpy(dtype=np.float64)])
    assert len(set(keys)) == len(keys)
    assert not set(keys[split["train"]]) & set(keys[split["test"] | split["val"]])


def test_sepsis_leaves_out_feedback_on_held_out_hours(tmp_path):
    from training.sepsis.pipeline import FEEDBACK_FILE, add_feedback_rows

    x = np.arange(40, dtype=np.float64).reshape(10, 4)
    y = np.zeros(10, dtype=np.int8)
    patients = np.array([f"p{i}" for i in range(10)])
    split = {"train": np.arange(10) < 6, "val": np.arange(10) == 6, "test": np.arange(10) > 6}
    np.savez_compressed(tmp_path / FEEDBACK_FILE, x=np.vstack([x[8], x[1] + 100]),
                        y=np.array([1, 1], dtype=np.int8))
    _, _, _, split2, added = add_feedback_rows(tmp_path, x, y, patients, split)
    assert added == 1 and split2["train"].sum() == 7  # the test hour x[8] was left out
