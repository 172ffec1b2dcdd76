"""Loaded ONNX models, cached per use case and refreshed when the alias moves."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import onnxruntime as ort

from functions.catalog import owner_of
from functions.errors import ModelUnavailable, VitrineError
from functions.registry import RegistryReader


@dataclass
class LoadedModel:
    usecase: str
    version: str
    manifest: dict[str, Any]
    session: ort.InferenceSession
    input_name: str
    proba_output: str
    threshold: float
    labels: list[str]

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        out = self.session.run([self.proba_output], feed(self.session, x))[0]
        # float32 in, float64 out: JSON answers carry exact Python floats.
        return out.astype(np.float64)


def feed(session: ort.InferenceSession, x: np.ndarray) -> dict[str, np.ndarray]:
    """The input as the graph takes it: a (rows, 1) string tensor for text models (one
    document per row), float32 otherwise."""
    first = session.get_inputs()[0]
    if first.type == "tensor(string)":
        return {first.name: np.asarray(x, dtype=object).reshape(-1, 1)}
    return {first.name: np.asarray(x, dtype=np.float32)}


def scores_output(session: ort.InferenceSession) -> str:
    """The graph's answer: its probabilities (a classifier), else its last output (a
    regressor's values, the docs index's scores)."""
    names = [o.name for o in session.get_outputs()]
    return "probabilities" if "probabilities" in names else names[-1]


def make_session(data: bytes) -> ort.InferenceSession:
    opts = ort.SessionOptions()
    # One row per request: a thread pool costs more than it saves, and Lambda has ~1 vCPU.
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    return ort.InferenceSession(data, sess_options=opts, providers=["CPUExecutionProvider"])


def build_model(usecase: str, version: str, data: bytes, manifest: dict[str, Any]) -> LoadedModel:
    """``usecase`` is the registry model family (a use case's name, or another family it
    declares, such as ``tep_dl``)."""
    expected = list(owner_of(usecase).model_inputs(usecase))
    got = manifest["input_schema"]["feature_names"]
    if got != expected:
        raise ModelUnavailable(
            f"{usecase} {version} was trained on {len(got)} features that do not match the "
            f"serving contract's {len(expected)}; publish a model trained with this code"
        )
    session = make_session(data)
    return LoadedModel(
        usecase=usecase,
        version=version,
        manifest=manifest,
        session=session,
        input_name=session.get_inputs()[0].name,
        proba_output=scores_output(session),
        threshold=float("nan") if manifest["threshold"] is None else float(manifest["threshold"]),
        labels=list(manifest["labels"]),
    )


@dataclass
class _Entry:
    model: LoadedModel | None = None
    # The candidate of a rollout (the alias document's "candidate": version, mode, share)
    # and its loaded model; None when production serves alone.
    # One attribute, replaced whole, so a request never pairs one rollout with another's
    # model.
    rollout: tuple[dict[str, Any], LoadedModel] | None = None
    checked_at: float = float("-inf")
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


class ModelCache:
    """Production model per use case; the alias is re-read at most every ``ttl`` seconds."""

    def __init__(
        self,
        registry: RegistryReader,
        ttl: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.registry = registry
        self.ttl = ttl
        self.clock = clock
        self.retry = 1.0  # seconds between attempts while nothing is loaded
        self._entries: dict[str, _Entry] = {}

    def get(self, usecase: str) -> LoadedModel:
        entry = self._entries.setdefault(usecase, _Entry())
        if self._stale(entry):
            with entry.lock:
                if self._stale(entry):
                    self._refresh(usecase, entry)
        if entry.model is None:
            raise ModelUnavailable(entry.error or f"no model loaded for {usecase}")
        return entry.model

    def in_rollout(self, usecase: str) -> bool:
        entry = self._entries.get(usecase)
        return bool(entry and entry.rollout)

    def expire_all(self) -> None:
        """Re-read every alias on its next request (SnapStart: a copy restored after a
        promotion must serve what is in production now)."""
        for entry in self._entries.values():
            entry.checked_at = float("-inf")

    def expire(self, usecase: str) -> None:
        """Re-read the alias on the next request (this process changed it)."""
        if entry := self._entries.get(usecase):
            entry.checked_at = float("-inf")

    def _stale(self, entry: _Entry) -> bool:
        # Without a model, look again soon (it may have just been published) but not on
        # every request: an outage must not turn into a storm of registry reads.
        ttl = self.ttl if entry.model is not None else min(self.ttl, self.retry)
        return self.clock() - entry.checked_at >= ttl

    def variants(self, usecase: str) -> tuple[LoadedModel, dict[str, Any] | None,
                                              LoadedModel | None]:
        """Production, the rollout (mode, share) and the candidate's model, read together
        so one request sees one consistent state."""
        production = self.get(usecase)
        rollout = self._entries[usecase].rollout
        return (production, *rollout) if rollout else (production, None, None)

    def _refresh(self, usecase: str, entry: _Entry) -> None:
        try:
            alias = self.registry.alias(usecase)
            version = alias["version"] if alias else None
            if version is None:
                raise ModelUnavailable(
                    f"no production model for '{usecase}': train, export and publish one "
                    f"(vitrine train {usecase} && vitrine export {usecase})"
                )
            if entry.model is None or entry.model.version != version:
                data, manifest = self.registry.load(usecase, version)
                entry.model = build_model(usecase, version, data, manifest)
            entry.error = None
            self._refresh_candidate(usecase, entry, (alias or {}).get("candidate"))
        except VitrineError as exc:
            # Keep serving the model already loaded: a registry hiccup must not take
            # a warm function down. A cold one has nothing to serve and says why.
            entry.error = str(exc)
        except Exception as exc:  # boto/network errors: same policy, with the class name
            entry.error = f"{type(exc).__name__}: {exc}"
        entry.checked_at = self.clock()

    def _refresh_candidate(self, usecase: str, entry: _Entry,
                           rollout: dict[str, Any] | None) -> None:
        """Load the rollout's candidate. A candidate that cannot load is dropped, never
        raised: production keeps answering alone (the error shows in ``status``)."""
        if not rollout:
            entry.rollout = None
            return
        try:
            model = entry.rollout[1] if entry.rollout else None
            if model is None or model.version != rollout["version"]:
                data, manifest = self.registry.load(usecase, rollout["version"])
                model = build_model(usecase, rollout["version"], data, manifest)
            entry.rollout = (rollout, model)
        except Exception as exc:
            entry.rollout = None
            entry.error = f"candidate {rollout.get('version')}: {type(exc).__name__}: {exc}"

    def status(self, usecase: str) -> dict[str, Any]:
        entry = self._entries.get(usecase)
        model = entry.model if entry else None
        return {
            "loaded": model is not None,
            "version": model.version if model else None,
            "error": entry.error if entry else None,
            "candidate": entry.rollout[0] if entry and entry.rollout else None,
        }
