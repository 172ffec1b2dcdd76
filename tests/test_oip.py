"""The Open Inference Protocol v2 (issue 23 §4), spoken by a real v2 client (Triton's
tritonclient[http]) to the local server over HTTP: health, metadata, readiness, infer on
the production version and on a named one, with the native route's key, validation,
logging and monitoring."""

from __future__ import annotations

import json

import numpy as np
import pytest

httpclient = pytest.importorskip("tritonclient.http")
from tritonclient.utils import InferenceServerException  # noqa: E402

from functions.auth import create_key  # noqa: E402


@pytest.fixture(scope="module")
def server(published_registry, tmp_path_factory):
    """sepsis, served on a local port (uvicorn in a thread), with a predictor key."""
    import shutil

    from functions.settings import Settings
    from functions.stores.sqlite import SQLiteStore
    from vitrine.simulate import local_server

    root = tmp_path_factory.mktemp("oip")
    registry = shutil.copytree(published_registry, root / "registry")
    settings = Settings(registry_dir=registry, sqlite_path=root / "v.db", usecases=["sepsis"],
                        monitor_interval_s=0)
    store = SQLiteStore(settings.sqlite_path)
    keys = {r: create_key(store, r, f"oip-{r}")[0] for r in ("predictor", "reviewer")}
    base, stop = local_server(settings)
    yield {"url": base.removeprefix("http://"), "keys": keys, "store": store}
    stop()


def _client(server, role="predictor"):
    return httpclient.InferenceServerClient(url=server["url"])


def _headers(server, role="predictor"):
    return {"X-API-Key": server["keys"][role]}


def _features(patient_body):
    """The sepsis model's 146 inputs for the patient, as the native route computes them."""
    from functions.contracts.sepsis import (
        USECASE,
        PatientRequest,
        patient_features,
        request_rows,
    )

    meas, demo = request_rows(PatientRequest.model_validate(patient_body))
    return USECASE, patient_features(meas, demo, last_only=True)[0]


def test_health_and_metadata_through_a_v2_client(server):
    client = _client(server)
    assert client.is_server_live() and client.is_server_ready()
    with pytest.raises(InferenceServerException):
        client.get_model_metadata("sepsis")  # no key: refused, as the native route
    meta = client.get_model_metadata("sepsis", headers=_headers(server))
    assert meta["name"] == "sepsis" and meta["platform"] == "onnxruntime_onnx"
    [tensor] = meta["inputs"]
    assert tensor["shape"] == [-1, 146] and len(tensor["parameters"]["feature_names"]) == 146
    assert client.is_model_ready("sepsis", headers=_headers(server))
    assert client.is_model_ready("sepsis", meta["versions"][0], headers=_headers(server))
    assert not client.is_model_ready("sepsis", "19990101-nope", headers=_headers(server))


def test_infer_answers_as_the_native_route_and_is_logged(server, patient_body):
    import urllib.request

    uc, x = _features(patient_body)
    x = np.asarray(x, dtype=np.float32).reshape(1, -1)
    tensor = httpclient.InferInput("input", list(x.shape), "FP32")
    tensor.set_data_from_numpy(x, binary_data=False)
    client = _client(server)
    result = client.infer("sepsis", [tensor], headers=_headers(server),
                          outputs=[httpclient.InferRequestedOutput("probabilities",
                                                                   binary_data=False),
                                   httpclient.InferRequestedOutput("label",
                                                                   binary_data=False)])
    p = result.as_numpy("probabilities")
    assert p.shape == (1, 2) and abs(p.sum() - 1) < 1e-6
    native = urllib.request.Request(
        f"http://{server['url']}/predict/patient", data=json.dumps(patient_body).encode(),
        headers={**_headers(server), "Content-Type": "application/json"})
    answer = json.loads(urllib.request.urlopen(native).read())
    assert abs(p[0, 1] - answer["probability"]) < 1e-6
    label = result.as_numpy("label")[0, 0]
    assert (label.decode() if isinstance(label, bytes) else label) == answer["prediction"]
    response = result.get_response()
    logged = server["store"].get_prediction("sepsis", response["prediction_id"])
    assert logged is not None and logged.endpoint == "/v2/models/sepsis/infer"
    # On the production version named: the same; another version: not found.
    version = response["model_version"]
    again = client.infer("sepsis", [tensor], model_version=version, headers=_headers(server))
    assert np.allclose(again.as_numpy("probabilities"), p)
    with pytest.raises(InferenceServerException, match="serves version"):
        client.infer("sepsis", [tensor], model_version="19990101-nope",
                     headers=_headers(server))


@pytest.mark.parametrize(("shape", "datatype", "data", "words"), [
    ([1, 145], "FP32", [0.0] * 145, "[rows, 146]"),
    ([1, 146], "INT8", [0] * 146, "FP32"),
    ([2, 146], "FP32", [0.0] * 146, "values for shape"),
    ([1, 146], "FP32", [1e400] + [0.0] * 145, "finite"),
])
def test_a_wrong_tensor_is_refused_naming_the_field(server, shape, datatype, data, words):
    import urllib.error
    import urllib.request

    body = {"inputs": [{"name": "input", "shape": shape, "datatype": datatype,
                        "data": data}]}
    request = urllib.request.Request(
        f"http://{server['url']}/v2/models/sepsis/infer",
        data=json.dumps(body).replace("Infinity", "1e400").encode(),
        headers={**_headers(server), "Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(request)
    assert exc.value.code == 422
    answer = json.loads(exc.value.read())
    assert words in answer["error"] and answer["detail"][0]["field"].startswith("inputs.0")


def test_monitoring_reads_the_tensor_route(server, patient_body):
    import urllib.request

    uc, x = _features(patient_body)
    client = _client(server)
    for _ in range(3):
        t = httpclient.InferInput("input", [1, len(x)], "FP32")
        t.set_data_from_numpy(np.asarray(x, dtype=np.float32).reshape(1, -1),
                              binary_data=False)
        client.infer("sepsis", [t], headers=_headers(server))
    request = urllib.request.Request(f"http://{server['url']}/sepsis/monitoring",
                                     headers=_headers(server, "reviewer"))
    report = json.loads(urllib.request.urlopen(request).read())
    assert report["window"]["rows"] >= 3 and report["window"]["skipped"]["not_monitored"] == 0
