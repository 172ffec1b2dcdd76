"""DVC's view of the catalog: ``dvc.yaml`` (data -> train -> export for every use case) and
``params.yaml`` (each pipeline's ``Params``), written from the code so they cannot drift
from it (``vitrine dvc``; a test holds the committed files equal to what it writes).

The stages call the ``vitrine`` command, like a user would. What DVC tracks:

- ``data/generated/<dataset>``: the generator's files, cached (``dvc push`` sends them to
  the remote); the generator's code and its options (``params.yaml``: ``<usecase>.data``)
  are the stage's inputs.
- ``reports/<usecase>/``: what a run is judged on, written by ``vitrine train
  --report-dir`` and ``vitrine export --report-dir``: ``metrics.json`` (the test split's
  figures), ``plots/`` (the run's PNGs), ``run.json`` (the run folder) and ``export.json``
  (the published versions and their parity). Small, not cached: git holds them, so
  ``dvc metrics diff`` and ``dvc plots diff`` compare commits and experiments.

The models themselves stay in ``artifacts/runs`` and the registry (``data/registry``, the
ML bucket on AWS): the registry is where serving reads them from, content-addressed and
versioned already, so DVC would only keep a second copy.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path
from typing import Any

import yaml

from functions.catalog import CATALOG, CODED, DECLARATIONS
from training import pipelines

DVC_FILE, PARAMS_FILE = Path("dvc.yaml"), Path("params.yaml")
REPORTS = Path("reports")

# Code every training run reads besides its own package.
TRAIN_CODE = ["training/runs.py", "training/metrics.py", "training/plots.py",
              "training/params.py", "functions/contracts"]


def pipeline(usecase: str) -> Any:
    return pipelines.get(usecase)


def _yaml_value(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def params_doc(sizes: str = "quick") -> dict[str, Any]:
    """``params.yaml``: per use case, the generator's options and every training parameter
    (all of them, so an edit to any one is a change DVC sees)."""
    doc: dict[str, Any] = {}
    for name in CATALOG:
        hooks = pipeline(name)
        p = hooks.Params
        params = p.quick() if sizes == "quick" and not hooks.DEMO_FULL_SIZE else p()
        section: dict[str, Any] = {}
        if hooks.DATA_OPTIONS is not None:
            section["data"] = dict(hooks.DATA_OPTIONS[sizes])
        section["train"] = {f.name: _yaml_value(getattr(params, f.name))
                            for f in dataclasses.fields(params)}
        doc[name] = section
    return doc


def dvc_doc() -> dict[str, Any]:
    stages: dict[str, Any] = {}
    for name in CATALOG:
        report = (REPORTS / name).as_posix()
        hooks = pipeline(name)
        declared = pipelines.declared(name)
        # A team's coded use case (VITRINE_USECASE_PATH): its folder is its code.
        code = [_shown(CODED[name].folder)] if name in CODED else [f"training/{name}"]
        train_deps = [*code, *TRAIN_CODE]
        if declared:  # a team's table and its declaration (VITRINE_USECASE_PATH)
            decl = DECLARATIONS[name]
            source = decl.data_path().as_posix()
            train_deps = [source, (decl.folder / "usecase.toml").as_posix(),
                          "training/tabular.py", "functions/declared.py", *TRAIN_CODE]
        elif hooks.DATA_OPTIONS is not None and hooks.data_folder is not None:
            folder = _shown(hooks.data_folder)
            stages[f"data_{name}"] = {
                "cmd": f"vitrine data {name} --out {folder} ${{{name}.data}}",
                "deps": code if name in CODED else [f"training/{name}/data.py",
                                                    *hooks.DATA_CODE],
                "outs": [folder],
            }
            source = folder
            train_deps.insert(0, folder)
        elif hooks.TRAIN_FILES:  # data in git (the docs corpus and its evaluation questions)
            files = [_shown(Path(f)) for f in hooks.TRAIN_FILES]
            source = files[0]
            train_deps[:0] = files
        else:  # no generator, no files named: the pipeline's default source
            source = _shown(Path(hooks.default_source()))
            train_deps.insert(0, source)
        stages[f"train_{name}"] = {
            "cmd": f"vitrine train {name} --source {source} --params-file params.yaml "
                   f"--report-dir {report}",
            "deps": train_deps,
            "params": [f"{name}.train"],
            "outs": [{f"{report}/run.json": {"cache": False}}],
            "metrics": [{f"{report}/metrics.json": {"cache": False}}],
            **({} if not hooks.PLOTS or declared else
               {"plots": [{f"{report}/plots": {"cache": False}}]}),
        }
        stages[f"export_{name}"] = {
            "cmd": f"vitrine export {name} --report-dir {report}",
            "deps": [f"{report}/run.json", "model_export"],
            "metrics": [{f"{report}/export.json": {"cache": False}}],
        }
    return {"stages": stages}


def _shown(path: Path) -> str:
    """A path as DVC reads it: relative to the repository when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


