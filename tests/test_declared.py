"""Bring your own model (issue 23 §2): a team's CSV becomes a served use case with
`vitrine new`, `vitrine train`, `vitrine export`, and no edit to the platform. The tables
here are written in a temporary folder, outside the repository, from data this project
never used while building (scikit-learn's bundled diabetes set, with the mess of real
tables added: decimal commas, a categorical column, yes/no flags, missing values, an id)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from functions.declared import Column, Declaration, build_usecase, encode, read
from functions.errors import InvalidInput

REPO = Path(__file__).resolve().parents[1]


def _decl(**kw) -> Declaration:
    columns = (Column("Âge (ans)", "integer", "ans", min=18, max=90, impossible_min=0,
                      impossible_max=130),
               Column("Fumeur", "boolean"),
               Column("Région", "categorical", levels=("nord", "sud")),
               Column("Note", "text"))
    return Declaration(**{"name": "risk", "task": "binary", "target": "malade",
                          "columns": columns, "labels": ("non", "oui"), "decimal": ",",
                          **kw})


def test_rows_are_encoded_as_training_does_with_warnings_and_422s():
    decl = _decl()
    # One input per column the model reads; a category as its level's index (the graph
    # one-hot encodes it).
    assert decl.feature_names == ("Âge (ans)", "Fumeur", "Région")
    x, warnings = encode(decl, [
        {"Âge (ans)": "45,0", "Fumeur": "Oui", "Région": "sud", "Note": "x"},
        {"Âge (ans)": 95, "Fumeur": 0, "Région": "ouest"},
        {},
    ])
    assert x[0].tolist() == [45.0, 1.0, 1.0]
    assert x[1, :2].tolist() == [95.0, 0.0] and np.isnan(x[1, 2])  # unseen: missing
    assert [w["variable"] for w in warnings[1]] == ["Âge (ans)", "Région"]
    assert np.isnan(x[2]).all() and warnings[2] == []
    with pytest.raises(InvalidInput) as exc:
        encode(decl, [{"Âge (ans)": -3, "Fumeur": "peut-être"}])
    fields = {p.field: p.msg for p in exc.value.problems}
    assert "impossible" in fields["Âge (ans)"] and "yes/no" in fields["Fumeur"]


def test_the_contract_names_columns_as_the_table_does():
    uc = build_usecase(_decl())
    row = uc.endpoints[0].request
    schema = row.model_json_schema(by_alias=True)
    assert {"Âge (ans)", "Fumeur", "Région", "Note"} <= set(schema["properties"])
    assert uc.endpoints[0].check({"Âge (ans)": 200})[0].field == "Âge (ans)"


def _risk_table(folder: Path, n: int = 400) -> tuple[Declaration, Path]:
    """A binary table whose answer hangs on a category and a number, some levels missing."""
    import pandas as pd

    rng = np.random.default_rng(3)
    region = rng.choice(["nord", "sud", "est"], n, p=[0.5, 0.3, 0.2])
    age = rng.integers(20, 80, n)
    risk = (region == "sud") * 2.0 + (age - 50) / 12 + rng.normal(0, 0.5, n)
    df = pd.DataFrame({"Âge (ans)": age, "Fumeur": rng.choice(["oui", "non"], n),
                       "Région": region, "Note": "rien", "malade": np.where(
                           risk > 0.8, "oui", "non")})
    df.loc[rng.random(n) < 0.1, "Région"] = None
    df.to_csv(folder / "risk.csv", index=False)
    (folder / "usecase.toml").write_text("")  # what a run fingerprints beside the table
    columns = (Column("Âge (ans)", "integer", "ans", min=18, max=90),
               Column("Fumeur", "boolean"),
               Column("Région", "categorical", levels=("nord", "sud", "est")),
               Column("Note", "text"))
    return (_decl(columns=columns, decimal=".", folder=folder, metric="auroc"),
            folder / "risk.csv")


@pytest.mark.slow
def test_the_graph_takes_the_columns_and_one_hot_encodes_the_categories_itself(
        tmp_path, monkeypatch):
    """Categories reach the exported graph as level codes, one input per column, and are
    one-hot encoded inside it: the parity certificate on the held-out rows covers numbers
    and categories in one graph, a missing or unseen level is answered as missing by the
    graph itself, and drift is counted per level."""
    import onnx
    import onnxruntime as ort

    from functions.monitoring import Thresholds, drift
    from model_export.converters import certification_rows, load_native, to_onnx
    from model_export.onnx_export import certify
    from training.tabular import Params, train

    monkeypatch.setenv("VITRINE_TRACKING_URI", "off")
    decl, table = _risk_table(tmp_path)
    run, _ = train(decl, table, Params.quick(), runs_root=tmp_path / "runs")
    report = json.loads((run / "report.json").read_text())
    rows = [{"Âge (ans)": 60, "Fumeur": "non", "Région": lv}
            for lv in ("nord", "sud", "est", None, "ouest")]
    x, warnings = encode(decl, rows)
    assert [len(w) for w in warnings] == [0, 0, 0, 0, 1]
    for entry in report["exports"]:
        assert entry["input"] == {"dtype": "float32", "shape": [3]}
        native = load_native(run, entry)
        held_out, _ = certification_rows(run, entry)
        codes = held_out[:, 2]
        assert np.isnan(codes).any() and set(codes[~np.isnan(codes)]) == {0, 1, 2}
        graph = to_onnx(run, entry, native, held_out)
        certificate = certify(native, graph, held_out, entry["threshold"])
        assert certificate["passed"] and certificate["rows"] == len(held_out), certificate
        session = ort.InferenceSession(graph, providers=["CPUExecutionProvider"])
        [given] = session.get_inputs()
        assert given.type == "tensor(float)" and given.shape[1] == 3
        assert "OneHotEncoder" in {n.op_type for n in onnx.load_from_string(graph).graph.node}
        p = session.run(["probabilities"], {given.name: x})[0]
        assert np.allclose(p, native.predict_proba(x), atol=1e-5)
        assert abs(p[1, 1] - p[0, 1]) > 0.05, entry["model"]  # the category is read
        assert np.allclose(p[3], p[4]) and np.allclose(p[4], session.run(  # unseen: missing
            ["probabilities"], {given.name: np.array([[60, 0, -1]], np.float32)})[0][0])
    # Drift per column, the category's histogram one bin per level.
    shares = report["profile"]["features"]["Région"]["hist"]
    assert len(shares["p"]) == 3 and abs(sum(shares["p"]) - 1) < 1e-9
    assert shares["p"][0] > shares["p"][1] > shares["p"][2]
    south, _ = encode(decl, [{"Âge (ans)": 40 + i % 30, "Région": "sud",
                              "Fumeur": ["oui", "non"][i % 2]} for i in range(300)])
    checked = {f["feature"]: f for f in drift(report["profile"], decl.feature_names, south,
                                               Thresholds())["features"]}
    assert set(checked) == {"Âge (ans)", "Fumeur", "Région"}
    assert checked["Région"]["drifted"] and not checked["Fumeur"]["drifted"]


def test_a_declaration_that_cannot_be_served_names_its_field(tmp_path):
    path = tmp_path / "usecase.toml"
    path.write_text('name = "x1"\ntask = "binary"\ntarget = "y"\nlabels = ["a"]\n'
                    '[[columns]]\nname = "a"\ntype = "numeric"\n')
    with pytest.raises(Exception, match="labels: a classification lists at least two"):
        read(path)
    path.write_text('name = "Bad Name"\n')
    with pytest.raises(Exception, match="name: 2-40 lower-case"):
        read(path)


def _diabetes_table(path: Path) -> None:
    """The diabetes set as a French office would export it: decimal commas, a sex column
    spelled out, a yes/no flag, missing values and a patient id."""
    from sklearn.datasets import load_diabetes

    d = load_diabetes(as_frame=True, scaled=False)
    df = d.frame.rename(columns={"bmi": "IMC (kg/m²)", "bp": "tension moyenne",
                                 "target": "progression"})
    rng = np.random.default_rng(4)
    df["sexe"] = df.pop("sex").map({1.0: "femme", 2.0: "homme"})
    df["traitement"] = rng.choice(["oui", "non"], len(df))
    df.loc[rng.random(len(df)) < 0.08, "s3"] = np.nan
    df.insert(0, "patient", [f"P{i:05d}" for i in range(len(df))])
    df.to_csv(path, index=False, sep=",", decimal=",", quotechar='"')


SERVE = textwrap.dedent("""
    import json, sys
    from fastapi.testclient import TestClient
    from functions.app import create_app
    from functions.auth import create_key
    from functions.settings import Settings
    from functions.stores.sqlite import SQLiteStore
    store = SQLiteStore("v.db")
    key, _ = create_key(store, "admin", "t")
    client = TestClient(create_app(Settings(usecases=["progress"], sqlite_path="v.db"),
                                   store=store), headers={"X-API-Key": key})
    row = json.loads(sys.argv[1])
    out = {"one": client.post("/progress/predict", json=row).json(),
           "explained": client.post("/progress/predict", json={**row, "explain": True}).json(),
           "bad": client.post("/progress/predict", json={**row, "age": "abc", "x": 1}).json(),
           "csv": client.post("/progress/predict/batch",
                              json={"csv": open(sys.argv[2]).read()[:3000].rsplit("\\n", 1)[0]}
                              ).json(),
           "paths": sorted(p for p in client.get("/openapi.json").json()["paths"]
                           if p.startswith("/progress")),
           "card": [c for c in client.get("/usecases").json() if c["name"] == "progress"],
           "monitoring": client.get("/progress/monitoring").status_code,
           "oip": client.post("/v2/models/progress/infer", json={"inputs": [{
               "name": "input", "shape": [1, len(sys.argv[3:])], "datatype": "FP32",
               "data": [json.loads(v) for v in sys.argv[3:]]}]}).json(),
           "metadata": client.get("/v2/models/progress").json()}
    print(json.dumps(out))
