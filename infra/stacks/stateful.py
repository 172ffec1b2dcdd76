"""What must outlive every deployment: the model registry and the tables. Retained on delete."""

from __future__ import annotations

from aws_cdk import Aws, Duration, RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_s3 as s3
from constructs import Construct

from functions.stores.dynamodb import BY_ID_INDEX
from infra.config import EnvironmentConfig
from infra.constructs.buckets import private_bucket

MODEL_PREFIX = "models"


def bucket_name(config: EnvironmentConfig, role: str) -> str:
    """Deterministic, so other stacks' policies name it plainly instead of via an export."""
    return f"vitrine-{config.name}-{role}-{Aws.ACCOUNT_ID}-{Aws.REGION}"


def registry_bucket_name(config: EnvironmentConfig) -> str:
    return bucket_name(config, "registry")


def bucket_arn(config: EnvironmentConfig, role: str, pattern: str | None = None) -> str:
    arn = f"arn:{Aws.PARTITION}:s3:::{bucket_name(config, role)}"
    return f"{arn}/{pattern}" if pattern else arn


def state_machine_arn(config: EnvironmentConfig) -> str:
    """The training pipeline's state machine, by its fixed name (no cross-stack export)."""
    return (f"arn:{Aws.PARTITION}:states:{Aws.REGION}:{Aws.ACCOUNT_ID}:stateMachine:"
            f"{config.stack_name('training')}")


def registry_objects_arn(config: EnvironmentConfig, pattern: str) -> str:
    return bucket_arn(config, "registry", pattern)


class StatefulStack(Stack):
    def __init__(self, scope: Construct, id: str, *, config: EnvironmentConfig, **kwargs):
        super().__init__(scope, id, **kwargs)
        self.access_logs = private_bucket(
            self, "AccessLogs", access_logs=None,
            # CloudFront standard logging writes with ACLs.
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(365))],
        )
        self.registry = private_bucket(
            self, "Registry", access_logs=self.access_logs,
            bucket_name=registry_bucket_name(config),
            versioned=True,  # an overwritten alias or artifact can be recovered
            lifecycle_rules=[
                s3.LifecycleRule(
                    noncurrent_version_expiration=Duration.days(90),
                    abort_incomplete_multipart_upload_after=Duration.days(7),
                )
            ],
        )
        # Training data, SageMaker code and job output (the pipeline's working area).
        self.ml = private_bucket(
            self, "MlData", access_logs=self.access_logs, log_prefix="ml/",
            bucket_name=bucket_name(config, "ml"),
            lifecycle_rules=[s3.LifecycleRule(prefix="sagemaker/", expiration=Duration.days(180))],
        )
        self.keys = self._table("Keys", "key_id")
        self.predictions = self._table("Predictions", "usecase", sort_key="sk",
                                       ttl="expires_at")
        # Feedback names a prediction by id within its use case's partition
        # (functions/stores/dynamodb.py BY_ID_INDEX), so that IAM can hold each function to
        # its own partition with dynamodb:LeadingKeys, on the index as on the table.
        self.predictions.add_global_secondary_index(
            index_name=BY_ID_INDEX,
            partition_key=dynamodb.Attribute(name="usecase", type=dynamodb.AttributeType.STRING),
            sort_key=dynamodb.Attribute(name="prediction_id",
                                        type=dynamodb.AttributeType.STRING),
            projection_type=dynamodb.ProjectionType.ALL,
        )
        self.feedback = self._table("Feedback", "usecase", sort_key="prediction_id")
        # Who changed which key, when (functions/stores/dynamodb.py: AUDIT_LOG partition).
        self.audit = self._table("Audit", "log", sort_key="sk")

    def _table(self, id: str, partition: str, sort_key: str | None = None,
               ttl: str | None = None) -> dynamodb.Table:
        return dynamodb.Table(
            self, id,
            partition_key=dynamodb.Attribute(name=partition, type=dynamodb.AttributeType.STRING),
            sort_key=dynamodb.Attribute(name=sort_key, type=dynamodb.AttributeType.STRING)
            if sort_key else None,
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            encryption=dynamodb.TableEncryption.AWS_MANAGED,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            time_to_live_attribute=ttl,
            removal_policy=RemovalPolicy.RETAIN,
        )
