"""The front end's build step: vendored chart library, the TEP page's preloaded runs and the
SECOM page's sample batch.

``frontend/`` is hand-written HTML, CSS and ES modules; these are copied in, never committed
(``frontend/vendor/``, ``frontend/scenarios/`` and ``frontend/samples/`` are ignored by git):

- Chart.js's UMD build from ``node_modules`` (pinned in package.json);
- a few whole TEP test runs as CSV (the timeline route's layout) with their true fault and
  onset, from the simulated test split ``vitrine data tep`` writes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

SITE = Path("frontend")
CHART_JS = Path("node_modules/chart.js/dist/chart.umd.min.js")
SCENARIO_FAULTS = (0, 1, 4, 6, 13)  # normal, steps, a trip, a slow drift


def vendor(site: Path = SITE, chart_js: Path = CHART_JS) -> Path:
    if not chart_js.exists():
        raise FileNotFoundError(f"{chart_js} is missing: run `npm install` (make site does)")
    target = site / "vendor" / "chart.umd.min.js"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(chart_js, target)
    return target


def scenarios(test_csv: Path, site: Path = SITE, onset_sample: int | None = None,
              faults: tuple[int, ...] = SCENARIO_FAULTS) -> list[dict[str, Any]]:
    """One run per fault from a TEP split in Rieth's layout -> scenarios/*.csv + index.json."""
    import pandas as pd

    from functions.contracts.tep import FAULT_NAMES, MAX_RUN_SAMPLES, VARIABLES
    from training.tep.data import TEST, SplitSpec

    if onset_sample is None:  # the split's own onset, from the stamp `vitrine data tep` wrote
        stamp = test_csv.parent / f".{test_csv.stem}.spec.json"
        spec = SplitSpec(**{**json.loads(stamp.read_text()), "faults": ()}) \
            if stamp.exists() else TEST
        onset_sample = spec.onset_sample
    df = pd.read_csv(test_csv)
    out = site / "scenarios"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    index = []
    for fault in faults:
        runs = df[df["faultNumber"] == fault]
        if runs.empty:
            continue
        run = runs[runs["simulationRun"] == runs["simulationRun"].min()].head(MAX_RUN_SAMPLES)
        name = f"tep-fault-{fault}.csv"
        run[list(VARIABLES)].to_csv(out / name, index=False, float_format="%.6g")
        index.append({"file": f"scenarios/{name}", "fault": fault,
                      "fault_name": FAULT_NAMES[fault], "samples": len(run),
                      "onset_sample": None if fault == 0 else onset_sample})
    (out / "index.json").write_text(json.dumps(index, indent=2))
    return index


REAL_SECOM = Path("data/secom/secom-first-rows.csv")


def categories(site: Path = SITE) -> Path:
    """The Rakuten page's list of categories for corrections, from the serving contract."""
    from functions.contracts.rakuten import NAMES

    target = site / "samples" / "rakuten-categories.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps([[code, name] for code, name in NAMES.items()],
                                 ensure_ascii=False))
    return target


SKAB = Path("../shared/data/skab")


def sensor_wells(site_csv: Path, site: Path = SITE, days: int = 60) -> list[dict[str, Any]]:
    """The sensors page's wells: the last ``days`` of each generated well, in the layout a
    caller uploads, with the labelled faults they hold."""
    import pandas as pd

    out = site / "samples" / "sensors"
    out.mkdir(parents=True, exist_ok=True)
    df = pd.read_csv(site_csv)
    index = []
    for well, g in df.groupby("well", sort=True):
        tail = g.tail(days * 24)
        name = f"{well}.csv"
        tail.to_csv(out / name, index=False)
        faults = sorted(set(tail["anomaly_type"].dropna()) - {""})
        index.append({"file": f"samples/sensors/{name}", "well": str(well),
                      "hours": len(tail), "faults": faults})
    (out / "index.json").write_text(json.dumps(index, indent=2))
    return index


def skab_figures(site: Path = SITE, folder: Path = SKAB) -> dict[str, Any] | None:
    """The served detector's SKAB figures beside the published table, when the benchmark's
    files are beside the repository (they are read, never copied)."""
    if not folder.is_dir():
        return None
    from training.sensors import skab

    result = skab.report(folder)
    keep = {k: {m: v[m] for m in ("f1", "far", "mar", "nab")}
            for k, v in result["detectors"].items()}
    figures = {"experiments": result["experiments"], "detectors": keep,
               "published": result["published"]}
    target = site / "samples" / "sensors-skab.json"
    target.write_text(json.dumps(figures, indent=2))
    return figures


def build(site: Path = SITE, tep_test: Path | None = Path("data/generated/tep/test.csv"),
          sensors: Path | None = Path("data/generated/sensors/site.csv")) -> dict[str, Any]:
    built: dict[str, Any] = {"vendor": str(vendor(site))}
    # The SECOM page's "use the real lots" sample: the 242 real lots committed in data/.
    (site / "samples").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REAL_SECOM, site / "samples" / "secom-real-lots.csv")
    categories(site)
    if tep_test is not None and tep_test.exists():
        built["scenarios"] = scenarios(tep_test, site)
    else:
        (site / "scenarios").mkdir(parents=True, exist_ok=True)
        (site / "scenarios" / "index.json").write_text("[]")
        built["scenarios"] = []
    if sensors is not None and sensors.exists():
        built["wells"] = sensor_wells(sensors, site)
    else:
        (site / "samples" / "sensors").mkdir(parents=True, exist_ok=True)
        (site / "samples" / "sensors" / "index.json").write_text("[]")
        built["wells"] = []
    built["skab"] = skab_figures(site)
    built["procedures"] = procedures(DOCS, site)
    return built


DOCS = Path("data/docs")


def procedures(folder: Path = DOCS, site: Path = SITE) -> list[dict[str, Any]]:
    """The procedures the assistant cites, as pages (``procedures/PR-07.html``) whose
    headings carry the anchors citations link to (the contract's ``slug``)."""
    from markdown_it import MarkdownIt

    from functions.contracts.docs import slug
    from training.docs.pipeline import load_corpus

    out = site / "procedures"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    if not folder.exists():
        (out / "index.json").write_text("[]")
        return []
    md = MarkdownIt("commonmark").enable("table")

    def heading_ids(tokens: list[Any], *_: Any) -> None:
        for i, tok in enumerate(tokens):
            if tok.type == "heading_open":
                tok.attrSet("id", slug(tokens[i + 1].content))

    md.core.ruler.push("heading_ids", lambda state: heading_ids(state.tokens))
    index = []
    docs: dict[str, tuple[str, str]] = {}
    for c in load_corpus(folder):
        docs.setdefault(c.doc, (c.title, c.file))
    for doc, (title, file) in sorted(docs.items()):
        body = md.render((folder / file).read_text(encoding="utf-8"))
        page = (f'<!doctype html>\n<html lang="fr">\n<head>\n  <meta charset="utf-8">\n'
                f'  <meta name="viewport" content="width=device-width, initial-scale=1">\n'
                f"  <title>{doc} — {_escape(title)}</title>\n"
                '  <link rel="stylesheet" href="../css/site.css">\n</head>\n'
                f'<body>\n<main id="main" class="procedure">\n'
                '<p><a href="../assistant.html">← Assistant</a></p>\n'
                f"{body}</main>\n</body>\n</html>\n")
        (out / f"{doc}.html").write_text(page, encoding="utf-8")
        index.append({"doc": doc, "title": title, "page": f"procedures/{doc}.html"})
    (out / "index.json").write_text(json.dumps(index, ensure_ascii=False))
    return index


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=True)
