"""Rakuten: the data layout, the shared preprocessing, the three models, the route."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from functions.contracts.rakuten import CODES, decode_image, normalise, to_square
from functions.errors import InvalidInput
from training.rakuten.data import REAL_COUNTS, GeneratorSpec, generate, load, splits


def b64(image: Image.Image, fmt: str = "JPEG") -> str:
    buf = io.BytesIO()
    image.save(buf, format=fmt)
    return base64.b64encode(buf.getvalue()).decode()


# ------------------------------------------------------------------ shared preprocessing

def test_text_normalisation_reads_html_entities_and_mojibake_as_people_do():
    assert normalise("Piscine Tubulaire", "<p>Bâche &agrave; bulles<br />bleue</p>") == \
        "piscine tubulaire . bache a bulles bleue"
    # UTF-8 read as Windows-1252 upstream ("Ã©" for "é"), as in the challenge's descriptions.
    assert normalise("Livre", "RÃ©sumÃ© dÃ©taillÃ©") == "livre . resume detaille"
    assert normalise("  PS5 ", None) == "ps5"


def test_photos_are_padded_on_white_and_resized_once_for_training_and_serving():
    wide = Image.new("RGB", (400, 100), (200, 0, 0))
    pixels = to_square(wide, 64)
    assert pixels.shape == (64, 64, 3) and pixels.dtype == np.uint8
    assert tuple(pixels[0, 32]) == (255, 255, 255)  # padding above the object
    assert tuple(pixels[32, 32]) == (200, 0, 0)
    transparent = Image.new("RGBA", (50, 50), (0, 0, 0, 0))
    assert tuple(to_square(transparent, 16)[8, 8]) == (255, 255, 255)


@pytest.mark.parametrize("data, reason", [
    (b"not an image at all", "not a readable JPEG or PNG"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "not a readable JPEG or PNG"),  # a truncated JPEG
])
def test_bytes_that_are_no_image_are_refused(data, reason):
    with pytest.raises(InvalidInput) as exc:
        decode_image(data, 64)
    assert reason in exc.value.problems[0].msg


def test_images_over_the_pixel_limit_or_of_other_formats_are_refused():
    big = io.BytesIO()
    Image.new("L", (6000, 5000)).save(big, format="PNG")  # 30 MP, a few kB compressed
    with pytest.raises(InvalidInput, match="pixels"):
        decode_image(big.getvalue(), 64)
    gif = io.BytesIO()
    Image.new("RGB", (40, 40)).save(gif, format="GIF")
    with pytest.raises(InvalidInput, match="send JPEG or PNG"):
        decode_image(gif.getvalue(), 64)


# ------------------------------------------------------------------------------ data

@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("rakuten")
    generate(out, GeneratorSpec(products=1200, seed=5))
    return out


def test_each_photo_keeps_its_pixels_when_the_next_is_drawn():
    """The generator reuses its noise and pixel arrays from photo to photo: a photo kept
    while the next ones are drawn must not change, and must be what a fresh generator draws."""
    from training.rakuten.images import photo

    rng = np.random.default_rng(3)
    kept = [photo(code, rng, ["lot", "neuf"]) for code in CODES[:4]]
    first = np.asarray(kept[0]).copy()
    again = photo(CODES[0], np.random.default_rng(3), ["lot", "neuf"])
    assert np.array_equal(np.asarray(again), first)
    assert not np.array_equal(np.asarray(kept[1]), first)
    assert all(np.asarray(k).std() > 0 for k in kept)


def test_generator_writes_the_challenges_layout(folder):
    header = (folder / "X_train_update.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == ",designation,description,productid,imageid"
    assert (folder / "Y_train_CVw08PX.csv").read_text().splitlines()[0] == ",prdtypecode"
    df = load(folder)
    assert len(df) == 1200 and set(df["prdtypecode"]) <= set(CODES)
    first = df.iloc[0]
    path = folder / "images" / "image_train" / \
        f"image_{first['imageid']}_product_{first['productid']}.jpg"
    with Image.open(path) as im:
        assert im.format == "JPEG" and im.size == (500, 500) and im.mode == "RGB"
    assert 0.30 < df["description"].isna().mean() < 0.40  # the real share, ~35 %
    assert df["description"].dropna().str.contains("<|&[a-z]+;", regex=True).mean() > 0.3
    # Classes drawn in the real file's proportions (pool gear ~12 %, socks ~1 %).
    shares = df["prdtypecode"].value_counts(normalize=True)
    expected = pd.Series(REAL_COUNTS) / sum(REAL_COUNTS.values())
    assert abs(shares[2583] - expected[2583]) < 0.03
    assert (shares.reindex(CODES, fill_value=0) - expected).abs().max() < 0.03


def test_splits_keep_an_unseen_partition_and_every_class(folder):
    df = load(folder)
    part = splits(df)
    from training.rakuten.data import SPLIT_SHARES

    for name, share in SPLIT_SHARES.items():
        assert abs((part == name).mean() - share) < 0.02, name
    assert (splits(df) == part).all()  # stable
    assert set(df[part == "train"]["prdtypecode"]) == set(df["prdtypecode"])


def test_loader_refuses_files_that_disagree(folder, tmp_path):
    import shutil

    copy = tmp_path / "raw"
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("images"))
    y = pd.read_csv(copy / "Y_train_CVw08PX.csv", index_col=0)
    y.iloc[:-1].to_csv(copy / "Y_train_CVw08PX.csv")
    with pytest.raises(ValueError, match="same rows"):
        load(copy)
    (copy / "X_train_update.csv").unlink()
    with pytest.raises(FileNotFoundError, match="X_train_update.csv"):
        load(copy)


# ----------------------------------------------------------------- models and serving

@pytest.fixture(scope="module")
def rakuten_run(folder, tmp_path_factory):
    from training.rakuten.pipeline import Params, train

    params = Params(word_features=20_000, char_features=30_000, image_size=64,
                    image_train=500, head_epochs=20)
    run, _ = train(folder, params, runs_root=tmp_path_factory.mktemp("runs"))
    return run


@pytest.fixture(scope="module")
def registry(rakuten_run, tmp_path_factory):
    from functions.registry import LocalBlobStore
    from model_export.export import export_run
    from model_export.registry import RegistryWriter

    root = tmp_path_factory.mktemp("rkreg")
    results = export_run(rakuten_run, RegistryWriter(LocalBlobStore(root / "models")))
    return root, results


@pytest.fixture(scope="module")
def api(registry):
    from fastapi.testclient import TestClient

    from functions.app import create_app
    from functions.auth import create_key
    from functions.settings import Settings
    from functions.stores.sqlite import SQLiteStore

    root, _ = registry
    store = SQLiteStore(root / "v.db")
    keys = {r: create_key(store, r, r)[0] for r in ("predictor", "reviewer")}
    app = create_app(Settings(registry_dir=root, usecases=["rakuten"]), store=store)
    with TestClient(app, headers={"X-API-Key": keys["reviewer"]}) as client:
        client.keys = keys
        yield client


def test_run_reports_every_model_on_the_same_test_rows(rakuten_run):
    report = json.loads((rakuten_run / "report.json").read_text())
    models = report["models"]
    assert set(models) == {"text", "image", "fusion"}
    assert len({m["rows"] for m in models.values()}) == 1
    for m in models.values():
        assert {"weighted_f1", "macro_f1", "accuracy", "per_class_f1"} <= set(m)
        assert len(m["per_class_f1"]) == 27
    # The text carries the signal; the photo alone is weaker, as in the real challenge.
    assert models["text"]["weighted_f1"] > 0.6
    assert models["image"]["weighted_f1"] < models["text"]["weighted_f1"]
    assert models["image"]["weighted_f1"] > 1.5 / 27  # better than chance
    assert models["fusion"]["weighted_f1"] >= models["text"]["weighted_f1"] - 0.03
    # Hand-written listings the generator never produced: scored honestly, reported.
    assert report["listings"]["rows"] == 270
    for name in ("confusion_text.png", "confusion_image.png", "confusion_fusion.png"):
        assert (rakuten_run / name).stat().st_size > 10_000


def test_three_families_publish_with_parity(registry):
    _, results = registry
    assert {r["usecase"] for r in results} == {"rakuten", "rakuten_image", "rakuten_fusion"}
    for r in results:
        assert r["parity"]["passed"] and r["parity"]["label_agreement"] == 1.0, r
        assert r["promoted"]


def test_text_only_image_only_and_both(api, folder):
    df = load(folder)
    row = df[df["description"].notna()].iloc[0]
    text = api.post("/rakuten/predict", json={"designation": row["designation"],
                                              "description": row["description"]})
    assert text.status_code == 200, text.text
    body = text.json()
    assert body["inputs_used"] == "text" and len(body["top"]) == 5
    assert body["prdtypecode"] == body["top"][0]["prdtypecode"]
    assert body["category"] and 0 < body["probability"] <= 1
    assert [t["probability"] for t in body["top"]] == sorted(
        (t["probability"] for t in body["top"]), reverse=True)
    photo = base64.b64encode(open(row["image_path"], "rb").read()).decode()
    image = api.post("/rakuten/predict", json={"designation": "", "image": photo}).json()
    assert image["inputs_used"] == "image"
    both = api.post("/rakuten/predict", json={"designation": row["designation"],
                                              "image": f"data:image/jpeg;base64,{photo}"})
    assert both.status_code == 200 and both.json()["inputs_used"] == "both"
    png = api.post("/rakuten/predict", json={"image": b64(Image.new("RGB", (80, 60)), "PNG")})
    assert png.status_code == 200
    wrapped = "\n".join(photo[i:i + 76] for i in range(0, len(photo), 76))  # MIME base64
    assert api.post("/rakuten/predict", json={"image": wrapped}).status_code == 200


@pytest.mark.parametrize("body, field, words", [
    ({"designation": "  "}, "designation", "title (or an image) is needed"),
    ({}, "designation", "title (or an image) is needed"),
    ({"designation": "x" * 1001}, "designation", "at most 1000"),
    ({"designation": "ok", "description": "y" * 20_001}, "description", "at most 20000"),
    ({"designation": "ok", "image": "%%%not base64%%%"}, "image", "not valid base64"),
    ({"designation": "ok", "image": base64.b64encode(b"hello world").decode()}, "image",
     "not a readable JPEG or PNG"),
    ({"designation": "ok", "colour": "red"}, "colour", "unknown field"),
    ({"designation": 12}, "designation", "valid string"),
])
def test_bad_listings_get_422_naming_the_field(api, body, field, words):
    r = api.post("/rakuten/predict", json=body)
    assert r.status_code == 422, r.text
    problems = r.json()["detail"]
    assert any(p["field"] == field and words in p["msg"] for p in problems), problems


def test_the_log_keeps_the_text_not_the_photo_and_feedback_names_the_right_code(api, folder):
    row = load(folder).iloc[3]
    photo = base64.b64encode(open(row["image_path"], "rb").read()).decode()
    answer = api.post("/rakuten/predict", json={"designation": row["designation"],
                                                "image": photo}).json()
    store = api.app.state.services.store
    record = store.get_prediction("rakuten", answer["prediction_id"])
    logged = json.loads(record.inputs)
    assert logged["designation"] == row["designation"] and "sha256" in logged["image"]
    assert len(record.inputs) < 2_000
    wrong = next(c for c in CODES if c != answer["prdtypecode"])
    fb = api.post("/rakuten/feedback", json={"prediction_id": answer["prediction_id"],
                                             "label": str(wrong)})
    assert fb.status_code == 200 and fb.json()["correct"] is False
    bad = api.post("/rakuten/feedback", json={"prediction_id": answer["prediction_id"],
                                              "label": "999"})
    assert bad.status_code == 422
    # A predictor key may classify but not correct.
    denied = api.post("/rakuten/feedback", headers={"X-API-Key": api.keys["predictor"]},
                      json={"prediction_id": answer["prediction_id"], "label": str(wrong)})
    assert denied.status_code == 403
    report = api.get("/rakuten/monitoring").json()
    assert report["window"]["rows"] >= 1 and report["drift"]["features"] is not None


def test_retraining_learns_from_sellers_corrections(rakuten_run, folder, tmp_path):
    # A listing the model gets wrong, corrected five times by sellers. Its words are in no
    # category's generator vocabulary (so the correction, not the generator, must teach
    # it), and production is checked to get it wrong first.
    import joblib

    from model_export.gate import quality_gate
    from training.rakuten.pipeline import Params, texts, train, with_feedback

    title = "Zorvak quilmo trebbiane ostrel"
    vocabulary = (Path(__file__).parents[1] / "training" / "rakuten" / "vocab.py").read_text(
        encoding="utf-8").lower()
    assert not any(w.lower() in vocabulary for w in title.split())
    probe = pd.DataFrame({"designation": [title], "description": [None]})
    before = joblib.load(rakuten_run / "models" / "text.joblib").predict(texts(probe))[0]
    assert before != 1940
    examples = [{"endpoint": "/rakuten/predict", "label": "1940",
                 "inputs": {"designation": f"{title} {i}", "description": None},
                 "output": {}, "created_at": "2026-12-01T00:00:00+00:00"} for i in range(5)]
    source, used = with_feedback(folder, examples, tmp_path)
    assert used == 5 and source["feedback"].exists()
    params = Params(word_features=20_000, char_features=30_000, image_size=64,
                    image_train=200, head_epochs=5)
    run, _ = train(source, params, runs_root=tmp_path / "runs")
    report = json.loads((run / "report.json").read_text())
    assert report["data"]["feedback_rows"] == 5
    text = joblib.load(run / "models" / "text.joblib")
    assert text.predict(texts(probe))[0] == 1940
    from functions.registry import LocalBlobStore
    from model_export.registry import RegistryWriter

    decision = quality_gate(run, RegistryWriter(LocalBlobStore(tmp_path / "reg")))
    assert decision.metric == "weighted_f1" and decision.passed
    assert {f["family"] for f in decision.families} == {"rakuten", "rakuten_image",
                                                        "rakuten_fusion"}


def test_batch_rows_and_csv_with_photos_by_key(registry, folder, tmp_path):
    import shutil

    from fastapi.testclient import TestClient

    from functions.app import create_app
    from functions.auth import create_key
    from functions.settings import Settings
    from functions.stores.sqlite import SQLiteStore

    root, _ = registry
    df = load(folder).head(6)
    images = tmp_path / "batch" / "in" / "images"
    images.mkdir(parents=True)
    for p in df["image_path"]:
        shutil.copy(p, images)
    store = SQLiteStore(tmp_path / "v.db")
    key, _ = create_key(store, "predictor", "p")
    settings = Settings(registry_dir=root, usecases=["rakuten"], batch_dir=tmp_path / "batch")
    with TestClient(create_app(settings, store=store), headers={"X-API-Key": key}) as api:
        rows = [{"designation": r.designation, "description": r.description,
                 "image_key": f"in/images/{Path(r.image_path).name}"} for r in df.itertuples()]
        rows[1]["image_key"] = "in/images/missing.jpg"
        rows.append({"designation": ""})
        r = api.post("/rakuten/predict/batch", json={"rows": rows})
        assert r.status_code == 200, r.text
        items = r.json()["items"]
        assert [i["inputs_used"] for i in items] == ["both", "text", "both", "both", "both",
                                                    "both", None]
        assert "missing.jpg" in items[1]["warning"] and items[6]["prdtypecode"] is None
        # The same listings one by one give the same answers.
        one = api.post("/rakuten/predict", json={
            "designation": rows[0]["designation"], "description": rows[0]["description"],
            "image": base64.b64encode((images / Path(rows[0]["image_key"]).name)
                                      .read_bytes()).decode()}).json()
        assert one["prdtypecode"] == items[0]["prdtypecode"]
        assert one["probability"] == pytest.approx(items[0]["probability"], abs=1e-6)
        # The challenge's own layout as CSV text, photos under an image prefix.
        csv_text = (folder / "X_train_update.csv").read_text(encoding="utf-8")
        lines = csv_text.splitlines()[:7]
        r = api.post("/rakuten/predict/batch", json={"csv": "\n".join(lines),
                                                     "image_prefix": "in/images/"})
        assert r.status_code == 200, r.text
        assert [i["inputs_used"] for i in r.json()["items"]] == ["both"] * 6
        bad = api.post("/rakuten/predict/batch", json={"csv": "title,x\nfoo,1"})
        assert bad.status_code == 422 and "designation column" in bad.text
        both = api.post("/rakuten/predict/batch", json={"rows": rows, "csv": csv_text})
        assert both.status_code == 422 and "exactly one of rows or csv" in both.text


def test_catalog_chunks_and_merge_against_s3(registry, folder):
    """What the Distributed Map does: CSV rows (first row as header) in batches with their
    index, each batch to the function, then one merge, against moto's S3."""
    import csv

    import boto3
    from moto import mock_aws

    from functions import catalog_job
    from functions.app import create_app
    from functions.settings import Settings
    from functions.stores.sqlite import SQLiteStore

    root, _ = registry
    df = load(folder).head(45)
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-west-3")
        s3.create_bucket(Bucket="vitrine-ml", CreateBucketConfiguration={
            "LocationConstraint": "eu-west-3"})
        x = (folder / "X_train_update.csv").read_text(encoding="utf-8").splitlines()[:46]
        s3.put_object(Bucket="vitrine-ml", Key="batch/in/catalog.csv", Body="\n".join(x).encode())
        for p in df["image_path"]:
            s3.put_object(Bucket="vitrine-ml", Body=Path(p).read_bytes(),
                          Key=f"batch/in/images/{Path(p).name}")
        settings = Settings(registry_dir=root, usecases=["rakuten"], batch_bucket="vitrine-ml")
        app = create_app(settings, store=SQLiteStore(":memory:"))
        services = app.state.services
        got = s3.get_object(Bucket="vitrine-ml", Key="batch/in/catalog.csv")
        body = got["Body"].read().decode()
        items = [{"index": i, "row": row}
                 for i, row in enumerate(csv.DictReader(io.StringIO(body)))]
        parts = [catalog_job.score_chunk(services, {
            "vitrine": "catalog-chunk", "usecase": "rakuten", "job": "job-1",
            "options": {"image_prefix": "in/images/"}, "items": items[i:i + 20]})
            for i in (40, 0, 20)]  # chunks finish in any order
        result = catalog_job.merge(services, {"usecase": "rakuten", "job": "job-1",
                                              "parts": parts})
        assert result == {"output_key": "out/job-1/results.csv", "rows": 45, "warnings": 0,
                          "parts": 3}
        out = s3.get_object(Bucket="vitrine-ml", Key="batch/out/job-1/results.csv")["Body"].read()
        table = pd.read_csv(io.BytesIO(out))
        assert list(table.columns) == ["row", "prdtypecode", "category", "probability",
                                       "inputs_used", "warning"]
        assert table["row"].tolist() == list(range(45))
        assert set(table["inputs_used"]) == {"both"}
        with pytest.raises(Exception, match="job name"):
            catalog_job.score_chunk(services, {"usecase": "rakuten", "job": "../x",
                                               "items": items[:1]})


