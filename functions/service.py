"""The pure core of a prediction: check, predict, log. No HTTP in here."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from functions import metrics
from functions.auth import KeyVerifier, utcnow
from functions.catalog import served
from functions.contracts.base import Endpoint, PredictionBase, UseCase
from functions.errors import InvalidInput
from functions.models import ModelCache
from functions.registry import RegistryReader
from functions.settings import Settings
from functions.stores import PredictionRecord, Store

log = logging.getLogger("vitrine")


@dataclass
class LogHealth:
    """Failed prediction-log writes: counted, never fatal to the prediction."""

    failures: int = 0
    last_error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, exc: Exception) -> None:
        with self.lock:
            self.failures += 1
            self.last_error = f"{type(exc).__name__}: {exc}"


@dataclass
class Services:
    settings: Settings
    usecases: list[UseCase]
    registry: RegistryReader
    models: ModelCache
    store: Store
    keys: KeyVerifier
    log_health: LogHealth = field(default_factory=LogHealth)

    def predict(self, usecase: UseCase, endpoint: Endpoint, body: BaseModel) -> PredictionBase:
        started = time.perf_counter()
        inputs = body.model_dump(mode="json", exclude_none=True)
        problems = endpoint.check(inputs)
        if problems:
            raise InvalidInput(problems)
        if endpoint.models:
            model: Any = {f: self.models.get(f) for f in endpoint.models}
            version = ",".join(f"{f}:{m.version}" for f, m in model.items())
        else:
            model = self.models.get(usecase.family(endpoint))
            version = model.version
        answer = endpoint.response(
            prediction_id=uuid.uuid4().hex,
            model_version=version,
            **endpoint.predict(body, model),
        )
        latency_ms = (time.perf_counter() - started) * 1000
        self._log(usecase.name, answer, inputs, latency_ms)
        metrics.prediction(usecase.name, latency_ms)
        return answer

    def _log(self, usecase: str, answer: PredictionBase, inputs: Any, latency_ms: float) -> None:
        try:
            self.store.log_prediction(
                PredictionRecord(
                    prediction_id=answer.prediction_id,
                    usecase=usecase,
                    model_version=answer.model_version,
                    created_at=utcnow(),
                    inputs=_bounded(json.dumps(inputs, separators=(",", ":"))),
                    output=_bounded(answer.model_dump_json()),
                    latency_ms=latency_ms,
                )
            )
        except Exception as exc:  # the answer is already computed: report, count, go on
            self.log_health.record(exc)
            log.error("prediction log write failed for %s: %s", answer.prediction_id, exc)

    def health(self) -> tuple[bool, dict[str, Any]]:
        reasons: list[str] = []
        models: dict[str, Any] = {}
        for family in (f for uc in self.usecases for f in uc.families):
            try:
                self.models.get(family)
            except Exception as exc:
                reasons.append(f"{family}: {exc}")
            models[family] = self.models.status(family)
        try:
            self.store.ping()
            store = {"ok": True, "backend": self.store.describe()}
        except Exception as exc:
            reasons.append(f"store: {type(exc).__name__}: {exc}")
            store = {"ok": False, "backend": self.store.describe()}
        details = {
            "models": models,
            "store": store,
            "registry": self.registry.blobs.describe(),
            "prediction_log": {
                "write_failures": self.log_health.failures,
                "last_error": self.log_health.last_error,
            },
        }
        return not reasons, {**details, "reasons": reasons}


LOG_FIELD_BYTES = 64 * 1024  # bytes: DynamoDB items stop at 400 KB; whole runs go beyond


def _bounded(text: str) -> str:
    """The text, or for a large one (a whole TEP run) its size and digest."""
    if len(text) <= LOG_FIELD_BYTES:
        return text
    digest = hashlib.sha256(text.encode()).hexdigest()
    return json.dumps({"truncated": True, "bytes": len(text), "sha256": digest})


def build_services(settings: Settings, registry: RegistryReader | None = None,
                   store: Store | None = None) -> Services:
    from functions.registry import open_registry
    from functions.stores import open_store

    registry = registry or open_registry(settings)
    store = store or open_store(settings)
    return Services(
        settings=settings,
        usecases=served(settings.usecases),
        registry=registry,
        models=ModelCache(registry, ttl=settings.alias_ttl_seconds),
        store=store,
        keys=KeyVerifier(store, cache_seconds=settings.key_cache_seconds),
    )
