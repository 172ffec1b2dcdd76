"""The ``vitrine`` command: data, training, export, registry, keys and the local server."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

# Declared use cases (vitrine new) live in ./usecases unless the setting says otherwise: set
# before anything imports the catalog, which reads it once.
os.environ.setdefault("VITRINE_USECASE_PATH", "usecases")

import typer  # noqa: E402
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from functions.errors import VitrineError
from functions.settings import get_settings

app = typer.Typer(help="Vitrine: ML use cases, trained, exported to ONNX and served.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
keys_app = typer.Typer(help="API keys for the prediction routes.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
out = Console()
err = Console(stderr=True, soft_wrap=True)  # an error stays one line, however long

UseCaseArg = Annotated[str, typer.Argument(help="Use case name, e.g. sepsis")]


class CliError(Exception):
    pass


def _pipeline(usecase: str) -> Any:
    """The training pipeline of a catalog use case (training/pipelines.py)."""
    from training.pipelines import get

    return get(usecase)


def _batch_job() -> None:
    """This process generates, trains or exports: freed memory is kept for reuse
    (training/allocator.py)."""
    from training.allocator import keep_freed_memory

    keep_freed_memory()


def _writer() -> Any:
    from functions.registry import blob_store
    from model_export.registry import RegistryWriter

    return RegistryWriter(blob_store(get_settings()))


def _store() -> Any:
    from functions.stores import open_store

    return open_store(get_settings())


def _audit(action: str, target: str, **details: Any) -> None:
    """Every state change made from the command line, in the audit log (actor ``cli``)."""
    from functions.auth import audit

    audit(_store(), CLI_ACTOR, action, target, details)


@contextmanager
def _bar(label: str, total: int):
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=False) as progress:
        task = progress.add_task(label, total=total)
        yield lambda n=1: progress.advance(task, n)


@app.command()
def data(
    usecase: UseCaseArg,
    patients: Annotated[int, typer.Option(min=10, help="sepsis: size of the cohort")] = 3000,
    products: Annotated[int | None, typer.Option(
        min=100, help="rakuten: listings to generate (default 6,000; --full: 84,916)")] = None,
    seed: Annotated[int, typer.Option(help="sepsis: generator seed")] = 2019,
    full: Annotated[bool, typer.Option(
        help="tep: Rieth-sized splits (20+10 runs per fault); rakuten: the real file's size")]
    = False,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Output folder")] = None,
    force: Annotated[bool, typer.Option(help="Generate again even if present")] = False,
) -> None:
    """Generate a synthetic dataset in the real public format (skipped if already there)."""
    options = {"patients": patients, "seed": seed, "full": full, "products": products}
    _batch_job()
    message = _pipeline(usecase).generate_data(out_dir, options, force, _bar)
    out.print(f"{usecase}: {message}")


@app.command()
def train(
    usecase: UseCaseArg,
    quick: Annotated[bool, typer.Option(help="Smaller models, for demos and CI")] = False,
    source: Annotated[Path | None, typer.Option(help="Data folder (default: raw, else generated)")]
    = None,
    force: Annotated[bool, typer.Option(help="Train again even if this run exists")] = False,
    on: Annotated[str, typer.Option(help="Where to train: local or sagemaker")] = "local",
    role: Annotated[str | None, typer.Option(envvar="VITRINE_SAGEMAKER_ROLE",
                                             help="SageMaker execution role ARN")] = None,
    bucket: Annotated[str | None, typer.Option(envvar="VITRINE_SAGEMAKER_BUCKET",
                                               help="S3 bucket for data, code and output")]
    = None,
    instance_type: Annotated[str, typer.Option(help="SageMaker instance type")] = "ml.m5.xlarge",
    set_: Annotated[list[str] | None, typer.Option(
        "--set", metavar="NAME=VALUE",
        help="Override one training parameter (repeatable), e.g. select_features=120")] = None,
    params_file: Annotated[Path | None, typer.Option(
        help="YAML file whose USECASE.train mapping sets parameters (params.yaml; --set "
             "wins)")] = None,
    report_dir: Annotated[Path | None, typer.Option(
        help="Also write run.json, metrics.json and plots/ there (the DVC stages' outputs)")]
    = None,
) -> None:
    """Train the use case's models and write a report with metrics and plots."""
    from training.params import parse_assignments, with_overrides

    _batch_job()
    pipeline = _pipeline(usecase)
    src = source or pipeline.default_source()
    if source is not None and source.is_dir():
        # A data folder: the pipeline's files in it (TEP's two splits, SECOM's CSV...).
        src = pipeline.source_in(source)
    if problem := pipeline.source_problem(src):
        raise CliError(problem)
    if on not in ("local", "sagemaker"):
        raise CliError(f"--on must be local or sagemaker, not '{on}'")
    params = pipeline.Params.quick() if quick else pipeline.Params()
    try:
        overrides = {}
        if params_file is not None:
            from vitrine.dvcfiles import train_params

            overrides = train_params(params_file, usecase)
        overrides |= parse_assignments(set_ or [])
        params = with_overrides(params, overrides)
    except ValueError as e:
        raise CliError(f"{usecase}: {e}") from None
    if on == "sagemaker":
        return _train_on_sagemaker(usecase, pipeline.source_folder(src), quick, overrides, role,
                                   bucket, instance_type)
    with err.status(f"training {usecase}") as status:
        run, reused = pipeline.train(src, params, force=force,
                                     progress=lambda m: status.update(f"{usecase}: {m}"))
    report = json.loads((run / "report.json").read_text())
    out.print(f"{usecase}: {'reusing run' if reused else 'trained run'} {run}")
    if report_dir is not None:
        from vitrine.dvcfiles import write_run_report

        write_run_report(run, report_dir)
    header, rows = pipeline.summary(report)
    table = Table(*header, title=f"{usecase} — test split")
    for row in rows:
        table.add_row(*row)
    out.print(table)


