"""The Lambda entry point: Mangum around the app, built once per execution environment.

Events besides API Gateway's: ``{"vitrine": "monitor"}`` from the EventBridge schedule
(infra/stacks/api.py) runs the monitoring report of each use case served, which emits its
metrics and starts the retraining it calls for; ``catalog-chunk`` and ``catalog-merge`` from
the catalog state machine score a whole catalog file (functions/catalog_job.py);
``abort_rollout`` from a rollout's rollback alarm (infra/stacks/api.py) ends the candidate.
"""

import os
from typing import Any

from mangum import Mangum

from functions import correlation, snapstart
from functions.app import create_app

if "AWS_LAMBDA_FUNCTION_NAME" in os.environ:
    correlation.configure()  # JSON lines with each request's correlation id
app = create_app()
_http = Mangum(app, lifespan="off")
# SnapStart's hooks (a no-op outside Lambda's runtime): init above is what the snapshot holds.
snapstart.register(app.state.services)


def handler(event: dict[str, Any], context: Any) -> Any:
    kind = event.get("vitrine") if isinstance(event, dict) else None
    if kind is None:
        return _http(event, context)  # the middleware binds API Gateway's request id
    lambda_id = getattr(context, "aws_request_id", None)
    with correlation.bound(lambda_id, lambda_id):
        return _event(kind, event, context)


def _event(kind: str, event: dict[str, Any], context: Any) -> Any:
    if kind == "monitor":
        return app.state.services.monitor_all()
    if kind == "abort_rollout":
        return app.state.services.alarm_abort(event["usecase"], event.get("alarm", "an alarm"))
    if kind in ("catalog-chunk", "catalog-merge"):
        from functions import catalog_job

        step = catalog_job.score_chunk if kind == "catalog-chunk" else catalog_job.merge
        return step(app.state.services, event)
    return _http(event, context)
