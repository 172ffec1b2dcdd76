"""The HTTP API: one Lambda per use case, routes from the catalog, throttled and logged."""

from __future__ import annotations

from collections.abc import Mapping

import jsii
from aws_cdk import CfnOutput, Duration, Stack
from aws_cdk import aws_apigateway as apigw_v1
from aws_cdk import aws_apigatewayv2 as apigw
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from functions.catalog import get_usecase
from functions.oip import PREFIX, SERVER_ROUTES, model_routes
from infra.bundle import PLATFORM_FUNCTION
from infra.config import EnvironmentConfig, UseCaseSizing
from infra.constructs.catalog_scoring import CatalogScoring
from infra.constructs.key_authorizer import KeyAuthorizer
from infra.constructs.usecase_function import Bundle, UseCaseFunction, retention
from infra.stacks.stateful import StatefulStack

# Answered without a key (API Gateway calls no authorizer for them). /openapi.json: the web
# front end builds the sepsis form from the API's own schema.
PUBLIC_ROUTES = (("GET", "/health"), ("GET", "/usecases"), ("GET", "/openapi.json"),
                 ("GET", "/usecases/{name}/card"),  # the catalog page links each card
                 *SERVER_ROUTES)  # the Open Inference Protocol's liveness and readiness
PLATFORM_ROUTES = (*PUBLIC_ROUTES,
                   # functions/routers/keys.py: admins manage keys without a shell
                   ("POST", "/keys"), ("GET", "/keys"), ("DELETE", "/keys/{key_id}"),
                   ("GET", "/keys/audit"),
                   # an admin leaves a key's labels out of monitoring and retraining
                   ("POST", "/keys/{key_id}/feedback-exclusion"),
                   ("DELETE", "/keys/{key_id}/feedback-exclusion"))


def loop_routes(usecase: str) -> tuple[tuple[str, str], ...]:
    """functions/routers/loop.py's routes for one use case."""
    return (("POST", f"/{usecase}/feedback"), ("GET", f"/{usecase}/monitoring"),
            ("POST", f"/{usecase}/monitoring"),  # an admin's explicit run, which may act
            ("POST", f"/{usecase}/retrain"), ("GET", f"/{usecase}/retrain/{{run_id}}"),
            ("GET", f"/{usecase}/rollout"), ("POST", f"/{usecase}/rollout"))


@jsii.implements(apigw.IAccessLogSettings)
class _AccessLogs:
    def __init__(self, log_group: logs.ILogGroup):
        self._destination = apigw.LogGroupLogDestination(log_group)

    @property
    def destination(self) -> apigw.IAccessLogDestination:
        return self._destination

    @property
    def format(self) -> apigw_v1.AccessLogFormat:
        return apigw_v1.AccessLogFormat.json_with_standard_fields(
            caller=False, http_method=True, ip=True, protocol=True, request_time=True,
            resource_path=True, response_length=True, status=True, user=False,
        )


