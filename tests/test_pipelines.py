"""The typed pipeline interface (training/pipelines.py): every use case's training code
defines what the platform calls, the platform reads nothing it does not document, and a
coded use case outside the package is found like the package's own."""

from __future__ import annotations

import dataclasses
import re
import textwrap
from pathlib import Path

import pytest

from functions.catalog import CATALOG
from training import pipelines

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", list(CATALOG))
def test_every_pipeline_follows_the_interface(name):
    impl = pipelines.implementation(name)
    assert isinstance(impl, pipelines.Pipeline), name
    hooks = pipelines.get(name)
    assert dataclasses.is_dataclass(hooks.Params)
    assert dataclasses.is_dataclass(hooks.Params.quick())
    if hooks.RETRAINABLE:
        assert callable(hooks.with_feedback), f"{name} retrains, so it merges feedback"
    if hooks.DATA_OPTIONS is not None:  # both sizes, the same options
        assert set(hooks.DATA_OPTIONS) == {"quick", "full"}
        assert set(hooks.DATA_OPTIONS["quick"]) == set(hooks.DATA_OPTIONS["full"])
        assert hooks.data_folder is not None, f"{name}: where `vitrine data` writes"
    if hooks.BENCH is not None:
        assert (ROOT / "bench" / f"{name}_bench.py").exists()
    for path in hooks.TRAIN_FILES:
        assert (ROOT / path).exists(), path


def test_a_name_the_interface_does_not_document_is_an_error():
    hooks = pipelines.get("sepsis")
    with pytest.raises(AttributeError, match="not part of a pipeline's interface"):
        hooks.RETRAINABEL  # noqa: B018  (a typo is not silently False)
    assert pipelines.get("secom").EXTRAS == ()  # a documented default


def test_the_platform_reads_only_documented_names():
    """Every ``pipeline.X`` / ``hooks.X`` the platform reads is in the interface."""
    documented = set(pipelines.REQUIRED) | set(pipelines.OPTIONAL) | {"data_folder"}
    read = set()
    for folder in ("vitrine", "training", "infra", "bench", "model_export"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.parent.name in CATALOG or path.name == "pipelines.py":
                continue  # a use case's own package reads its own module freely
            text = path.read_text(encoding="utf-8")
            read |= set(re.findall(r"\b(?:hooks|pipeline\(\w+\)|pipelines\.get\(\w+\))"
                                   r"\.([A-Za-z_]\w*)", text))
            if "pipelines.get(" in text or "_pipeline(" in text:
                read |= set(re.findall(r"\bpipeline\.([A-Za-z_]\w*)", text))
    read.discard("py")  # "pipeline.py" in comments and strings
    assert read and read <= documented, sorted(read - documented)


def test_a_missing_required_member_is_named():
    class Half:
        Params = object

    with pytest.raises(TypeError, match="lacks GATE_METRIC, default_source"):
        pipelines.Hooks("half", Half())


CODED = textwrap.dedent('''
    from functions.contracts.base import Endpoint, PredictionBase, StrictBody, UseCase


    class Body(StrictBody):
        x: float


    class Answer(PredictionBase):
        label: str


    USECASE = UseCase(
        name="{name}", title="Coded elsewhere", description="A team's own.",
        labels=("no", "yes"), feature_names=("x",),
        endpoints=(Endpoint(path="/{name}/predict", request=Body, response=Answer,
                            predict=lambda req, model: {{"label": "yes"}}),))
''')


def test_a_coded_use_case_outside_the_package_is_found_and_checked(tmp_path):
    """A folder of VITRINE_USECASE_PATH with contract.py joins the catalog as the package
    vitrine_usecases.<folder>; a mismatched name or a taken one is refused, naming it."""
    import json
    import os
    import subprocess
    import sys

    script = ("import json; from functions.catalog import CATALOG, CODED; "
              "print(json.dumps([list(CATALOG), {k: v.module for k, v in CODED.items()}]))")

    def catalog(folder: Path) -> subprocess.CompletedProcess:
        env = {**os.environ, "VITRINE_USECASE_PATH": str(folder), "PYTHONPATH": str(ROOT)}
        return subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)

    (tmp_path / "ok" / "mine").mkdir(parents=True)
    (tmp_path / "ok" / "mine" / "contract.py").write_text(CODED.format(name="mine"))
    done = catalog(tmp_path / "ok")
    assert done.returncode == 0, done.stderr[-1500:]
    names, coded = json.loads(done.stdout)
    assert names[-1] == "mine" and coded == {"mine": "vitrine_usecases.mine"}

    (tmp_path / "bad" / "other").mkdir(parents=True)
    (tmp_path / "bad" / "other" / "contract.py").write_text(CODED.format(name="mine"))
    done = catalog(tmp_path / "bad")
    assert done.returncode != 0 and "USECASE.name is 'mine', its folder 'other'" in done.stderr

    (tmp_path / "taken" / "sepsis").mkdir(parents=True)
    (tmp_path / "taken" / "sepsis" / "contract.py").write_text(CODED.format(name="sepsis"))
    done = catalog(tmp_path / "taken")
    assert done.returncode != 0 and "'sepsis' is taken by another use case" in done.stderr
