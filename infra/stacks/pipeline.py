"""The training pipeline: prepare -> SageMaker training job -> evaluate -> quality gate ->
publish -> promote, started on a schedule and by the API when monitoring calls for it."""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Duration, Size, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk import aws_stepfunctions_tasks as tasks
from constructs import Construct

from functions.stores.dynamodb import BY_ID_INDEX
from infra.config import EnvironmentConfig
from infra.constructs.usecase_function import own_partitions, retention
from infra.stacks.stateful import MODEL_PREFIX, StatefulStack, bucket_arn, bucket_name
from training.sagemaker_job import SKLEARN_IMAGE

ROOT = Path(__file__).resolve().parents[2]
SKLEARN_IMAGE_ACCOUNT = "683313688378"  # AWS's account serving the scikit-learn image


STAGE = ROOT / "build" / "pipeline-stage"  # Dockerfile.pipeline copies its usecases/
STAGED_USECASES = STAGE / "usecases"


def stage_usecases() -> list[str]:
    """The use cases of VITRINE_USECASE_PATH into build/pipeline-stage/usecases, as the
    Lambda bundle carries them (infra/bundle.py); Dockerfile.pipeline copies the folder into
    the steps' image (always made: COPY needs it)."""
    from infra.bundle import copy_declarations

    # Added to, never emptied here: two synths at once (the tests) must not race. A use case
    # removed from the path stays in the image's catalog until `make clean`, retrained by
    # nothing (no schedule or monitoring names it any more).
    STAGED_USECASES.mkdir(parents=True, exist_ok=True)
    (STAGED_USECASES / ".keep").write_text("")
    return copy_declarations(STAGE)


def s3_access(config: EnvironmentConfig, list_prefixes: dict[str, list[str]],
              read: dict[str, list[str]], write: dict[str, list[str]]) -> list[iam.PolicyStatement]:
    """Explicit S3 statements (no Get*/List*/Delete* wildcards) on the named buckets' prefixes."""
    statements = [
        iam.PolicyStatement(actions=["s3:ListBucket"], resources=[bucket_arn(config, b)],
                            conditions={"StringLike": {"s3:prefix": [f"{p}*" for p in prefixes]}})
        for b, prefixes in list_prefixes.items()
    ]
    for actions, grants in ((["s3:GetObject"], read), (["s3:PutObject"], write)):
        resources = [bucket_arn(config, b, p) for b, patterns in grants.items() for p in patterns]
        statements.append(iam.PolicyStatement(actions=actions, resources=resources))
    return statements


