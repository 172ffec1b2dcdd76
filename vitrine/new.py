"""``vitrine new NAME --csv FILE --target COLUMN``: a table read once, its declaration
written (functions/declared.py reads it back), commented and meant to be edited.
``vitrine new NAME --template python``: the skeleton of a coded use case instead (``python``
below), for what a table's declaration cannot say.

What is inferred, per column: its type (numeric, integer, boolean, categorical with its
levels, free text), its missing share, and a plausible range (the data's, widened by a
tenth of its span: outside it an answer carries a warning). Nothing is marked impossible:
only the team knows what cannot happen (uncomment ``impossible_min`` / ``impossible_max``,
answered 422).
"""

from __future__ import annotations

import json
import math
import os
import re
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from functions.declared import FALSE, FILE, NAME, TRUE, TYPES, number

MAX_LEVELS = 50  # distinct values a categorical column may have
MARGIN = 0.1  # the plausible range: the data's, widened by this share of its span
_COMMA_DECIMAL = re.compile(r"^-?\d{1,3}([ .\u00a0]?\d{3})*,\d+$|^-?\d+,\d+$")


def _values(series: Any) -> list[str]:
    return [str(v).strip() for v in series if isinstance(v, str) and str(v).strip()]


def guess_format(df: Any) -> tuple[str, str]:
    """(decimal, thousands): a comma decimal when cells like "12,5" are common and none
    reads as a plain number with a point; a space or point grouping thousands beside it."""
    comma = point = 0
    spaced = dotted = 0
    for col in df.columns:
        for v in _values(df[col])[:500]:
            if _COMMA_DECIMAL.match(v):
                comma += 1
                spaced += " " in v or "\u00a0" in v
                dotted += "." in v
            elif re.fullmatch(r"-?\d+\.\d+", v):
                point += 1
    if comma > 0 and comma >= point:
        return ",", " " if spaced else ("." if dotted else "")
    return ".", ""


