"""Use cases declared by a table instead of code: a ``usecase.toml`` (written by
``vitrine new NAME --csv FILE --target COLUMN`` and meant to be edited) becomes a serving
contract here, with the same routes, checks, logging and monitoring as a coded one.

Declarations are found in the folders of ``VITRINE_USECASE_PATH`` (several, separated like
PYTHONPATH): a folder holding ``usecase.toml``, or whose subfolders do. A team keeps its use
case in its own repository and points the setting at it; the platform is not edited.

The encoding of a row (numbers, booleans, a category's level code) is here, in the contract,
so that training (training/tabular.py) and serving run the same code. The model takes one
input per column: categories reach it as the level's index in the declaration's ``levels``,
and are one-hot encoded inside the exported ONNX graph, not here.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, Field, create_model

from functions.contracts.base import (
    CardText,
    Endpoint,
    InputWarning,
    PredictionBase,
    StrictBody,
    UseCase,
    as_list,
    dig,
)
from functions.errors import InvalidInput, Problem, VitrineError
from functions.explain import Explanation, medians, occlusion

PATH_SETTING = "VITRINE_USECASE_PATH"
FILE = "usecase.toml"
TASKS = ("binary", "multiclass", "regression")
TYPES = ("numeric", "integer", "boolean", "categorical", "text")
TRUE = frozenset({"1", "true", "yes", "y", "oui", "vrai", "t"})
FALSE = frozenset({"0", "false", "no", "n", "non", "faux", "f"})
MAX_BATCH = 1000  # rows a batch request may carry
NAME = re.compile(r"[a-z][a-z0-9_]{1,39}")
MAX_LEVEL = 200  # characters of a categorical value


class DeclarationError(VitrineError):
    """A declaration that cannot be served: names the file and the field."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    unit: str = ""
    missing: float = 0.0
    min: float | None = None  # plausible range: outside, answered with a warning
    max: float | None = None
    impossible_min: float | None = None  # outside: 422
    impossible_max: float | None = None
    levels: tuple[str, ...] = ()

    @cached_property
    def codes(self) -> dict[str, int]:
        """A categorical column's levels -> what the model takes for them: the level's index
        in ``levels`` (the first, should a level be listed twice)."""
        return {lv: k for k, lv in reversed(list(enumerate(self.levels)))}


@dataclass(frozen=True)
class Declaration:
    name: str
    task: str
    target: str
    columns: tuple[Column, ...]
    labels: tuple[str, ...] = ()
    title: str = ""
    description: str = ""
    id: str | None = None
    data: str | None = None  # the CSV, relative to the declaration's folder
    decimal: str = "."
    thousands: str = ""
    metric: str = ""
    folder: Path = field(default=Path("."))
    interval: float = 0.9  # regression: the coverage of the answered interval

    @property
    def model_columns(self) -> tuple[Column, ...]:
        """The columns the model reads, in the order of its inputs (not the text ones)."""
        return tuple(c for c in self.columns if c.type != "text")

    @property
    def feature_names(self) -> tuple[str, ...]:
        """The model's inputs: one per column it reads, named as the table names it."""
        return tuple(c.name for c in self.model_columns)

    @property
    def inputs(self) -> tuple[Column, ...]:
        """The columns a request may send (text columns are taken and not used)."""
        return self.columns

    def data_path(self) -> Path | None:
        return (self.folder / self.data) if self.data else None


# ----------------------------------------------------------------------------- reading