def _train_on_sagemaker(usecase: str, folder: Path, quick: bool, overrides: dict[str, str],
                        role: str | None, bucket: str | None, instance_type: str) -> None:
    import boto3

    from training.runs import folder_fingerprint
    from training.sagemaker_job import JobSpec, submit

    if not role or not bucket:
        raise CliError("--on sagemaker needs --role (execution role ARN) and --bucket")
    session = boto3.Session()
    region = session.region_name
    if not region:
        raise CliError("no AWS region: set AWS_DEFAULT_REGION")
    try:
        import sagemaker.train  # noqa: F401
    except ImportError:
        raise CliError("--on sagemaker needs the SageMaker SDK: "
                       "pip install -e '.[sagemaker]'") from None
    spec = JobSpec(usecase=usecase, role_arn=role, bucket=bucket, region=region,
                   instance_type=instance_type, quick=quick, params=overrides)
    with err.status(f"uploading data and code to s3://{bucket}"):
        job = submit(spec, folder, folder_fingerprint(folder), session)
    out.print(f"{usecase}: submitted SageMaker training job {job['name']} "
              f"({job['uploaded_files']} data files uploaded); output in "
              f"{job['output']}")


@app.command()
def export(
    usecase: UseCaseArg,
    model: Annotated[str | None, typer.Option(help="Model of the run to export")] = None,
    run: Annotated[Path | None, typer.Option(help="Run folder (default: the latest)")] = None,
    promote: Annotated[bool | None, typer.Option(
        "--promote/--no-promote", help="Make it production (default: only if none yet)")] = None,
    report_dir: Annotated[Path | None, typer.Option(
        help="Export the run named in its run.json and write export.json there (DVC)")]
    = None,
) -> None:
    """Convert to ONNX, certify parity, publish to the registry."""
    from model_export.export import export_run
    from training.runs import latest_run
    from training.tracking import record_export

    _batch_job()
    if run is None and report_dir is not None:
        from vitrine.dvcfiles import run_from_report

        try:
            run = run_from_report(report_dir)
        except ValueError as e:
            raise CliError(str(e)) from None
    run = run or latest_run(usecase)
    if run is None:
        raise CliError(f"no training run for {usecase}: run `vitrine train {usecase}` first")
    with err.status(f"exporting {usecase} from {run.name}"):
        results = export_run(run, _writer(), model, promote, on_published=record_export)
    for result in results:
        if result["promoted"]:
            _audit("alias.promote", result["usecase"], version=result["version"],
                   run=run.name)
        name, p = result["usecase"], result["parity"]
        verb = "already published" if result["reused"] else "published"
        agree = ("values within tolerance" if p["label_agreement"] is None
                 else f"labels agree {p['label_agreement']:.2%}")
        delta = "relative |Δ|" if p.get("relative") else "|Δp|"
        out.print(f"{name}: version {result['version']} {verb} "
                  f"({result['bytes'] / 1e6:.2f} MB, parity max {delta} = "
                  f"{p['max_abs_diff']:.2e} on {p['rows']} rows, {agree})")
        out.print(f"{name}: production is {result['production']}"
                  + (" (promoted)" if result["promoted"] else ""))
    if report_dir is not None:
        from vitrine.dvcfiles import write_export_report

        write_export_report(results, report_dir)


