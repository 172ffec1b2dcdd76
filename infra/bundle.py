"""Build one Lambda bundle per function without Docker: python3.12 manylinux wheels for the
function's architecture, slimmed, precompiled.

    python -m infra.bundle [--out build/lambda] [--architecture arm64|x86_64] [--no-smoke]

A function's bundle is the serving core (pyproject's ``[project] dependencies`` less what a
use case declares in ``UseCase.requires``) plus exactly what its use cases require: Pillow
only in Rakuten's, the sentence encoder and bm25s only in the docs assistant's. The platform
function (cards, health, keys) and the key authorizer get the core alone. Each bundle is
pip-installed for Lambda's platform, ``functions/`` copied, what never runs in Lambda
removed, everything byte-compiled (Lambda's file system is read-only, so .pyc files cannot be
written at cold start). ``build/lambda/bundles.json`` records each one's requirements,
architecture and size; the CDK app reads it.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import shutil
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON_VERSION = "3.12"  # the Lambda runtime infra/ deploys
# pip's platform tags per Lambda architecture (onnxruntime ships manylinux_2_28 only)
PLATFORMS = {
    "x86_64": ("manylinux2014_x86_64", "manylinux_2_28_x86_64"),
    "arm64": ("manylinux2014_aarch64", "manylinux_2_28_aarch64"),
}
MACHINE = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "arm64", "arm64": "arm64"}
PLATFORM_FUNCTION = "platform"  # cards, health and keys, and the key authorizer: the core
MANIFEST = "bundles.json"
# Parts of the wheels that serving never imports (measured: ~15 MB).
PRUNE = (
    "onnxruntime/transformers",
    "onnxruntime/tools",
    "onnxruntime/quantization",
    "onnxruntime/datasets",
    "numpy/tests",
    "numpy/*/tests",
    "numpy/f2py",
    "numpy/typing/tests",
    "numpy/_pyinstaller",
    "numpy/_core/_simd.*.so",
    "numpy/_core/_*_tests.*.so",
    "onnxruntime/ThirdPartyNotices.txt",
    # onnxruntime's C API library, for programs that link to it: the Python binding
    # (onnxruntime_pybind11_state) holds the whole runtime and does not load it (readelf:
    # no NEEDED entry; measured: 27 MB on aarch64, 35 MB on x86_64).
    "onnxruntime/capi/libonnxruntime.so.*",
    "onnxruntime/backend",  # ONNX's backend API over the `onnx` package, which no bundle has
    "numpy/_core/include",  # C headers and static libraries, to build extensions against
    "numpy/_core/lib",
    # Pydantic's v1 API: FastAPI refuses v1 models and only imports it to check for one, as
    # an ImportError-guarded probe (measured: 46 ms of every cold start, 0.6 MB).
    "pydantic/v1",
    "bin",
    "**/*.pyi",
    "*.dist-info/RECORD",
    # Pillow: serving decodes JPEG and PNG (functions/contracts/rakuten.py refuses the rest),
    # so the AVIF, WebP, colour-management, font and Tk extensions go, with the libraries
    # only they link to (measured: ~12 MB; _imaging's own libraries stay).
    "PIL/_avif.*.so",
    "PIL/_webp.*.so",
    "PIL/_imagingcms.*.so",
    "PIL/_imagingft.*.so",
    "PIL/_imagingtk.*.so",
    "PIL/_imagingmath.*.so",  # ImageMath's and ImageMorph's, which decoding never imports
    "PIL/_imagingmorph.*.so",
    "pillow.libs/libavif-*",
    "pillow.libs/libwebp*",
    "pillow.libs/libsharpyuv-*",
    "pillow.libs/liblcms2-*",
    "pillow.libs/libfreetype-*",
    "pillow.libs/libharfbuzz-*",
    "pillow.libs/libbrotli*",
    "pillow.libs/libpng16-*",  # freetype's; Pillow reads PNG with zlib itself
)
PRUNE_NAMES = ("__pycache__",)
# Distributions onnxruntime's wheel requires that its inference path never imports (their
# only importer in a bundle was onnxruntime.backend, pruned above; `bench/cold_start.py`
# and the smoke tests run without them): gone unless something else in the bundle, or
# the function itself, requires them.
UNIMPORTED_BY = "onnxruntime"
UNIMPORTED = {
    "protobuf": ("google/protobuf", "google/_upb", "protobuf-*.dist-info"),  # 1.6 MB
    "flatbuffers": ("flatbuffers", "flatbuffers-*.dist-info"),
}


# The Lambda Python runtime already ships boto3/botocore (~33 MB): shipping another copy
# would only eat into the 250 MB limit.
PROVIDED_BY_RUNTIME = ("boto3",)


def _name(requirement: str) -> str:
    """A requirement's distribution name, normalised (PEP 503): "PyStemmer==3.1" -> "pystemmer"."""
    return re.sub(r"[-_.]+", "-", re.split(r"[<>=!~;\[ (]", requirement.strip(),
                                           maxsplit=1)[0]).lower()


