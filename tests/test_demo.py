"""`vitrine demo` (vitrine/demo.py): the plan is the catalog's, the steps are real command
lines, chains run side by side and a failure is named, and the catalog shows a use case
still training."""

from __future__ import annotations

import json
import threading
import time

from typer.testing import CliRunner

from functions.catalog import CATALOG
from vitrine import demo as d


def test_the_plan_is_the_catalogs_with_each_pipelines_sizes():
    from training import pipelines

    chains = d.plan()
    assert [c[0].usecase for c in chains] == list(CATALOG)
    for chain in chains:
        hooks = pipelines.get(chain[0].usecase)
        assert [s.command for s in chain] == (["data"] if hooks.DATA_OPTIONS else []) + [
            "train", "export"]
        assert chain[-2].options == {"quick": not hooks.DEMO_FULL_SIZE}
    sepsis = chains[0]
    assert sepsis[0].argv() == ["data", "sepsis", "--patients", "3000", "--seed", "2019"]
    assert sepsis[1].argv() == ["train", "sepsis", "--quick"]
    assert sepsis[2].argv() == ["export", "sepsis", "--promote"]
    docs = next(c for c in chains if c[0].usecase == "docs")  # its index builds in seconds
    assert docs[0].argv() == ["train", "docs", "--no-quick"]


def test_every_planned_step_is_a_command_line_the_cli_takes(tmp_path, monkeypatch):
    """Parsed by the real CLI (typer): an option it does not know would fail as usage (exit
    2); here each stops at its own check instead (no data in an empty folder)."""
    from vitrine.cli import app

    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for chain in d.plan():
        step = next(s for s in chain if s.command == "train")
        result = runner.invoke(app, [*step.argv(), "--source", str(tmp_path / "none")])
        assert result.exit_code != 2, (step.argv(), result.output)


def test_chains_run_side_by_side_and_a_failure_is_named_without_stopping_the_others(tmp_path):
    ran: list[tuple[str, float]] = []
    lock = threading.Lock()

    def runner(argv, log):
        with lock:
            ran.append((" ".join(argv), time.monotonic()))
        time.sleep(0.2)
        return 1 if argv[:2] == ["train", "b"] else 0

    chains = [[d.Step("train", n, {"quick": True}), d.Step("export", n, {"promote": True})]
              for n in ("a", "b", "c")]
    progress = d.Progress(tmp_path / "progress.json", ["a", "b", "c"])
    said: list[str] = []
    started = time.monotonic()
    failures = d.Chains(chains, progress, said.append, 2, runner, runner).rest()
    assert [(f.usecase, f.step) for f in failures] == [("b", "train b --quick")]
    assert "export b --promote" not in [r for r, _ in ran]  # its chain stopped there
    assert {"export a --promote", "export c --promote"} <= {r for r, _ in ran}
    assert time.monotonic() - started < 0.2 * 5  # two at a time: not the 5 steps in a row
    state = json.loads((tmp_path / "progress.json").read_text())
    assert state["b"]["state"] == "failed" and state["b"]["step"] == "train"
    assert state["a"]["state"] == state["c"]["state"] == "served"
    assert any("b" in s and "FAILED" in s and "train b --quick" in s for s in said)
    table = "\n".join(d.timings_table(progress))
    assert "failed" in table and "served" in table


def test_the_catalog_shows_a_use_case_still_training(registry_dir, tmp_path, store, keys):
    from fastapi.testclient import TestClient

    from functions.app import create_app
    from functions.settings import Settings

    progress = d.Progress(tmp_path / "progress.json", ["sepsis", "secom"])
    progress.update("secom", state="training", step="train", since=d.now())
    settings = Settings(registry_dir=registry_dir, sqlite_path=tmp_path / "v.db",
                        usecases=["sepsis", "secom"], demo_progress=progress.path)
    with TestClient(create_app(settings, store=store),
                    headers={"X-API-Key": keys["predictor"]}) as client:
        cards = {c["name"]: c for c in client.get("/usecases").json()}
    assert cards["sepsis"]["serving"] and cards["sepsis"]["training"] is None
    assert not cards["secom"]["serving"]
    assert cards["secom"]["training"]["state"] == "training"
    assert cards["secom"]["training"]["step"] == "train"


def test_the_first_chain_starts_beside_the_next_which_run_at_a_lower_priority(tmp_path):
    """No core waits for the first use case to be served: the second chain starts with it,
    through the background runner (niced), and the first's result is known on its own."""
    ran: list[tuple[str, str, float]] = []
    lock = threading.Lock()

    def recorder(kind):
        def runner(argv, log):
            with lock:
                ran.append((kind, " ".join(argv), time.monotonic()))
            time.sleep(0.15)
            return 0
        return runner

    chains = [[d.Step("train", n, {"quick": True}), d.Step("export", n, {"promote": True})]
              for n in ("a", "b", "c")]
    progress = d.Progress(tmp_path / "progress.json", ["a", "b", "c"])
    running = d.Chains(chains, progress, lambda _: None, 2, recorder("first"),
                       recorder("background"))
    assert running.first() is None
    first_done = time.monotonic()
    assert {(k, r) for k, r, _ in ran} >= {("first", "train a --quick"),
                                          ("first", "export a --promote"),
                                          ("background", "train b --quick")}
    started_b = next(t for k, r, t in ran if r == "train b --quick")
    assert started_b < first_done - 0.2  # b began while a still had a step to run
    assert running.rest() == []
    assert {r for k, r, _ in ran if k == "background"} == {
        f"{s} {n} --{o}" for n in ("b", "c") for s, o in (("train", "quick"),
                                                          ("export", "promote"))}


def test_a_failed_first_chain_stops_the_others(tmp_path):
    """`make demo` exits at once when the first use case fails: the others' running steps
    are ended (real processes) and no further step starts."""
    import sys

    progress = d.Progress(tmp_path / "progress.json", ["a", "b", "c", "e"])
    started: list[str] = []

    def first(argv, log):
        time.sleep(0.3)
        return 1

    def background(argv, log):  # a long step, in a process as run_vitrine's are
        started.append(argv[1])
        return d.run_process([sys.executable, "-c", "import time; time.sleep(30)"], log,
                             " ".join(argv))

    chains = [[d.Step("train", n, {"quick": True}), d.Step("export", n, {"promote": True})]
              for n in ("a", "b", "c", "e")]
    running = d.Chains(chains, progress, lambda _: None, 2, first, background)
    t0 = time.monotonic()
    failure = running.first()
    assert failure is not None and failure.usecase == "a"
    running.abort()
    assert time.monotonic() - t0 < 10  # not a 30 s step
    assert started[0] == "b" and "e" not in started
    state = json.loads((tmp_path / "progress.json").read_text())
    assert state["a"]["state"] == "failed" and state["b"]["state"] == "stopped"
    assert state["e"]["state"] == "queued"
    assert not any(s["steps"] and s["steps"][-1]["step"] == "export" for s in state.values())