""")


@pytest.mark.slow
def test_a_csv_becomes_a_served_use_case_with_no_platform_file_changed(tmp_path):
    tracked = ["git", "status", "--porcelain", "--untracked-files=no"]
    before = subprocess.run(tracked, cwd=REPO, capture_output=True, text=True).stdout
    table = tmp_path / "diabetes.csv"
    _diabetes_table(table)
    env = {**os.environ, "VITRINE_USECASE_PATH": str(tmp_path / "usecases"),
           "VITRINE_TRACKING_URI": "off", "PYTHONPATH": str(REPO)}
    vitrine = [sys.executable, "-m", "vitrine.cli"]

    def run(*args: str) -> str:
        done = subprocess.run([*vitrine, *args], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    run("new", "progress", "--csv", str(table), "--target", "progression", "--id", "patient",
        "--dir", str(tmp_path / "usecases"))
    declaration = (tmp_path / "usecases" / "progress" / "usecase.toml").read_text()
    assert 'task = "regression"' in declaration and 'decimal = ","' in declaration
    assert 'name = "sexe"\ntype = "categorical"' in declaration
    assert 'name = "traitement"\ntype = "boolean"' in declaration
    assert '"patient"' in declaration.split("[[columns]]")[0]  # the id, never a column
    run("train", "progress", "--quick")
    exported = run("export", "progress", "--promote")
    assert "parity" in exported and "(promoted)" in exported
    row = {"age": 50, "sexe": "femme", "IMC (kg/m²)": "27,1", "tension moyenne": 93,
           "s1": 180, "s2": 110, "s3": None, "s4": 4, "s5": 4.6, "s6": 90,
           "traitement": "non"}
    # The Open Inference Protocol's tensor: one value per column the model reads, in the
    # metadata's order, a category as its level's index in the declaration.
    decl = read(tmp_path / "usecases" / "progress" / "usecase.toml")
    sexe = next(c for c in decl.columns if c.name == "sexe")
    given = {**row, "sexe": sexe.codes["femme"], "IMC (kg/m²)": 27.1, "traitement": 0}
    tensor = [json.dumps(given[name]) for name in decl.feature_names]
    done = subprocess.run([sys.executable, "-c", SERVE, json.dumps(row), str(table), *tensor],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    one = out["one"]
    lo, hi = one["interval"]
    assert lo < one["prediction"] < hi and 20 < one["prediction"] < 350, one
    # Explanations on request: the columns that moved the value, a category included.
    explained = out["explained"]
    assert explained["prediction"] == one["prediction"] and one.get("explanation") is None
    why = explained["explanation"]
    assert why["output"] == "progression" and why["probability"] == pytest.approx(
        one["prediction"], rel=1e-5)
    assert why["top"] and {t["feature"] for t in why["top"]} <= set(row)
    assert abs(why["top"][0]["effect"]) > 0  # the largest first, and it moved the value
    fields = {p["field"] for p in out["bad"]["detail"]}
    assert {"x", "age"} <= fields, out["bad"]
    assert out["csv"]["rows"] >= 5 and all(i["interval"] for i in out["csv"]["items"])
    assert out["paths"] == ["/progress/feedback", "/progress/monitoring",
                            "/progress/predict", "/progress/predict/batch",
                            "/progress/retrain", "/progress/retrain/{run_id}",
                            "/progress/rollout"]
    assert out["card"][0]["serving"] and out["monitoring"] == 200
    assert out["metadata"]["inputs"][0]["parameters"]["feature_names"] == list(
        decl.feature_names)
    [predicted] = out["oip"]["outputs"][0]["data"]
    assert abs(predicted - one["prediction"]) < 1e-6 * abs(one["prediction"]), out["oip"]
    report = json.loads(next((tmp_path / "artifacts" / "runs" / "progress").glob(
        "*/report.json")).read_text())
    chosen = report["models"][report["primary"]]["test"]
    # Held-out figures no choice touched: the interval's coverage near its 90 % target.
    assert 0.75 <= chosen["interval_coverage"] <= 1.0 and chosen["r2"] > 0.2, chosen
    after = subprocess.run(tracked, cwd=REPO, capture_output=True, text=True).stdout
    assert after == before  # no file of the platform changed


PLATFORM = textwrap.dedent("""
    import json, sys, tempfile
    from pathlib import Path
    from aws_cdk.assertions import Template
    from functions.catalog import CATALOG
    from infra.bundle import copy_declarations
    from tests.infra.conftest import stand_in_bundle, synth
    from vitrine.dvcfiles import dvc_doc, params_doc

    root = Path(tempfile.mkdtemp())
    stacks, _, config = synth(root / "cdk.out", stand_in_bundle(root / "bundle"))
    api = Template.from_stack(stacks.api)
    routes = sorted(r["Properties"]["RouteKey"] for r in
                    api.find_resources("AWS::ApiGatewayV2::Route").values()
                    if "/risk" in r["Properties"]["RouteKey"])
    envs = [f["Properties"]["Environment"]["Variables"] for f in
            api.find_resources("AWS::Lambda::Function").values()
            if "Environment" in f["Properties"]]
    mine = [e for e in envs if e.get("VITRINE_USECASES") == '["risk"]']
    monitors = [r for r in api.find_resources("AWS::Events::Rule").values()
                if json.loads(r["Properties"]["Targets"][0].get("Input", "{}"))
                == {"vitrine": "monitor"}]
    copied = copy_declarations(root / "bundle")
    from vitrine.demo import plan
    from vitrine.site import pages
    from tests.test_fuzz import schema  # the fuzzing's operations, from the app's OpenAPI
    fuzzed = sorted({op.ok().path for op in schema.get_all_operations()
                     if op.ok().path.startswith("/risk/")})
    import io, tarfile
    from infra.stacks.pipeline import STAGED_USECASES
    from training.sagemaker_job import source_tarball
    steps = [f["Properties"].get("Environment", {}).get("Variables", {}) for f in
             Template.from_stack(stacks.pipeline).find_resources(
                 "AWS::Lambda::Function").values()]
    with tarfile.open(fileobj=io.BytesIO(source_tarball("risk")), mode="r:gz") as tar:
        job_code = [n for n in tar.getnames() if n.startswith("usecases/")]
    print(json.dumps({
        "pipeline_env": [e.get("VITRINE_USECASE_PATH") for e in steps
                         if "VITRINE_RETRAIN_ROLLOUT" in e],
        "staged": (STAGED_USECASES / "risk" / "usecase.toml").is_file(),
        "job_code": job_code,
        "nav": [p for p in pages(root) if p.get("usecase") == "risk"],
        "demo": [(s.command, s.options) for chain in plan() for s in chain
                 if s.usecase == "risk"],
        "fuzzed": fuzzed,
        "catalog": list(CATALOG), "retrained": list(config.retrain_usecases),
        "routes": routes, "env": mine[0] if mine else None, "monitors": len(monitors),
        "dvc": sorted(k for k in dvc_doc()["stages"] if k.endswith("risk")),
        "params": sorted(params_doc()["risk"]["train"]),
        "bundled": copied, "in_bundle": (root / "bundle" / "usecases" / "risk"
                                         / "usecase.toml").is_file()}))
