"""No caller reaches a file outside the stores: every key a request names (batch rows,
batch CSV, image_prefix, s3_key, catalog jobs) is checked by one rule
(functions/edges.py), and the stores refuse a path that leaves their root themselves."""

from __future__ import annotations

import os

import pytest

from functions.edges import key_problem
from functions.errors import InvalidInput
from functions.registry import BlobTooLarge, KeyRefused, LocalBlobStore, RegistryError
from tests.security.conftest import OpenWatch, no_leak, outside_the_stores

ATTACKS = ["{outside}/x.png", "/tmp/x.png", "../../../../../../../../tmp/x.png",
           "in/../../../../../../../../{outside}/x.png", "in/photos/../../../outside/x.png",
           "in/./photos/ok.png", "in//photos/ok.png", "in/photos/ok.png\x00.png",
           "in\\..\\..\\x.png", "in/.tmp-x.png", "C:/x.png", "/dev/zero", "in/photos/"]


def _keys(world) -> list[str]:
    return [a.format(outside=world["outside"]) for a in ATTACKS]


def test_the_one_rule_refuses_every_attack_and_keeps_real_keys(world):
    for key in _keys(world):
        assert key_problem(key, (".png",)) is not None, key
    for good in ("in/photos/ok.png", "in/a-b_c.d/image_1263597046_product_3804725264.jpg",
                 "in/x.PNG"):
        assert key_problem(good, (".png", ".jpg")) is None, good
    assert key_problem("in/images/", prefix=True) is None
    assert key_problem("in/../", prefix=True) is not None
    assert key_problem("in/" + "a/" * 300 + "x.png") is not None  # over 512 characters


@pytest.mark.parametrize("where", ["rows", "csv"])
def test_rakuten_batch_keys_that_leave_the_store_are_422_and_nothing_is_opened(world, where):
    client = world["client"]
    for key in _keys(world):
        if where == "rows":
            body = {"rows": [{"designation": "Livre", "image_key": key}]}
        else:
            body = {"csv": f"designation,image_key\nLivre,\"{key}\"\n"}
        with OpenWatch.watching() as opened:
            r = client.post("/rakuten/predict/batch", json=body)
        assert r.status_code == 422, (key, r.text)
        problem = r.json()["detail"][0]
        assert problem["field"] in ("rows.0.image_key", "csv"), problem
        no_leak(r.text.replace(key.replace("\\", "\\\\"), ""), world)
        assert not outside_the_stores(opened, world), (key, opened)


