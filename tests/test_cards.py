"""Model cards: built from the production manifest, served by the API, written by the CLI."""

from __future__ import annotations

import re

import pytest

from functions.cards import Card, Section, _figure, metric_rows, to_html, to_markdown
from tests.test_cli import vitrine


def production_manifest(registry_dir, family="sepsis") -> dict:
    from functions.registry import LocalBlobStore, RegistryReader

    reader = RegistryReader(LocalBlobStore(registry_dir / "models"))
    return reader.manifest(family, reader.production_version(family))


def test_every_catalog_usecase_says_what_its_model_is_for_and_where_it_stops():
    from functions.catalog import CATALOG

    for name, uc in CATALOG.items():
        text = uc.card
        assert text is not None, name
        assert text.intended_use and text.out_of_scope and text.data, name
        assert text.limits, name


def test_metric_rows_name_nested_figures_by_their_path_and_skip_breakdowns():
    rows = metric_rows({"test": {"auroc": 0.96912, "n": 601, "per_class": [1, 2],
                                 "by_h": {"1h": {"mae": 1.0}}}, "ok": True})
    assert rows == [["test.auroc", "0.9691"], ["test.n", "601"]]
    assert len(metric_rows({f"m{i}": 0.5 for i in range(100)})) == 24
    assert _figure(1234567) == "1,234,567" and _figure(None) == "None"


def test_html_escapes_what_it_shows():
    card = Card("T <x>", "s & t", [Section("A", ["<script>alert(1)</script> **b**"],
                                           table=(["h"], [["<i>"]]))])
    page = to_html(card)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "</script> <strong>b</strong>" in page.replace("&lt;/script&gt;", "</script>")
    assert "<td>&lt;i&gt;</td>" in page
    assert "| h |\n| --- |\n| <i> |" in to_markdown(card)


def test_the_api_serves_the_production_models_card(client, registry_dir):
    manifest = production_manifest(registry_dir)
    page = client.get("/usecases/sepsis/card")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = page.text
    assert "<h1>Model card: Sepsis risk</h1>" in text
    assert manifest["version"] in text and manifest["run_id"] in text
    assert f"<td>test.auroc</td><td>{_figure(manifest['metrics']['test']['auroc'])}</td>" in text
    assert f"<td>{_figure(manifest['parity']['max_abs_diff'])}</td>" in text
    assert "Decision support in an ICU" in text  # the use case's own text
    md = client.get("/usecases/sepsis/card", params={"format": "md"})
    assert md.headers["content-type"].startswith("text/markdown")
    assert md.text.startswith("# Model card: Sepsis risk")
    assert f"| decision threshold | {_figure(manifest['threshold'])} |" in md.text
    missing = client.get("/usecases/nope/card")
    assert missing.status_code == 404 and "served: sepsis" in missing.json()["detail"]
    assert client.get("/usecases/sepsis/card", params={"format": "pdf"}).status_code == 422


def test_no_card_without_a_production_model(settings, store, tmp_path):
    from fastapi.testclient import TestClient

    from functions.app import create_app

    empty = settings.model_copy(update={"registry_dir": tmp_path / "empty"})
    with TestClient(create_app(empty, store=store, warm=False)) as c:
        assert c.get("/usecases/sepsis/card").status_code == 503


def test_the_cli_writes_markdown_and_html_with_the_runs_plots(registry_dir, trained_run,
                                                              tmp_path):
    env = {"VITRINE_REGISTRY_DIR": str(registry_dir),
           "VITRINE_RUNS_DIR": str(trained_run.parent.parent)}
    manifest = production_manifest(registry_dir)
    assert manifest["run_id"] == trained_run.name
    r = vitrine("card", "sepsis", "--out", str(tmp_path / "cards"), cwd=tmp_path,
                env_extra=env)
    assert r.returncode == 0, r.stderr
    md = (tmp_path / "cards" / "sepsis.md").read_text()
    page = (tmp_path / "cards" / "sepsis.html").read_text()
    pngs = sorted(p.name for p in trained_run.glob("*.png"))
    assert pngs  # the sepsis run draws ROC, PR and calibration curves
    shown = re.findall(r"!\[[^\]]*\]\(sepsis-plots/([^)]+)\)", md)
    assert shown == pngs
    assert all((tmp_path / "cards" / "sepsis-plots" / p).is_file() for p in pngs)
    assert f'src="sepsis-plots/{pngs[0]}"' in page
    assert manifest["version"] in md
    r = vitrine("card", "sepsis", cwd=tmp_path,
                env_extra={"VITRINE_REGISTRY_DIR": str(tmp_path / "none")})
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [
        "error: sepsis has no production model: `vitrine export sepsis --promote` first"]


@pytest.mark.parametrize("name", ["tep", "rakuten", "sensors"])
def test_a_card_lists_every_family_a_usecase_serves(name):
    from functions.cards import model_card
    from functions.catalog import get_usecase

    uc = get_usecase(name)
    manifests = [(f, f"v-{f}", {"model": "m", "metrics": {"test": {"score": 0.5}},
                                "parity": {"rows": 10, "max_abs_diff": 1e-7, "passed": True}})
                 for f in uc.families]
    md = to_markdown(model_card(uc, manifests))
    for family in uc.families:
        assert f"## Metrics: {family}" in md and f"| {family} | 10 |" in md
