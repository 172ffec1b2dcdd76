"""The Lambda entry point: Mangum around the app, built once per execution environment.

One more event besides API Gateway's: ``{"vitrine": "monitor"}`` from the EventBridge
schedule (infra/stacks/api.py) runs the monitoring report of each use case served, which
emits its metrics and starts the retraining it calls for.
"""

from typing import Any

from mangum import Mangum

from functions.app import create_app

app = create_app()
_http = Mangum(app, lifespan="off")


def handler(event: dict[str, Any], context: Any) -> Any:
    if isinstance(event, dict) and event.get("vitrine") == "monitor":
        return app.state.services.monitor_all()
    return _http(event, context)
