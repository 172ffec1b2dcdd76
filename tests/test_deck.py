"""vitrine deck: a .pptx read back slide by slide, its figures the run report's."""

from __future__ import annotations

import json

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from functions.cards import _figure, metric_rows
from tests.test_cards import production_manifest
from tests.test_cli import vitrine


def slides(path) -> list[dict]:
    out = []
    for slide in Presentation(str(path)).slides:
        tables = [[[c.text for c in row.cells] for row in shape.table.rows]
                  for shape in slide.shapes if shape.has_table]
        texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        out.append({"title": slide.shapes.title.text if slide.shapes.title else "",
                    "tables": tables, "text": "\n".join(texts),
                    "pictures": sum(s.shape_type == MSO_SHAPE_TYPE.PICTURE
                                    for s in slide.shapes)})
    return out


def test_the_deck_tells_the_story_with_the_reports_figures(registry_dir, trained_run,
                                                           tmp_path):
    env = {"VITRINE_REGISTRY_DIR": str(registry_dir),
           "VITRINE_RUNS_DIR": str(trained_run.parent.parent)}
    deck = tmp_path / "sepsis.pptx"
    r = vitrine("deck", "sepsis", "--out", str(deck), cwd=tmp_path, env_extra=env)
    assert r.returncode == 0, r.stderr
    shown = slides(deck)
    titles = [s["title"] for s in shown]
    assert titles[0] == "Sepsis risk"
    for expected in ("Intended use", "Training data", "Model details", "Parity certificate",
                     "Architecture", "Demo scenario", "Limits"):
        assert expected in titles, expected
    metric_slides = [i for i, t in enumerate(titles) if t.startswith("Metrics: sepsis")]
    assert metric_slides
    # Context before results, results before the architecture and the demo, limits after.
    assert titles.index("Intended use") < metric_slides[0] < titles.index("Architecture") \
        < titles.index("Demo scenario") < titles.index("Limits")

    # The metrics table holds the run report's figures for the model in production.
    manifest = production_manifest(registry_dir)
    report = json.loads((trained_run / "report.json").read_text())
    [entry] = [e for e in report["exports"] if e["model"] == manifest["model"]]
    rows = []
    for i in metric_slides:  # a long table continues on the next slide, header repeated
        [table] = shown[i]["tables"]
        assert table[0] == ["metric", "value"] and len(table) <= 13
        rows += table[1:]
    assert rows == metric_rows(entry["metrics"]) + [
        ["decision threshold", _figure(entry["threshold"])]]
    assert ["test.auroc", _figure(entry["metrics"]["test"]["auroc"])] in rows

    [parity] = [s for s in shown if s["title"] == "Parity certificate"]
    assert parity["tables"][0][1][2] == _figure(manifest["parity"]["max_abs_diff"])
    pngs = sorted(trained_run.glob("*.png"))
    assert pngs and sum(s["pictures"] for s in shown) == len(pngs)  # every plot, once
    [demo] = [s for s in shown if s["title"] == "Demo scenario"]
    assert "POST /predict/patient" in demo["text"]
    [arch] = [s for s in shown if s["title"] == "Architecture"]
    assert "ONNX export + parity certificate" in arch["text"]


def test_a_deck_needs_a_pptx_name_and_a_production_model(registry_dir, tmp_path):
    r = vitrine("deck", "sepsis", "--out", str(tmp_path / "deck.pdf"), cwd=tmp_path,
                env_extra={"VITRINE_REGISTRY_DIR": str(registry_dir)})
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [
        f"error: --out must name a .pptx file, not '{tmp_path / 'deck.pdf'}'"]
    r = vitrine("deck", "sepsis", "--out", str(tmp_path / "d.pptx"), cwd=tmp_path,
                env_extra={"VITRINE_REGISTRY_DIR": str(tmp_path / "none")})
    assert r.returncode == 1 and "no production model" in r.stderr
    assert not (tmp_path / "d.pptx").exists()
