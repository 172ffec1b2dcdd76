"""Training parameters from text (`vitrine train --set`, SageMaker hyperparameters)."""

from __future__ import annotations

import re

import pytest

from training.params import parse_assignments, with_overrides
from training.secom.pipeline import Params as SecomParams
from training.tep.pipeline import Params as TepParams


def test_values_take_the_type_of_the_default():
    p = with_overrides(SecomParams(), {"select_features": "120", "max_missing": "0.4"})
    assert p.select_features == 120 and p.max_missing == 0.4
    t = with_overrides(TepParams(), {"exclude_faults": "3, 9", "cnn_lr": "1e-3"})
    assert t.exclude_faults == (3, 9) and t.cnn_lr == 0.001


@pytest.mark.parametrize(("overrides", "message"), [
    ({"trees": "5"}, "unknown parameter 'trees'"),
    ({"rf_trees": "many"}, "parameter 'rf_trees': 'many' is not int"),
    ({"max_missing": "nan"}, "parameter 'max_missing': 'nan' is not float"),
    ({"max_missing": "1.5"}, "parameter 'max_missing': 1.5 is not in (0, 1]"),
    ({"select_features": "-1"}, "parameter 'select_features'"),
])
def test_bad_values_name_the_parameter(overrides, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        with_overrides(SecomParams(), overrides)


def test_assignments_need_an_equals_sign():
    assert parse_assignments(["a=1", "b = x=y"]) == {"a": "1", "b": " x=y"}
    with pytest.raises(ValueError, match="--set 'rf_trees': write name=value"):
        parse_assignments(["rf_trees"])
