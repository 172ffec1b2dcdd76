"""One Lambda serving one use case, built from the catalog: the only Lambda definition.

``serving_environment`` and ``grant_serving`` are shared with the container variant, so both
run the app with the same settings and the same (least) privileges.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from aws_cdk import Duration
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from functions.catalog import CODED, DECLARATIONS, get_usecase
from functions.stores.dynamodb import BY_ID_INDEX
from infra.config import EnvironmentConfig, UseCaseSizing
from infra.stacks.stateful import (
    MODEL_PREFIX,
    StatefulStack,
    bucket_arn,
    registry_objects_arn,
    state_machine_arn,
)


@dataclass(frozen=True)
class Bundle:
    """A function's code (its own bundle, infra/bundle.py) and the architecture its wheels
    were built for."""

    code: lambda_.Code
    architecture: lambda_.Architecture


def _reads_batch_files(usecases: list[str]) -> bool:
    return any(e.files for uc in usecases for e in get_usecase(uc).endpoints)


def _retrains(usecases: list[str], config: EnvironmentConfig) -> bool:
    return any(uc in config.retrain_usecases for uc in usecases)


def _families(usecases: list[str]) -> list[str]:
    return [family for uc in usecases for family in get_usecase(uc).families]


def own_partitions(usecases: list[str]) -> dict[str, dict[str, list[str]]]:
    """An IAM condition holding DynamoDB calls to the use cases' own partitions (the
    predictions and feedback tables, and the index, are keyed by ``usecase`` first)."""
    return {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": list(usecases)}}


def list_prefixes(bucket: str, prefixes: list[str]) -> iam.PolicyStatement:
    """ListBucket under ``prefixes`` only: what makes S3 answer NoSuchKey (not AccessDenied)
    for a missing object there, and lets the registry list a family's versions."""
    return iam.PolicyStatement(actions=["s3:ListBucket"], resources=[bucket],
                               conditions={"StringLike": {"s3:prefix": prefixes}})


def serving_environment(usecases: list[str], state: StatefulStack,
                        config: EnvironmentConfig, loop: bool = True,
                        keys: bool = False, predicts: bool = True) -> dict[str, str]:
    # Resource attributes, the use cases served, the log's retention and the per-key rate;
    # the back ends follow from the attributes (functions/settings.py). CORS is answered by
    # API Gateway. ``loop``: the process answers feedback, monitoring and retraining routes;
    # ``keys``: it manages API keys (functions/routers/keys.py), every change audited;
    # ``predicts``: it answers the use cases' prediction routes (the platform function
    # serves every use case's card and health, and no prediction).
    env = {
        "VITRINE_USECASES": json.dumps(usecases),
        "VITRINE_MODEL_BUCKET": state.registry.bucket_name,
        "VITRINE_KEYS_TABLE": state.keys.table_name,
        # Named for the store's constructor; only a function that predicts may write it.
        "VITRINE_PREDICTIONS_TABLE": state.predictions.table_name,
        "VITRINE_PREDICTION_TTL_DAYS": str(config.prediction_ttl_days),
        "VITRINE_KEY_RATE_PER_MINUTE": str(config.key_rate_per_minute),
    }
    if any(u in DECLARATIONS or u in CODED for u in usecases):  # a team's: in the bundle
        from infra.bundle import BUNDLED_USECASES

        env["VITRINE_USECASE_PATH"] = BUNDLED_USECASES
    if not predicts:
        env["VITRINE_PREDICTS"] = "false"
    if not keys:  # /keys is routed to the platform function alone
        env["VITRINE_SERVES_KEYS"] = "false"
    if predicts and _reads_batch_files(usecases):
        env["VITRINE_BATCH_BUCKET"] = state.ml.bucket_name
    if keys or loop:  # every state change is audited: keys, rollouts, retraining runs
        env["VITRINE_AUDIT_TABLE"] = state.audit.table_name
    if loop:
        env["VITRINE_FEEDBACK_TABLE"] = state.feedback.table_name
        env |= config.rollout_environment()
        if _retrains(usecases, config):
            env["VITRINE_TRAINING_STATE_MACHINE"] = state_machine_arn(config)
    return env