class PipelineStack(Stack):
    def __init__(self, scope: Construct, id: str, *, config: EnvironmentConfig,
                 state: StatefulStack, **kwargs):
        super().__init__(scope, id, **kwargs)
        ml, registry = state.ml, state.registry

        self.sagemaker_role = iam.Role(
            self, "SageMakerRole", assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"),
            description="Vitrine training jobs: read data and code, write job output")
        # Exactly what a File-mode training job does: list and read its channel, read its
        # code, write its output.
        for statement in s3_access(config, list_prefixes={"ml": ["data/", "sagemaker/input/"]},
                                   read={"ml": ["data/*", "sagemaker/code/*",
                                                "sagemaker/input/*"]},
                                   write={"ml": ["sagemaker/output/*"]}):
            self.sagemaker_role.add_to_policy(statement)
        self.sagemaker_role.add_to_policy(iam.PolicyStatement(
            actions=["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            resources=[f"arn:{self.partition}:ecr:{self.region}:{SKLEARN_IMAGE_ACCOUNT}:"
                       "repository/sagemaker-scikit-learn"]))
        self.sagemaker_role.add_to_policy(iam.PolicyStatement(
            actions=["ecr:GetAuthorizationToken"], resources=["*"]))
        self.sagemaker_role.add_to_policy(iam.PolicyStatement(
            actions=["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
                     "logs:DescribeLogStreams"],
            resources=[f"arn:{self.partition}:logs:{self.region}:{self.account}:log-group:"
                       "/aws/sagemaker/TrainingJobs:*"]))
        self.sagemaker_role.add_to_policy(iam.PolicyStatement(
            actions=["cloudwatch:PutMetricData"], resources=["*"],
            conditions={"StringLike": {"cloudwatch:namespace": "/aws/sagemaker/*"}}))

        staged = stage_usecases()
        self.steps = lambda_.DockerImageFunction(
            self, "Steps",
            code=lambda_.DockerImageCode.from_image_asset(str(ROOT), file="Dockerfile.pipeline"),
            memory_size=3008,  # MB: conversion and parity check of a whole model
            timeout=Duration.minutes(15),
            tracing=lambda_.Tracing.ACTIVE,
            log_group=logs.LogGroup(self, "StepsLogs", retention=retention(config)),
            environment={"VITRINE_ML_BUCKET": ml.bucket_name,
                         "VITRINE_MODEL_BUCKET": registry.bucket_name,
                         # prepare reads feedback (training/pipeline_steps.py) and the
                         # keys whose labels an admin excluded; promote audits the alias.
                         "VITRINE_KEYS_TABLE": state.keys.table_name,
                         "VITRINE_PREDICTIONS_TABLE": state.predictions.table_name,
                         "VITRINE_FEEDBACK_TABLE": state.feedback.table_name,
                         "VITRINE_AUDIT_TABLE": state.audit.table_name,
                         # The step image holds no MLflow; Step Functions keeps the history.
                         "VITRINE_TRACKING_URI": "off",
                         # a candidate that passes the gate: shadow, canary or promote
                         "VITRINE_RETRAIN_ROLLOUT": config.retrain_rollout,
                         # the use cases of VITRINE_USECASE_PATH, copied into the image
                         **({"VITRINE_USECASE_PATH": "usecases"} if staged else {})},
        )
        for statement in s3_access(
                config, list_prefixes={"ml": ["data/"], "registry": [f"{MODEL_PREFIX}/"]},
                read={"ml": ["data/*", "sagemaker/output/*"], "registry": [f"{MODEL_PREFIX}/*"]},
                write={"ml": ["sagemaker/code/*", "sagemaker/input/*"],
                       "registry": [f"{MODEL_PREFIX}/*"]}):
            self.steps.add_to_role_policy(statement)
        # Feedback and the predictions it names: Query only, on the table and the one index,
        # in the partitions of the use cases it retrains.
        self.steps.add_to_role_policy(iam.PolicyStatement(
            actions=["dynamodb:Query"],
            resources=[state.feedback.table_arn,
                       f"{state.predictions.table_arn}/index/{BY_ID_INDEX}"],
            conditions=own_partitions(list(config.retrain_usecases))))
        # Whether a label's key was excluded (functions/feedback.py); the alias it moves.
        state.keys.grant(self.steps, "dynamodb:GetItem")
        state.audit.grant(self.steps, "dynamodb:PutItem")

        def step(id: str, payload: dict, result: str) -> tasks.LambdaInvoke:
            return tasks.LambdaInvoke(
                self, id, lambda_function=self.steps, payload=sfn.TaskInput.from_object(payload),
                payload_response_only=True, result_path=result,
                retry_on_service_exceptions=True)

        prepare = step("PrepareData", {"step": "prepare",
                                       "usecase": sfn.JsonPath.string_at("$.usecase")},
                       "$.prepared")
        train = tasks.SageMakerCreateTrainingJob(
            self, "Train",
            training_job_name=sfn.JsonPath.string_at("$.prepared.job_name"),
            role=self.sagemaker_role,
            algorithm_specification=tasks.AlgorithmSpecification(
                training_image=tasks.DockerImage.from_registry(
                    SKLEARN_IMAGE.format(region=self.region)),
                training_input_mode=tasks.InputMode.FILE),
            input_data_config=[tasks.Channel(
                channel_name="train",
                data_source=tasks.DataSource(s3_data_source=tasks.S3DataSource(
                    s3_location=tasks.S3Location.from_json_expression("$.prepared.data_uri"),
                    s3_data_distribution_type=tasks.S3DataDistributionType.FULLY_REPLICATED)))],
            output_data_config=tasks.OutputDataConfig(
                s3_output_location=tasks.S3Location.from_bucket(
                    s3.Bucket.from_bucket_name(self, "MlByName", bucket_name(config, "ml")),
                    "sagemaker/output")),
            hyperparameters={
                "sagemaker_program": "training/sagemaker_entry.py",
                "sagemaker_submit_directory": sfn.JsonPath.string_at("$.prepared.code_uri"),
                "sagemaker_region": self.region,
                "usecase": sfn.JsonPath.string_at("$.usecase"),
                "quick": "false",
            },
            resource_config=tasks.ResourceConfig(
                instance_count=1,
                instance_type=ec2.InstanceType(config.sagemaker_instance_type.removeprefix("ml.")),
                volume_size=Size.gibibytes(30)),
            stopping_condition=tasks.StoppingCondition(
                max_runtime=Duration.hours(config.training_max_hours)),
            integration_pattern=sfn.IntegrationPattern.RUN_JOB,
            result_selector={"model_uri.$": "$.ModelArtifacts.S3ModelArtifacts"},
            result_path="$.training",
        )
        evaluate = step("Evaluate", {"step": "evaluate",
                                     "model_uri": sfn.JsonPath.string_at("$.training.model_uri")},
                        "$.evaluation")
        publish = step("Publish", {"step": "publish",
                                   "model_uri": sfn.JsonPath.string_at("$.training.model_uri")},
                       "$.published")
        promote = step("Promote", {"step": "promote",
                                   "usecase": sfn.JsonPath.string_at("$.usecase"),
                                   "version": sfn.JsonPath.string_at("$.published.version"),
                                   # every family the run published (TEP: tep and tep_dl)
                                   "versions": sfn.JsonPath.object_at("$.published.versions")},
                       "$.promoted")
        gate = sfn.Choice(self, "QualityGate", comment="Promote only if not worse than production")
        gate.when(sfn.Condition.boolean_equals("$.evaluation.passed", True),
                  publish.next(promote).next(sfn.Succeed(self, "Promoted")))
        gate.otherwise(sfn.Succeed(self, "KeptProduction",
                                   comment="The reason is in $.evaluation.reason"))
        self.state_machine = sfn.StateMachine(
            self, "Training",
            state_machine_name=config.stack_name("training"),
            definition_body=sfn.DefinitionBody.from_chainable(
                prepare.next(train).next(evaluate).next(gate)),
            timeout=Duration.hours(config.training_max_hours + 1),
            tracing_enabled=True,
            logs=sfn.LogOptions(destination=logs.LogGroup(self, "TrainingLogs",
                                                          retention=retention(config)),
                                level=sfn.LogLevel.ALL),
        )
        for uc in config.retrain_usecases:
            name = uc.capitalize()
            events.Rule(self, f"Schedule{name}",
                        schedule=events.Schedule.expression(config.retrain_schedule),
                        targets=[self._start(uc, "schedule")])
            # Drift and degraded performance start it from the scheduled monitoring report
            # (functions/service.py), which names the run and keeps a cooldown; the drift
            # alarm only notifies, so one shift cannot start two runs.

    def _start(self, usecase: str, trigger: str) -> targets.SfnStateMachine:
        return targets.SfnStateMachine(
            self.state_machine,
            input=events.RuleTargetInput.from_object({"usecase": usecase, "trigger": trigger}))
