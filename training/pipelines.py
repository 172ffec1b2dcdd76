"""A use case's training code, as the platform sees it: one typed interface (``Pipeline``,
what every pipeline must define; ``Optional``, what it may, with the defaults the platform
assumes), and the one function that finds it (``get``).

Where a pipeline comes from:
- a declared table's: the tabular runtime (training/tabular.py);
- a coded use case in a folder of VITRINE_USECASE_PATH: its ``pipeline.py``
  (functions/discovery.py loads the folder as a package);
- one of the package's: ``training/<name>/pipeline.py``.

A pipeline is a module (or an object) with these names; the platform reads it through
``Hooks``, so a missing optional name gets its documented default, and a name the interface
does not document is an error rather than a silent ``getattr(..., default)``.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Pipeline(Protocol):
    """What every use case's training code defines (the CLI, DVC, retraining, SageMaker and
    the AWS pipeline's steps call these, and nothing else)."""

    # A dataclass of the training parameters; ``Params.quick()`` the demo's and CI's sizes.
    Params: type
    # The registry metric the quality gate compares (higher is better unless the gate says).
    GATE_METRIC: str

    def default_source(self) -> Any:
        """The data to train on when none is named: the real files if present, else the
        generated ones."""

    def source_in(self, folder: Path) -> Any:
        """The training source inside a folder (a SageMaker channel, ``--source DIR``)."""

    def source_folder(self, source: Any) -> Path:
        """The folder to upload as a SageMaker channel for ``source``."""

    def source_problem(self, source: Any) -> str | None:
        """Why ``source`` cannot be trained on (a sentence for the CLI), or None."""

    def generate_data(self, out: Path | None, options: dict[str, Any], force: bool,
                      progress: Any) -> str:
        """Write the generated dataset in the real public format; say what was done."""

    def train(self, source: Any, params: Any, force: bool = False, progress: Any = None,
              ) -> tuple[Path, bool]:
        """Train, evaluate on the held-out split and write the run folder (report.json,
        models, plots); returns the run and whether an identical run was reused."""

    def summary(self, report: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
        """The CLI's table of a run's held-out figures: a header and rows."""


@dataclasses.dataclass(frozen=True)
class Optional:
    """What a pipeline may define, and what the platform assumes where it does not."""

    # Retrained with feedback by the loop (``with_feedback`` must then be defined).
    RETRAINABLE: bool = False
    # with_feedback(source, examples, work_dir) -> (merged source, examples used).
    with_feedback: Callable[..., tuple[Any, int]] | None = None
    # What the retraining step reads of logged feedback (None: the labelled predictions).
    FEEDBACK_READS: Any = None
    # gate_check(run, production_report) -> (ok, reasons): the use case's own gate rule.
    gate_check: Callable[..., Any] | None = None
    # The gate decides on gate_check alone (no metric comparison).
    GATE_BY_CHECK: bool = False
    # Optional extras (pyproject) a SageMaker training job installs beyond "train".
    EXTRAS: tuple[str, ...] = ()
    # SOURCE_FILES() -> {name: path}: files a SageMaker job uploads beside the data.
    SOURCE_FILES: Callable[[], Mapping[str, Path]] | None = None
    # The generator's options per size ("quick", "full") as `vitrine data` takes them;
    # None: no data stage (the data is in git, like the docs corpus).
    DATA_OPTIONS: Mapping[str, Mapping[str, Any]] | None = None
    # Where `vitrine data` writes by default (DVC tracks it).
    GENERATED_DIR: Path | None = None
    # Modules of the generator besides its data.py (DVC's stage dependencies).
    DATA_CODE: tuple[str, ...] = ()
    # `make demo` trains at full parameters (they take seconds), not Params.quick().
    DEMO_FULL_SIZE: bool = False
    # Whether a run draws plots (DVC's plots output).
    PLOTS: bool = True
    # Files in git that training reads (the docs corpus and questions): DVC dependencies.
    TRAIN_FILES: tuple[Path, ...] = ()
    # site_samples(site_dir) -> {what: count}: the site's sample files for its page,
    # written by `vitrine site` from the generated data.
    site_samples: Callable[[Path], dict[str, Any]] | None = None
    # The route whose first answer stands for the use case's cold start (bench/cold_start.py
    # sends the first of its ``traffic`` requests on it); None: the traffic's first request.
    COLD_START_ROUTE: str | None = None
    # (results file in bench/results, key path to its p50/p95 row, route shown): the
    # handler figure the cost page reads, written by bench/<name>_bench.py.
    BENCH: tuple[str, tuple[str, ...], str] | None = None
    # traffic(scenario) -> Traffic (training/traffic.py): requests drawn from data the model
    # never saw, each with the truth feedback sends, the second half shifted where the
    # scenario drifts; `vitrine simulate USECASE` replays them through the API and follows
    # the loop. None: no simulator.
    traffic: Callable[[Any], Any] | None = None


OPTIONAL = {f.name: f.default for f in dataclasses.fields(Optional)}
REQUIRED = ("Params", "GATE_METRIC", "default_source", "source_in", "source_folder",
            "source_problem", "generate_data", "train", "summary")


class Hooks:
    """A pipeline read through the interface: documented names only, defaults filled in."""

    def __init__(self, usecase: str, impl: Any):
        missing = [n for n in REQUIRED if not hasattr(impl, n)]
        if missing:
            raise TypeError(f"{usecase}'s pipeline lacks {', '.join(missing)} "
                            "(training/pipelines.py: Pipeline)")
        self.usecase, self.impl = usecase, impl

    def __getattr__(self, name: str) -> Any:
        if name in REQUIRED or name in OPTIONAL:
            return getattr(self.impl, name, OPTIONAL.get(name))
        raise AttributeError(f"'{name}' is not part of a pipeline's interface "
                             "(training/pipelines.py)")

    @property
    def data_folder(self) -> Path | None:
        return Path(self.GENERATED_DIR) if self.GENERATED_DIR is not None else None


def implementation(usecase: str) -> Any:
    """The module (or object) behind a catalog use case's pipeline."""
    from functions.catalog import CODED, DECLARATIONS, get_usecase

    get_usecase(usecase)  # unknown names fail, listing the catalog
    if usecase in DECLARATIONS:
        from training.tabular import for_declaration

        return for_declaration(DECLARATIONS[usecase])
    if usecase in CODED:
        from functions.discovery import load_package

        load_package(CODED[usecase])
        return importlib.import_module(f"{CODED[usecase].module}.pipeline")
    return importlib.import_module(f"training.{usecase}.pipeline")


def get(usecase: str) -> Hooks:
    """The pipeline of a catalog use case, through its typed interface."""
    return Hooks(usecase, implementation(usecase))


def declared(usecase: str) -> bool:
    from functions.catalog import DECLARATIONS

    return usecase in DECLARATIONS


def gate(run: Any, registry: Any, **options: Any) -> Any:
    """The quality gate for a run of ``run``'s use case, with the use case's own check
    (a pipeline's ``gate_check``; alone where ``GATE_BY_CHECK``) handed to the export
    layer, which knows no use case."""
    import json

    from model_export.gate import quality_gate

    usecase = json.loads((run / "report.json").read_text()).get("usecase")
    pipeline = get(usecase) if usecase else None
    return quality_gate(run, registry, check=pipeline.gate_check if pipeline else None,
                        check_only=bool(pipeline.GATE_BY_CHECK) if pipeline else False,
                        **options)
