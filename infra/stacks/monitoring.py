"""Dashboard, alarms and the alert topic."""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_cloudwatch as cw
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subs
from constructs import Construct

from functions.metrics import NAMESPACE
from infra.config import EnvironmentConfig

FIVE_MIN = Duration.minutes(5)
VARIANTS = ("production", "canary", "shadow")  # functions/metrics.py variant_answer


class MonitoringStack(Stack):
    def __init__(self, scope: Construct, id: str, *, config: EnvironmentConfig, api_id: str,
                 functions: dict[str, lambda_.IFunction], **kwargs):
        super().__init__(scope, id, **kwargs)
        key = kms.Key(self, "AlertsKey", enable_key_rotation=True)
        self.topic = sns.Topic(self, "Alerts", master_key=key,
                               topic_name=config.stack_name("alerts"), enforce_ssl=True)
        if config.alarm_email:
            self.topic.add_subscription(subs.EmailSubscription(config.alarm_email))

        api_metric = lambda name, stat="Sum": cw.Metric(  # noqa: E731
            namespace="AWS/ApiGateway", metric_name=name, statistic=stat, period=FIVE_MIN,
            dimensions_map={"ApiId": api_id})
        error_rate = cw.MathExpression(
            expression="100 * errors / MAX([requests, 1])",
            using_metrics={"errors": api_metric("5xx"), "requests": api_metric("Count")},
            label="5xx rate (%)", period=FIVE_MIN)
        p99 = api_metric("Latency", "p99")
        self.alarms = {
            "Api5xxRate": cw.Alarm(self, "Api5xxRate", metric=error_rate, threshold=1,
                                   evaluation_periods=3, datapoints_to_alarm=2,
                                   comparison_operator=cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
                                   treat_missing_data=cw.TreatMissingData.NOT_BREACHING,
                                   alarm_description="More than 1% of API answers are 5xx"),
            "ApiP99Latency": cw.Alarm(self, "ApiP99Latency", metric=p99, threshold=1000,
                                      evaluation_periods=3, datapoints_to_alarm=2,
                                      comparison_operator=cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
                                      treat_missing_data=cw.TreatMissingData.NOT_BREACHING,
                                      alarm_description="API p99 latency above 1 s"),
        }
        widgets: list[cw.IWidget] = [
            cw.GraphWidget(title="Requests and 5xx", left=[api_metric("Count"), api_metric("5xx")]),
            cw.GraphWidget(title="Latency p50 / p99 (ms)",
                           left=[api_metric("Latency", "p50"), p99]),
        ]
        for name, fn in functions.items():
            drift = cw.Metric(namespace=NAMESPACE, metric_name="DriftedFeatures",
                              dimensions_map={"UseCase": name}, statistic="Maximum",
                              period=Duration.hours(1))
            if name != "platform":
                self.alarms[f"{name}Drift"] = cw.Alarm(
                    self, f"Drift{name.capitalize()}", metric=drift, threshold=5,
                    evaluation_periods=1,
                    comparison_operator=cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
                    treat_missing_data=cw.TreatMissingData.NOT_BREACHING,
                    alarm_name=config.drift_alarm_name(name),
                    alarm_description=f"More than 5 input features of {name} drifted")
            if name != "platform":
                variant = self._rollout_alarms(config, name)
                widgets.append(cw.GraphWidget(
                    title=f"{name}: variants in a rollout, p99 latency (ms) and errors",
                    left=[variant(v, "VariantLatency", "p99") for v in VARIANTS],
                    right=[variant(v, "VariantErrors", "Sum") for v in VARIANTS]))
            widgets += [
                cw.GraphWidget(title=f"{name}: invocations, errors, throttles",
                               left=[fn.metric_invocations(period=FIVE_MIN),
                                     fn.metric_errors(period=FIVE_MIN),
                                     fn.metric_throttles(period=FIVE_MIN)]),
                cw.GraphWidget(title=f"{name}: duration p50 / p99",
                               left=[fn.metric_duration(statistic="p50", period=FIVE_MIN),
                                     fn.metric_duration(statistic="p99", period=FIVE_MIN)]),
                cw.GraphWidget(title=f"{name}: predictions, cold starts, drift",
                               left=[cw.Metric(namespace=NAMESPACE, metric_name="Predictions",
                                               dimensions_map={"UseCase": name},
                                               statistic="Sum", period=FIVE_MIN),
                                     cw.Metric(namespace=NAMESPACE, metric_name="ColdStarts",
                                               dimensions_map={"UseCase": name},
                                               statistic="Sum", period=FIVE_MIN)],
                               right=[drift]),
            ]
        for alarm in self.alarms.values():
            alarm.add_alarm_action(actions.SnsAction(self.topic))
        cw.Dashboard(self, "Dashboard", dashboard_name=config.stack_name("dashboard"),
                     widgets=[widgets[i:i + 3] for i in range(0, len(widgets), 3)])

    def _rollout_alarms(self, config: EnvironmentConfig, name: str):
        """Two alarms on a use case's candidate (canary or shadow, whichever runs): its error
        rate, and its p99 beside production's at the same time. Their ALARM aborts the
        rollout (the API stack's rule, by the alarms' names) and notifies."""
        def variant(v: str, metric: str, stat: str) -> cw.Metric:
            return cw.Metric(namespace=NAMESPACE, metric_name=metric, statistic=stat,
                             period=FIVE_MIN, label=f"{v} {metric} {stat}",
                             dimensions_map={"UseCase": name, "Variant": v})

        rules = config.rollout  # the p99 tolerance monitoring's rules apply, per 5 minutes
        ratio, delta, error_rate = (rules.max_p99_ratio, rules.min_p99_delta_ms,
                                    config.rollout_alarm_error_rate)
        errors = cw.MathExpression(
            expression="100 * (FILL(ce, 0) + FILL(se, 0)) / MAX([FILL(cr, 0) + FILL(sr, 0), 1])",
            using_metrics={"ce": variant("canary", "VariantErrors", "Sum"),
                           "se": variant("shadow", "VariantErrors", "Sum"),
                           "cr": variant("canary", "VariantRequests", "Sum"),
                           "sr": variant("shadow", "VariantRequests", "Sum")},
            label=f"{name} candidate error rate (%)", period=FIVE_MIN)
        slower = cw.MathExpression(
            expression=(f"IF(MAX([FILL(cl, 0), FILL(sl, 0)]) > {ratio} * pl AND "
                        f"MAX([FILL(cl, 0), FILL(sl, 0)]) - pl > {delta}, 1, 0)"),
            using_metrics={"cl": variant("canary", "VariantLatency", "p99"),
                           "sl": variant("shadow", "VariantLatency", "p99"),
                           "pl": variant("production", "VariantLatency", "p99")},
            label=f"{name} candidate p99 too slow (1 = yes)", period=FIVE_MIN)
        for kind, metric, threshold, why in (
                ("errors", errors, error_rate,
                 f"More than {error_rate:g}% of {name}'s candidate answers fail"),
                ("latency", slower, 1,
                 f"{name}'s candidate p99 is over {ratio}x production's")):
            self.alarms[f"{name}Rollout{kind.capitalize()}"] = cw.Alarm(
                self, f"Rollout{kind.capitalize()}{name.capitalize()}", metric=metric,
                threshold=threshold, evaluation_periods=1,
                comparison_operator=cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD
                if kind == "latency" else cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
                treat_missing_data=cw.TreatMissingData.NOT_BREACHING,
                alarm_name=config.rollout_alarm_name(name, kind),
                alarm_description=why + ": the rollout is aborted")
        return variant