def test_simulator_replays_unseen_listings_and_reports_live_weighted_f1(registry, folder,
                                                                         tmp_path):
    from functions.auth import create_key
    from functions.settings import Settings
    from functions.stores.sqlite import SQLiteStore
    from training.rakuten.data import splits
    from vitrine import simulate

    root, _ = registry
    settings = Settings(registry_dir=root, usecases=["rakuten"], sqlite_path=tmp_path / "v.db",
                        retrain_dir=tmp_path / "retrains", monitor_interval_s=0,
                        auto_retrain=False)
    store = SQLiteStore(settings.sqlite_path)
    keys = {r: create_key(store, r, r)[0] for r in ("reviewer", "admin")}
    base, stop = simulate.local_server(settings)
    try:
        api = simulate.Api(base, keys["reviewer"], keys["admin"])
        scenario = simulate.Scenario(items=40, drift=False, source=folder)
        summary = simulate.run(api, "rakuten", scenario, lambda m: None, retrain=False)
    finally:
        stop()
    phases = summary["phases"]
    assert sum(p["requests"] for p in phases) == 40
    assert sum(p["figures"]["with photo"] for p in phases) > 5
    feedback = sum(p["feedback"] for p in phases)
    assert 10 <= feedback <= 30 and summary["feedback_share"] == 0.5
    assert all(0 <= p["figures"]["live weighted-F1"] <= 1 for p in phases)
    assert summary["offline"].get("weighted_f1") is not None
    # Only the unseen partition was replayed: every logged title is one of its listings.
    df = load(folder)
    unseen = set(df[splits(df) == "unseen"]["designation"])
    logged = [json.loads(r.inputs)["designation"]
              for r in store.recent_predictions("rakuten", limit=100)]
    assert len(logged) == 40 and set(logged) <= unseen
    assert len(store.list_feedback("rakuten")) == feedback


