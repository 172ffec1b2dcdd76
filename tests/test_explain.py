"""Explanations by occlusion: one graph call, effects that the graph itself confirms."""

from __future__ import annotations

import numpy as np
import pytest

from functions.explain import medians, occlusion

LEVELS = [round(i / 50, 2) for i in range(51)]


class Linear:
    """A logistic model over three inputs, counting its calls."""

    labels = ["no", "yes"]

    def __init__(self, medians_: list[float | None]):
        self.calls = 0
        self.manifest = {"profile": {"quantiles": LEVELS, "features": {
            name: ({"q": [m] * 51} if m is not None else {"q": None})
            for name, m in zip("abc", medians_, strict=True)}}}

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        self.calls += 1
        z = x @ np.array([2.0, -1.0, 0.5])
        p = 1 / (1 + np.exp(-z))
        return np.stack([1 - p, p], axis=1)


def test_effects_are_the_drop_in_probability_largest_first_in_one_call():
    model = Linear([0.0, 0.0, None])
    x = np.array([[1.0, 0.0, 3.0]])  # b sits at its median; c has no median
    out = occlusion(model, x, ["a", "b", "c"], label=1)
    assert model.calls == 1  # the request's row and every variant in one call
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    p0 = sig(2.0 + 1.5)
    assert out["probability"] == pytest.approx(p0)
    assert [e["feature"] for e in out["top"]] == ["a"]  # b cannot move it, c has no baseline
    assert out["top"][0]["effect"] == pytest.approx(p0 - sig(1.5))
    assert out["top"][0] == {"feature": "a", "value": 1.0, "baseline": 0.0,
                             "effect": pytest.approx(p0 - sig(1.5))}
    assert out["output"] == "yes"


def test_an_input_against_the_answer_has_a_negative_effect_and_ranks_by_size():
    model = Linear([0.0, 0.0, 0.0])
    out = occlusion(model, np.array([[0.1, 3.0, 0.2]]), ["a", "b", "c"], label=1)
    effects = {e["feature"]: e["effect"] for e in out["top"]}
    assert effects["b"] < 0 < effects["a"]  # b (weight -1) argued against "yes"
    assert [e["feature"] for e in out["top"]] == ["b", "a", "c"]
    assert occlusion(model, np.array([[0.1, 3.0, 0.2]]), list("abc"), 1, top=1)["top"][0][
        "feature"] == "b"


def test_a_group_is_set_to_its_baselines_together():
    model = Linear([0.0, 0.0, 0.0])
    x = np.array([[1.0, 2.0, 4.0]])
    out = occlusion(model, x, list("abc"), label=1, groups={"ab": [0, 1], "c": [2]})
    assert model.calls == 1
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    effects = {e["feature"]: e for e in out["top"]}
    assert effects["ab"]["effect"] == pytest.approx(sig(2.0) - sig(2.0))  # 2a - b = 0 anyway
    assert effects["c"]["effect"] == pytest.approx(sig(2.0) - sig(0.0))
    assert effects["ab"]["inputs"] == ["a", "b"] and out["method"] == "occlusion by group"


def test_missing_values_are_shown_as_null_and_set_to_the_median():
    model = Linear([1.0, 0.0, 0.0])
    out = occlusion(model, np.array([[np.nan, 0.0, 0.0]]), list("abc"), label=1)
    [a] = out["top"]
    assert a["value"] is None and a["baseline"] == 1.0


def test_a_profile_without_a_median_is_refused():
    with pytest.raises(ValueError, match="median"):
        medians({"profile": {"quantiles": [0.0, 1.0], "features": {}}}, ["a"])


def test_sepsis_explains_the_risk_it_answers_and_the_graph_agrees(client, body):
    from functions.contracts.sepsis import (
        FEATURE_NAMES,
        PatientRequest,
        patient_features,
        request_rows,
    )

    plain = client.post("/predict/patient", json=body).json()
    assert plain["explanation"] is None  # only when asked
    answer = client.post("/predict/patient", json={**body, "explain": True}).json()
    exp = answer["explanation"]
    assert exp["method"] == "occlusion" and exp["output"] == "Positive"
    assert exp["probability"] == pytest.approx(answer["probability"])
    assert 0 < len(exp["top"]) <= 10
    sizes = [abs(e["effect"]) for e in exp["top"]]
    assert sizes == sorted(sizes, reverse=True)
    # Each effect is what the served graph says when that one input is at its baseline.
    model = client.app.state.services.models.get("sepsis")
    x = patient_features(*request_rows(PatientRequest.model_validate(body)), last_only=True)
    base = medians(model.manifest, FEATURE_NAMES)
    for e in exp["top"]:
        j = FEATURE_NAMES.index(e["feature"])
        assert e["baseline"] == pytest.approx(base[j])
        varied = x.copy()
        varied[0, j] = base[j]
        p = model.predict_proba(np.vstack([x, varied]))[:, 1]
        assert e["effect"] == pytest.approx(p[0] - p[1], abs=1e-6)
    assert client.post("/predict/patient", json={**body, "explain": "yes"}).status_code == 422


def test_permutation_importance_finds_the_one_input_a_model_reads(tmp_path):
    """Global importance (training/plots.py): shuffling the input a stump splits on costs
    AUROC; shuffling any other costs exactly nothing; batched calls change no figure."""
    from sklearn.tree import DecisionTreeClassifier

    from training.plots import permutation_importance

    rng = np.random.default_rng(0)
    x = rng.normal(size=(600, 5))
    y = (x[:, 2] > 0).astype(int)
    stump = DecisionTreeClassifier(max_depth=1, random_state=0).fit(x, y)
    names = [f"f{j}" for j in range(5)]
    one = permutation_importance(stump, x, y, names, "roc_auc", tmp_path, seed=3, top=5)
    small = permutation_importance(stump, x, y, names, "roc_auc", tmp_path, seed=3, top=5,
                                   batch_rows=600)  # one column a call
    assert one["top"][0]["feature"] == "f2" and one["top"][0]["mean"] > 0.3
    assert all(t["mean"] == 0 for t in one["top"][1:])
    assert one["top"] == small["top"] and one["baseline_score"] == 1.0
    assert (tmp_path / "importance.png").read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(ValueError, match="scoring"):
        permutation_importance(stump, x, y, names, "r2", tmp_path, seed=3)


def test_grouped_permutation_importance_shuffles_a_sensors_statistics_together(tmp_path):
    """Two near-copies of one sensor's reading (its window's mean and last value, say): a
    model that reads both loses part when one alone is shuffled (the other stands in), all
    when the sensor's group is."""
    from sklearn.linear_model import LogisticRegression

    from training.plots import permutation_importance

    rng = np.random.default_rng(1)
    s = rng.normal(size=800)
    x = np.c_[s, s + rng.normal(scale=0.01, size=800), rng.normal(size=(800, 2))]
    y = (s > 0).astype(int)
    model = LogisticRegression().fit(x, y)
    names = ["a_mean", "a_last", "b_mean", "b_last"]
    alone = permutation_importance(model, x, y, names, "roc_auc", tmp_path, seed=3)
    grouped = permutation_importance(model, x, y, names, "roc_auc", tmp_path, seed=3,
                                     groups={"a": [0, 1], "b": [2, 3]})
    assert [t["feature"] for t in grouped["top"]] == ["a", "b"]
    assert grouped["top"][0]["mean"] > 0.4 and abs(grouped["top"][1]["mean"]) < 0.02
    assert grouped["top"][0]["mean"] > 2 * max(t["mean"] for t in alone["top"])
