"""The SECOM page's "use the real lots" sample (``vitrine site``): the real lots committed
in data/secom (their licence allows it: data/secom/README.md)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

REAL_SECOM = Path("data/secom/secom-first-rows.csv")


def write(site: Path) -> dict[str, Any]:
    (site / "samples").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REAL_SECOM, site / "samples" / "secom-real-lots.csv")
    return {"real_lots": str(REAL_SECOM)}