HEADER = ("# Written by `vitrine dvc` from the catalog and each pipeline's Params: edit the\n"
          "# code, then run `vitrine dvc` again (tests/test_dvc.py holds them equal).\n")


def render(doc: dict[str, Any]) -> str:
    return HEADER + yaml.safe_dump(doc, sort_keys=False, width=200)


def write(root: Path, sizes: str = "quick") -> list[Path]:
    written = []
    for path, doc in ((DVC_FILE, dvc_doc()), (PARAMS_FILE, params_doc(sizes))):
        (root / path).write_text(render(doc), encoding="utf-8")
        written.append(root / path)
    return written


# ------------------------------------------------------------ what the stages read/write

def train_params(path: Path, usecase: str) -> dict[str, Any]:
    """The ``<usecase>.train`` section of a params file (``vitrine train --params-file``)."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ValueError(f"--params-file {path}: {e.strerror}") from None
    except yaml.YAMLError as e:
        raise ValueError(f"--params-file {path}: not YAML ({str(e).splitlines()[0]})") from None
    section = (doc or {}).get(usecase, {}) if isinstance(doc, dict) else None
    train = section.get("train", {}) if isinstance(section, dict) else None
    if not isinstance(train, dict):
        raise ValueError(f"--params-file {path}: '{usecase}.train' must be a mapping of "
                         "parameter names to values")
    # Values go through the --set parser as text, so both spellings fail the same way.
    return {k: ",".join(str(v) for v in value) if isinstance(value, list) else str(value)
            for k, value in train.items()}


def _numbers(tree: Any) -> Any:
    """The numeric leaves of a report's metrics: the figures to compare across runs (the
    per-class and per-horizon maps stay in report.json: they would swamp the table)."""
    if isinstance(tree, bool):
        return None
    if isinstance(tree, int | float):
        return tree
    if isinstance(tree, dict):
        kept = {str(k): _numbers(v) for k, v in tree.items()
                if not str(k).startswith(("per_", "by_"))}
        kept = {k: v for k, v in kept.items() if v is not None and v != {}}
        return kept or None
    return None


def write_run_report(run: Path, folder: Path) -> dict[str, Any]:
    """``run.json``, ``metrics.json`` and ``plots/`` of a finished run into ``folder``."""
    report = json.loads((run / "report.json").read_text())
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "run.json").write_text(json.dumps(
        {"usecase": report["usecase"], "run_id": report["run_id"], "run": str(run),
         "run_key": report["run_key"], "params": report["params"]}, indent=2) + "\n")
    metrics = {"primary": report.get("primary"), "models": _numbers(report["models"]) or {}}
    (folder / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    plots = folder / "plots"
    shutil.rmtree(plots, ignore_errors=True)
    plots.mkdir()
    for png in sorted(run.glob("*.png")):
        shutil.copyfile(png, plots / png.name)
    return metrics


def run_from_report(folder: Path) -> Path:
    path = folder / "run.json"
    if not path.exists():
        raise ValueError(f"--report-dir {folder}: no run.json (written by `vitrine train "
                         f"--report-dir {folder}`)")
    return Path(json.loads(path.read_text())["run"])


def write_export_report(results: list[dict[str, Any]], folder: Path) -> None:
    exported = {r["usecase"]: {"version": r["version"], "megabytes": round(r["bytes"] / 1e6, 3),
                               "parity_max_abs_diff": r["parity"]["max_abs_diff"],
                               "parity_rows": r["parity"]["rows"],
                               **({"label_agreement": r["parity"]["label_agreement"]}
                                  if r["parity"]["label_agreement"] is not None else {}),
                               "production": r["production"]}
                for r in results}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "export.json").write_text(json.dumps(exported, indent=2) + "\n")
