"""Every inconsistent request is answered 422, naming each problem field and the reason."""

from __future__ import annotations

import json

import pytest


def problems(resp) -> dict[str, str]:
    assert resp.status_code == 422, resp.text
    return {p["field"]: p["msg"] for p in resp.json()["detail"]}


def test_a_consistent_request_passes(client, body):
    assert client.post("/predict/patient", json=body).status_code == 200


@pytest.mark.parametrize("vital", ["HR", "O2Sat", "Temp", "SBP", "MAP", "DBP", "Resp"])
def test_missing_required_vital(client, body, vital):
    del body["vitals"][vital]
    assert problems(client.post("/predict/patient", json=body)) == {
        f"vitals.{vital}": "required field is missing"
    }


@pytest.mark.parametrize(
    ("path", "value", "field", "reason"),
    [
        (("vitals", "HR"), "fast", "vitals.HR", "valid number"),
        (("vitals", "HR"), True, "vitals.HR", "valid number"),
        (("vitals", "HR"), 400, "vitals.HR", "outside the plausible range [20, 300] beats/min"),
        (("vitals", "Temp"), 98.6, "vitals.Temp", "outside the plausible range [25, 45] °C"),
        (("vitals", "O2Sat"), 101, "vitals.O2Sat", "outside the plausible range [20, 100] %"),
        (("labs", "SaO2"), 104, "labs.SaO2", "outside the plausible range [10, 100] %"),
        (("labs", "pH"), 9.1, "labs.pH", "outside the plausible range"),
        (("demographics", "Gender"), 2, "demographics.Gender", "0 or 1"),
        (("demographics", "ICULOS"), -1, "demographics.ICULOS", "greater than or equal to 0"),
        (("demographics", "ICULOS"), 3.5, "demographics.ICULOS", "valid integer"),
        (("demographics", "HospAdmTime"), 4, "demographics.HospAdmTime", "[-87600, 0] hours"),
        (("vitals", "Pulse"), 80, "vitals.Pulse", "unknown field"),
        (("comment",), "x", "comment", "unknown field"),
    ],
)
def test_field_errors(client, body, path, value, field, reason):
    target = body
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    found = problems(client.post("/predict/patient", json=body))
    assert field in found and reason in found[field], found


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(client, body, token):
    raw = json.dumps(body).replace('"HR": 112', f'"HR": {token}')
    resp = client.post("/predict/patient", content=raw,
                       headers={"Content-Type": "application/json"})
    assert problems(resp) == {"vitals.HR": "Input should be a finite number"}


def test_pressures_must_be_coherent(client, body):
    body["vitals"].update(SBP=90, DBP=95)
    assert problems(client.post("/predict/patient", json=body)) == {
        "vitals.DBP": "DBP (95) must be below SBP (90)"
    }
    body["vitals"].update(SBP=120, DBP=60, MAP=130)
    assert problems(client.post("/predict/patient", json=body)) == {
        "vitals.MAP": "MAP (130) must lie between DBP (60) and SBP (120)"
    }


def test_history_must_be_in_time_order(client, body):
    body["history"][1]["ICULOS"] = 26
    found = problems(client.post("/predict/patient", json=body))
    assert found == {"history.1.ICULOS": "hour 26 is not after the previous entry's hour 27"}
    body["history"][1]["ICULOS"] = 28
    body["history"][2]["ICULOS"] = 30
    found = problems(client.post("/predict/patient", json=body))
    assert found == {"history.2.ICULOS": "hour 30 is not before the current hour ICULOS=30"}


def test_every_problem_is_named_in_one_answer(client, body):
    """Field errors and cross-field errors come together, not one per round trip."""
    del body["vitals"]["Resp"]
    body["vitals"].update(SBP=90, DBP=95, HR=None)
    body["demographics"]["Gender"] = "M"
    body["history"] = [{"ICULOS": 40}]
    found = problems(client.post("/predict/patient", json=body))
    assert set(found) == {"vitals.Resp", "vitals.HR", "vitals.DBP", "demographics.Gender",
                          "history.0.ICULOS"}


def test_oversized_body(client, body):
    body["history"] = [{"ICULOS": i, "vitals": {"HR": 80}} for i in range(337)]
    body["demographics"]["ICULOS"] = 400
    found = problems(client.post("/predict/patient", json=body))
    assert "history" in found and "at most 336" in found["history"]
    resp = client.post("/predict/patient", content=b"{" + b" " * 300_000 + b"}",
                       headers={"Content-Type": "application/json"})
    assert problems(resp) == {"body": "request body of 300002 bytes is over the 262144-byte limit"}


def test_not_json(client):
    resp = client.post("/predict/patient", content=b"{not json",
                       headers={"Content-Type": "application/json"})
    assert problems(resp)["body"].startswith("body is not valid JSON")


def test_bad_input_is_not_logged(client, body, store):
    body["vitals"]["HR"] = 999
    client.post("/predict/patient", json=body)
    assert store.recent_predictions("sepsis") == []


# ------------------------------------------------------- CSV text (TEP runs, SECOM batches)