@app.command()
def new(
    name: Annotated[str, typer.Argument(help="The new use case's name, e.g. wine")],
    csv: Annotated[Path | None, typer.Option(
        help="The table to learn from (CSV, header first)")] = None,
    target: Annotated[str | None, typer.Option(help="The column to predict")] = None,
    task: Annotated[str | None, typer.Option(
        help="binary, multiclass or regression (default: inferred from the target)")] = None,
    id: Annotated[str | None, typer.Option(
        "--id", help="An identifier column: kept out of the features")] = None,
    dir: Annotated[Path, typer.Option(
        "--dir", help="Where the use case goes (a folder of VITRINE_USECASE_PATH)")]
    = Path("usecases"),
    decimal: Annotated[str | None, typer.Option(help="Decimal mark (default: inferred)")]
    = None,
    thousands: Annotated[str | None, typer.Option(
        help="Thousands separator (default: inferred)")] = None,
    template: Annotated[str | None, typer.Option(
        help="python: the skeleton of a coded use case (contract, pipeline, test) instead "
             "of a table's declaration")] = None,
) -> None:
    """Declare a use case from a table (NAME/usecase.toml, to edit, then train, export and
    serve it with no code), or write a coded one's skeleton (--template python)."""
    from vitrine import new as scaffold

    try:
        if template is not None:
            if template not in scaffold.TEMPLATES:
                raise CliError(f"--template: {', '.join(scaffold.TEMPLATES)}, not "
                               f"'{template}'")
            given = [f for f, v in (("--csv", csv), ("--target", target), ("--task", task),
                                    ("--id", id), ("--decimal", decimal),
                                    ("--thousands", thousands)) if v is not None]
            if given:
                raise CliError(f"--template {template} takes no {', '.join(given)} (those "
                               "declare a table)")
            written = scaffold.python(name, dir)
        elif csv is None or target is None:
            raise CliError("vitrine new NAME needs --csv FILE --target COLUMN (a table's "
                           "use case) or --template python (a coded one)")
        else:
            written = [scaffold.new(name, csv, target, task, id, dir, decimal, thousands)]
    except ValueError as e:
        raise CliError(str(e)) from None
    if template is not None:
        out.print(f"{name}: wrote {len(written)} files in {dir / name}/ — read its "
                  "README.md, then")
    else:
        out.print(f"{name}: wrote {written[0]} — check its types and ranges, then")
    folder = str(dir)
    setting = os.environ.get("VITRINE_USECASE_PATH", "")
    if folder not in setting.split(os.pathsep):
        out.print(f"  export VITRINE_USECASE_PATH={folder}")
    first = f"vitrine data {name} && " if template is not None else ""
    quick = " --quick" if template is not None else ""
    out.print(f"  {first}vitrine train {name}{quick} && vitrine export {name} --promote "
              "&& vitrine serve")


@app.command()
def promote(usecase: UseCaseArg, version: Annotated[str, typer.Argument()]) -> None:
    """Point the production alias at a published version."""
    _audit("alias.promote", usecase, version=version)
    alias = _writer().promote(usecase, version)
    out.print(f"{usecase}: production is now {alias['version']}")


@app.command()
def rollback(usecase: UseCaseArg) -> None:
    """Point production back to the version it served before."""
    _audit("alias.rollback", usecase)
    alias = _writer().rollback(usecase)
    out.print(f"{usecase}: production rolled back to {alias['version']} "
              f"(from {alias['rolled_back_from']})")


@app.command()
def rollout(
    usecase: UseCaseArg,
    version: Annotated[str | None, typer.Argument(help="The candidate (with --shadow or "
                                                  "--canary)")] = None,
    shadow: Annotated[bool, typer.Option(help="Score every request, log, never answer")]
    = False,
    canary: Annotated[float | None, typer.Option(
        min=0, max=100, help="Answer this percentage of requests with the candidate")] = None,
    promote_: Annotated[bool, typer.Option("--promote", help="Make the candidate "
                                           "production")] = False,
    abort: Annotated[bool, typer.Option(help="Production alone again")] = False,
) -> None:
    """A candidate version beside production: shadow traffic, a canary share, then promote
    or abort. Warm servers and Lambdas follow on their next alias read."""
    chosen = [n for n, on in (("--shadow", shadow), ("--canary", canary is not None),
                              ("--promote", promote_), ("--abort", abort)) if on]
    if len(chosen) != 1:
        raise CliError("rollout needs exactly one of --shadow, --canary PERCENT, --promote, "
                       "--abort")
    from functions.rollout import change_problem

    action = chosen[0].lstrip("-")
    if wrong := change_problem(action, version, canary):
        raise CliError(f"{chosen[0]}: {wrong[1]}")  # the route's rules, one line
    _audit(f"rollout.{action}", usecase, version=version, percent=canary)
    writer = _writer()
    if promote_ or abort:
        alias = writer.promote_candidate(usecase) if promote_ else \
            writer.abort_rollout(usecase, reason="by hand (vitrine rollout --abort)")
        out.print(f"{usecase}: production is {alias['version']}, no candidate")
        return
    mode, share = ("shadow", 0.0) if shadow else ("canary", canary / 100)  # type: ignore
    alias = writer.start_rollout(usecase, version, mode, share, reason="by hand")
    what = "shadow (logged, never answered)" if mode == "shadow" else \
        f"canary on {share:.0%} of requests"
    out.print(f"{usecase}: production {alias['version']}, candidate {version} in {what}")


@app.command()
def models(usecase: Annotated[str | None, typer.Argument()] = None) -> None:
    """Use cases, published versions, aliases and metrics."""
    from functions.catalog import CATALOG

    registry = _writer()
    names = [usecase] if usecase else list(CATALOG)
    table = Table("family", "version", "alias", "model", "test metrics", "parity", "created",
                  title=f"registry: {registry.blobs.describe()}")
    for name in names:
        for family in CATALOG[name].families if name in CATALOG else (name,):
            production = registry.production_version(family)
            versions = registry.versions(family)
            if not versions:
                table.add_row(family, "—", "", "", "", "", "")
            for v in versions:
                m = registry.manifest(family, v)
                table.add_row(family, v, "production" if v == production else "",
                              m.get("model", ""), _headline(m.get("metrics", {})),
                              f"{m['parity']['max_abs_diff']:.1e}", m["created_at"])
    out.print(table)


