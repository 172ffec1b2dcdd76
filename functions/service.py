"""The pure core of a prediction: check, predict, log. No HTTP in here."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from pydantic import BaseModel

from functions import feedback as feedback_policy
from functions import metrics, monitoring
from functions import rollout as rollout_core
from functions.auth import Actor, KeyVerifier, Principal, audit, utcnow
from functions.catalog import served
from functions.contracts.base import LOG_ONLY, Endpoint, PredictionBase, UseCase
from functions.errors import (
    InvalidInput,
    ModelUnavailable,
    NotFound,
    Problem,
    RegistryError,
    VitrineError,
)
from functions.logwriter import PredictionLog
from functions.models import ModelCache
from functions.monitoring import Thresholds
from functions.registry import RegistryReader
from functions.retrain import Retrainer, due, open_retrainer
from functions.rollout import CANARY_ERROR_SUFFIX, SHADOW_SUFFIX
from functions.settings import Settings
from functions.stores import FeedbackRecord, PredictionRecord, Store

log = logging.getLogger("vitrine")
MONITOR = "monitor"  # the audit log's actor for the scheduled monitoring's own decisions


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
    retrainer: Retrainer | None = None
    log_health: LogHealth = field(default_factory=LogHealth)
    _files: Any = None
    _log: PredictionLog | None = None

    def after_restore(self) -> None:
        """A SnapStart copy resumed (functions/snapstart.py): aliases read again on the next
        request, and fresh AWS clients for every store that holds one."""
        self.models.expire_all()
        for held in (getattr(self.registry, "blobs", None), self._files, self.store,
                     self.retrainer):
            if callable(reconnect := getattr(held, "reconnect", None)):
                reconnect()

    def batch_files(self) -> Any:
        """Where batch files are read and results written: S3 on AWS, a folder locally."""
        if self._files is None:
            from functions.registry import LocalBlobStore, S3BlobStore

            s = self.settings
            self._files = (S3BlobStore(s.batch_bucket, "batch") if s.batch_bucket
                           else LocalBlobStore(s.batch_dir))
        return self._files

    @property
    def prediction_log(self) -> PredictionLog:
        if self._log is None:
            self._log = PredictionLog(self.store, self.log_health.record)
        return self._log

    async def predict(self, usecase: UseCase, endpoint: Endpoint, body: BaseModel,
                      key_id: str = ""
                      ) -> tuple[PredictionBase, str, Callable[[], Awaitable[None]] | None]:
        """The answer and its JSON, once its record is in the prediction log (or its failed
        write counted): a prediction id a caller holds is always in the log. In a rollout,
        the candidate's record (a failed canary attempt) follows it; a shadow candidate's
        work comes back as a coroutine to run once the answer is sent (the route runs it as
        a background task: behind uvicorn the caller does not wait for it; under Mangum
        the invocation still does)."""
        answer, text, records, shadow = self.answer(usecase, endpoint, body, key_id)
        for record in records:
            await self.prediction_log.write(record)
        metrics.prediction(usecase.name, records[0].latency_ms)
        if self.models.in_rollout(usecase.family(endpoint)):  # each variant's own series,
            # for the alarms that roll a candidate back
            for r in records:
                self._variant_metric(usecase, r)
        if shadow is None:
            return answer, text, None

        async def after() -> None:
            record = shadow()
            await self.prediction_log.write(record)
            self._variant_metric(usecase, record)

        return answer, text, after

    @staticmethod
    def _variant_metric(usecase: UseCase, r: PredictionRecord) -> None:
        metrics.variant_answer(usecase.name, r.variant, r.latency_ms,
                               failed=r.output.startswith('{"error"'))

    def answer(self, usecase: UseCase, endpoint: Endpoint, body: BaseModel, key_id: str = ""
               ) -> tuple[PredictionBase, str, list[PredictionRecord],
                          Callable[[], PredictionRecord] | None]:
        """Check, predict, and the records to log: the answer, its JSON, its record first,
        then a failed canary attempt's; and, in a shadow rollout, the candidate's scoring
        as a function returning its record (run after the answer is sent). Each record
        names the id of the key that asked (``key_id``), never the key."""
        started = time.perf_counter()
        inputs = body.model_dump(mode="json", exclude_none=True)
        problems = endpoint.check(inputs)
        if problems:
            raise InvalidInput(problems)
        rollout = candidate = None
        if endpoint.models:
            model: Any = {f: self.models.get(f) for f in endpoint.models}
            version = ",".join(f"{f}:{m.version}" for f, m in model.items())
        else:
            model, rollout, candidate = self.models.variants(usecase.family(endpoint))
            version = model.version
        prediction_id = uuid.uuid4().hex
        extra: list[PredictionRecord] = []
        variant = "production"
        result = None
        if rollout and rollout["mode"] == "canary" and canary_pick(
                usecase.family(endpoint), body.model_dump_json(), rollout["share"]):
            try:
                result = self._score(endpoint, body, candidate)
                model, version, variant = candidate, candidate.version, "canary"
            except VitrineError:
                raise  # the request's fault (a file it names, its size): production's too
            except Exception as exc:  # the candidate's fault: counted, production answers
                extra.append(replace(self._failed_record(
                    usecase, endpoint, prediction_id + CANARY_ERROR_SUFFIX, candidate, exc,
                    started, "canary"), key_id=key_id))
        if result is None:
            result = self._score(endpoint, body, model)
        for_log = result.pop(LOG_ONLY, None)
        answer = endpoint.response(prediction_id=prediction_id, model_version=version,
                                   **result)
        text = answer.model_dump_json()
        latency_ms = (time.perf_counter() - started) * 1000
        logged_inputs, logged_output = _log_view(endpoint, body, answer, text, for_log)
        record = PredictionRecord(
            prediction_id=prediction_id, usecase=usecase.name, model_version=version,
            created_at=utcnow(), inputs=logged_inputs, output=logged_output,
            latency_ms=latency_ms, endpoint=endpoint.path, variant=variant, key_id=key_id)
        shadow = None
        if rollout and rollout["mode"] == "shadow":
            def shadow() -> PredictionRecord:
                return self._shadow(usecase, endpoint, body, record, candidate)
        return answer, text, [record, *extra], shadow

    def _score(self, endpoint: Endpoint, body: BaseModel, model: Any) -> dict[str, Any]:
        return (endpoint.predict(body, model, self.batch_files()) if endpoint.files
                else endpoint.predict(body, model))

    def _shadow(self, usecase: UseCase, endpoint: Endpoint, body: BaseModel,
                record: PredictionRecord, candidate: Any) -> PredictionRecord:
        """The candidate's answer to the same request, logged as production's would be and
        never returned. A candidate that fails is logged as failed (the comparison counts
        it), never raised: the caller has production's answer already."""
        started = time.perf_counter()
        shadow_id = record.prediction_id + SHADOW_SUFFIX
        try:
            result = self._score(endpoint, body, candidate)
            for_log = result.pop(LOG_ONLY, None)
            answer = endpoint.response(prediction_id=shadow_id,
                                       model_version=candidate.version, **result)
            _, output = _log_view(endpoint, body, answer, answer.model_dump_json(), for_log)
        except Exception as exc:
            return replace(self._failed_record(usecase, endpoint, shadow_id, candidate, exc,
                                               started, "shadow", inputs=record.inputs),
                           key_id=record.key_id)
        return PredictionRecord(
            prediction_id=shadow_id, usecase=usecase.name, model_version=candidate.version,
            created_at=record.created_at, inputs=record.inputs, output=output,
            latency_ms=(time.perf_counter() - started) * 1000, endpoint=endpoint.path,
            variant="shadow", key_id=record.key_id)

    def _failed_record(self, usecase: UseCase, endpoint: Endpoint, prediction_id: str,
                       candidate: Any, exc: Exception, started: float, variant: str,
                       inputs: str = "{}") -> PredictionRecord:
        log.warning("%s candidate %s failed: %s: %s", usecase.name, candidate.version,
                    type(exc).__name__, exc)
        return PredictionRecord(
            prediction_id=prediction_id, usecase=usecase.name,
            model_version=candidate.version, created_at=utcnow(), inputs=inputs,
            output=json.dumps({"error": f"{type(exc).__name__}: {exc}"[:500]}),
            latency_ms=(time.perf_counter() - started) * 1000, endpoint=endpoint.path,
            variant=variant)

    # ------------------------------------------------------------ feedback and monitoring

    def feedback(self, usecase: UseCase, prediction_id: str, label: str, who: Principal
                 ) -> dict[str, Any]:
        if not usecase.labels:  # a regression: the true value
            try:
                value = float(label.replace(",", ".").strip())
            except ValueError:
                value = math.nan
            if not math.isfinite(value):
                raise InvalidInput([Problem(("body", "label"), f"'{label[:40]}' is not a "
                                            f"number: {usecase.name} answers a value, its "
                                            "feedback is the true value", "float_parsing")])
            label = repr(value)
        elif label not in usecase.labels:
            raise InvalidInput([Problem(("body", "label"), f"'{label}' is not a label of "
                                        f"{usecase.name} (one of {', '.join(usecase.labels)})",
                                        "enum")])
        record = self.store.get_prediction(usecase.name, prediction_id)
        if record is None:
            raise NotFound(f"no logged {usecase.name} prediction '{prediction_id}' "
                           f"(expired after {self.settings.prediction_ttl_days} days, or unknown)")
        endpoint = usecase.endpoint(record.endpoint)
        if endpoint is not None and endpoint.feedback_item is not None:
            predicted, why = endpoint.feedback_item(json.loads(record.inputs),
                                                    json.loads(record.output))
            if predicted is None:
                raise InvalidInput([Problem(("body", "prediction_id"), str(why),
                                            "value_error")])
        else:
            observed = _observe(endpoint, record) if endpoint else None
            if observed is None or len(observed[1]) != 1:
                raise InvalidInput([Problem(("body", "prediction_id"),
                                            "feedback names a prediction of one item; this "
                                            "one answered for several or is not monitored",
                                            "value_error")])
            predicted = observed[1][0]
        self.store.put_feedback(FeedbackRecord(prediction_id, usecase.name, label, predicted,
                                               utcnow(), who.name, who.key_id))
        return {"prediction_id": prediction_id, "label": label, "predicted": predicted,
                "correct": label == predicted if usecase.labels else None}

    def thresholds(self) -> Thresholds:
        s = self.settings
        return Thresholds(psi=s.drift_psi, alpha=s.drift_alpha, min_rows=s.drift_min_rows,
                          drifted_share=s.drift_share, min_labels=s.perf_min_labels,
                          min_balanced_accuracy=s.perf_min_balanced_accuracy,
                          min_precision=s.perf_min_precision)

    def usable_feedback(self, usecase: str) -> tuple[list[FeedbackRecord], dict[str, Any]]:
        """The labels monitoring and rollouts may judge by (functions/feedback.py): newest
        first, excluded keys' left out, each key's share capped."""
        records = self.store.list_feedback(usecase, limit=self.settings.monitor_window)
        excluded = feedback_policy.excluded_keys(records, self.store.get_key)
        return feedback_policy.usable(records, excluded, self.settings.feedback_max_per_key)

    def monitoring(self, usecase: UseCase, act: bool = False, actor: Actor = MONITOR
                   ) -> dict[str, Any]:
        """The use case's monitoring report. Reading it changes nothing; with ``act`` (the
        schedule, or an admin's POST), the retraining and the rollout decision it calls
        for are carried out (audited as ``actor``), and on AWS its figures go to
        CloudWatch."""
        limits = self.thresholds()
        model = self.models.get(usecase.name)
        profile = model.manifest.get("profile") or {}
        # Shadow answers and failed canary attempts were never returned: the figures of
        # what callers received leave them out.
        records = [r for r in self.store.recent_predictions(
            usecase.name, limit=self.settings.monitor_window)
            if r.variant != "shadow" and not r.prediction_id.endswith(CANARY_ERROR_SUFFIX)]
        rows, predicted, times = [], [], []
        skipped = {"not_monitored": 0, "too_large": 0, "unreadable": 0}
        for r in records:
            times.append(r.created_at)
            endpoint = usecase.endpoint(r.endpoint)
            if endpoint is None or endpoint.observe is None:
                skipped["not_monitored"] += 1
                continue
            if r.inputs.startswith('{"truncated":true'):
                skipped["too_large"] += 1
                continue
            observed = _observe(endpoint, r)
            if observed is None:
                skipped["unreadable"] += 1
                continue
            rows.append(observed[0])
            predicted += observed[1]
        names = usecase.drift_features
        x = np.vstack(rows) if rows else np.empty((0, len(names)))
        feedback, labels = self.usable_feedback(usecase.name)
        report: dict[str, Any] = {
            "usecase": usecase.name,
            "generated_at": utcnow(),
            "model_version": model.version,
            "window": {"predictions": len(records), "rows": int(len(x)), "skipped": skipped,
                       "limit": self.settings.monitor_window},
            "rate": monitoring.prediction_rate(times),
            "class_balance": monitoring.class_balance(
                predicted, profile.get("label_shares"), usecase.labels),
            "drift": monitoring.drift(profile, names, x, limits) if profile else
            {"verdict": "no_profile", "rows": int(len(x)), "features": []},
            # Answers that carried an input warning (values outside what training saw).
            "out_of_distribution": _ood_share(records),
            "performance": monitoring.performance(
                [(f.predicted, f.label) for f in feedback], usecase.labels, limits,
                usecase.feedback_judges),
            "feedback": labels,
            "thresholds": monitoring.thresholds_dict(limits),
        }
        if usecase.report_extra is not None:
            key, extra = usecase.report_extra
            report[key] = extra(records)
        report["retraining"] = self._retraining(usecase, report, act, actor)
        report["rollout"] = self.rollout(usecase, act, actor)
        if act:
            metrics.monitoring(usecase.name, report)
        return report

    def change_rollout(self, usecase: UseCase, action: str, version: str | None,
                       percent: float | None, reason: str, who: Actor = "cli"
                       ) -> dict[str, Any]:
        """An admin's rollout change (audited first); what cannot be done is a 422 naming
        the field."""
        def problem(field: str, msg: str) -> InvalidInput:
            return InvalidInput([Problem(("body", field), msg, "value_error")])

        if wrong := rollout_core.change_problem(action, version, percent):
            raise problem(*wrong)
        audit(self.store, who, f"rollout.{action}", usecase.name,
              {"version": version, "percent": percent, "reason": reason})
        try:
            if action == "promote":
                alias = rollout_core.promote_candidate(self.registry, usecase.name)
            elif action == "abort":
                alias = rollout_core.abort(self.registry, usecase.name, reason or "by hand")
            else:
                alias = rollout_core.start(self.registry, usecase.name, version, action,
                                           (percent or 0) / 100, reason)
        except RegistryError as exc:
            raise problem("version" if version and version in str(exc) else "action",
                          str(exc)) from None
        self.models.expire(usecase.name)
        return alias

    def alarm_abort(self, usecase: str, alarm: str) -> dict[str, Any]:
        """A rollback alarm fired: the candidate goes, with the figures of that moment."""
        uc = next(u for u in self.usecases if u.name == usecase)
        state = self.rollout(uc)
        if not state["candidate"]:
            return {"usecase": usecase, "aborted": None, "why": "no rollout in place"}
        audit(self.store, "alarm", "rollout.abort", usecase,
              {"version": state["candidate"]["version"], "alarm": alarm})
        rollout_core.abort(self.registry, usecase, f"alarm {alarm} in ALARM",
                           state["comparison"])
        self.models.expire(usecase)
        metrics.rollout_decision(usecase, "abort")
        log.warning("%s: rollout of %s aborted by alarm %s", usecase,
                    state["candidate"]["version"], alarm)
        return {"usecase": usecase, "aborted": state["candidate"]["version"], "why": alarm}

    def rollout(self, usecase: UseCase, act: bool = False, actor: Actor = MONITOR
                ) -> dict[str, Any]:
        """The rollout in place (read from the alias, not the cache: a decision must judge
        the current one), its comparison on live traffic and the rules' decision; with
        ``act`` and ``rollout_auto``, the decision carried out on the alias."""
        rules = self.settings.rollout_rules()
        alias = self.registry.alias(usecase.name) or {}
        candidate = alias.get("candidate")
        out: dict[str, Any] = {"production": alias.get("version"), "candidate": candidate,
                               "rules": rules.as_dict(), "comparison": None,
                               "decision": None, "applied": None,
                               "history": alias.get("rollouts", [])[-5:]}
        if not candidate:
            return out
        # A shadow rollout logs two records a request: twice the window keeps as many.
        records = self.store.recent_predictions(usecase.name,
                                                limit=2 * self.settings.monitor_window)
        feedback, _ = self.usable_feedback(usecase.name)
        figures = rollout_core.compare(candidate, records, feedback,
                                       lambda r: _predicted_labels(usecase, r))
        decision = rollout_core.decide(figures, rules)
        out |= {"comparison": figures, "decision": decision}
        if act and rules.auto and decision["action"] in ("promote", "abort"):
            audit(self.store, actor, f"rollout.{decision['action']}", usecase.name,
                  {"version": candidate["version"], "reasons": decision["reasons"]})
            alias = rollout_core.apply(self.registry.blobs, usecase.name, decision, figures,
                                       candidate["version"])
            out["applied"] = decision["action"] if alias is not None else None
            if alias is not None:
                log.warning("%s: rollout of %s %s: %s", usecase.name, candidate["version"],
                            "promoted" if decision["action"] == "promote" else "aborted",
                            "; ".join(decision["reasons"]))
                self.models.expire(usecase.name)
                metrics.rollout_decision(usecase.name, decision["action"])
        return out

    def monitor_all(self) -> dict[str, dict[str, Any]]:
        """Every served use case's report, acted on (the AWS schedule, the local server's
        background check): per use case, the verdicts and the run started, or the error."""
        out: dict[str, dict[str, Any]] = {}
        for uc in self.usecases:
            try:
                report = self.monitoring(uc, act=True)
            except Exception as exc:  # no model yet, store down: the others still run
                log.info("monitoring %s skipped: %s", uc.name, exc)
                out[uc.name] = {"error": f"{type(exc).__name__}: {exc}"}
                continue
            started = report["retraining"]["started"]
            if started:
                log.warning("%s: retraining %s started (%s)", uc.name, started["run_id"],
                            started["trigger"])
            out[uc.name] = {"drift": report["drift"]["verdict"],
                            "performance": report["performance"]["verdict"],
                            "retraining": started["run_id"] if started else
                            report["retraining"]["blocked"]}
        return out

    def _retraining(self, usecase: UseCase, report: dict[str, Any], act: bool,
                    actor: Actor = MONITOR) -> dict[str, Any]:
        reasons = []
        drift = report["drift"]
        if drift["verdict"] == "drift":
            reasons.append(f"{drift['drifted_features']} of {drift['features_checked']} "
                           f"features drifted (share {drift['drifted_share']:.2f} >= "
                           f"{self.settings.drift_share})")
        perf = report["performance"]
        if perf["verdict"] == "degraded" and perf.get("judges"):
            reasons.append(f"{perf['precision']:.0%} of {perf['labelled']} judged "
                           f"'{perf['judges']}' answers confirmed < "
                           f"{self.settings.perf_min_precision:.0%}")
        elif perf["verdict"] == "degraded":
            reasons.append(f"balanced accuracy {perf['balanced_accuracy']:.3f} on "
                           f"{perf['labelled']} labelled predictions < "
                           f"{self.settings.perf_min_balanced_accuracy}")
        out: dict[str, Any] = {"needed": bool(reasons), "reasons": reasons, "started": None,
                               "blocked": None, "history": []}
        if self.retrainer is None:
            out["blocked"] = "no retraining runner here"
            return out
        out["history"] = self.retrainer.history(usecase.name, limit=10)
        if not reasons or not act:
            return out
        if not self.settings.auto_retrain:
            out["blocked"] = "automatic retraining is off (VITRINE_AUTO_RETRAIN=false)"
        elif why := due(self.retrainer, usecase.name, self.settings.retrain_cooldown_s):
            out["blocked"] = why
        else:
            audit(self.store, actor, "retrain.start", usecase.name,
                  {"trigger": "automatic", "reasons": reasons})
            out["started"] = self.retrainer.start(usecase.name, "automatic: " + "; ".join(reasons))
            out["history"].insert(0, out["started"])
        return out

    def retrain(self, usecase: UseCase, who: Principal) -> dict[str, Any]:
        if self.retrainer is None:
            raise ModelUnavailable("retraining is not available here: no training code and no "
                                   "state machine (VITRINE_TRAINING_STATE_MACHINE)")
        audit(self.store, who, "retrain.start", usecase.name, {"trigger": "manual"})
        return self.retrainer.start(usecase.name, f"manual: {who.name}")

    def retrain_status(self, usecase: UseCase, run_id: str) -> dict[str, Any]:
        if self.retrainer is None:
            raise NotFound("retraining is not available here")
        return self.retrainer.status(usecase.name, run_id)

    def health(self) -> tuple[str, dict[str, Any]]:
        """OK; DEGRADED (still answering, e.g. the registry is unreachable but the loaded
        models serve); UNAVAILABLE (a model or the store is missing), with the reasons."""
        reasons: list[str] = []
        degraded: list[str] = []
        models: dict[str, Any] = {}
        for family in (f for uc in self.usecases for f in uc.families):
            try:
                self.models.get(family)
            except Exception as exc:
                reasons.append(f"{family}: {exc}")
            models[family] = status = self.models.status(family)
            if status["loaded"] and status["error"]:
                # Still serving what it loaded, but it cannot see promotions or rollbacks.
                degraded.append(f"{family}: serving {status['version']}, but the registry "
                                f"check failed: {status['error']}")
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
        state = "UNAVAILABLE" if reasons else "DEGRADED" if degraded else "OK"
        return state, {**details, "reasons": reasons + degraded}