def grant_serving(grantee: iam.IGrantable, usecases: list[str], state: StatefulStack,
                  config: EnvironmentConfig, loop: bool = True, keys: bool = False,
                  predicts: bool = True) -> None:
    def allow(statement: iam.PolicyStatement) -> None:
        grantee.grant_principal.add_to_principal_policy(statement)

    families = _families(usecases)
    # The registry reader: alias, manifest and model by GetObject, a family's versions by
    # listing, on its own families' prefixes only.
    allow(iam.PolicyStatement(
        actions=["s3:GetObject"],
        resources=[registry_objects_arn(config, f"{MODEL_PREFIX}/{f}/*") for f in families]))
    allow(list_prefixes(bucket_arn(config, "registry"),
                        [f"{MODEL_PREFIX}/{f}/*" for f in families]))
    # Exactly the calls functions/stores/dynamodb.py makes. Only the function that manages
    # keys (admins, over HTTP) may create, list and revoke them, and it writes the audit.
    state.keys.grant(grantee, "dynamodb:GetItem")
    if keys:
        state.keys.grant(grantee, "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Scan")
        state.audit.grant(grantee, "dynamodb:PutItem", "dynamodb:Query")
    if not predicts:
        return
    if _reads_batch_files(usecases):
        # Batch files: read what callers put in batch/in/, write results to batch/out/.
        allow(iam.PolicyStatement(actions=["s3:GetObject"],
                                  resources=[bucket_arn(config, "ml", "batch/in/*")]))
        allow(iam.PolicyStatement(actions=["s3:PutObject"],
                                  resources=[bucket_arn(config, "ml", "batch/out/*")]))
        allow(list_prefixes(bucket_arn(config, "ml"), ["batch/in/*"]))
    # The prediction log (BatchWriteItem: several records in one call) and the index that
    # finds the prediction a label names: named resources, not Table.grant (on a table with
    # an index that grants index/*), and the use cases' own partitions only.
    allow(iam.PolicyStatement(
        actions=["dynamodb:PutItem", "dynamodb:BatchWriteItem", "dynamodb:Query"],
        resources=[state.predictions.table_arn,
                   f"{state.predictions.table_arn}/index/{BY_ID_INDEX}"],
        conditions=own_partitions(usecases)))
    if not loop:
        return
    # Safe rollout: monitoring's decision (promote, abort), an admin's change and a rollback
    # alarm rewrite the use case's own production aliases, and nothing else of the registry.
    allow(iam.PolicyStatement(
        actions=["s3:PutObject"],
        resources=[registry_objects_arn(config, f"{MODEL_PREFIX}/{f}/aliases/production.json")
                   for f in families]))
    allow(iam.PolicyStatement(actions=["dynamodb:PutItem", "dynamodb:Query"],
                              resources=[state.feedback.table_arn],
                              conditions=own_partitions(usecases)))
    # The audit of what this function changes (a rollout, a retraining run): written, never
    # read back here (only the platform function lists it, for admins).
    if not keys:
        state.audit.grant(grantee, "dynamodb:PutItem")
    if _retrains(usecases, config):
        # Start the training pipeline and read its executions: nothing else of Step Functions.
        machine = state_machine_arn(config)
        allow(iam.PolicyStatement(
            actions=["states:StartExecution", "states:ListExecutions"], resources=[machine]))
        allow(iam.PolicyStatement(
            actions=["states:DescribeExecution"],
            resources=[machine.replace(":stateMachine:", ":execution:") + ":*"]))


class UseCaseFunction(Construct):
    """Lambda (python3.12, Mangum + FastAPI) with read access to its own registry prefix only."""

    def __init__(
        self, scope: Construct, id: str, *, usecases: list[str], sizing: UseCaseSizing,
        bundle: Bundle, state: StatefulStack, config: EnvironmentConfig, loop: bool = True,
        keys: bool = False, predicts: bool = True,
    ):
        super().__init__(scope, id)
        self.log_group = logs.LogGroup(self, "Logs", retention=retention(config))
        self.function = lambda_.Function(
            self, "Function",
            runtime=lambda_.Runtime.PYTHON_3_12,
            architecture=bundle.architecture,
            handler="functions.handler.handler",
            code=bundle.code,
            memory_size=sizing.memory_mb,
            timeout=Duration.seconds(sizing.timeout_s),
            reserved_concurrent_executions=sizing.reserved_concurrency,
            tracing=lambda_.Tracing.ACTIVE,
            log_group=self.log_group,
            environment=serving_environment(usecases, state, config, loop, keys, predicts),
            # Init (imports, every model loaded and run once) is snapshotted when a version
            # is published, and restored instead of run again (functions/snapstart.py).
            snap_start=lambda_.SnapStartConf.ON_PUBLISHED_VERSIONS if config.snap_start
            else None,
        )
        grant_serving(self.function, usecases, state, config, loop, keys, predicts)
        # What callers invoke: SnapStart serves published versions only, so the API, the
        # schedules and the alarms' rules call the alias on the version this deploy
        # published; without SnapStart, the function itself.
        self.entry: lambda_.IFunction = lambda_.Alias(
            self, "Live", alias_name="live", version=self.function.current_version
        ) if config.snap_start else self.function


def retention(config: EnvironmentConfig) -> logs.RetentionDays:
    days = {1: logs.RetentionDays.ONE_DAY, 7: logs.RetentionDays.ONE_WEEK,
            30: logs.RetentionDays.ONE_MONTH, 90: logs.RetentionDays.THREE_MONTHS,
            365: logs.RetentionDays.ONE_YEAR}
    return days.get(config.log_retention_days, logs.RetentionDays.ONE_MONTH)