def test_fine_tuning_trains_the_last_blocks_and_keeps_the_graph_exportable():
    import torch

    from training.rakuten.pipeline import Params, module_proba, train_image

    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, size=(24, 48, 48, 3), dtype=np.uint8)
    y = np.arange(24) % 3
    params = Params(image_size=48, head_epochs=2, fine_tune_blocks=2, fine_tune_epochs=1)
    from training.rakuten.mobilenet import pretrained

    before = pretrained().features[-1][0].weight.detach().clone()
    module = train_image(pixels, y, params, lambda m: None)
    after = module.backbone.features[-1][0].weight.detach()
    assert not torch.equal(before, after)  # the last block moved
    assert torch.equal(pretrained().features[0][0].weight, module.backbone.features[0][0].weight)
    p = module_proba(module, pixels[:4])
    assert p.shape == (4, 27) and np.allclose(p.sum(axis=1), 1, atol=1e-5)
    from model_export.onnx_export import torch_to_onnx

    traced = torch.jit.trace(module, torch.from_numpy(pixels[:2]).float())
    assert len(torch_to_onnx(traced, pixels[:1].astype(np.float32))) > 1_000_000


def test_a_correction_of_a_held_out_listing_does_not_join_training(folder, tmp_path):
    import json as _json

    from training.rakuten.pipeline import Params, train, with_feedback

    df = load(folder)
    test_row = df[splits(df) == "test"].iloc[0]
    examples = [{"endpoint": "/rakuten/predict", "label": str(test_row["prdtypecode"]),
                 "inputs": {"designation": test_row["designation"],
                            "description": test_row["description"]},
                 "output": {}, "created_at": f"2026-12-01T00:00:0{i}+00:00"}
                for i in range(3)]  # the same listing corrected three times
    examples.append({"endpoint": "/rakuten/predict", "label": "1940",
                     "inputs": {"designation": "Thé vert matcha bio", "description": None},
                     "output": {}, "created_at": "2026-12-01T00:00:09+00:00"})
    source, used = with_feedback(folder, examples, tmp_path)
    assert used == 2  # one row per listing
    run, _ = train(source, Params(word_features=5_000, char_features=5_000, image_size=32,
                                  image_train=60, head_epochs=2), runs_root=tmp_path / "runs")
    assert _json.loads((run / "report.json").read_text())["data"]["feedback_rows"] == 1