def _dependencies() -> list[str]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]


def resolve(requires: tuple[str, ...] | list[str]) -> list[str]:
    """A use case's ``requires`` as pinned requirements: a name pyproject pins takes that pin
    (one version of a library in the whole project); a team's own library must come pinned."""
    pins = {_name(d): d for d in _dependencies()}
    out = []
    for r in requires:
        if _name(r) in pins and _name(r) == r.strip().lower().replace("_", "-"):
            out.append(pins[_name(r)])
        elif "==" in r:
            out.append(r)
        else:
            raise ValueError(f"requires {r!r}: not pinned in pyproject.toml; pin it "
                             "(name==version)")
    return out


def serving_core() -> list[str]:
    """What every function carries: pyproject's dependencies less what only some use cases
    require, less what the Lambda runtime provides."""
    from functions.catalog import CATALOG

    optional = {_name(r) for uc in CATALOG.values() for r in uc.requires}
    return [d for d in _dependencies()
            if _name(d) not in optional and _name(d) not in PROVIDED_BY_RUNTIME]


def functions_served() -> dict[str, list[str]]:
    """Each Lambda function's bundle and the use cases it serves (infra/stacks/api.py makes
    one function per use case and the platform function)."""
    from functions.catalog import CATALOG

    return {**{name: [name] for name in CATALOG}, PLATFORM_FUNCTION: []}


def requirements_of(usecases: list[str]) -> list[str]:
    from functions.catalog import get_usecase

    extra = [r for u in usecases for r in resolve(get_usecase(u).requires)]
    return serving_core() + list(dict.fromkeys(extra))


def serving_requirements() -> list[str]:
    """Every function's requirements together (the container variant serves them all)."""
    return list(dict.fromkeys(r for fn in functions_served().values()
                              for r in requirements_of(fn)))


def runtime_python() -> str | None:
    """A real python3.12 binary (pyenv shims refuse to run outside their version)."""
    candidates = [
        shutil.which(f"python{PYTHON_VERSION}"),
        *map(str, sorted(Path.home().glob(f".pyenv/versions/{PYTHON_VERSION}*/bin/python3"))),
    ]
    for exe in filter(None, candidates):
        ok = subprocess.run(
            [exe, "-c", "import sys; print(sys.version_info[:2])"], capture_output=True, text=True
        )
        if ok.returncode == 0 and ok.stdout.strip() == str(
            tuple(map(int, PYTHON_VERSION.split(".")))
        ):
            return exe
    return None


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


BUNDLED_USECASES = "usecases"  # the declarations' folder in the bundle (Lambda's cwd)


def copy_declarations(out: Path) -> list[str]:
    """The use cases found in VITRINE_USECASE_PATH (functions/discovery.py), where the
    function's VITRINE_USECASE_PATH points (infra/constructs/usecase_function.py): a table's
    usecase.toml alone, a coded one's modules (``carried_files``)."""
    from functions.discovery import CARRIED, carried_files

    assert CARRIED == BUNDLED_USECASES
    names = set()
    for arcname, path in carried_files().items():
        (out / arcname).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, out / arcname)
        names.add(arcname.split("/")[1])
    return sorted(names)