LOG_FIELD_BYTES = 64 * 1024  # bytes: DynamoDB items stop at 400 KB; whole runs go beyond


def _log_view(endpoint: Endpoint, body: BaseModel, answer: PredictionBase, text: str,
              for_log: Any) -> tuple[str, str]:
    """The request and the answer as the log keeps them (bounded)."""
    if endpoint.log_view is None:  # the request and the answer as they are: JSON already
        return _bounded(body.model_dump_json(exclude_none=True)), _bounded(text)
    view_in, view_out = endpoint.log_view(body, answer.model_dump(mode="json"), for_log)
    return (_bounded(json.dumps(view_in, separators=(",", ":"))),
            _bounded(json.dumps(view_out, separators=(",", ":"))))


def canary_pick(family: str, request: str, share: float) -> bool:
    """Whether the canary answers this request: a hash of the request's canonical JSON, so a
    retried call gets the same variant and ``share`` of distinct requests go to it."""
    digest = hashlib.blake2b(f"{family}\n{request}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64 < share


def _ood_share(records: list[Any]) -> dict[str, Any]:
    flagged = sum(1 for r in records if '"warnings":[{' in r.output)
    return {"predictions": flagged,
            "share": flagged / len(records) if records else None}


def _bounded(text: str) -> str:
    """The text, or for a large one (a whole TEP run) its size and digest."""
    if len(text) <= LOG_FIELD_BYTES:
        return text
    digest = hashlib.sha256(text.encode()).hexdigest()
    return json.dumps({"truncated": True, "bytes": len(text), "sha256": digest})


def _predicted_labels(usecase: UseCase, record: PredictionRecord) -> list[str]:
    """A logged answer's predicted labels, read by its endpoint as monitoring reads them."""
    endpoint = usecase.endpoint(record.endpoint)
    observed = _observe(endpoint, record) if endpoint else None
    return [str(v) for v in observed[1]] if observed else []


def _observe(endpoint: Endpoint, record: PredictionRecord
             ) -> tuple[np.ndarray, list[str]] | None:
    if endpoint.observe is None:
        return None
    try:
        return endpoint.observe(json.loads(record.inputs), json.loads(record.output))
    except Exception as exc:  # a log line from an older contract: skipped, counted
        log.warning("prediction %s cannot be monitored: %s", record.prediction_id, exc)
        return None


def build_services(settings: Settings, registry: RegistryReader | None = None,
                   store: Store | None = None, retrainer: Retrainer | None = None) -> Services:
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
        keys=KeyVerifier(store, cache_seconds=settings.key_cache_seconds,
                         rate_per_minute=settings.key_rate_per_minute),
        retrainer=retrainer if retrainer is not None else open_retrainer(settings),
    )
