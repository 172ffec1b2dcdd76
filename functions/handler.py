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


def monitor() -> dict[str, Any]:
    services = app.state.services
    out = {}
    for uc in services.usecases:
        try:
            report = services.monitoring(uc)
            started = report["retraining"]["started"]
            out[uc.name] = {"drift": report["drift"]["verdict"],
                            "performance": report["performance"]["verdict"],
                            "retraining": started["run_id"] if started else
                            report["retraining"]["blocked"]}
        except Exception as exc:  # one use case's failure must not hide the others'
            out[uc.name] = {"error": f"{type(exc).__name__}: {exc}"}
    return out


def handler(event: dict[str, Any], context: Any) -> Any:
    if isinstance(event, dict) and event.get("vitrine") == "monitor":
        return monitor()
    return _http(event, context)