class NoWheels(RuntimeError):
    """pip found no wheel of a requirement for the architecture."""


def install(out: Path, requirements: list[str], architecture: str) -> None:
    cmd = [sys.executable, "-m", "pip", "install", "--quiet", "--no-compile",
           "--only-binary=:all:", "--implementation", "cp", "--python-version", PYTHON_VERSION,
           "--target", str(out)]
    for tag in PLATFORMS[architecture]:
        cmd += ["--platform", tag]
    done = subprocess.run(cmd + requirements, capture_output=True, text=True)
    if done.returncode != 0:
        if "No matching distribution" in done.stderr or "from versions: none" in done.stderr:
            raise NoWheels(done.stderr.strip().splitlines()[-1])
        raise SystemExit(f"pip failed for {out.name}:\n{done.stderr[-2000:]}")


def needed_by_others(out: Path, requirements: list[str]) -> set[str]:
    """The distribution names the function asks for, or that an installed distribution other
    than UNIMPORTED_BY requires (its METADATA's Requires-Dist)."""
    needed = {_name(r) for r in requirements}
    for metadata in out.glob("*.dist-info/METADATA"):
        lines = metadata.read_text(errors="replace").splitlines()
        name = next((_name(line[5:]) for line in lines if line.startswith("Name:")), "")
        if name != UNIMPORTED_BY:
            needed |= {_name(line[14:]) for line in lines if line.startswith("Requires-Dist:")
                       and "extra ==" not in line}
    return needed


def slim(out: Path, requirements: list[str] = ()) -> None:
    needed = needed_by_others(out, requirements)
    unimported = [p for name, paths in UNIMPORTED.items() if name not in needed for p in paths]
    for pattern in (*PRUNE, *unimported):
        for path in out.glob(pattern):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    if (out / "google").is_dir() and not any((out / "google").iterdir()):
        (out / "google").rmdir()  # a namespace package protobuf alone filled
    for name in PRUNE_NAMES:
        for path in list(out.rglob(name)):
            shutil.rmtree(path)


def compile_bundle(out: Path, compiler: str) -> None:
    # Byte-code is version specific: compile with the runtime's own Python. Third-party code
    # ships as sourceless .pyc (saves ~9 MB); functions/ keeps its sources so that
    # tracebacks show our lines.
    subprocess.run([compiler, "-m", "compileall", "-q", "-b", "-j", "0", str(out)], check=True)
    for py in out.rglob("*.py"):
        if not py.is_relative_to(out / "functions") and py.with_suffix(".pyc").exists():
            py.unlink()


