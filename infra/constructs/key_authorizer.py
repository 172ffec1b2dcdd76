"""API Gateway's Lambda authorizer: a request reaches a use case's function only with a
well-formed, valid key (functions/authorizer.py), so that unauthenticated floods cost
neither the use cases' reserved concurrency nor their DynamoDB reads."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_apigatewayv2_authorizers as authorizers
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.config import EnvironmentConfig
from infra.constructs.usecase_function import Bundle, retention
from infra.stacks.stateful import StatefulStack

# A request without this header is refused by API Gateway itself (401), nothing invoked;
# the authorizer's answer is cached per value of it.
IDENTITY_SOURCE = "$request.header.X-API-Key"
MEMORY_MB = 256  # MB: boto3 and the key check, no model
TIMEOUT_S = 5  # seconds: one GetItem (API Gateway waits 10 s at most)


class KeyAuthorizer(Construct):
    def __init__(self, scope: Construct, id: str, *, bundle: Bundle, state: StatefulStack,
                 config: EnvironmentConfig):
        super().__init__(scope, id)
        self.function = lambda_.Function(
            self, "Function",
            runtime=lambda_.Runtime.PYTHON_3_12,
            architecture=bundle.architecture,  # the platform function's bundle
            handler="functions.authorizer.handler",
            code=bundle.code,
            memory_size=MEMORY_MB,
            timeout=Duration.seconds(TIMEOUT_S),
            reserved_concurrent_executions=config.authorizer_reserved_concurrency,
            tracing=lambda_.Tracing.ACTIVE,
            log_group=logs.LogGroup(self, "Logs", retention=retention(config)),
            environment={
                "VITRINE_KEYS_TABLE": state.keys.table_name,
                # Named for the store's constructor, never read (no right on it).
                "VITRINE_PREDICTIONS_TABLE": state.predictions.table_name,
            },
        )
        # The one call KeyVerifier makes: GetItem by key id.
        state.keys.grant(self.function, "dynamodb:GetItem")
        self.authorizer = authorizers.HttpLambdaAuthorizer(
            "Keys", self.function,
            authorizer_name=config.stack_name("keys"),
            identity_source=[IDENTITY_SOURCE],
            response_types=[authorizers.HttpLambdaResponseType.SIMPLE],
            results_cache_ttl=Duration.seconds(config.authorizer_cache_seconds),
        )