def _production(usecase: str) -> tuple[Any, list[tuple[str, str, dict[str, Any]]],
                                        Path | None]:
    """The use case, its families' production (family, version, manifest), and the run
    folder the first came from (None when it is not on this machine)."""
    from functions.catalog import get_usecase
    from training.runs import published_run

    uc = get_usecase(usecase)
    registry = _writer()
    models = []
    for family in uc.families:
        version = registry.production_version(family)
        if version is None:
            raise CliError(f"{family} has no production model: `vitrine export {usecase} "
                           "--promote` first")
        models.append((family, version, registry.manifest(family, version)))
    return uc, models, published_run(usecase, models[0][2], Path(get_settings().runs_dir))


def _plots(run: Path | None) -> list[tuple[str, str]]:
    return [(png.name, png.stem.replace("_", " "))
            for png in sorted(run.glob("*.png"))] if run is not None else []


def _where(run: Path | None, plots: list) -> str:
    return (f"{len(plots)} plots from run {run.name}" if run is not None
            else "no plots (the run folder is not here)")


@app.command()
def card(
    usecase: UseCaseArg,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder the card is written to")] =
    Path("artifacts/cards"),
) -> None:
    """Write the model card of a use case's production models: USECASE.md and USECASE.html,
    with the run's plots beside them (the API serves the same card, without the plots, at
    GET /usecases/USECASE/card)."""
    import shutil

    from functions.cards import model_card, to_html, to_markdown

    uc, models, run = _production(usecase)
    plots = _plots(run)
    folder = out_dir / f"{usecase}-plots"
    for name, _ in plots:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(run / name, folder / name)  # type: ignore[operator]
    built = model_card(uc, models, [(f"{folder.name}/{n}", c) for n, c in plots])
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{usecase}.md").write_text(to_markdown(built), encoding="utf-8")
    (out_dir / f"{usecase}.html").write_text(to_html(built), encoding="utf-8")
    out.print(f"{usecase}: wrote {out_dir / (usecase + '.md')} and .html "
              f"({_where(run, plots)})")


@app.command()
def deck(
    usecase: UseCaseArg,
    out_file: Annotated[Path, typer.Option("--out", help="The .pptx to write")] =
    Path("artifacts/decks/deck.pptx"),
) -> None:
    """Write a presentation deck (python-pptx) of a use case from measured figures only:
    context, data, models, results with the run's plots, architecture, the demo scenario,
    limits (the model card's content, slide by slide)."""
    from functions.cards import model_card
    from vitrine.deck import build_deck

    if out_file.suffix.lower() != ".pptx":
        raise CliError(f"--out must name a .pptx file, not '{out_file}'")
    uc, models, run = _production(usecase)
    plots = _plots(run)
    path = build_deck(uc, model_card(uc, models, plots), out_file, images_root=run)
    out.print(f"{usecase}: wrote {path} ({_where(run, plots)})")


# The figures each kind of model is judged on, in this order; the first three present show.
HEADLINE = ("auroc", "auprc", "utility", "roc_auc", "pr_auc", "weighted_f1", "macro_f1",
            "accuracy", "false_alarm_rate")


def _headline(metrics: dict[str, Any]) -> str:
    test = metrics.get("test", {})
    shown = [k for k in HEADLINE if isinstance(test.get(k), int | float)][:3]
    return ", ".join(f"{k} {test[k]:.3f}" for k in shown)


@app.command()
def runs(
    usecase: Annotated[str | None, typer.Argument(help="Use case (default: all)")] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many, newest first")] = 20,
) -> None:
    """Training runs tracked in MLflow: parameters, test metrics, published versions."""
    from training.tracking import list_runs, tracking_uri

    if usecase:
        _pipeline(usecase)  # unknown names fail here
    found = list_runs(usecase, limit)
    table = Table("use case", "run", "started", "model", "test metrics", "published", "gate",
                  title=f"MLflow: {tracking_uri()}")
    for r in found:
        started = time.strftime("%Y-%m-%d %H:%M", time.gmtime(r["started"] / 1000))
        metrics = ", ".join(f"{k} {v:.3f}" for k, v in list(r["test"].items())[:3]
                            if "." not in k)
        published = ", ".join(f"{k} {v}" for k, v in r["published"].items())
        table.add_row(r["usecase"] or "", r["run_id"] or r["mlflow_run_id"], started,
                      r["primary"], metrics, published, r["gate"] or "")
    out.print(table)
    if not found:
        out.print("no runs tracked yet: `vitrine train <usecase>` tracks each run")


