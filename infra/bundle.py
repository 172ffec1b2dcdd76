"""Build the Lambda bundle without Docker: python3.12 manylinux wheels, slimmed, precompiled.

    python -m infra.bundle [--out build/lambda]

Installs the project's serving dependencies (pyproject's ``[project] dependencies``, nothing
from the train/local/dev extras) for Lambda's platform, copies ``functions/``, removes what
never runs in Lambda, and byte-compiles everything (Lambda's file system is read-only, so
.pyc files cannot be written at cold start).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON_VERSION = "3.12"  # the Lambda runtime infra/ deploys
PLATFORMS = ("manylinux2014_x86_64", "manylinux_2_28_x86_64")  # onnxruntime: 2_28 only
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


# The Lambda Python runtime already ships boto3/botocore (~33 MB): shipping another copy
# would only eat into the 250 MB limit.
PROVIDED_BY_RUNTIME = ("boto3",)


def serving_requirements() -> list[str]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    return [d for d in deps if d.split("=")[0].strip() not in PROVIDED_BY_RUNTIME]


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


def build(out: Path) -> dict:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-compile",
        "--only-binary=:all:",
        "--implementation",
        "cp",
        "--python-version",
        PYTHON_VERSION,
        "--target",
        str(out),
    ]
    for platform in PLATFORMS:
        cmd += ["--platform", platform]
    subprocess.run(cmd + serving_requirements(), check=True)
    installed = dir_size(out)
    for pattern in PRUNE:
        for path in out.glob(pattern):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    for name in PRUNE_NAMES:
        for path in list(out.rglob(name)):
            shutil.rmtree(path)
    shutil.copytree(
        ROOT / "functions", out / "functions", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    copy_declarations(out)
    compiler = runtime_python()
    if compiler:
        # Byte-code is version specific: compile with the runtime's own Python. Third-party
        # code ships as sourceless .pyc (saves ~9 MB); functions/ keeps its sources so that
        # tracebacks show our lines.
        subprocess.run([compiler, "-m", "compileall", "-q", "-b", "-j", "0", str(out)], check=True)
        for py in out.rglob("*.py"):
            if not py.is_relative_to(out / "functions") and py.with_suffix(".pyc").exists():
                py.unlink()
    size = dir_size(out)
    return {
        "path": str(out),
        "python": PYTHON_VERSION,
        "platforms": list(PLATFORMS),
        "requirements": serving_requirements(),
        "installed_bytes": installed,
        "unzipped_bytes": size,
        "unzipped_mb": round(size / 2**20, 1),
        "compiled_with": compiler,
        "provided_by_runtime": list(PROVIDED_BY_RUNTIME),
    }


SMOKE = """
import json, time
t0 = time.perf_counter()
from functions.handler import handler
event = {"version": "2.0", "routeKey": "GET /health", "rawPath": "/health",
         "rawQueryString": "", "headers": {"host": "x"},
         "requestContext": {"http": {"method": "GET", "path": "/health", "sourceIp": "1.1.1.1",
                                     "protocol": "HTTP/1.1"}, "stage": "$default"},
         "isBase64Encoded": False}
resp = handler(event, None)
# The photos a request may carry decode with what the bundle kept of Pillow.
import io
from PIL import Image
from functions.contracts.rakuten import decode_image
for fmt in ("JPEG", "PNG"):
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(buf, format=fmt)
    assert decode_image(buf.getvalue(), 32).shape == (32, 32, 3), fmt
print(json.dumps({"status": resp["statusCode"], "import_and_call_s": time.perf_counter() - t0}))
"""


def smoke_test(out: Path, python: str, registry: Path) -> dict:
    """Import and call the handler from the bundle alone, with the runtime's Python.

    -I isolates the interpreter from the developer's site-packages and PYTHON* variables,
    so a module missing from the bundle fails here instead of in Lambda.
    """
    env = {
        "VITRINE_REGISTRY_DIR": str(registry),
        "VITRINE_SQLITE_PATH": "/tmp/vitrine-bundle-smoke.db",
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run(
        [python, "-I", "-c", f"import sys; sys.path.insert(0, {str(out)!r}); {SMOKE}"],
        capture_output=True,
        text=True,
        env=env,
        cwd="/tmp",
    )
    if done.returncode != 0:
        raise SystemExit(f"bundle smoke test failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "lambda")
    parser.add_argument(
        "--registry",
        type=Path,
        default=ROOT / "data" / "registry",
        help="registry the smoke test serves from",
    )
    args = parser.parse_args()
    args.out = args.out.resolve()
    info = build(args.out)
    if info["compiled_with"]:
        info["smoke"] = smoke_test(args.out, info["compiled_with"], args.registry.resolve())
    print(json.dumps(info, indent=2))
    print(f"Lambda bundle: {info['unzipped_mb']} MB unzipped (limit 250 MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
