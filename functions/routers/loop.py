"""The MLOps loop's routes, per served use case: feedback, monitoring, retraining."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from functions.auth import Principal
from functions.contracts.base import StrictBody, UseCase
from functions.deps import get_services, require
from functions.service import Services


class FeedbackRequest(StrictBody):
    prediction_id: str = Field(min_length=1, max_length=64,
                               description="The prediction_id a prediction answered")
    label: str = Field(min_length=1, max_length=64, description="The true outcome")


class FeedbackAnswer(BaseModel):
    prediction_id: str
    label: str
    predicted: str
    correct: bool | None = Field(description="Whether the prediction was the true label; "
                                 "null for a value (a regression)")


class RetrainRun(BaseModel):
    run_id: str
    usecase: str
    state: str = Field(description="running, promoted, rollout (the candidate in shadow or "
                       "canary beside production), kept or failed")
    trigger: str | None = None
    reason: str | None = None
    started_at: str
    finished_at: str | None = None
    decision: dict[str, Any] | None = None
    training_run: str | None = Field(default=None, description="The run folder (and MLflow run)")
    version: str | None = Field(default=None, description="Production version after the run")
    versions: dict[str, str] | None = Field(
        default=None, description="Per model family, when the run promoted several (TEP)")
    steps: list[dict[str, Any]] = []
    feedback: dict[str, Any] | None = Field(
        default=None, description="The labels it learnt from: how many, from how many keys, "
        "and those left out (excluded keys, over the per-key cap)")
    already_running: bool = False


class RolloutRequest(StrictBody):
    action: Literal["shadow", "canary", "promote", "abort"] = Field(
        description="shadow or canary start (or change) a rollout of `version`; promote and "
                    "abort end the current one")
    version: str | None = Field(default=None, min_length=1, max_length=64,
                                description="The candidate (shadow and canary only)")
    percent: float | None = Field(default=None, gt=0, lt=100,
                                  description="canary: the share of requests it answers, %")
    reason: str = Field(default="", max_length=500, description="Recorded with the rollout")


def add_usecase(router: APIRouter, uc: UseCase) -> None:
    base = f"/{uc.name}"
    tags = [uc.name]

    async def feedback(body: FeedbackRequest, services: Services = Depends(get_services),
                       who: Principal = Depends(require("reviewer", uc.name))) -> FeedbackAnswer:
        return FeedbackAnswer(**services.feedback(uc, body.prediction_id, body.label, who))

    # Plain `def` (a worker thread): a report reads up to a few thousand logged rows.
    # Reading changes nothing: what the report calls for is done by the schedule, or by an
    # admin's POST below.
    def monitoring(services: Services = Depends(get_services),
                   _: Principal = Depends(require("reviewer", uc.name))) -> dict[str, Any]:
        return services.monitoring(uc, act=False)

    def monitoring_now(services: Services = Depends(get_services),
                       who: Principal = Depends(require("admin", uc.name))) -> dict[str, Any]:
        return services.monitoring(uc, act=True, actor=who)

    def retrain(services: Services = Depends(get_services),
                who: Principal = Depends(require("admin", uc.name))) -> RetrainRun:
        return RetrainRun(**services.retrain(uc, who))

    def retrain_status(run_id: str, services: Services = Depends(get_services),
                       _: Principal = Depends(require("reviewer", uc.name))) -> RetrainRun:
        return RetrainRun(**services.retrain_status(uc, run_id))

    def rollout_state(services: Services = Depends(get_services),
                      _: Principal = Depends(require("reviewer", uc.name))) -> dict[str, Any]:
        return services.rollout(uc)

    def rollout_change(body: RolloutRequest, services: Services = Depends(get_services),
                       who: Principal = Depends(require("admin", uc.name))) -> dict[str, Any]:
        services.change_rollout(uc, body.action, body.version, body.percent,
                                f"{who.name}: {body.reason}".rstrip(": "), who)
        return services.rollout(uc)

    router.add_api_route(f"{base}/rollout", rollout_state, methods=["GET"], tags=tags,
                         name=f"{uc.name}:rollout",
                         summary="The rollout in place: candidate, comparison on live "
                         "traffic, the rules' decision, the last rollouts.",
                         responses={401: {}, 403: {}})
    router.add_api_route(f"{base}/rollout", rollout_change, methods=["POST"], tags=tags,
                         name=f"{uc.name}:rollout_change",
                         summary="Start a shadow or canary rollout, promote or abort it "
                         "(admin).", responses={401: {}, 403: {}, 422: {}})
    router.add_api_route(f"{base}/feedback", feedback, methods=["POST"], tags=tags,
                         response_model=FeedbackAnswer, name=f"{uc.name}:feedback",
                         summary="Record the true label of a prediction.",
                         responses={401: {}, 403: {}, 404: {}, 422: {}})
    router.add_api_route(f"{base}/monitoring", monitoring, methods=["GET"], tags=tags,
                         name=f"{uc.name}:monitoring",
                         summary="Drift, prediction rate, class balance, performance from "
                         "feedback and retraining history.",
                         responses={401: {}, 403: {}, 503: {}})
    router.add_api_route(f"{base}/monitoring", monitoring_now, methods=["POST"], tags=tags,
                         name=f"{uc.name}:monitoring_now",
                         summary="Run the monitoring check now and carry out what it calls "
                         "for (admin): the retraining, the rollout decision, as the "
                         "schedule does.", responses={401: {}, 403: {}, 503: {}})
    router.add_api_route(f"{base}/retrain", retrain, methods=["POST"], tags=tags,
                         response_model=RetrainRun, status_code=202, name=f"{uc.name}:retrain",
                         summary="Start a retraining run (admin): train, gate, promote or keep.",
                         responses={401: {}, 403: {}, 503: {}})
    router.add_api_route(f"{base}/retrain/{{run_id}}", retrain_status, methods=["GET"],
                         tags=tags, response_model=RetrainRun, name=f"{uc.name}:retrain_status",
                         summary="Status of a retraining run.", responses={404: {}})


def build_router(usecases: list[UseCase]) -> APIRouter:
    router = APIRouter()
    for uc in usecases:
        add_usecase(router, uc)
    return router