@app.command()
def simulate(
    usecase: UseCaseArg,
    drift: Annotated[bool, typer.Option("--drift/--no-drift",
                                        help="Shift the second half (each use case says how)")]
    = True,
    lots: Annotated[int, typer.Option("--lots", "--listings", "--requests", min=10,
                                      help="Requests to replay (lots, listings...), half "
                                           "before the shift")] = 600,
    feedback_share: Annotated[float | None, typer.Option(
        min=0.0, max=1.0, help="Share of requests whose truth is sent as feedback "
                               "(default: the use case's own)")] = None,
    image_share: Annotated[float, typer.Option(
        min=0.0, max=1.0, help="rakuten: share of listings sent with their photo")] = 0.5,
    source: Annotated[Path | None, typer.Option(
        help="The data the traffic is drawn from, where a use case reads some (e.g. the "
             "folder whose unseen partition is replayed, the generated site)")]
    = None,
    seed: Annotated[int, typer.Option(help="Seed of the unseen data (no training used it)")]
    = 4242,
    url: Annotated[str | None, typer.Option(help="A running API (default: start one here)")]
    = None,
    api_key: Annotated[str | None, typer.Option(envvar="VITRINE_API_KEY",
                                                help="Key for --url (admin to retrain)")]
    = None,
) -> None:
    """Replay a use case's traffic (unseen data, each request's truth sent as feedback)
    through the API, shifted halfway with --drift, check monitoring after each half and
    follow the retraining to the gate's decision: fills the monitoring page."""
    from vitrine import simulate as sim

    if _pipeline(usecase).traffic is None:  # unknown names fail here, listing the catalog
        raise CliError(sim.refusal(usecase))
    scenario = sim.Scenario(items=lots, seed=seed, drift=drift, image_share=image_share,
                            source=source)
    api, stop = _simulation_api(usecase, url, api_key)
    try:
        with err.status("simulating") as status:
            summary = sim.run(api, usecase, scenario, lambda m: status.update(m),
                              feedback_share=feedback_share)
    finally:
        if stop:
            stop()
    _print_simulation(summary)


def _simulation_api(usecase: str, url: str | None, api_key: str | None) -> tuple[Any, Any]:
    """The API to simulate against: ``url`` with its key, or a local server with fresh keys
    (a reviewer predicts and sends feedback; an admin follows the retraining)."""
    from vitrine import simulate as sim

    if url:
        if not api_key:
            raise CliError("--url needs --api-key (or VITRINE_API_KEY)")
        return sim.Api(url, api_key, api_key), None
    store = _store()
    keys = {role: _new_key(store, role, f"simulate-{role}", replace=True)[0]
            for role in ("reviewer", "admin")}
    base, stop = sim.local_server(get_settings().model_copy(update={"usecases": [usecase]}))
    return sim.Api(base, keys["reviewer"], keys["admin"]), stop


def _print_simulation(summary: dict[str, Any]) -> None:
    usecase = summary["usecase"]
    out.print(f"{usecase}: {summary['made_of']}")
    if summary["shift"]:
        out.print(f"shift: {summary['shift']}")
    extra = list(dict.fromkeys(k for p in summary["phases"] for k in p["figures"]))
    table = Table("phase", "requests", "feedback", "accuracy (feedback)", "logged", "drift",
                  "drifted features", "top PSI", "performance (feedback)", *extra,
                  title=f"{usecase}: the loop")
    for p in summary["phases"]:
        top = ", ".join(f"{f} {v:.2f}" for f, v in p["top"][:3])
        perf = p["performance"]
        if p.get("precision") is not None:
            perf += f", {p['precision']:.0%} of {p['judges']}s confirmed"
        elif p["balanced_accuracy"] is not None:
            perf += f", balanced acc. {p['balanced_accuracy']:.3f}"
        elif p["mae"] is not None:
            perf += f", MAE {p['mae']:.3f}"
        table.add_row(p["phase"], str(p["requests"]), str(p["feedback"]), _f(p["accuracy"]),
                      f"{p['predictions']} ({p['rows']} rows)", p["drift"],
                      f"{p['drifted_features']} / {p['features_checked']}", top, perf,
                      *(_cell(p["figures"].get(k)) for k in extra))
    out.print(table)
    if offline := _headline({"test": summary["offline"]}):
        out.print(f"production model's held-out figures: {offline}")
    if not summary.get("retraining"):
        needed = summary["phases"][-1]["retraining"]
        out.print("retraining: not needed" if not needed["needed"] else
                  f"retraining: needed ({'; '.join(needed['reasons'])}) but not started "
                  f"({needed['blocked']})")
        return
    _print_retraining(summary)
    if rollout := summary.get("rollout"):
        decision = rollout.get("decision") or {}
        out.print(f"rollout: candidate {(rollout.get('candidate') or {}).get('version')} "
                  f"beside production {rollout.get('production')}; rules say "
                  f"{decision.get('action', 'wait')}"
                  + (f" ({'; '.join(decision['reasons'])})" if decision.get("reasons") else "")
                  + f" (GET /{usecase}/rollout)")


def _cell(v: Any) -> str:
    return _f(v) if isinstance(v, float) else "" if v is None else str(v)


def _print_retraining(summary: dict[str, Any]) -> None:
    run = summary.get("retraining")
    if not run:
        out.print("retraining: not started")
        return
    out.print(f"retraining {run['run_id']}: {run['trigger']}")
    for step in run.get("steps", []):
        out.print(f"  {step['at']}  {step['step']}")
    out.print(f"decision: {run['state']} — {run.get('reason')}")
    out.print(f"production: {summary['production_before']} -> "
              f"{summary.get('production_after', summary['production_before'])}"
              " (servers switch within the alias TTL, 60 s by default)")