CSV_CASES = {
    "plain": "t,a,b,c\n1,1.5,2,3\n2,4,5,6\n",
    "gaps": "t,a,b,c\n1,,,3\n2,4,,\n3,,5,NaN\n",
    "first column empty": "a,b,c\n,2,3\n4,,6\n",
    "crlf and blank lines": "t,a,b,c\r\n1,1,2,3\r\n\r\n2,4,5,6\r\n",
    "quoted time with a comma": 't,a,b,c\n"19/07/2008, 11:55",1,2,3\n"x, y",4,5,6',
    "columns in another order": "c,t,b,a\n3,1,2,1\n6,2,5,4\n",
}


@pytest.mark.parametrize("case", sorted(CSV_CASES))
def test_csv_fast_reader_agrees_with_a_reference_parser(case):
    """csv_matrix reads through numpy's C reader; its values must be what a CSV parser
    reads, gaps as NaN, whatever the line endings, blank lines, quoting or column order."""
    import io

    import numpy as np
    import pandas as pd

    from functions.contracts.base import csv_matrix

    text = CSV_CASES[case]
    expected = pd.read_csv(io.StringIO(text))[["a", "b", "c"]].to_numpy(dtype=np.float64)
    got = csv_matrix(text, ("a", "b", "c"), 1, 10, allow_missing=True)
    np.testing.assert_array_equal(got, expected)


def test_csv_problems_are_still_named_by_line():
    from functions.contracts.base import InvalidInput, csv_matrix

    text = "a,b\n1,2\n\n3,x\n5,inf\n7\n"
    with pytest.raises(InvalidInput) as caught:
        csv_matrix(text, ("a", "b"), 1, 10, allow_missing=True)
    assert [p.msg for p in caught.value.problems] == [
        "line 4: not 2 numbers", "line 5: infinite value", "line 6: not 2 numbers"]
    with pytest.raises(InvalidInput) as caught:  # blank lines do not hide extra rows
        csv_matrix("a\n1\n\n2\n\n3\n", ("a",), 1, 2, allow_missing=True)
    assert caught.value.problems[-1].msg == "more than 2 rows"
    with pytest.raises(InvalidInput) as caught:
        csv_matrix("a,b\n1,\n", ("a", "b"), 1, 10, allow_missing=False)
    assert caught.value.problems[0].msg == "line 2: NaN, empty or infinite value"


MALFORMED = [
    ("empty body", b"", "application/json"),
    ("not JSON", b"{nope", "application/json"),
    ("a JSON array", b"[1, 2]", "application/json"),
    ("a JSON string", b'"x"', "application/json"),
    ("null", b"null", "application/json"),
    ("an empty object", b"{}", "application/json"),
    ("an unknown field", b'{"zzz": 1}', "application/json"),
    ("a form", b"a=1", "application/x-www-form-urlencoded"),
    ("no content type", b"{}", None),
    ("text/plain", b"{}", "text/plain"),
    ("JSON with a charset", b"{}", "application/json; charset=utf-8"),
    ("a vendor JSON type", b"{}", "application/vnd.api+json"),
]


def test_prediction_routes_name_body_problems_as_fastapis_body_parameter_does(settings,
                                                                              store, keys):
    """The prediction routes parse and validate their body themselves (the hot path, no
    dependency solver): on every malformed body, each of them answers what a FastAPI route
    with the same body parameter answers, through the same error handler. Only the text of
    a JSON parse error differs (pydantic's parser words it, with its position)."""
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from functions.app import _add_error_handlers, create_app

    every = settings.model_copy(update={"usecases": []})  # the whole catalog, no model needed
    app = create_app(every, store=store, warm=False)
    reference = FastAPI()
    _add_error_handlers(reference)
    reference.state.endpoints = app.state.endpoints
    # Not the Open Inference Protocol's infer routes: they read a body sent without a JSON
    # Content-Type (v2 clients send none), where FastAPI's body parameter refuses it.
    endpoints = [e for uc in app.state.services.usecases for e in uc.endpoints
                 if not e.any_content_type]
    for endpoint in endpoints:
        def make(model):
            async def route(body) -> dict:
                return {}
            route.__annotations__ = {"body": model, "return": dict}  # (postponed annotations)
            return route
        reference.add_api_route(endpoint.path, make(endpoint.request), methods=["POST"])
    ours, theirs = TestClient(app), TestClient(reference)
    compared = 0
    for endpoint in endpoints:
        for name, raw, content_type in MALFORMED:
            headers = {"X-API-Key": keys["predictor"]}
            if content_type:
                headers["Content-Type"] = content_type
            a = ours.post(endpoint.path, content=raw, headers=headers)
            b = theirs.post(endpoint.path, content=raw, headers=headers)
            if b.status_code == 200:  # a valid body here (every field optional): ours goes
                # on to the contract's cross-field check, then to the model (none loaded).
                checked = endpoint.check(json.loads(raw))
                assert a.status_code == (422 if checked else 503), (endpoint.path, name)
            elif name == "not JSON":
                assert [p["msg"].split(" (")[0] for p in a.json()["detail"]] == \
                    ["body is not valid JSON"], endpoint.path
            else:
                assert (a.status_code, a.json()) == (b.status_code, b.json()), \
                    (endpoint.path, name)
            compared += 1
    assert compared == len(endpoints) * len(MALFORMED) and len(endpoints) >= 10