def read(path: Path) -> Declaration:
    """A declaration file, checked: every refusal names the file and the field."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DeclarationError(f"{path}: not a readable TOML declaration ({exc})") from None

    def bad(field_: str, why: str) -> DeclarationError:
        return DeclarationError(f"{path}: {field_}: {why}")

    name = raw.get("name")
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise bad("name", "2-40 lower-case letters, digits or _, starting with a letter")
    task = raw.get("task")
    if task not in TASKS:
        raise bad("task", f"one of {', '.join(TASKS)}")
    columns = []
    for i, c in enumerate(as_list(raw.get("columns"))):
        where = f"columns[{i}]"
        if not isinstance(c, dict) or not isinstance(c.get("name"), str) or not c["name"]:
            raise bad(where, "each column needs a name")
        if c.get("type") not in TYPES:
            raise bad(f"{where}.type", f"one of {', '.join(TYPES)}")
        levels = tuple(str(v) for v in c.get("levels", ()))
        if c["type"] == "categorical" and not levels:
            raise bad(f"{where}.levels", "a categorical column lists its levels")
        numbers = {k: c.get(k) for k in ("min", "max", "impossible_min", "impossible_max")}
        for k, v in numbers.items():
            if v is not None and (isinstance(v, bool) or not isinstance(v, int | float)):
                raise bad(f"{where}.{k}", "a number")
        columns.append(Column(name=c["name"], type=c["type"], unit=str(c.get("unit", "")),
                              missing=float(c.get("missing", 0.0)), levels=levels,
                              **{k: None if v is None else float(v)
                                 for k, v in numbers.items()}))
    if not columns:
        raise bad("columns", "at least one input column")
    names = [c.name for c in columns]
    if len(set(names)) != len(names):
        raise bad("columns", "two columns have the same name")
    target = raw.get("target")
    if not isinstance(target, str) or not target or target in names:
        raise bad("target", "the target column's name (not one of the inputs)")
    labels = tuple(str(v) for v in raw.get("labels", ()))
    if task != "regression" and len(labels) < 2:
        raise bad("labels", "a classification lists at least two labels")
    if task == "binary" and len(labels) != 2:
        raise bad("labels", "a binary task has exactly two labels")
    decl = Declaration(
        name=name, task=task, target=target, columns=tuple(columns), labels=labels,
        title=str(raw.get("title") or name), description=str(raw.get("description", "")),
        id=raw.get("id") or None, data=raw.get("data") or None,
        decimal=str(raw.get("decimal", ".")), thousands=str(raw.get("thousands", "")),
        metric=str(raw.get("metric") or default_metric(task)), folder=path.parent,
        interval=float(raw.get("interval", 0.9)))
    if not 0.5 <= decl.interval < 1:
        raise bad("interval", "a coverage between 0.5 and 1, e.g. 0.9")
    if not decl.feature_names:
        raise bad("columns", "no column the model can use (text columns are not used)")
    return decl


def default_metric(task: str) -> str:
    return {"binary": "auroc", "multiclass": "macro_f1", "regression": "mae"}[task]


def folders(setting: str | None = None) -> list[Path]:
    value = os.environ.get(PATH_SETTING, "") if setting is None else setting
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


def holding(root: Path, name: str) -> list[Path]:
    """The use-case folders of one VITRINE_USECASE_PATH entry that hold ``name``: the entry
    itself, or else its subfolders."""
    return [root] if (root / name).is_file() else sorted(p.parent for p in root.glob(f"*/{name}"))


def discover(setting: str | None = None) -> list[Declaration]:
    """Every declaration in the folders of VITRINE_USECASE_PATH."""
    return [read(folder / FILE) for root in folders(setting) for folder in holding(root, FILE)]


# ----------------------------------------------------------------------------- encoding

def number(value: Any, decimal: str = ".", thousands: str = "") -> float | None:
    """A cell or a JSON value as a float; None when missing; ValueError when not a number."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        raise ValueError("a boolean, not a number")
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip()
    if text == "" or text.lower() in ("na", "nan", "null", "none"):
        return None
    if thousands:
        text = text.replace(thousands, "")
    if decimal != ".":
        text = text.replace(decimal, ".")
    return float(text)


def boolean(value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float) and value in (0, 1):
        return float(value)
    text = str(value).strip().lower()
    if text in TRUE:
        return 1.0
    if text in FALSE:
        return 0.0
    raise ValueError("not a yes/no value")


