"""A whole catalog file scored in parallel: Step Functions' Distributed Map reads the CSV in
the batch store, hands chunks of rows to the use case's own function, and a last call merges
the parts into one results CSV (functions/catalog_job.py).

Start an execution with {"csv_key": "in/catalog.csv", "image_prefix": "in/images/"}
(keys in the batch store, s3://<ml bucket>/batch/); the results are at
batch/out/<execution name>/results.csv.
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk import aws_stepfunctions_tasks as tasks
from constructs import Construct

from infra.config import EnvironmentConfig
from infra.constructs.usecase_function import retention
from infra.stacks.stateful import StatefulStack, bucket_arn

ROWS_PER_CHUNK = 200  # listings per Lambda call: ~100 kB of text, well within 256 kB
CHUNK_BYTES = 200_000  # bytes: Step Functions passes at most 256 kB to a child
MAX_CONCURRENCY = 10  # chunks at once: half the function's reserved concurrency


class CatalogScoring(Construct):
    def __init__(self, scope: Construct, id: str, *, usecase: str, function: lambda_.IFunction,
                 state: StatefulStack, config: EnvironmentConfig):
        super().__init__(scope, id)
        prepare = sfn.Pass(self, "Prepare", parameters={
            "bucket": state.ml.bucket_name,
            "key.$": "States.Format('batch/{}', $.csv_key)",
            "job.$": "$$.Execution.Name",
            "image_prefix.$": "$.image_prefix",
        })
        chunks = sfn.DistributedMap(
            self, "Chunks",
            item_reader=sfn.S3CsvItemReader(bucket_name_path=sfn.JsonPath.string_at("$.bucket"),
                                            key=sfn.JsonPath.string_at("$.key")),
            item_selector={"index": sfn.JsonPath.string_at("$$.Map.Item.Index"),
                           "row": sfn.JsonPath.string_at("$$.Map.Item.Value")},
            item_batcher=sfn.ItemBatcher(
                max_items_per_batch=ROWS_PER_CHUNK, max_input_bytes_per_batch=CHUNK_BYTES,
                batch_input={"job": sfn.JsonPath.string_at("$.job"),
                             "options": {"image_prefix": sfn.JsonPath.string_at(
                                 "$.image_prefix")}}),
            max_concurrency=MAX_CONCURRENCY,
            result_path="$.parts",
        )
        chunks.item_processor(tasks.LambdaInvoke(
            self, "ScoreChunk", lambda_function=function, payload_response_only=True,
            retry_on_service_exceptions=True,
            payload=sfn.TaskInput.from_object({
                "vitrine": "catalog-chunk", "usecase": usecase,
                "job": sfn.JsonPath.string_at("$.BatchInput.job"),
                "options": sfn.JsonPath.object_at("$.BatchInput.options"),
                "items": sfn.JsonPath.list_at("$.Items")})))
        merge = tasks.LambdaInvoke(
            self, "Merge", lambda_function=function, payload_response_only=True,
            retry_on_service_exceptions=True, result_path="$.result",
            payload=sfn.TaskInput.from_object({
                "vitrine": "catalog-merge", "usecase": usecase,
                "job": sfn.JsonPath.string_at("$.job"),
                "parts": sfn.JsonPath.list_at("$.parts")}))
        self.state_machine = sfn.StateMachine(
            self, "StateMachine",
            state_machine_name=config.stack_name(f"{usecase}-catalog"),
            definition_body=sfn.DefinitionBody.from_chainable(prepare.next(chunks).next(merge)),
            timeout=Duration.hours(2),
            tracing_enabled=True,
            logs=sfn.LogOptions(destination=logs.LogGroup(self, "Logs",
                                                          retention=retention(config)),
                                level=sfn.LogLevel.ALL),
        )
        # The map's reader: the catalog files callers put in batch/in/, nothing else.
        self.state_machine.add_to_role_policy(iam.PolicyStatement(
            actions=["s3:GetObject"], resources=[bucket_arn(config, "ml", "batch/in/*")]))