def infer_column(name: str, cells: list[str], rows: int, decimal: str, thousands: str
                 ) -> dict[str, Any]:
    present = [c.strip() for c in cells
               if c.strip() and c.strip().lower() not in ("na", "nan", "null", "none")]
    out: dict[str, Any] = {"name": name, "missing": round(1 - len(present) / max(rows, 1), 4)}
    distinct = set(present)
    lowered = {v.lower() for v in distinct}
    if distinct and lowered <= (TRUE | FALSE) and len(lowered) <= 2 and not (
            lowered <= {"0", "1"} and len(lowered) == 1):
        return {**out, "type": "boolean"}
    numbers = []
    for v in present:
        try:
            numbers.append(number(v, decimal, thousands))
        except ValueError:
            numbers = None  # type: ignore[assignment]
            break
    if numbers and all(n is not None and math.isfinite(n) for n in numbers):
        lo, hi = min(numbers), max(numbers)
        span = (hi - lo) or abs(hi) or 1.0
        integer = all(float(n).is_integer() for n in numbers)
        low = lo - MARGIN * span
        if lo >= 0 and low < 0:
            low = 0.0  # a quantity that was never negative: the margin stops at zero
        return {**out, "type": "integer" if integer else "numeric",
                "min": _round(low), "max": _round(hi + MARGIN * span)}
    if 0 < len(distinct) <= min(MAX_LEVELS, max(2, rows // 5)):
        counts: dict[str, int] = {}
        for v in present:
            counts[v] = counts.get(v, 0) + 1
        levels = sorted(counts, key=lambda v: (-counts[v], v))
        return {**out, "type": "categorical", "levels": levels}
    return {**out, "type": "text"}


def _round(v: float) -> float:
    return float(f"{v:.6g}")


def infer(csv: Path, target: str, task: str | None, id_column: str | None,
          decimal: str | None = None, thousands: str | None = None) -> dict[str, Any]:
    import pandas as pd

    df = pd.read_csv(csv, dtype=str, keep_default_na=False)
    if df.empty:
        raise ValueError(f"--csv: {csv} has no rows")
    for flag, col in (("--target", target), ("--id", id_column)):
        if col is not None and col not in df.columns:
            raise ValueError(f"{flag}: no column '{col}' in {csv.name} (columns: "
                             f"{', '.join(map(str, df.columns[:20]))})")
    guessed = guess_format(df)
    decimal = decimal or guessed[0]
    thousands = guessed[1] if thousands is None else thousands
    columns = [infer_column(str(c), list(df[c].astype(str)), len(df), decimal, thousands)
               for c in df.columns if c not in (target, id_column)]
    tcol = infer_column(target, list(df[target].astype(str)), len(df), decimal, thousands)
    values = sorted({v for v in _values(df[target])
                     if v.lower() not in ("na", "nan", "null", "none")})
    if task is None:
        task = ("regression" if tcol["type"] in ("numeric", "integer") and len(values) > 10
                else "binary" if len(values) == 2 else "multiclass")
    if task not in ("binary", "multiclass", "regression"):
        raise ValueError(f"--task: binary, multiclass or regression, not '{task}'")
    if task == "regression" and tcol["type"] not in ("numeric", "integer"):
        raise ValueError(f"--task regression: '{target}' holds values that are not numbers")
    if task != "regression" and not 2 <= len(values) <= 200:
        raise ValueError(f"--target: '{target}' has {len(values)} distinct values; a "
                         "classification needs 2 to 200 (or say --task regression)")
    if task == "binary" and len(values) != 2:
        raise ValueError(f"--task binary: '{target}' has {len(values)} distinct values")
    return {"task": task, "target": target, "id": id_column, "decimal": decimal,
            "thousands": thousands, "rows": len(df), "columns": columns,
            "labels": values if task != "regression" else []}


def _toml(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(float(v)) if isinstance(v, float) else str(v)
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_toml(x) for x in v) + "]"
    return json.dumps(str(v), ensure_ascii=False)  # a TOML basic string


def render(name: str, csv: Path, folder: Path, inferred: dict[str, Any]) -> str:
    metric = {"binary": "auroc", "multiclass": "macro_f1", "regression": "mae"}
    lines = [
        f"# The Vitrine use case '{name}', written by `vitrine new` from {csv.name}",
        f"# ({inferred['rows']} rows). Edit it: the types, the ranges, the impossible bounds.",
        f"# Then: vitrine train {name} && vitrine export {name} --promote && vitrine serve",
        "",
        f"name = {_toml(name)}",
        f"title = {_toml(name.replace('_', ' ').capitalize())}",
        "description = " + _toml("Predicts " + inferred["target"] + " from " + csv.name),
        f"task = {_toml(inferred['task'])}  # binary, multiclass or regression",
        f"target = {_toml(inferred['target'])}",
    ]
    if inferred["task"] != "regression":
        lines.append(f"labels = {_toml(inferred['labels'])}  # as the table spells them")
    else:
        lines.append("interval = 0.9  # the coverage of the interval every answer carries")
    if inferred["id"]:
        lines.append(f"id = {_toml(inferred['id'])}  # an identifier, never a feature")
    lines += [
        f"data = {_toml(os.path.relpath(csv.resolve(), folder.resolve()))}"
        "  # relative to this file",
        f"decimal = {_toml(inferred['decimal'])}  # \",\" for decimal commas",
        f"thousands = {_toml(inferred['thousands'])}  # e.g. \" \" in 1 234,5",
        f"metric = {_toml(metric[inferred['task']])}  # chooses the model and gates "
        "retraining",
        "",
        f"# One [[columns]] per input. type: {', '.join(TYPES)} (text is taken, not used).",
        "# min/max: the plausible range, from the data with a margin (a warning outside);",
        "# impossible_min/impossible_max: what cannot happen (a 422 outside).",
    ]
    for c in inferred["columns"]:
        lines += ["", "[[columns]]", f"name = {_toml(c['name'])}",
                  f"type = {_toml(c['type'])}", 'unit = ""',
                  f"missing = {_toml(c['missing'])}  # share missing in the table"]
        if "min" in c:
            lines += [f"min = {_toml(c['min'])}", f"max = {_toml(c['max'])}",
                      "# impossible_min = 0.0", "# impossible_max = 0.0"]
        if c["type"] == "categorical":
            lines.append(f"levels = {_toml(c['levels'])}  # others: a warning, as missing")
    return "\n".join(lines) + "\n"


def new(name: str, csv: Path, target: str, task: str | None = None,
        id_column: str | None = None, root: Path = Path("usecases"),
        decimal: str | None = None, thousands: str | None = None) -> Path:
    """Write ``root/NAME/usecase.toml`` from the table; refuses a taken name or an existing
    declaration (nothing already written is replaced)."""
    from functions.declared import read

    _check_name(name)
    if not csv.is_file():
        raise ValueError(f"--csv: no file {csv}")
    folder = root / name
    path = folder / FILE
    if path.exists():
        raise ValueError(f"{path} exists already: edit it, or choose another name")
    inferred = infer(csv, target, task, id_column, decimal, thousands)
    folder.mkdir(parents=True, exist_ok=True)
    text = render(name, csv, folder, inferred)
    path.write_text(text, encoding="utf-8")
    try:
        read(path)  # what is written must read back
    except Exception:
        path.unlink()
        raise
    return path


def _check_name(name: str) -> None:
    from functions.catalog import CATALOG

    if not NAME.fullmatch(name):
        raise ValueError(f"NAME: '{name}' must be 2-40 lower-case letters, digits or _, "
                         "starting with a letter")
    if name in CATALOG or any(name in uc.families for uc in CATALOG.values()):
        raise ValueError(f"NAME: '{name}' is already a use case")


TEMPLATES = ("python",)  # --template: the skeletons under vitrine/templates/
# The python skeleton: template file -> where it goes in the use case's folder.
PYTHON_FILES = {"contract.py.tmpl": "contract.py", "pipeline.py.tmpl": "pipeline.py",
                "test.py.tmpl": "tests/test_${name}.py", "README.md.tmpl": "README.md",
                "gitignore.tmpl": ".gitignore"}


def python(name: str, root: Path = Path("usecases")) -> list[Path]:
    """Write the skeleton of a coded use case into ``root/NAME/`` (functions/discovery.py
    finds it there): its serving contract, its training pipeline, a test and a README,
    filled in with the name. Refuses a taken name or an existing folder (nothing is
    replaced); returns the files written."""
    folder = root / name
    if folder.exists():
        raise ValueError(f"{folder} exists already: edit it, or choose another name")
    _check_name(name)
    words = {"name": name, "title": name.replace("_", " ").capitalize(),
             "camel": "".join(w.capitalize() for w in name.split("_"))}
    source = resources.files("vitrine") / "templates" / "python"
    rendered = {}
    for template, target in PYTHON_FILES.items():
        path = folder / Template(target).substitute(words)
        text = Template(source.joinpath(template).read_text(encoding="utf-8")
                        ).substitute(words)
        if path.suffix == ".py":
            compile(text, str(path), "exec")  # what is written must at least parse
        rendered[path] = text
    for path, text in rendered.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(rendered)