def _f(v: float | None) -> str:
    return "" if v is None else f"{v:.3f}"


@app.command(name="eval")
def evaluate(
    usecase: Annotated[str, typer.Argument(help="Use case: sensors")],
    skab: Annotated[Path | None, typer.Option(
        help="A folder of SKAB experiment files (any depth), e.g. ../shared/data/skab")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout")] = False,
    cv: Annotated[bool, typer.Option(
        "--cv", help="Also each family's leave-one-experiment-out estimate (settings chosen "
                     "inside each fold, scored on the left-out experiment)")] = False,
    autoencoder: Annotated[bool, typer.Option(
        "--autoencoder", help="With --cv: add the convolutional autoencoder (torch, minutes)")
    ] = False,
) -> None:
    """Run a public benchmark's protocol: for sensors, SKAB's (fit on each file's first 400
    rows, score the rest)."""
    if usecase != "sensors" or skab is None:
        raise CliError("only `vitrine eval sensors --skab DIR` exists")
    from training.sensors import skab as bench

    # A bad folder or file: SkabError, one line (main).
    result = bench.report(skab, cv=cv, autoencoder=cv and autoencoder)
    main = result["detectors"]["t2"]
    if as_json:
        print(json.dumps({"f1": main["f1"], "far": main["far"], "mar": main["mar"],
                          "nab": main["nab"], "files": main["files"],
                          "missed_changepoints": main["missed_changepoints"],
                          "false_alarms": main["false_alarms"],
                          "baselines": {k: {m: v[m] for m in ("f1", "far", "mar", "nab")}
                                        for k, v in result["detectors"].items() if k != "t2"},
                          "held_out_halves": result["held_out_halves"],
                          "published": result["published"],
                          **({"cv": result["cv"]} if cv else {})}))
        return
    if cv:
        table = Table(title="Leave one experiment out: settings chosen inside each fold, "
                            "scored on the left-out experiment (LOEO); in-sample beside it")
        for col in ("family", "figure", "F1", "FAR %", "MAR %", "NAB", "missed", "AF FAR %"):
            table.add_column(col, no_wrap=True)
        for family, r in result["cv"].items():
            for what, label in (("estimate", "LOEO"), ("in_sample", "in-sample")):
                f = r[what]
                table.add_row(family if what == "estimate" else "", label, f"{f['f1']:.3f}",
                              f"{f['far']:.1f}", f"{f['mar']:.1f}",
                              f"{f['nab']['standard']:.1f}",
                              f"{f['missed_changepoints']}/{f['changepoints']}",
                              f"{f['normal_run']['far']:.1f}" if "normal_run" in f else "")
        out.print(table)
        out.print(f"{result['cv']['t2']['groups']} groups: each labelled experiment, and the "
                  "anomaly-free run's pieces together (AF FAR: their false alarms). "
                  "Candidates: " + ", ".join(f"{k} {r['candidates']}"
                                             for k, r in result["cv"].items()) + ".")
        out.print(f"served (chosen on every file): {result['cv']['t2']['chosen']}")
    table = Table(title=f"SKAB protocol on {result['experiments']} experiments "
                        f"({result['rows']} test rows), in-sample for chosen settings")
    for col in ("detector", "F1", "FAR %", "MAR %", "NAB", "LowFP", "LowFN", "missed",
                "false alarms"):
        table.add_column(col, no_wrap=True)
    names = {"t2": "T² (served)", "t2_residual": "T² residual mode",
             "t2_before": "T², settings before", "isolation_forest": "IsolationForest",
             "all_ones": "all ones", "null": "null"}
    for key, r in result["detectors"].items():
        table.add_row(names.get(key, key), f"{r['f1']:.3f}", f"{r['far']:.1f}",
                      f"{r['mar']:.1f}", f"{r['nab']['standard']:.1f}",
                      f"{r['nab']['low_fp']:.1f}", f"{r['nab']['low_fn']:.1f}",
                      f"{r['missed_changepoints']}/{r['changepoints']}", str(r["false_alarms"]))
    for name, r in result["published"].items():
        table.add_row(f"{name} (paper)", f"{r['f1']:.2f}", f"{r['far']:.2f}",
                      f"{r['mar']:.2f}", "", "", "", "", "")
    out.print(table)
    for h in result["held_out_halves"]:
        out.print(f"settings chosen on the {h['chosen_on']} alone, scored on the others: "
                  f"F1 {h['f1']:.3f}, FAR {h['far']:.1f} %, NAB {h['nab']['standard']:.1f}")
    out.print("NAB: standard, LowFP and LowFN profiles; missed: changepoints without an alarm "
              f"in their 60 s window. Papers: SKAB's table on its 34 experiments (best NAB "
              f"{result['published_best_nab']}).")


@app.command()
def serve(
    port: Annotated[int, typer.Option(envvar="PORT", help="Port to listen on")] = 8000,
    host: Annotated[str, typer.Option(help="Interface to bind")] = "127.0.0.1",
    workers: Annotated[int, typer.Option(min=1, help="Server processes (one per core)")] = 1,
    access_log: Annotated[bool, typer.Option(
        "--access-log/--no-access-log", help="Log every request (costs under load)")] = True,
) -> None:
    """Run the API locally (OpenAPI docs at /docs)."""
    import uvicorn

    from functions.app import create_app, start_monitor

    out.print(f"Vitrine API on http://{host}:{port}  (docs: http://{host}:{port}/docs, "
              f"health: http://{host}:{port}/health)"
              + (f", {workers} worker processes" if workers > 1 else ""))
    if workers == 1:
        api = create_app()
        start_monitor(api.state.services, get_settings().monitor_interval_s)
        uvicorn.run(api, host=host, port=port, log_level="info", access_log=access_log)
        return
    # Each worker builds its own app (its own SQLite connection: WAL takes writers from
    # several processes); the background monitoring runs once, here, not once per worker.
    start_monitor(create_app().state.services, get_settings().monitor_interval_s)
    from vitrine.serving import NoDelayH11Protocol

    uvicorn.run("functions.app:create_app", factory=True, host=host, port=port,
                workers=workers, log_level="info", access_log=access_log,
                http=NoDelayH11Protocol)


@app.command()
def demo(
    port: Annotated[int, typer.Option(envvar="PORT", help="Port to serve on")] = 8000,
    serve_after: Annotated[bool, typer.Option(
        "--serve/--no-serve", help="Serve once the first use case is published, training "
        "the others in the background (--no-serve: train them all, then exit)")] = True,
    parallel: Annotated[int | None, typer.Option(
        min=1, help="Use cases trained side by side in the background (default: one per "
             "core, at most 3)")] = None,
) -> None:
    """Every use case of the catalog at the demo's sizes (data, training, export to
    production), the site and a demo admin key; the server answers once the first use
    case is published, the others join as they are (vitrine/demo.py): `make demo`."""
    import time

    from vitrine import demo as d

    chains = d.plan()
    parallel = parallel or d.default_parallel()
    progress = d.Progress(d.PROGRESS, [c[0].usecase for c in chains])
    started = time.monotonic()

    def say(message: str) -> None:
        out.print(f"[{time.monotonic() - started:5.0f} s] {message}")

    first = chains[0]
    say(f"{len(chains)} use cases, {parallel} at a time: {first[0].usecase} served first, "
        f"the others beside it at a lower priority (each step's output: "
        f"{d.DEMO_DIR / 'logs'}/NAME.log)")
    running = d.Chains(chains, progress, say, parallel)
    if failure := running.first():
        running.abort()
        raise CliError(f"demo: `vitrine {failure.step}` failed; see {failure.log}")
    site(samples=False)  # the pages and navigation now; the samples once all are trained
    out.print("\nYour demo admin key (also valid for predictions):")
    keys_create(role="admin", name="demo", replace=True)
    out.print(f"\nWeb pages: http://127.0.0.1:{port}/  (enter the key once, at the top of a "
              f"page)\nTry:  curl -s -X POST http://127.0.0.1:{port}/predict/patient "
              "-H 'X-API-Key: <key above>' -H 'Content-Type: application/json' "
              "-d @tests/events/patient.json\n")
    failures: list[Any] = []

    def the_rest(stop: Callable[[], None] | None = None) -> None:
        failures.extend(running.rest())
        if d.run_vitrine(["site"], d.DEMO_DIR / "logs" / "site.log") != 0:
            say(f"site samples FAILED; see {d.DEMO_DIR / 'logs' / 'site.log'}")
        d.TIMINGS.write_text(json.dumps(progress.state, indent=1))
        say("every use case done:" if not failures else "done, with failures:")
        for line in d.timings_table(progress) + d.simulate_hint(port if serve_after else None):
            out.print(line)
        if failures and stop is not None:
            stop()

    if not serve_after:
        the_rest()
    else:
        _serve_while(port, d.PROGRESS, the_rest, say)
    if failures:
        raise CliError("demo: " + "; ".join(f"`vitrine {f.step}` failed (see {f.log})"
                                            for f in failures))


def _serve_while(port: int, progress: Path, background: Callable[..., None],
                 say: Callable[[str], None]) -> None:
    """The local server in this thread, ``background`` in another; the server stops when
    ``background`` calls the stop it is given (a failure), or on Ctrl-C."""
    import threading

    import uvicorn

    from functions.app import create_app, start_monitor

    settings = get_settings().model_copy(update={"demo_progress": progress})
    api = create_app(settings)
    start_monitor(api.state.services, settings.monitor_interval_s)
    server = uvicorn.Server(uvicorn.Config(api, host="127.0.0.1", port=port,
                                           log_level="warning", access_log=False))

    def stop() -> None:
        server.should_exit = True

    threading.Thread(target=background, kwargs={"stop": stop}, name="demo",
                     daemon=True).start()
    say(f"serving on http://127.0.0.1:{port} (docs: /docs); the other use cases join as "
        "they are published")
    server.run()


@app.command()
def site(
    samples: Annotated[bool, typer.Option(
        "--samples/--no-samples", help="Also each use case's samples (TEP's runs, SKAB's "
        "figures...; seconds)")] = True,
) -> None:
    """Build the front end's copied parts: Chart.js, the navigation from the catalog, and
    each use case's samples (TEP's runs, SECOM's real lots...)."""
    from vitrine.site import build

    built = build(samples=samples)
    out.print(f"site: {built['vendor']}, {len(built['pages'])} pages in the navigation")
    for name, samples in built.items():
        if isinstance(samples, dict):
            shown = [f"{len(v)} {k}" if isinstance(v, list) else k
                     for k, v in samples.items() if k != "missing" and v]
            note = f" ({samples['missing']})" if "missing" in samples else ""
            out.print(f"  {name}: {', '.join(shown) or 'no samples'}{note}")


@app.command()
def dvc(
    sizes: Annotated[str, typer.Option(help="quick (the demo's sizes) or full")] = "quick",
) -> None:
    """Write dvc.yaml (data -> train -> export for every use case) and params.yaml (each
    pipeline's parameters) from the code; then `dvc repro` runs them."""
    from vitrine.dvcfiles import write

    if sizes not in ("quick", "full"):
        raise CliError(f"--sizes must be quick or full, not '{sizes}'")
    for path in write(Path("."), sizes):
        out.print(f"wrote {path}")


CLI_ACTOR = "cli"  # the audit log's actor for changes made from the local command line


@keys_app.command("create")
def keys_create(
    role: Annotated[str, typer.Option(help="predictor, reviewer or admin")] = "predictor",
    name: Annotated[str, typer.Option(help="Who or what uses the key")] = "default",
    usecases: Annotated[str | None, typer.Option(
        help="Comma-separated use cases the key may call (default: all)")] = None,
    replace: Annotated[bool, typer.Option(help="Revoke active keys with this name first")] = False,
) -> None:
    """Create a key; its value is printed once and never stored."""
    from functions.auth import ROLES

    if role not in ROLES:
        raise CliError(f"--role must be one of {', '.join(ROLES)}, not '{role}'")
    scope = [u.strip() for u in usecases.split(",") if u.strip()] if usecases is not None \
        else None
    try:
        plaintext, record = _new_key(_store(), role, name, replace, scope)
    except ValueError as exc:
        raise CliError(f"--usecases: {exc}") from None
    where = ", ".join(record.usecases) if record.usecases else "all use cases"
    err.print(f"created {role} key '{name}' for {where} (id {record.key_id}); it will not be "
              "shown again:")
    print(plaintext)


def _new_key(store: Any, role: str, name: str, replace: bool,
             usecases: list[str] | None = None) -> tuple[str, Any]:
    """A new key; with ``replace``, the active keys of that name are revoked first."""
    from functions.auth import create_key, revoke_key

    if replace:
        for rec in store.list_keys():
            if rec.name == name and rec.revoked_at is None:
                revoke_key(store, rec.key_id, CLI_ACTOR)
    return create_key(store, role, name, usecases, actor=CLI_ACTOR)


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[str, typer.Argument(help="Key id (see `vitrine keys list`)")]
                ) -> None:
    """Revoke a key by id."""
    from functions.auth import revoke_key

    if revoke_key(_store(), key_id, CLI_ACTOR) is None:
        raise CliError(f"no active key with id '{key_id}'")
    out.print(f"revoked {key_id}")