def build_function(out: Path, usecases: list[str], architecture: str,
                   compiler: str | None) -> dict:
    """One function's bundle in ``out``: for ``architecture``, or x86_64 when a wheel it
    needs has no aarch64 build (said in the record)."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    requirements = requirements_of(usecases)
    built, why = architecture, None
    try:
        install(out, requirements, architecture)
    except NoWheels as exc:
        if architecture == "x86_64":
            raise SystemExit(f"{out.name}: {exc}") from None
        why = f"no {architecture} wheel: {exc}"
        built = "x86_64"
        shutil.rmtree(out)
        out.mkdir()
        install(out, requirements, built)
    installed = dir_size(out)
    slim(out, requirements)
    shutil.copytree(ROOT / "functions", out / "functions",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    copy_declarations(out)
    if compiler:
        compile_bundle(out, compiler)
    size = dir_size(out)
    return {"path": str(out), "usecases": usecases, "architecture": built,
            "architecture_asked": architecture, "fallback": why,
            "platforms": list(PLATFORMS[built]), "requirements": requirements,
            "installed_bytes": installed, "unzipped_bytes": size,
            "unzipped_mb": round(size / 2**20, 1), "compiled_with": compiler}


def build(out: Path, architecture: str = "arm64", only: list[str] | None = None) -> dict:
    """Every function's bundle under ``out`` (``only``: these functions), and the record
    (``bundles.json``) the CDK app reads."""
    out.mkdir(parents=True, exist_ok=True)
    compiler = runtime_python()
    served = functions_served()
    names = only or list(served)
    # Functions with the same requirements get the same bundle: built once, copied with
    # its files' times, so that their assets hash the same and a deploy uploads it once.
    groups: dict[tuple[str, ...], list[str]] = {}
    for n in names:
        groups.setdefault(tuple(requirements_of(served[n])), []).append(n)
    # pip and compileall mostly wait on the disk and the wheel cache: two at a time
    with ThreadPoolExecutor(max_workers=2) as pool:
        firsts = [g[0] for g in groups.values()]
        built = dict(zip(firsts, pool.map(
            lambda n: build_function(out / n, served[n], architecture, compiler), firsts),
            strict=True))
    for group in groups.values():
        for n in group[1:]:
            if (out / n).exists():
                shutil.rmtree(out / n)
            shutil.copytree(out / group[0], out / n, symlinks=True)
            built[n] = {**built[group[0]], "path": str(out / n), "usecases": served[n],
                        "same_as": group[0]}
    built = {n: built[n] for n in names}
    record = {"python": PYTHON_VERSION, "provided_by_runtime": list(PROVIDED_BY_RUNTIME),
              "core": serving_core(), "functions": built}
    if only and (out / MANIFEST).exists():  # a partial build keeps the others' records
        previous = json.loads((out / MANIFEST).read_text())
        record["functions"] = {**previous.get("functions", {}), **built}
    (out / MANIFEST).write_text(json.dumps(record, indent=2))
    return record


def read_manifest(root: Path) -> dict | None:
    path = root / MANIFEST
    return json.loads(path.read_text()) if path.exists() else None


SMOKE = """
import importlib, json, os, sys, time
t0 = time.perf_counter()
from functions.handler import handler
event = {"version": "2.0", "routeKey": "GET /health", "rawPath": "/health",
         "rawQueryString": "", "headers": {"host": "x"},
         "requestContext": {"http": {"method": "GET", "path": "/health", "sourceIp": "1.1.1.1",
                                     "protocol": "HTTP/1.1"}, "stage": "$default"},
         "isBase64Encoded": False}
resp = handler(event, None)
# 503 without a published model (health says so): the app started and answered
assert resp["statusCode"] in (200, 503), resp
# What the function's use cases import on demand (their ``requires``): importable from the
# bundle alone.
for module in json.loads(os.environ["SMOKE_MODULES"]):
    importlib.import_module(module)
if "PIL" in json.loads(os.environ["SMOKE_MODULES"]):
    # The photos a request may carry decode with what the bundle kept of Pillow (PRUNE).
    import io
    from PIL import Image
    from functions.contracts.rakuten import decode_image
    for fmt in ("JPEG", "PNG"):
        buf = io.BytesIO()
        Image.new("RGB", (40, 30), (200, 10, 10)).save(buf, format=fmt)
        assert decode_image(buf.getvalue(), 32).shape == (32, 32, 3), fmt
print(json.dumps({"status": resp["statusCode"], "import_and_call_s": time.perf_counter() - t0}))
"""


def top_level_modules(bundle: Path, requirement: str) -> list[str]:
    """The importable top-level modules a requirement installed in ``bundle``: its
    dist-info's top_level.txt, else the files its RECORD lists (private ones left out)."""
    name = _name(requirement)
    for info in bundle.glob("*.dist-info"):
        if _name(info.name.removesuffix(".dist-info").rsplit("-", 1)[0]) != name:
            continue
        if (info / "top_level.txt").exists():
            tops = set((info / "top_level.txt").read_text().split())
        else:
            record = info / "RECORD"
            tops = {line.split(",")[0].split("/")[0].removesuffix(".py")
                    for line in record.read_text().splitlines()} if record.exists() else set()
        found = sorted(t for t in tops if t and not t.startswith("_") and "." not in t
                       and not t.endswith(".libs") and t != "bin")
        if not found:
            raise SystemExit(f"{bundle.name}: no module of {requirement} found")
        return found
    raise SystemExit(f"{bundle.name}: {requirement} is not in the bundle")