class ApiStack(Stack):
    def __init__(self, scope: Construct, id: str, *, config: EnvironmentConfig,
                 state: StatefulStack, bundles: Mapping[str, Bundle], **kwargs):
        super().__init__(scope, id, **kwargs)
        self.config = config
        self.api = apigw.HttpApi(
            self, "Api",
            api_name=config.stack_name("api"),
            create_default_stage=False,
            cors_preflight=apigw.CorsPreflightOptions(
                allow_origins=[config.frontend_origin],
                allow_methods=[apigw.CorsHttpMethod.GET, apigw.CorsHttpMethod.POST,
                               apigw.CorsHttpMethod.DELETE, apigw.CorsHttpMethod.OPTIONS],
                allow_headers=["Content-Type", "X-API-Key"],
                # a page on the site's origin reads each answer's request id (its log lines'
                # correlation id: functions/correlation.py)
                expose_headers=["X-Request-Id"],
            ),
        )
        self.access_logs = logs.LogGroup(self, "AccessLogs", retention=retention(config))
        self.stage = apigw.HttpStage(
            self, "Stage",
            http_api=self.api,
            stage_name="$default",
            auto_deploy=True,
            throttle=apigw.ThrottleSettings(rate_limit=config.throttle_rate,
                                            burst_limit=config.throttle_burst),
            access_log_settings=_AccessLogs(self.access_logs),
        )
        # Every route but the public ones needs a well-formed, valid key at the gateway.
        self.keys = KeyAuthorizer(self, "Authorizer", bundle=bundles[PLATFORM_FUNCTION],
                                  state=state, config=config)
        self.public_routes: list[apigw.HttpRoute] = []
        self.functions: dict[str, lambda_.Function] = {}
        self.catalogs: dict[str, sfn.StateMachine] = {}
        for name in config.usecases:
            uc = get_usecase(name)
            sizing = config.sizing.get(name) or UseCaseSizing(
                uc.memory_mb, uc.timeout_s, config.reserved_concurrency)
            served = UseCaseFunction(self, _pascal(name), usecases=[name], sizing=sizing,
                                     bundle=bundles[name], state=state, config=config)
            self.functions[name] = served.function  # its metrics and logs
            fn = served.entry  # what callers invoke: the SnapStart alias
            for endpoint in uc.endpoints:
                self._route(endpoint.method, endpoint.path, fn, f"{_pascal(name)}{endpoint.path}")
            for method, path in loop_routes(name):
                self._route(method, path, fn, f"{_pascal(name)}{path.replace('{run_id}', 'Run')}")
            if any(e.path.startswith(PREFIX) for e in uc.endpoints):  # a tensor family
                for method, path in model_routes(name):
                    self._route(method, path, fn, f"{_pascal(name)}{method}"
                                f"{path.replace('{version}', 'Version')}")
            if uc.catalog is not None:  # whole catalog files, in parallel chunks
                self.catalogs[name] = CatalogScoring(
                    self, f"{_pascal(name)}Catalog", usecase=name, function=fn, state=state,
                    config=config).state_machine
            # Monitoring on a schedule: the report emits the drift and performance metrics
            # (DriftedFeatures feeds the drift alarm) and starts the retraining it calls for.
            monitor = events.RuleTargetInput.from_object({"vitrine": "monitor"})
            events.Rule(self, f"Monitor{_pascal(name)}",
                        schedule=events.Schedule.rate(Duration.minutes(config.monitor_minutes)),
                        targets=[targets.LambdaFunction(fn, event=monitor)])
            # A rollout's rollback alarms (monitoring stack, by name: no cross-stack cycle)
            # going to ALARM abort the candidate at once, without waiting for the schedule.
            alarms = [config.rollout_alarm_name(name, k) for k in ("errors", "latency")]
            events.Rule(self, f"Rollback{_pascal(name)}",
                        event_pattern=events.EventPattern(
                            source=["aws.cloudwatch"],
                            detail_type=["CloudWatch Alarm State Change"],
                            detail={"alarmName": alarms, "state": {"value": ["ALARM"]}}),
                        targets=[targets.LambdaFunction(fn, event=events.RuleTargetInput
                                                        .from_object({
                                                            "vitrine": "abort_rollout",
                                                            "usecase": name,
                                                            "alarm": events.EventField
                                                            .from_path("$.detail.alarmName"),
                                                        }))])
        # /health and /usecases answer for every use case: a small function that loads them all,
        # and predicts none (no prediction log, no batch files).
        served = UseCaseFunction(
            self, "Platform", usecases=list(config.usecases),
            sizing=UseCaseSizing(memory_mb=1024, timeout_s=15, reserved_concurrency=5),
            bundle=bundles[PLATFORM_FUNCTION], state=state, config=config, loop=False,
            keys=True, predicts=False,
        )
        self.functions["platform"] = served.function
        platform = served.entry
        for method, path in PLATFORM_ROUTES:
            verb = "" if method == "GET" else method.capitalize()  # GET ids predate the rest
            named = path.replace("{key_id}", "Key").replace("{name}", "Name")
            self._route(method, path, platform, f"Platform{verb}{named}")
        self.url = f"https://{self.api.api_id}.execute-api.{self.region}.{self.url_suffix}/"
        CfnOutput(self, "ApiUrl", value=self.url)

    def _route(self, method: str, path: str, fn: lambda_.IFunction, id: str) -> None:
        public = (method, path) in PUBLIC_ROUTES
        routes = self.api.add_routes(
            path=path,
            methods=[apigw.HttpMethod(method)],
            integration=integrations.HttpLambdaIntegration(id.replace("/", "-"), fn),
            authorizer=None if public else self.keys.authorizer,
        )
        if public:
            self.public_routes += routes


def _pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.replace("-", "_").split("_"))
