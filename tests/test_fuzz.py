"""Fuzzing every route from the app's own OpenAPI (schemathesis), with a key of each role:
no answer is a server error, and every 4xx body follows the documented error model."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402

ROLES = ("predictor", "reviewer", "admin")
EXAMPLES = 12  # per route and role: the whole catalog within CI's time


def _app():
    """The app over a registry that the module's fixture fills: its OpenAPI, which the
    fuzzing is built from, comes from the catalog alone, and models load lazily."""
    import tempfile
    from pathlib import Path

    from functions.app import create_app
    from functions.auth import create_key
    from functions.catalog import CATALOG
    from functions.retrain import LocalRetrainer
    from functions.settings import Settings
    from functions.stores.sqlite import SQLiteStore

    root = Path(tempfile.mkdtemp(prefix="vitrine-fuzz-"))
    settings = Settings(registry_dir=root / "registry", sqlite_path=root / "v.db",
                        usecases=list(CATALOG),  # every use case, declared ones too
                        batch_dir=root / "batch", retrain_dir=root / "retrains",
                        monitor_interval_s=0)
    store = SQLiteStore(settings.sqlite_path)
    keys = {role: create_key(store, role, f"fuzz-{role}")[0] for role in ROLES}
    app = create_app(settings, store=store)
    # Fuzzed retraining requests are answered, but train nothing.
    app.state.services.retrainer = LocalRetrainer(
        root / "retrains", lambda uc, status, update: update(state="kept"))
    return root, app, keys


ROOT, APP, KEYS = _app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def models(published_registry):
    from tests.conftest import build_all_usecases

    build_all_usecases(published_registry, ROOT)
    health = APP.state.services.health()
    assert health[0] == "OK", health


def follows_the_error_model(status: int, body: object, oip: bool = False) -> bool:
    """``{"detail": ...}``; on the Open Inference Protocol's routes also its ``error``
    string, which v2 clients read."""
    if not isinstance(body, dict) or set(body) != ({"detail", "error"} if oip else {"detail"}):
        return False
    if oip and not (isinstance(body["error"], str) and body["error"]):
        return False
    detail = body["detail"]
    if status == 422:
        return isinstance(detail, list) and bool(detail) and all(
            isinstance(p, dict) and {"loc", "field", "msg", "type"} <= set(p) for p in detail)
    return isinstance(detail, str) and bool(detail)


@schema.parametrize()
@hypothesis_settings(max_examples=EXAMPLES, deadline=None,
                     suppress_health_check=list(HealthCheck))
def test_no_route_answers_a_server_error(case):
    for role in ROLES:
        response = case.call(headers={"X-API-Key": KEYS[role]})
        status = response.status_code
        assert status < 500, f"{role}: {case.method} {case.formatted_path} -> {status} " \
                             f"{response.text[:300]}"
        if 400 <= status < 500:
            oip = case.formatted_path.startswith("/v2/")
            assert follows_the_error_model(status, response.json(), oip), \
                f"{role}: {case.method} {case.formatted_path} -> {status} {response.text[:300]}"
