"""What every use case declares: its endpoints, its models' input and output, its checks.

A use case is one module in ``functions/contracts`` exposing a ``USECASE`` built from
these classes; routes, Lambda, registry paths and the front-end card follow from it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Protocol

import numpy as np
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from functions.errors import InvalidInput, Problem


class ServedModel(Protocol):
    """What a contract's predict function may use of a loaded model."""

    version: str
    threshold: float
    labels: list[str]

    def predict_proba(self, x: np.ndarray) -> np.ndarray: ...


class StrictBody(BaseModel):
    """Request bodies: unknown fields, NaN and Infinity are errors, not ignored."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, strict=True)


class InputWarning(BaseModel):
    """An input outside what the model was trained on: answered, but to be read with care
    (and counted by monitoring)."""

    field: str = Field(description="The first value concerned, as a field path")
    variable: str
    count: int = Field(description="How many values of this variable were outside")
    message: str


class PredictionBase(BaseModel):
    """Fields every prediction answer carries."""

    prediction_id: str = Field(description="Id to quote when sending feedback on this prediction")
    model_version: str


@dataclass(frozen=True)
class Measure:
    """A numeric input with its unit and the range a real patient or plant can show."""

    name: str
    unit: str
    lo: float
    hi: float
    description: str = ""

    def annotated(self) -> Any:
        """A pydantic type: a strict finite float whose range error names the unit."""
        lo, hi, unit = self.lo, self.hi, self.unit

        def in_range(v: float) -> float:
            if not lo <= v <= hi:
                raise PydanticCustomError(
                    "out_of_range",
                    "{value} is outside the plausible range [{lo}, {hi}] {unit}",
                    {"value": v, "lo": lo, "hi": hi, "unit": unit},
                )
            return v

        desc = f"{self.description} ({unit}, {lo} to {hi})".strip()
        return Annotated[
            float,
            AfterValidator(in_range),
            Field(description=desc, json_schema_extra={"minimum": lo, "maximum": hi}),
        ]

    def schema(self) -> dict[str, Any]:
        return {"name": self.name, "unit": self.unit, "min": self.lo, "max": self.hi}


@dataclass(frozen=True)
class Endpoint:
    """One prediction route: body model in, response model out, through a pure function."""

    path: str
    request: type[BaseModel]
    response: type[PredictionBase]
    predict: Callable[[Any, ServedModel], dict[str, Any]]
    # Cross-field checks on the raw JSON body; they run even when field validation failed,
    # so that one 422 names every problem at once.
    check: Callable[[Mapping[str, Any]], list[Problem]] = lambda body: []
    summary: str = ""
    method: str = "POST"
    # The registry model family this endpoint serves; None: the use case's own name.
    model: str | None = None
    # Several families at once: ``predict`` then receives {family: model}.
    models: tuple[str, ...] = ()
    max_body_bytes: int | None = None  # bytes; None: the app-wide limit
    # A body sent without a JSON Content-Type is still read as JSON (Open Inference Protocol
    # clients send none, or application/octet-stream); otherwise it is refused.
    any_content_type: bool = False
    # ``predict`` also receives the batch file store (S3 on AWS, a local folder otherwise).
    files: bool = False
    # Monitoring: one logged call (its inputs and answer, as JSON) -> its rows in the
    # features of the use case's training profile, and the label predicted for each row.
    # None: the route is not monitored (a whole TEP run is no sample of live windows).
    observe: Callable[[Mapping[str, Any], Mapping[str, Any]],
                      tuple[np.ndarray, list[str]]] | None = None
    # What the prediction log keeps of a call too large to keep whole (a batch of lots):
    # (request body, answer as JSON, what ``predict`` returned under LOG_ONLY or None) ->
    # (inputs, answer) to log.
    log_view: Callable[[Any, dict[str, Any], Any], tuple[Any, Any]] | None = None
    # Feedback on a call whose item is not one of ``observe``'s rows (a series' one alarm):
    # (logged inputs, logged answer) -> (the label the call predicted, None) or
    # (None, why no feedback can name it). None: feedback goes through ``observe``.
    feedback_item: Callable[[Mapping[str, Any], Mapping[str, Any]],
                            tuple[str | None, str | None]] | None = None


@dataclass(frozen=True)
class CatalogJob:
    """Scoring a whole catalog file from the batch store in parallel chunks (the catalog
    state machine's Distributed Map, functions/catalog_job.py)."""

    models: tuple[str, ...]  # the families a chunk loads
    # A CSV line (a dict of strings, as Step Functions' CSV reader gives it) and the job's
    # options -> one row as ``score`` takes it.
    row: Callable[[Mapping[str, Any], Mapping[str, Any]], dict[str, Any]]
    # (rows, {family: model}, batch file store) -> one answer per row (a dict per row)
    score: Callable[[list[dict[str, Any]], Mapping[str, Any], Any], list[dict[str, Any]]]
    columns: tuple[str, ...]  # the answer's fields written to the results CSV, after "row"


# A key ``predict`` may add to its result for the prediction log alone (never answered): a
# batch read from a file keeps a sample of its lots there, since the body does not hold them.
LOG_ONLY = "_log"


@dataclass(frozen=True)
class CardText:
    """What a model card says that no manifest holds (``vitrine card``, GET
    /usecases/{name}/card): written once per use case, beside its contract."""

    intended_use: str
    out_of_scope: str
    data: str  # real or generated, and how
    limits: tuple[str, ...]
    references: tuple[str, ...] = ()  # published figures to read the metrics against


@dataclass(frozen=True)
class UseCase:
    name: str
    title: str
    description: str
    labels: tuple[str, ...]
    feature_names: tuple[str, ...]
    endpoints: tuple[Endpoint, ...]
    input_schema: tuple[dict[str, Any], ...] = ()
    # Lambda sizing for this use case (infra reads it).
    memory_mb: int = 1024  # MB
    timeout_s: int = 10  # seconds
    # Input names of each model family other than the use case's own (whose inputs are
    # ``feature_names``): a served model must have been trained on exactly these.
    other_model_inputs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Whole catalogs in the batch store, scored by the catalog state machine; None: none.
    catalog: CatalogJob | None = None
    # What drift monitoring compares with the training profile, when not the model's inputs
    # (a text model's input is one string; its monitored features describe the listings).
    monitored: tuple[str, ...] = ()
    # Run once, with the settings, when a server or Lambda starts (with its models), so that
    # the first request does not pay for it: the docs assistant loads its sentence encoder's
    # weights, and its generator where the settings turn it on.
    warm: Callable[[Any], None] | None = None
    # More of the monitoring report, from the logged calls in its window (PredictionRecord):
    # the docs assistant's most frequent unanswered questions. Its key in the report.
    report_extra: tuple[str, Callable[[Sequence[Any]], dict[str, Any]]] | None = None
    card: CardText | None = None
    # Whether the AWS training pipeline (Step Functions + SageMaker) retrains it; locally
    # every use case with a pipeline retrains.
    pipeline_retraining: bool = True
    # Whether the model's inputs may be missing (NaN): its Open Inference Protocol route
    # (functions/oip.py) accepts null values then, and refuses them otherwise.
    missing_values: bool = False
    # The one answer its feedback judges, where the field only ever judges that answer (an
    # operator confirms or rejects an alarm; nobody labels the hours without one): its
    # performance is then that answer's precision, not a balanced accuracy, whose other
    # classes' recall would read 0 by the selection alone. None: every answer is labelled.
    feedback_judges: str | None = None
    # Where the use case stands in the catalog (its cards, the site's navigation): lower
    # first, then by name. Use cases found in VITRINE_USECASE_PATH come after the package's.
    order: int = 1000
    # The site's page for it and the navigation's label (the label defaults to the title);
    # None: the page generated from its schema (frontend/table.html).
    page: str | None = None
    nav_label: str = ""
    # What its serving imports beyond the core every function carries (pyproject's
    # dependencies less these): distribution names pyproject pins, or "name==version" for a
    # library pyproject does not list. Its Lambda bundle carries them, no other function's
    # does (infra/bundle.py); tests/test_bundle.py checks that every third-party module a
    # contract imports is in the core or here.
    requires: tuple[str, ...] = ()

    def family(self, endpoint: Endpoint) -> str:
        return endpoint.model or self.name

    @property
    def site_page(self) -> str:
        return self.page or f"table.html?usecase={self.name}"

    def endpoint(self, path: str) -> Endpoint | None:
        """The endpoint that answered at ``path`` (a logged prediction's route), if any."""
        return next((e for e in self.endpoints if e.path == path), None)

    @property
    def families(self) -> tuple[str, ...]:
        """The registry model families this use case serves, its own first."""
        return tuple(dict.fromkeys(f for e in self.endpoints
                                   for f in (e.models or (self.family(e),))))

    @property
    def drift_features(self) -> tuple[str, ...]:
        return self.monitored or self.feature_names

    def model_inputs(self, family: str) -> tuple[str, ...]:
        return self.feature_names if family == self.name else self.other_model_inputs[family]


def log_sample(n: int, k: int) -> list[int]:
    """``k`` of ``n`` rows drawn at random, in order: what the prediction log keeps of a batch
    (a sample for drift monitoring, bounded whatever the batch size)."""
    if n <= 0:
        return []
    return sorted(int(i) for i in np.random.default_rng().choice(n, min(k, n), replace=False))


def finite_number(value: Any) -> float | None:
    """The value as a float when it is a real finite number, else None (bools excluded)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    v = float(value)
    return v if math.isfinite(v) else None


def dig(body: Any, *path: str | int) -> Any:
    """Walk a parsed JSON body without failing on a wrong shape."""
    for key in path:
        if isinstance(key, int):
            if not isinstance(body, list) or not -len(body) <= key < len(body):
                return None
            body = body[key]
        # A dict first: the Mapping ABC's check costs ten times more, on every request.
        elif isinstance(body, dict) or isinstance(body, Mapping):
            body = body.get(key)
        else:
            return None
    return body


def as_list(value: Any) -> Sequence[Any]:
    return value if isinstance(value, list) else []


def _fill_empty(text: str) -> str:
    """Empty CSV cells written as "nan" (loadtxt refuses empty fields); two passes for runs
    of empty cells, then cells at the start and end of lines."""
    text = text.replace(",,", ",nan,").replace(",,", ",nan,")
    text = text.replace(",\n", ",nan\n").replace(",\r", ",nan\r").replace("\n,", "\nnan,")
    text = "nan" + text if text.startswith(",") else text
    return text + "nan" if text.endswith(",") else text


def _fast_matrix(text: str, index: list[int], max_rows: int) -> np.ndarray | None:
    """The rows below the header through numpy's C reader (8x faster than a float() per cell
    on SECOM's 590 columns), or None when it cannot read them all or there are too many."""
    import io
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "input contained no data": checked by the caller
            values = np.loadtxt(io.StringIO(_fill_empty(text)), delimiter=",", skiprows=1,
                                usecols=index, dtype=np.float64, ndmin=2, comments=None,
                                quotechar='"', max_rows=max_rows + 1)
    except (ValueError, IndexError):
        return None
    return values if len(values) <= max_rows and values.shape[1] == len(index) else None


def csv_matrix(text: str, names: Sequence[str], min_rows: int, max_rows: int,
               allow_missing: bool, loc: tuple[str, ...] = ("body", "csv"),
               first_line: int = 2) -> np.ndarray:
    """CSV text with a header row -> (rows, len(names)) in ``names`` order; every problem
    raised as one InvalidInput naming the line. Empty cells and NaN are missing values
    (allowed or not); infinities never are."""
    from functions.edges import csv_rows

    records = csv_rows(text, loc, max_rows)  # bounded as it is read: line, field, rows
    header = next(records, (1, []))[1]
    position: dict[str, int] = {}
    for i, column in enumerate(header):  # a dict, not header.index: 590 columns per chunk
        position.setdefault(column, i)
    absent = [c for c in names if c not in position]
    if absent:
        more = f" and {len(absent) - 10} more" if len(absent) > 10 else ""
        raise InvalidInput([Problem(loc, f"missing columns {', '.join(absent[:10])}{more}",
                                    "missing")])
    index = [position[c] for c in names]
    fast = _fast_matrix(text, index, max_rows)
    if fast is not None and len(fast) >= min_rows and not (
            np.isinf(fast) if allow_missing else ~np.isfinite(fast)).any():
        return fast
    # Something is wrong (or unusual): read it again line by line, to name every problem.
    rows: list[list[float]] = []
    problems: list[Problem] = []
    for n, (_, line) in enumerate(records, start=first_line):
        if not line:
            continue
        try:
            values = [math.nan if line[i].strip() in ("", "NaN", "nan") else float(line[i])
                      for i in index]
        except (ValueError, IndexError):
            problems.append(Problem(loc, f"line {n}: not {len(names)} numbers", "float_type"))
            continue
        if any(math.isinf(v) for v in values) or (
                not allow_missing and any(math.isnan(v) for v in values)):
            what = "infinite value" if allow_missing else "NaN, empty or infinite value"
            problems.append(Problem(loc, f"line {n}: {what}", "finite_number"))
        rows.append(values)
        if len(rows) > max_rows:
            problems.append(Problem(loc, f"more than {max_rows} rows", "too_long"))
            break
    if problems:
        raise InvalidInput(problems[:50])
    if len(rows) < min_rows:
        raise InvalidInput([Problem(loc, f"{len(rows)} rows; at least {min_rows} are needed",
                                    "too_short")])
    return np.array(rows)
