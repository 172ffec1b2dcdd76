"""The front end's build step (``vitrine site``): what ``frontend/`` needs beside its
hand-written HTML, CSS and ES modules, never committed (``frontend/vendor/``,
``frontend/scenarios/``, ``frontend/samples/``, ``frontend/procedures/`` and
``frontend/pages.json`` are ignored by git):

- Chart.js's UMD build from ``node_modules`` (pinned in package.json);
- ``pages.json``: the navigation, from the catalog (a use case's own page, or the page
  generated from its schema);
- each use case's samples, from its pipeline's ``site_samples`` (training/pipelines.py).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

SITE = Path("frontend")
CHART_JS = Path("node_modules/chart.js/dist/chart.umd.min.js")


def vendor(site: Path = SITE, chart_js: Path = CHART_JS) -> Path:
    if not chart_js.exists():
        raise FileNotFoundError(f"{chart_js} is missing: run `npm install` (make site does)")
    target = site / "vendor" / "chart.umd.min.js"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(chart_js, target)
    return target


def pages(site: Path = SITE) -> list[dict[str, str]]:
    """The site's navigation, in the catalog's order, between the catalog and monitoring."""
    from functions.catalog import CATALOG

    listed = [{"href": "index.html", "label": "Catalog"}]
    listed += [{"href": uc.site_page, "label": uc.nav_label or uc.title, "usecase": uc.name}
               for uc in CATALOG.values()]
    listed.append({"href": "monitoring.html", "label": "Monitoring"})
    (site / "pages.json").write_text(json.dumps(listed, ensure_ascii=False, indent=1))
    return listed


def build(site: Path = SITE, samples: bool = True) -> dict[str, Any]:
    from functions.catalog import CATALOG
    from training import pipelines

    built: dict[str, Any] = {"vendor": str(vendor(site)), "pages": pages(site)}
    for name in CATALOG if samples else ():
        if (write := pipelines.get(name).site_samples) is not None:
            built[name] = write(site)
    return built
