"""Where the catalog's use cases come from: found, never listed.

- The package's own: every module of ``functions.contracts`` that defines ``USECASE``.
- A team's, in the folders of ``VITRINE_USECASE_PATH`` (several, separated like
  PYTHONPATH): a folder holding ``usecase.toml`` is a table's use case (functions/declared.py);
  a folder holding ``contract.py`` is a coded one (``vitrine new NAME --template python``
  writes its skeleton), imported as the package ``vitrine_usecases.<folder name>`` so that
  its modules may import each other (``from .contract import USECASE``) and its training
  code (``pipeline.py``) is found the same way (training/pipelines.py).

Training, serving, the Lambda bundle and the CDK app all read the catalog, so all of them
see the same use cases.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import types
from dataclasses import dataclass
from pathlib import Path

from functions.contracts.base import UseCase
from functions.declared import NAME, DeclarationError, folders, holding

PACKAGE = "vitrine_usecases"  # the import name of the folders of VITRINE_USECASE_PATH
CONTRACT = "contract.py"


def builtin(only: set[str] | None = None) -> list[UseCase]:
    """The use cases of functions/contracts, in their declared order. ``only``: just the
    modules named like these use cases (a package contract's module bears its use case's
    name); the others are not imported."""
    import functions.contracts as contracts

    found = []
    for info in pkgutil.iter_modules(contracts.__path__):
        if only is not None and info.name not in only:
            continue
        module = importlib.import_module(f"{contracts.__name__}.{info.name}")
        usecase = getattr(module, "USECASE", None)
        if isinstance(usecase, UseCase):
            found.append(usecase)
    return sorted(found, key=lambda uc: (uc.order, uc.name))


@dataclass(frozen=True)
class CodedFolder:
    name: str
    folder: Path
    module: str  # its package's import name


def coded_folders(setting: str | None = None) -> list[CodedFolder]:
    """The coded use cases' folders in VITRINE_USECASE_PATH (a folder holding contract.py,
    or whose subfolders do), in the path's order."""
    found = []
    for root in folders(setting):
        for folder in holding(root, CONTRACT):
            if not NAME.fullmatch(folder.name):
                raise DeclarationError(f"{folder}: a use case's folder is named like a use "
                                       "case: lower-case letters, digits and _, 2 to 40")
            found.append(CodedFolder(folder.name, folder.resolve(),
                                     f"{PACKAGE}.{folder.name}"))
    return found


def load_package(coded: CodedFolder) -> types.ModuleType:
    """The folder as an importable package (no __init__.py needed)."""
    if PACKAGE not in sys.modules:
        root = types.ModuleType(PACKAGE)
        root.__path__ = []  # a namespace: each folder is added as its own subpackage
        sys.modules[PACKAGE] = root
    package = sys.modules.get(coded.module)
    if package is None:
        package = types.ModuleType(coded.module)
        package.__path__ = [str(coded.folder)]
        package.__file__ = None
        sys.modules[coded.module] = package
    elif list(getattr(package, "__path__", [])) != [str(coded.folder)]:
        raise DeclarationError(f"{coded.folder}: a use case named '{coded.name}' was loaded "
                               "from another folder")
    return package


def load_coded(coded: CodedFolder) -> UseCase:
    load_package(coded)
    module = importlib.import_module(f"{coded.module}.contract")
    usecase = getattr(module, "USECASE", None)
    if not isinstance(usecase, UseCase):
        raise DeclarationError(f"{coded.folder / CONTRACT}: defines no USECASE "
                               "(a functions.contracts.base.UseCase)")
    if usecase.name != coded.name:
        raise DeclarationError(f"{coded.folder / CONTRACT}: USECASE.name is "
                               f"'{usecase.name}', its folder '{coded.name}': make them one")
    return usecase


CARRIED = "usecases"  # where a use case of VITRINE_USECASE_PATH travels (bundle, jobs)


def carried_files(names: list[str] | None = None) -> dict[str, Path]:
    """What a use case found in VITRINE_USECASE_PATH needs to be found again elsewhere (the
    Lambda bundle, a SageMaker job's code, the pipeline's image): ``usecases/<name>/...`` ->
    its file. A table's usecase.toml alone (never its data); a coded one's Python modules
    (never its data, nor its tests). ``names``: only these use cases."""
    from functions.catalog import CODED, DECLARATIONS
    from functions.declared import FILE

    out: dict[str, Path] = {}
    for name, decl in DECLARATIONS.items():
        if names is None or name in names:
            out[f"{CARRIED}/{name}/{FILE}"] = decl.folder / FILE
    for name, coded in CODED.items():
        if names is not None and name not in names:
            continue
        for module in sorted(coded.folder.rglob("*.py")):
            relative = module.relative_to(coded.folder)
            if "tests" not in relative.parts and not relative.name.startswith("test_"):
                out[f"{CARRIED}/{name}/{relative.as_posix()}"] = module
    return out