""")


@pytest.mark.slow
def test_a_declared_use_case_reaches_the_stacks_dvc_and_the_bundle_with_no_edit(tmp_path):
    """The catalog is the one list: the CDK app gives a declared use case its function,
    routes, monitoring schedule and retraining; DVC its stages; the bundle its declaration;
    the site its navigation entry; make demo its training; the fuzzing its routes."""
    from vitrine.new import new

    table = tmp_path / "risk.csv"
    rng = np.random.default_rng(1)
    import pandas as pd

    pd.DataFrame({"age": rng.integers(20, 80, 200), "fumeur": rng.choice(["oui", "non"], 200),
                  "malade": rng.choice(["oui", "non"], 200)}).to_csv(table, index=False)
    new("risk", table, "malade", root=tmp_path / "usecases")
    env = {**os.environ, "VITRINE_USECASE_PATH": str(tmp_path / "usecases"),
           "PYTHONPATH": str(REPO), "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}
    done = subprocess.run([sys.executable, "-c", PLATFORM], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["catalog"][-1] == "risk" and "risk" in out["retrained"]
    assert out["routes"] == ["GET /risk/monitoring", "GET /risk/retrain/{run_id}",
                             "GET /risk/rollout", "GET /v2/models/risk",
                             "GET /v2/models/risk/ready",
                             "GET /v2/models/risk/versions/{version}",
                             "GET /v2/models/risk/versions/{version}/ready",
                             "POST /risk/feedback", "POST /risk/monitoring",
                             "POST /risk/predict", "POST /risk/predict/batch",
                             "POST /risk/retrain", "POST /risk/rollout",
                             "POST /v2/models/risk/infer",
                             "POST /v2/models/risk/versions/{version}/infer"]
    assert out["env"]["VITRINE_USECASE_PATH"] == "usecases"
    assert out["monitors"] == len(out["catalog"])  # its scheduled monitoring too
    assert out["dvc"] == ["export_risk", "train_risk"] and "trees" in out["params"]
    assert out["bundled"] == ["risk"] and out["in_bundle"]
    # The AWS retraining pipeline's image and a SageMaker job's code carry it too.
    assert out["pipeline_env"] == ["usecases"] and out["staged"]
    assert out["job_code"] == ["usecases/risk/usecase.toml"]
    # The site's navigation, make demo's steps and the fuzzing see it too.
    assert out["nav"] == [{"href": "table.html?usecase=risk", "label": out["nav"][0]["label"],
                           "usecase": "risk"}]
    assert out["demo"] == [["train", {"quick": True}], ["export", {"promote": True}]]
    assert "/risk/predict" in out["fuzzed"] and "/risk/predict/batch" in out["fuzzed"]
