"""A whole catalog scored in parallel: the chunk and merge steps of the catalog state
machine (infra/stacks/api.py, a Step Functions Distributed Map over the CSV in S3).

    {"vitrine": "catalog-chunk", "usecase": "rakuten", "job": NAME, "options": {...},
     "items": [{"index": 0, "row": {...one CSV line...}}, ...]}
        -> scores the items, writes out/<job>/parts/<first index>.csv in the batch store
    {"vitrine": "catalog-merge", "usecase": "rakuten", "job": NAME, "parts": [...]}
        -> concatenates the parts in row order into out/<job>/results.csv

A chunk is self-contained and idempotent (same items, same part file), so Step Functions
may retry it; the merge reads only the parts the map reported.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from functions.catalog import get_usecase
from functions.errors import VitrineError

JOB_PATTERN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"


def _job(event: dict[str, Any]) -> str:
    job = str(event.get("job", ""))
    if not job or len(job) > 80 or any(ch not in JOB_PATTERN for ch in job):
        raise VitrineError(f"catalog job name {job!r}: 1-80 letters, digits, - or _")
    return job


def score_chunk(services: Any, event: dict[str, Any]) -> dict[str, Any]:
    uc = get_usecase(event["usecase"])
    if uc.catalog is None:
        raise VitrineError(f"{uc.name} scores no catalogs")
    job, options = _job(event), event.get("options") or {}
    items = event["items"]
    if not items:
        return {"part": None, "first": None, "rows": 0, "warnings": 0}
    models = {f: services.models.get(f) for f in uc.catalog.models}
    rows = [uc.catalog.row(item["row"], options) for item in items]
    answers = uc.catalog.score(rows, models, services.batch_files())
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for item, answer in zip(items, answers, strict=True):
        writer.writerow([item["index"], *("" if answer.get(c) is None else answer[c]
                                          for c in uc.catalog.columns)])
    first = min(int(item["index"]) for item in items)
    key = f"out/{job}/parts/{first:09d}.csv"
    services.batch_files().put(key, out.getvalue().encode())
    return {"part": key, "first": first, "rows": len(items),
            "warnings": sum(1 for a in answers if a.get("warning"))}


def merge(services: Any, event: dict[str, Any]) -> dict[str, Any]:
    uc = get_usecase(event["usecase"])
    if uc.catalog is None:
        raise VitrineError(f"{uc.name} scores no catalogs")
    job = _job(event)
    parts = sorted((p for p in event["parts"] if p.get("part")), key=lambda p: p["first"])
    files = services.batch_files()
    chunks = [",".join(("row", *uc.catalog.columns)) + "\n"]
    chunks += [files.get(p["part"]).decode() for p in parts]
    key = f"out/{job}/results.csv"
    files.put(key, "".join(chunks).encode())
    return {"output_key": key, "rows": sum(p["rows"] for p in parts),
            "warnings": sum(p["warnings"] for p in parts), "parts": len(parts)}
