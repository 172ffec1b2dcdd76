"""The Rakuten page's list of categories for corrections (``vitrine site``), from the
serving contract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def categories(site: Path) -> Path:
    """The Rakuten page's list of categories for corrections, from the serving contract."""
    from functions.contracts.rakuten import NAMES

    target = site / "samples" / "rakuten-categories.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps([[code, name] for code, name in NAMES.items()],
                                 ensure_ascii=False))
    return target



def write(site: Path) -> dict[str, Any]:
    return {"categories": str(categories(site))}
