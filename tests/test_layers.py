"""The layers (ARCHITECTURE.md, principle 10): functions/ (serving) <- model_export/ <-
training/ <- vitrine/ and infra/. A lower layer never imports a higher one by name, and no
layer names a use case's training package but the one function that finds pipelines."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
USECASE_PACKAGE = re.compile(r"training\.(sepsis|tep|secom|rakuten|sensors|docs)\b")
DYNAMIC = re.compile(r"""import_module\(\s*f?["']training\.\{""")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def test_serving_imports_no_higher_layer():
    for path in _files("functions"):
        bad = {n for n in _imports(path)
               if n.split(".")[0] in ("training", "model_export", "vitrine", "infra")}
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"
        # Nor by a string (the local retraining runner is an entry point instead).
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""import_module\(\s*f?["'](training|model_export)""", text), \
            path.relative_to(ROOT)


def test_the_export_layer_names_no_use_case():
    for path in _files("model_export"):
        text = path.read_text(encoding="utf-8")
        assert not USECASE_PACKAGE.search(text) and not DYNAMIC.search(text), \
            f"{path.relative_to(ROOT)} reaches a use case's training package"
        bad = {n for n in _imports(path) if n.split(".")[0] in ("training", "vitrine", "infra")}
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_one_function_finds_a_use_cases_pipeline():
    """training/pipelines.py: declared tables and coded use cases alike."""
    for folder in ("functions", "model_export", "training", "vitrine", "infra"):
        for path in _files(folder):
            if path == ROOT / "training" / "pipelines.py":
                continue
            text = path.read_text(encoding="utf-8")
            found = [m.group(0) for m in re.finditer(
                r"""import_module\(\s*f?["']training\.\{[^}]*\}\.pipeline""", text)]
            assert not found, f"{path.relative_to(ROOT)}: {found}"
