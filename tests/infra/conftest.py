"""One synthesized app per test session (the first synth costs ~10 s)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

# The container variant is built only with a certificate for its HTTPS listener.
TEST_CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/test"


def stand_in_bundle(root: Path) -> Path:
    """A tiny stand-in for build/lambda, a folder per function: the assets are recorded,
    not run, at synth time (the real bundles are built and smoke-tested by `make bundle`).
    Each folder says whose it is, so that their assets differ as the real ones do."""
    from infra.bundle import functions_served

    for name in functions_served():
        (root / name / "functions").mkdir(parents=True, exist_ok=True)
        (root / name / "functions" / "handler.py").write_text(f"# stand-in for {name}\n")
    return root


def synth(outdir: Path, bundle: Path, nag: bool = True, **overrides):
    import aws_cdk as cdk

    from infra.app_builder import build
    from infra.config import EnvironmentConfig

    # cdk.json's feature flags, as the CLI passes them (they change how ARNs render).
    flags = {k: v for k, v in json.loads((ROOT / "cdk.json").read_text())["context"].items()
             if k.startswith("@")}
    app = cdk.App(outdir=str(outdir),
                  context={**flags, "aws:cdk:disable-asset-staging": True})
    overrides.setdefault("container_certificate_arn", TEST_CERTIFICATE)
    config = EnvironmentConfig(name="test", bundle_dir=str(bundle), **overrides)
    stacks = build(app, config, nag=nag)
    assembly = app.synth()
    return stacks, assembly, config


@pytest.fixture(scope="session")
def synthesized(tmp_path_factory):
    root = tmp_path_factory.mktemp("cdk")
    return synth(root / "cdk.out", stand_in_bundle(root / "bundle"),
                 alarm_email="oncall@example.com")


@pytest.fixture(scope="session")
def templates(synthesized):
    from aws_cdk.assertions import Template

    stacks, _, _ = synthesized
    return {name: Template.from_stack(getattr(stacks, name))
            for name in ("stateful", "api", "frontend", "monitoring", "container", "pipeline",
                         "github")}