@keys_app.command("list")
def keys_list() -> None:
    """Keys with their role, scope and state (never their value)."""
    table = Table("id", "name", "role", "use cases", "created", "revoked")
    for rec in _store().list_keys():
        table.add_row(rec.key_id, rec.name, rec.role,
                      ", ".join(rec.usecases) if rec.usecases else "all",
                      rec.created_at, rec.revoked_at or "")
    out.print(table)


feedback_app = typer.Typer(help="Which reviewers' labels monitoring and retraining "
                           "learn from.", no_args_is_help=True)
app.add_typer(feedback_app, name="feedback")


@feedback_app.command("exclude")
def feedback_exclude(key_id: Annotated[str, typer.Argument(help="Key id (see `vitrine keys "
                                                           "list`)")]) -> None:
    """Leave every label of a key out of monitoring and retraining (audited; undo with
    `vitrine feedback include`)."""
    from functions.auth import exclude_feedback

    if exclude_feedback(_store(), key_id, CLI_ACTOR) is None:
        raise CliError(f"no key with id '{key_id}'")
    out.print(f"{key_id}: its labels are left out of monitoring and retraining")


@feedback_app.command("include")
def feedback_include(key_id: Annotated[str, typer.Argument(help="Key id")]) -> None:
    """Take a key's labels into monitoring and retraining again (audited)."""
    from functions.auth import exclude_feedback

    if exclude_feedback(_store(), key_id, CLI_ACTOR, exclude=False) is None:
        raise CliError(f"no key with id '{key_id}'")
    out.print(f"{key_id}: its labels count again")


def main() -> None:
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    try:
        app()
    except (CliError, VitrineError, ValueError, OSError) as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