def level(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def encode(decl: Declaration, rows: Sequence[Mapping[str, Any]], loc: tuple[Any, ...] = ()
           ) -> tuple[np.ndarray, list[list[dict[str, Any]]]]:
    """Rows (column name -> value) -> the model's inputs (float32, one per column of
    ``feature_names``: a number, 0/1, or a category's level code; NaN for missing) and each
    row's warnings (a value outside the plausible range, a level never seen in training:
    NaN too, which the graph answers as missing). Values that cannot be read, or are
    impossible, are an InvalidInput naming each one."""
    names = decl.feature_names
    x = np.full((len(rows), len(names)), np.nan, dtype=np.float32)
    position = {f: j for j, f in enumerate(names)}
    warnings: list[list[dict[str, Any]]] = [[] for _ in rows]
    problems: list[Problem] = []
    for i, row in enumerate(rows):
        for c in decl.columns:
            value = row.get(c.name)
            where = (*loc, i, c.name) if loc else ("body", c.name)
            try:
                if c.type in ("numeric", "integer"):
                    v = number(value, decl.decimal, decl.thousands)
                    if v is not None and not math.isfinite(v):
                        raise ValueError("not a finite number")
                elif c.type == "boolean":
                    v = boolean(value)
                elif c.type == "categorical":
                    lv = level(value)
                    if lv is not None and len(lv) > MAX_LEVEL:
                        raise ValueError(f"over {MAX_LEVEL} characters")
                    code = None if lv is None else c.codes.get(lv)
                    if lv is not None and code is None:
                        warnings[i].append(_warning(where, c.name, f"'{lv}' was never seen "
                                                    "in training: answered as if missing"))
                    elif code is not None:
                        x[i, position[c.name]] = code
                    continue
                else:  # text: taken, not used by the model
                    continue
            except (TypeError, ValueError) as exc:  # float()'s own text says "could not"
                why = str(exc) if str(exc).startswith(("not", "over", "a boolean")) \
                    else "not a number"
                problems.append(Problem(where, f"{str(value)[:60]!r}: {why}", "value_error"))
                continue
            if v is None:
                continue
            if (c.impossible_min is not None and v < c.impossible_min) or (
                    c.impossible_max is not None and v > c.impossible_max):
                problems.append(Problem(where, f"{v:g} is impossible for {c.name} (declared "
                                        f"range [{_g(c.impossible_min)}, "
                                        f"{_g(c.impossible_max)}]{_unit(c)})", "out_of_range"))
                continue
            if (c.min is not None and v < c.min) or (c.max is not None and v > c.max):
                warnings[i].append(_warning(where, c.name, f"{v:g} is outside what training "
                                            f"saw [{_g(c.min)}, {_g(c.max)}]{_unit(c)}"))
            x[i, position[c.name]] = v
        if len(problems) >= 50:
            break
    if problems:
        raise InvalidInput(problems[:50])
    return x, warnings


def _g(v: float | None) -> str:
    return "" if v is None else f"{v:g}"


def _unit(c: Column) -> str:
    return f" {c.unit}" if c.unit else ""


def _warning(loc: tuple[Any, ...], column: str, message: str) -> dict[str, Any]:
    return {"field": ".".join(str(p) for p in (loc[1:] if loc[:1] == ("body",) else loc)),
            "variable": column, "count": 1, "message": message}


# ------------------------------------------------------------------------------ contract

class TabularWarning(InputWarning):
    pass


def _field_type(c: Column) -> Any:
    if c.type in ("numeric", "integer"):
        return float | int | str | None
    if c.type == "boolean":
        return bool | int | str | None
    return str | int | float | None


def _attribute(i: int, name: str) -> str:
    safe = re.sub(r"\W", "_", name.strip().lower())
    return safe if safe.isidentifier() and not safe.startswith("_") else f"c{i}_{safe}"[:60]


def request_model(decl: Declaration) -> type[BaseModel]:
    """One row as a request body: every column by its name as the CSV has it (an alias
    where it is no identifier), optional (missing values are imputed), unknown fields
    refused."""
    fields: dict[str, Any] = {}
    for i, c in enumerate(decl.columns):
        what = {"numeric": "a number", "integer": "a whole number",
                "boolean": "yes/no, true/false or 0/1", "categorical":
                f"one of {', '.join(c.levels[:20])}" + ("…" if len(c.levels) > 20 else ""),
                "text": "free text (not used by the model)"}[c.type]
        rng = (f"; seen in training: {_g(c.min)} to {_g(c.max)}{_unit(c)}"
               if c.min is not None else "")
        # What the generated page (frontend/table.html) builds its widget from.
        extra: dict[str, Any] = {"x-vitrine-type": c.type, "x-vitrine-unit": c.unit}
        if c.levels:
            extra["x-vitrine-levels"] = list(c.levels)
        if c.min is not None:
            extra["x-vitrine-plausible"] = [c.min, c.max]
        fields[_attribute(i, c.name)] = (
            _field_type(c), Field(default=None, alias=c.name, description=what + rng,
                                  json_schema_extra=extra))
    fields["explain"] = (bool, Field(False, description="Also answer which inputs moved "
                                     "the answer most"))
    return create_model(f"{_camel(decl.name)}Row", __base__=StrictBody, **fields)


def _camel(name: str) -> str:
    return "".join(p.capitalize() for p in name.split("_"))


def row_of(body: BaseModel) -> dict[str, Any]:
    return body.model_dump(by_alias=True, exclude={"explain"})


def build_usecase(decl: Declaration) -> UseCase:
    """The serving contract of a declaration: /NAME/predict (one row) and
    /NAME/predict/batch (rows, or CSV text with the table's header)."""
    Row = request_model(decl)
    regression = decl.task == "regression"

    class Answer(PredictionBase):
        prediction: str | float = Field(description="The label, in the target's own spelling "
                                        "(classification), or the value (regression)")
        probability: float | None = Field(None, description="The predicted label's probability")
        probabilities: dict[str, float] | None = None
        interval: list[float] | None = Field(None, description=f"Regression: a "
                                             f"{decl.interval:.0%} interval (conformal, from "
                                             "held-out residuals)")
        warnings: list[TabularWarning] = []
        explanation: Explanation | None = Field(
            None, description='With "explain": true, the columns that moved the answer most '
            "(occlusion: each set to its typical training value, a category to its most "
            "frequent level; for a regression, the effect is on the value)")

    Answer.__name__ = f"{_camel(decl.name)}Prediction"

    class Batch(StrictBody):
        rows: list[dict[str, Any]] | None = Field(default=None, max_length=MAX_BATCH)
        csv: str | None = Field(default=None, max_length=5 * 1024 * 1024,
                                description="CSV text with the table's header")

    Batch.__name__ = f"{_camel(decl.name)}Batch"

    class BatchAnswer(PredictionBase):
        rows: int
        items: list[dict[str, Any]]

    BatchAnswer.__name__ = f"{_camel(decl.name)}BatchPrediction"

    def answer_rows(x: np.ndarray, warnings: list[list[dict[str, Any]]], model: Any
                    ) -> list[dict[str, Any]]:
        out = model.predict_proba(x)
        items = []
        for i in range(len(x)):
            if regression:
                value = float(out[i, 0])
                half = float(model.manifest.get("interval_half_width") or 0.0)
                items.append({"prediction": value, "interval": [value - half, value + half],
                              "warnings": warnings[i]})
            else:
                p = out[i]
                k = int(np.argmax(p)) if len(model.labels) > 2 or math.isnan(
                    model.threshold) else int(p[1] >= model.threshold)
                items.append({"prediction": model.labels[k], "probability": float(p[k]),
                              "probabilities": {lb: float(v) for lb, v in
                                                zip(model.labels, p, strict=True)},
                              "warnings": warnings[i]})
        return items

    def predict(req: BaseModel, model: Any) -> dict[str, Any]:
        x, warnings = encode(decl, [row_of(req)])
        out = answer_rows(x, warnings, model)[0]
        if getattr(req, "explain", False):
            out["explanation"] = explain(x, out, model)
        return out

    def explain(x: np.ndarray, answer: dict[str, Any], model: Any) -> dict[str, Any]:
        names = decl.feature_names
        base = medians(model.manifest, names)
        for j, c in enumerate(decl.model_columns):  # a level, never a code between two
            if c.type == "categorical":
                hist = ((model.manifest.get("profile") or {}).get("features", {})
                        .get(c.name, {}).get("hist") or {})
                shares = hist.get("p") or []
                base[j] = float(np.argmax(shares)) if shares else np.nan
        if regression:
            return occlusion(model, x, names, 0, baseline=base, output=decl.target)
        return occlusion(model, x, names, list(model.labels).index(answer["prediction"]),
                         baseline=base)

    def predict_batch(req: Batch, model: Any) -> dict[str, Any]:
        given = [k for k in ("rows", "csv") if getattr(req, k) is not None]
        if len(given) != 1:
            raise InvalidInput([Problem(("body",), "send exactly one of rows or csv",
                                        "value_error")])
        if req.rows is not None:
            rows, loc = req.rows, ("body", "rows")
            known = {c.name for c in decl.columns}
            unknown = [Problem((*loc, i, k), "unknown field", "extra_forbidden")
                       for i, r in enumerate(rows) for k in r if k not in known]
            if unknown:
                raise InvalidInput(unknown[:50])
        else:
            from functions.edges import csv_dicts

            header, rows = csv_dicts(req.csv or "", ("body", "csv"), MAX_BATCH)
            missing = [c.name for c in decl.columns if c.name not in header]
            if missing:
                raise InvalidInput([Problem(("body", "csv"), "missing columns "
                                            f"{', '.join(missing[:10])}", "missing")])
            loc = ("body", "csv")
        if not rows:
            raise InvalidInput([Problem(loc, "no rows", "too_short")])
        x, warnings = encode(decl, rows, loc=loc)
        items = answer_rows(x, warnings, model)
        return {"rows": len(items), "items": [{"row": i, **it} for i, it in enumerate(items)]}

    def check(body: Mapping[str, Any]) -> list[Problem]:
        """Values that cannot be read or are impossible, named beside pydantic's own
        problems (the raw body, by the columns' names)."""
        try:
            encode(decl, [{c.name: body.get(c.name) for c in decl.columns}])
        except InvalidInput as exc:
            return exc.problems
        return []

    def log_row(req: BaseModel, answer: dict[str, Any], _: Any = None
                ) -> tuple[dict[str, Any], dict[str, Any]]:
        """The row by its columns' own names (the request model's attributes are not)."""
        return {k: v for k, v in row_of(req).items() if v is not None}, answer

    def observe(inputs: Mapping[str, Any], answer: Mapping[str, Any]
                ) -> tuple[np.ndarray, list[str]]:
        x, _ = encode(decl, [{k: v for k, v in inputs.items() if k != "explain"}])
        return x.astype(np.float64), [str(answer.get("prediction"))]

    def observe_batch(inputs: Mapping[str, Any], answer: Mapping[str, Any]
                      ) -> tuple[np.ndarray, list[str]]:
        rows = dig(inputs, "rows") or []
        x, _ = encode(decl, rows) if rows else (np.empty((0, len(decl.feature_names))), [])
        return x.astype(np.float64), [str(i.get("prediction")) for i in
                                      as_list(dig(answer, "items"))][:len(x)]

    schema = tuple({"name": c.name, "type": c.type, "unit": c.unit, "min": c.min,
                    "max": c.max, "levels": list(c.levels)} for c in decl.columns)
    return UseCase(
        missing_values=True,  # the runtime's models impute or route missing values
        name=decl.name, title=decl.title, description=decl.description or
        f"{decl.task} on {len(decl.columns)} columns, declared in {FILE}",
        labels=decl.labels if not regression else (),
        feature_names=decl.feature_names,
        input_schema=schema,
        endpoints=(
            Endpoint(path=f"/{decl.name}/predict", request=Row, response=Answer,
                     predict=predict, check=check, observe=observe, log_view=log_row,
                     summary=f"Predict {decl.target} for one row."),
            Endpoint(path=f"/{decl.name}/predict/batch", request=Batch, response=BatchAnswer,
                     predict=predict_batch, observe=None if regression else observe_batch,
                     max_body_bytes=6 * 1024 * 1024,
                     summary=f"Predict {decl.target} for up to {MAX_BATCH} rows (JSON rows "
                     "or CSV text with the table's header)."),
        ),
        card=CardText(
            intended_use=f"Predicting {decl.target} from the columns declared in {FILE}.",
            out_of_scope="Rows unlike the training table (see the warnings each answer "
                         "carries).",
            data=f"The team's table ({decl.data or 'not named'}); see the declaration.",
            limits=("Declared with `vitrine new`: bounds inferred from the data with a "
                    "margin, to be checked by the team.",)),
    )