def smoke_test(out: Path, python: str, registry: Path, usecases: list[str],
               modules: list[str]) -> dict:
    """Import and call the handler from the bundle alone, with the runtime's Python, serving
    the function's use cases (the platform function: every one, predicting none), and import
    what its use cases require.

    -I isolates the interpreter from the developer's site-packages and PYTHON* variables,
    so a module missing from the bundle fails here instead of in Lambda.
    """
    from functions.catalog import CATALOG

    env = {
        "VITRINE_REGISTRY_DIR": str(registry),
        "VITRINE_SQLITE_PATH": f"/tmp/vitrine-bundle-smoke-{out.name}.db",
        "VITRINE_USECASES": json.dumps(usecases or list(CATALOG)),
        "VITRINE_PREDICTS": "true" if usecases else "false",
        "SMOKE_MODULES": json.dumps(modules),
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run(
        [python, "-I", "-c", f"import sys; sys.path.insert(0, {str(out)!r}); {SMOKE}"],
        capture_output=True, text=True, env=env, cwd=out)
    if done.returncode != 0:
        raise SystemExit(f"{out.name}: bundle smoke test failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def smoke_all(out: Path, record: dict, registry: Path) -> dict:
    """Each function's smoke test. A bundle built for another architecture than this
    machine's cannot be imported here: its x86_64 twin (the same requirements) is built
    beside it (``<out>-smoke``) and tested instead; the record says which."""
    python = runtime_python()
    if python is None:
        return {"skipped": f"no python{PYTHON_VERSION} on this machine"}
    here = MACHINE.get(platform.machine().lower(), platform.machine())
    results: dict = {}
    twins: dict[tuple[str, ...], Path] = {}  # one twin per set of requirements
    for name, info in record["functions"].items():
        target, twin = Path(info["path"]), None
        if info["architecture"] != here:
            key = tuple(info["requirements"])
            if key not in twins:
                twins[key] = Path(f"{out}-smoke") / name
                build_function(twins[key], info["usecases"], here, python)
            twin = target = twins[key]
        extra = [r for r in info["requirements"] if r not in record["core"]]
        modules = [m for r in extra for m in top_level_modules(target, r)]
        result = smoke_test(target, python, registry, info["usecases"], modules)
        results[name] = {**result, "modules": modules,
                         "tested": "the bundle" if twin is None else
                         f"its {here} twin ({twin})"}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "lambda")
    parser.add_argument("--env", default="dev", help="the environment whose architecture "
                        "to build for (infra/environments.py)")
    parser.add_argument("--architecture", choices=sorted(PLATFORMS), default=None,
                        help="default: the environment's")
    parser.add_argument("--function", action="append", dest="only",
                        help="build only this function (repeatable)")
    parser.add_argument("--registry", type=Path, default=ROOT / "data" / "registry",
                        help="registry the smoke test serves from")
    parser.add_argument("--no-smoke", dest="smoke", action="store_false")
    args = parser.parse_args()
    if args.architecture is None:
        from infra.environments import ENVIRONMENTS

        args.architecture = ENVIRONMENTS[args.env].architecture
    out = args.out.resolve()
    record = build(out, args.architecture, args.only)
    if args.smoke:
        record["smoke"] = smoke_all(out, {**record, "functions": {
            k: v for k, v in record["functions"].items() if not args.only or k in args.only}},
            args.registry.resolve())
        (out / MANIFEST).write_text(json.dumps(record, indent=2))
    print(json.dumps(record, indent=2))
    for name, info in record["functions"].items():
        note = f" ({info['fallback']})" if info.get("fallback") else ""
        print(f"Lambda bundle {name}: {info['unzipped_mb']} MB unzipped, "
              f"{info['architecture']}{note}", file=sys.stderr)


if __name__ == "__main__":
    main()
