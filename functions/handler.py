"""The Lambda entry point: Mangum around the app, built once per execution environment.

Events besides API Gateway's: ``{"vitrine": "monitor"}`` from the EventBridge schedule
(infra/stacks/api.py) runs the monitoring report of each use case served, which emits its
metrics and starts the retraining it calls for; ``catalog-chunk`` and ``catalog-merge`` from
the catalog state machine score a whole catalog file (functions/catalog_job.py);
``abort_rollout`` from a rollout's rollback alarm (infra/stacks/api.py) ends the candidate.
"""

from typing import Any

from mangum import Mangum

from functions import snapstart
from functions.app import create_app

app = create_app()
_http = Mangum(app, lifespan="off")
# SnapStart's hooks (a no-op outside Lambda's runtime): init above is what the snapshot holds.
snapstart.register(app.state.services)


def handler(event: dict[str, Any], context: Any) -> Any:
    kind = event.get("vitrine") if isinstance(event, dict) else None
    if kind == "monitor":
        return app.state.services.monitor_all()
    if kind == "abort_rollout":
        return app.state.services.alarm_abort(event["usecase"], event.get("alarm", "an alarm"))
    if kind in ("catalog-chunk", "catalog-merge"):
        from functions import catalog_job

        step = catalog_job.score_chunk if kind == "catalog-chunk" else catalog_job.merge
        return step(app.state.services, event)
    return _http(event, context)