def test_a_csv_line_names_its_row_and_rule(world):
    r = world["client"].post("/rakuten/predict/batch", json={
        "csv": "designation,image_key\nLivre,in/photos/ok.png\nBD,/tmp/x.png\n"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["msg"].startswith("row 2: image_key an absolute path")


def test_image_prefix_and_the_challenge_layout_cannot_climb_out(world):
    client = world["client"]
    layout = "designation,productid,imageid\nLivre,1,2\n"
    for prefix in ("in/../../", "/tmp/", "in/photos"):  # the last: no trailing slash
        r = client.post("/rakuten/predict/batch", json={"csv": layout,
                                                         "image_prefix": prefix})
        assert r.status_code == 422 and r.json()["detail"][0]["field"] == "image_prefix"
    # A productid that smuggles a path into the built key.
    r = client.post("/rakuten/predict/batch", json={
        "csv": "designation,productid,imageid\nLivre,../../../x,2\n", "image_prefix": "in/"})
    assert r.status_code == 422 and "row 1: image_key" in r.text


def test_good_keys_still_read_their_photo(world):
    r = world["client"].post("/rakuten/predict/batch", json={
        "rows": [{"designation": "Livre de poche", "image_key": "in/photos/ok.png"}]})
    assert r.status_code == 200, r.text
    item = r.json()["items"][0]
    assert item["inputs_used"] == "both" and item["warning"] is None


def test_a_link_inside_the_store_that_points_out_is_not_followed(world):
    link = world["batch"] / "in" / "photos" / "link.png"
    for target in (world["outside"] / "x.png", "/dev/zero"):
        link.unlink(missing_ok=True)
        os.symlink(target, link)
        with OpenWatch.watching() as opened:
            r = world["client"].post("/rakuten/predict/batch", json={
                "rows": [{"designation": "Livre", "image_key": "in/photos/link.png"}]})
        assert r.status_code == 200  # answered from the text, with a warning
        item = r.json()["items"][0]
        assert item["inputs_used"] == "text" and "not found" in item["warning"]
        assert not outside_the_stores(opened, world), opened
    link.unlink()


def test_secom_s3_key_cannot_leave_the_store_even_once_in_exists(world):
    client = world["client"]
    assert (world["batch"] / "in").is_dir()  # the case the issue found still open
    written = set((world["batch"] / "out").rglob("*"))
    for key in ("in/../../../../tmp/x.csv", "in/../../outside/x.csv",
                str(world["outside"] / "x.csv"), "in/lots.csv/../../outside/x.csv"):
        with OpenWatch.watching() as opened:
            r = client.post("/secom/predict/batch", json={"s3_key": key})
        assert r.status_code == 422, (key, r.text)
        assert r.json()["detail"][0]["field"] == "s3_key"
        no_leak(r.text.replace(key, ""), world)
        assert not outside_the_stores(opened, world)
    assert set((world["batch"] / "out").rglob("*")) == written  # nothing written
    r = client.post("/secom/predict/batch", json={"s3_key": "in/missing.csv"})
    assert r.status_code == 422 and "no such file" in r.text
    no_leak(r.text, world)
    ok = client.post("/secom/predict/batch", json={"s3_key": "in/lots.csv"})
    assert ok.status_code == 200 and ok.json()["lots"] == 5


def test_the_local_store_refuses_a_path_out_of_its_root_when_called_directly(world):
    store = LocalBlobStore(world["batch"])
    for key in ("../outside/x.png", "/etc/passwd", "in/../../outside/x.csv", ".", "",
                "in/\x00x"):
        with pytest.raises(KeyRefused):
            store.get(key)
        with pytest.raises(KeyRefused):
            store.put(key, b"x")
    assert (world["outside"] / "x.png").read_bytes()[:4] == b"\x89PNG"  # untouched
    with pytest.raises(RegistryError, match="not in the store: in/nope.png$"):
        store.get("in/nope.png")
    with pytest.raises(BlobTooLarge):
        store.get("in/photos/ok.png", max_bytes=10)
    fifo = world["batch"] / "in" / "fifo.png"
    os.mkfifo(fifo)
    try:
        with pytest.raises(RegistryError):  # a pipe (or a device) is never read: no hang
            store.get("in/fifo.png", max_bytes=10)
    finally:
        fifo.unlink()


def test_the_s3_store_asks_the_size_first_and_never_names_its_bucket():
    import boto3
    from moto import mock_aws

    from functions.registry import S3BlobStore

    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="secret-bucket")
        s3.put_object(Bucket="secret-bucket", Key="batch/in/big.png", Body=b"x" * 5000)
        store = S3BlobStore("secret-bucket", "batch", client=s3)
        with pytest.raises(BlobTooLarge):
            store.get("in/big.png", max_bytes=1000)
        assert store.get("in/big.png", max_bytes=5000) == b"x" * 5000
        with pytest.raises(RegistryError) as missing:
            store.get("in/none.png", max_bytes=1000)
        assert "secret-bucket" not in str(missing.value)
        with pytest.raises(KeyRefused):
            store.get("../models/sepsis/aliases/production.json")


def test_a_catalog_chunk_refuses_a_photo_key_out_of_the_store(world):
    """The catalog state machine's rows come from a CSV in S3: the scoring checks each key
    again where every path meets, and answers from the text with a warning."""
    from functions import catalog_job

    services = world["client"].app.state.services
    with OpenWatch.watching() as opened:
        out = catalog_job.score_chunk(services, {
            "vitrine": "catalog-chunk", "usecase": "rakuten", "job": "sec",
            "options": {"image_prefix": "in/../../outside/"},
            "items": [{"index": 0, "row": {"designation": "Livre", "imageid": "2",
                                           "productid": "1"}},
                      {"index": 1, "row": {"designation": "BD",
                                           "image_key": str(world["outside"] / "x.png")}}]})
    assert out["rows"] == 2 and out["warnings"] == 2
    assert not outside_the_stores(opened, world)
    part = (world["batch"] / out["part"]).read_text()
    assert part.count("photo key refused") == 2


def test_every_key_check_raises_a_problem_naming_the_field():
    from functions.edges import batch_key

    with pytest.raises(InvalidInput) as exc:
        batch_key("../x.csv", ("body", "s3_key"), (".csv",))
    assert exc.value.problems[0].field == "s3_key"
