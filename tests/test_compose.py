"""compose.yaml, checked without a Docker engine: it parses, what it builds and mounts exists,
its services reach each other where the app looks, and its environment is settings the app
reads, with values it accepts."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def stages(dockerfile: Path) -> set[str]:
    return set(re.findall(r"^FROM \S+ AS (\S+)$", dockerfile.read_text(), re.MULTILINE))


def test_services_build_from_existing_contexts_and_stages(compose):
    assert set(compose["services"]) == {"api", "site", "mlflow", "train"}
    for name in ("api", "train"):
        build = compose["services"][name]["build"]
        context = ROOT / build["context"]
        dockerfile = context / build["dockerfile"]
        assert context.is_dir() and dockerfile.is_file(), name
        assert build["target"] in stages(dockerfile), name
    # ECS builds the serving stage, the last one (the default of a plain `docker build`).
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert stages(ROOT / "Dockerfile") == {"base", "train", "serve"}
    assert dockerfile.rstrip().split("\nFROM ")[-1].startswith("base AS serve")
    ignore = (ROOT / ".dockerignore").read_text().splitlines()
    for needed in ("functions/", "training/", "model_export/", "vitrine/"):
        assert f"!{needed}" in ignore  # the allow-list lets the train stage's code in


def test_bind_mounts_are_the_repositorys_folders(compose):
    for name, service in compose["services"].items():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if not source.startswith("."):
                assert source in compose["volumes"], (name, source)  # a named volume
                continue
            # data/ and frontend/ are in the repository; artifacts/ is what training writes.
            assert source in ("./data", "./frontend", "./artifacts"), (name, source)
            if source != "./artifacts":
                assert (ROOT / source).is_dir(), source


def published(service: dict) -> dict[int, tuple[str, int]]:
    """container port -> (host address, host port), from the short syntax
    `[ADDRESS:]HOST_PORT:CONTAINER_PORT`."""
    ports = {}
    for spec in service.get("ports", []):
        *address, host, container = str(spec).split(":")
        ports[int(container)] = (address[0] if address else "0.0.0.0", int(host))
    return ports


def test_every_port_is_published_on_the_loopback_only(compose):
    """Docker publishes a port on every interface unless told otherwise (and its rules
    bypass a host firewall): the API, the site and MLflow answer this machine only."""
    services = compose["services"]
    assert {name for name, s in services.items() if s.get("ports")} == {"api", "site", "mlflow"}
    for name, service in services.items():
        for spec in service.get("ports", []):
            assert isinstance(spec, str) and spec.startswith("127.0.0.1:"), (name, spec)
            assert spec.count(":") == 2, (name, spec)  # no IPv6 or range forms to misread
        for address, _ in published(service).values():
            assert address == "127.0.0.1", name


def container_env(service: dict) -> dict[str, str]:
    return {k: str(v) for k, v in service.get("environment", {}).items()}


@pytest.mark.parametrize("name", ["api", "train"])
def test_environment_is_settings_the_app_reads_with_values_it_accepts(compose, name,
                                                                     monkeypatch):
    from functions.settings import Settings

    env = container_env(compose["services"][name])
    vitrine = {k: v for k, v in env.items() if k.startswith("VITRINE_")}
    assert vitrine
    fields = set(Settings.model_fields)
    for key in vitrine:
        assert key.removeprefix("VITRINE_").lower() in fields, key  # no silently ignored name
    for key in [k for k in os.environ if k.startswith("VITRINE_")]:
        monkeypatch.delenv(key)
    for key, value in vitrine.items():
        monkeypatch.setenv(key, value)
    settings = Settings()  # raises on a value the app would refuse
    mounts = [v.split(":")[1] for v in compose["services"][name]["volumes"]]
    for path in (settings.registry_dir, settings.sqlite_path, settings.runs_dir):
        assert any(str(path).startswith(m + "/") for m in mounts), path  # kept on the host
    tracking = urlparse(settings.tracking_uri)
    mlflow = compose["services"]["mlflow"]
    assert tracking.hostname == "mlflow"
    assert f"--port={tracking.port}" in mlflow["command"]
    allowed = next(a for a in mlflow["command"] if a.startswith("--allowed-hosts="))
    assert tracking.netloc in allowed.split("=", 1)[1].split(",")  # not refused as rebinding


def test_the_api_serves_with_the_command_line_and_the_site_calls_it(compose, monkeypatch):
    import typer

    from functions.settings import Settings
    from vitrine.cli import app

    api = compose["services"]["api"]
    name, *args = api["command"]  # after the train stage's ENTRYPOINT, vitrine
    assert "ENTRYPOINT [\"vitrine\"]" in (ROOT / "Dockerfile").read_text()
    serve = typer.main.get_command(app).commands[name]
    params = serve.make_context(name, args).params  # refuses an option serve does not have
    _, host_port = published(api)[params["port"]]
    assert params["host"] == "0.0.0.0" and params["workers"] == 2
    site_js = compose["configs"]["site-config"]["content"]
    assert f'API_URL = "http://localhost:{host_port}"' in site_js
    [(_, site_port)] = published(compose["services"]["site"]).values()
    monkeypatch.setenv("VITRINE_CORS_ORIGINS", container_env(api)["VITRINE_CORS_ORIGINS"])
    assert Settings().cors_origins == [f"http://localhost:{site_port}"]
    [target] = [c["target"] for c in compose["services"]["site"]["configs"]]
    assert target.endswith("/config.js") and (ROOT / "frontend" / "config.js").is_file()


def test_mlflow_server_is_the_version_training_logs_with(compose):
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    [pin] = [d for d in pins["optional-dependencies"]["train"] if d.startswith("mlflow==")]
    assert compose["services"]["mlflow"]["image"].endswith(":v" + pin.split("==")[1])
