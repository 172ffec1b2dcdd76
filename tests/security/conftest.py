"""The hostile-input suite's world: a server with real (tiny) sepsis, SECOM and Rakuten
models, a batch store with a good photo and a good CSV under in/, and sentinel files
outside every store that an attack would try to read. Every open() and os.open() of the
process is watched (an audit hook), so a test can say what a request opened."""

from __future__ import annotations

import io
import shutil
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image

from functions.auth import create_key

ROLES = ("predictor", "reviewer", "admin")


class OpenWatch:
    """Paths the process opens while ``watching()``: an audit hook (PEP 578) sees every
    builtin open, os.open and Path.read_bytes, whichever thread runs the request. Hooks
    cannot be removed, so one is installed for the process and switched on and off."""

    _installed = False
    _lock = threading.Lock()
    _seen: list[str] | None = None

    @classmethod
    def _hook(cls, event: str, args: tuple) -> None:
        if event == "open" and cls._seen is not None and args and \
                isinstance(args[0], str | bytes | Path):
            cls._seen.append(str(args[0] if not isinstance(args[0], bytes)
                                 else args[0].decode(errors="replace")))

    @classmethod
    @contextmanager
    def watching(cls):
        with cls._lock:
            if not cls._installed:
                sys.addaudithook(cls._hook)
                cls._installed = True
        cls._seen = seen = []
        try:
            yield seen
        finally:
            cls._seen = None


def png(size: tuple[int, int], mode: str = "RGB", **save) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, format="PNG", **save)
    return out.getvalue()


@pytest.fixture(scope="session")
def world(published_registry, tmp_path_factory):
    """Registry (sepsis, SECOM, Rakuten), batch store, sentinels, a server and its keys."""
    from fastapi.testclient import TestClient

    from functions.app import create_app
    from functions.registry import LocalBlobStore
    from functions.settings import Settings
    from functions.stores.sqlite import SQLiteStore
    from model_export.export import export_run
    from model_export.registry import RegistryWriter
    from training.rakuten.data import GeneratorSpec as RakutenSpec
    from training.rakuten.data import generate as generate_rakuten
    from training.rakuten.pipeline import Params as RakutenParams
    from training.rakuten.pipeline import train as train_rakuten
    from training.secom.data import GeneratorSpec, generate
    from training.secom.pipeline import Params as SecomParams
    from training.secom.pipeline import train as train_secom

    root = tmp_path_factory.mktemp("security")
    registry = Path(shutil.copytree(published_registry, root / "registry"))
    writer = RegistryWriter(LocalBlobStore(registry / "models"))
    generate_rakuten(root / "rakuten", RakutenSpec(products=400, seed=3))
    run, _ = train_rakuten(root / "rakuten", RakutenParams(
        word_features=5_000, char_features=5_000, image_size=32, image_train=120,
        head_epochs=3), runs_root=root / "runs")
    export_run(run, writer)
    lots = generate(GeneratorSpec(lots=300, seed=3))
    lots.to_csv(root / "secom.csv", index=False)
    run, _ = train_secom(root / "secom.csv", SecomParams(rf_trees=10, xgb_trees=10),
                         runs_root=root / "runs")
    export_run(run, writer)

    batch = root / "batch"
    (batch / "in" / "photos").mkdir(parents=True)
    (batch / "in" / "photos" / "ok.png").write_bytes(png((200, 200)))
    lots.drop(columns=["Pass/Fail"]).head(5).to_csv(batch / "in" / "lots.csv", index=False)
    # What an attacker aims at: files outside every store, readable by the server's user.
    outside = root / "outside"
    outside.mkdir()
    (outside / "x.png").write_bytes(png((200, 200)))
    lots.drop(columns=["Pass/Fail"]).head(5).to_csv(outside / "x.csv", index=False)

    settings = Settings(registry_dir=registry, sqlite_path=root / "vitrine.db",
                        batch_dir=batch, usecases=["sepsis", "secom", "rakuten"],
                        retrain_dir=root / "retrains", runs_dir=root / "runs",
                        monitor_interval_s=0)
    store = SQLiteStore(settings.sqlite_path)
    keys = {role: create_key(store, role, f"security-{role}")[0] for role in ROLES}
    app = create_app(settings, store=store)
    with TestClient(app, headers={"X-API-Key": keys["predictor"]}) as client:
        yield {"client": client, "keys": keys, "root": root, "batch": batch,
               "outside": outside, "registry": registry, "store": store,
               "settings": settings, "lots": lots}


def outside_the_stores(opened: list[str], world: dict) -> list[str]:
    """Which of ``opened`` lie in the sentinels' folder or name a device, /etc or /proc:
    what no request may read."""
    bad = []
    for p in opened:
        resolved = str(Path(p).resolve()) if not p.startswith("/dev/") else p
        if resolved.startswith(str(world["outside"])) or resolved.startswith(
                ("/etc/passwd", "/etc/shadow", "/proc/", "/dev/zero", "/dev/random",
                 "/dev/urandom", "/dev/stdin")):
            bad.append(p)
    return bad


def no_leak(text: str, world: dict) -> None:
    """An error body that names no local path, bucket or exception text."""
    for needle in (str(world["root"]), str(Path.cwd()), "data/batch", "/tmp", "s3://",
                   "Traceback", "Error:", "errno"):
        assert needle not in text, f"{needle!r} in {text[:300]}"
