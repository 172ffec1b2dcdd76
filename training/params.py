"""Training parameters from text: ``vitrine train X --set name=value`` and SageMaker's
hyperparameters (which arrive as strings) go through the same parser, so a parameter that
works locally works on SageMaker, and a typo fails the same clear way on both.

The type of each parameter is read from its default value in the pipeline's ``Params``
dataclass (int, float, bool, or a tuple of ints written ``3,9,15``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, TypeVar

P = TypeVar("P")
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def _coerce(name: str, text: str, default: Any) -> Any:
    text = text.strip()
    try:
        if isinstance(default, bool):  # before int: bool is an int
            if text.lower() in TRUE:
                return True
            if text.lower() in FALSE:
                return False
            raise ValueError
        if isinstance(default, int):
            return int(text)
        if isinstance(default, float):
            value = float(text)
            if value != value or value in (float("inf"), float("-inf")):
                raise ValueError
            return value
        if isinstance(default, tuple):
            return tuple(int(v) for v in text.split(",") if v.strip())
    except ValueError:
        kind = "a comma-separated list of integers" if isinstance(default, tuple) else \
            type(default).__name__
        raise ValueError(f"parameter '{name}': '{text}' is not {kind}") from None
    return text


def parse_assignments(items: list[str]) -> dict[str, str]:
    """``["a=1", "b=2"]`` -> ``{"a": "1", "b": "2"}``; a missing ``=`` is an error."""
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"--set '{item}': write name=value")
        out[name.strip()] = value
    return out


def with_overrides(params: P, overrides: Mapping[str, Any]) -> P:
    """``params`` with the named fields replaced (values as text or already typed)."""
    fields = {f.name: getattr(params, f.name) for f in dataclasses.fields(params)}
    unknown = sorted(set(overrides) - set(fields))
    if unknown:
        raise ValueError(f"unknown parameter {', '.join(repr(u) for u in unknown)}; "
                         f"known: {', '.join(sorted(fields))}")
    typed = {k: _coerce(k, v, fields[k]) if isinstance(v, str) else v
             for k, v in overrides.items()}
    candidate = dataclasses.replace(params, **typed)
    if check := getattr(candidate, "check", None):  # a pipeline's own range rules
        check()
    return candidate
