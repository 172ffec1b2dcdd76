"""Every cdk-nag AwsSolutions acknowledgment, with its reason, in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING

import aws_cdk as cdk

from functions.catalog import get_usecase

if TYPE_CHECKING:
    from infra.app_builder import Stacks

BASIC_EXECUTION_ROLE = ("AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/"
                        "service-role/AWSLambdaBasicExecutionRole]")


def _ack(scope, *findings: tuple[str, str]) -> None:
    for finding, reason in findings:
        cdk.Validations.of(scope).acknowledge(
            cdk.Acknowledgment(id=f"AwsSolutions::{finding}", reason=reason))


def acknowledge(stacks: Stacks) -> None:
    config = stacks.api.config

    def bucket(role: str) -> str:
        return (f"arn:<AWS::Partition>:s3:::vitrine-{config.name}-{role}-<AWS::AccountId>-"
                "<AWS::Region>")

    registry, ml = bucket("registry"), bucket("ml")
    # Stacks with an explicit env render the ARNs aws-cdk-lib builds with their region and
    # account literally (prod takes its region from the CLI), and their partition too under
    # cdk.json's enablePartitionLiterals; the ARNs this project writes keep the pseudo
    # parameters.
    region, account = config.region or "<AWS::Region>", config.account or "<AWS::AccountId>"
    literal = cdk.FeatureFlags.of(stacks.api).is_enabled("@aws-cdk/core:enablePartitionLiterals")
    partition = (cdk.region_info.RegionInfo.get(config.region).partition
                 if config.region and literal else "<AWS::Partition>")
    _ack(stacks.stateful.access_logs,
         ("AwsSolutions-S1", "This is the access-log bucket itself; logging it to itself "
                             "would loop."))
    _ack(stacks.api,
         (BASIC_EXECUTION_ROLE,
          "The AWS managed basic execution role only allows writing the function's own logs."),
         ("AwsSolutions-IAM5[Resource::*]",
          "X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level "
          "permissions."),
         ("AwsSolutions-L1", "python3.12 is pinned on purpose: the bundle's wheels and "
                             "byte-code are built for it (infra/bundle.py)."))
    # Every other route has the Lambda authorizer (a key at the gateway); these four answer
    # anyone, so the finding is acknowledged on them alone.
    for route in stacks.api.public_routes:
        _ack(route, ("AwsSolutions-APIG4", "A public route by design (health, the catalog, "
                                           "the OpenAPI schema, model cards): no key, no "
                                           "state change."))
    container = [stacks.container] if stacks.container is not None else []
    families = [f for uc in config.usecases for f in get_usecase(uc).families]
    for stack in (stacks.api, *container):
        for family in families:
            _ack(stack,
                 (f"AwsSolutions-IAM5[Resource::{registry}/models/{family}/*]",
                  f"s3:GetObject on the {family} models' own registry prefix only: versions "
                  "are created at run time, so their keys cannot be listed in the policy."))
    for name, machine in stacks.api.catalogs.items():
        fn_id = stacks.api.get_logical_id(stacks.api.functions[name].node.default_child)
        sm_id = stacks.api.get_logical_id(machine.node.default_child)
        own = (f"arn:{partition}:states:{region}:{account}:execution:"
               '{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"' + sm_id + '"}]}]}')
        _ack(machine,
             (f"AwsSolutions-IAM5[Resource::<{fn_id}.Arn>:*]",
              f"The {name} catalog machine invokes its use case's function (any version)."),
             (f"AwsSolutions-IAM5[Resource::{own}:*]",
              "The Distributed Map describes and stops its own executions, named at run time."),
             (f"AwsSolutions-IAM5[Resource::{own}/*:*]",
              "The Distributed Map's child executions, named at run time."),
             (f"AwsSolutions-IAM5[Resource::{ml}/batch/in/*]",
              "Catalog files callers upload: named at run time, read-only, this prefix only."))
    # infra/stacks/stateful.py state_machine_arn: pseudo parameters, whatever the env.
    executions = ("AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:"
                  f"<AWS::AccountId>:execution:{config.stack_name('training')}:*]")
    for stack in (stacks.api, *container):
        _ack(stack,
             (f"AwsSolutions-IAM5[Resource::{ml}/batch/in/*]",
              "Batch files callers upload: named at run time, read-only, this prefix only."),
             (f"AwsSolutions-IAM5[Resource::{ml}/batch/out/*]",
              "Batch results: named at run time, write-only, this prefix only."))
        _ack(stack, (executions, "DescribeExecution on the training pipeline's own executions: "
                                 "they are named when started, so they cannot be listed."))
    for stack in container:
        if not config.region:
            _ack(stack,
                 ("AwsSolutions-ELB2", "Region-agnostic synth (no region in the "
                                       "configuration): ALB access logs are enabled when the "
                                       "region is set, as in prod."))
        _ack(stack,
             ("AwsSolutions-EC23", "The load balancer is the service's public entry point: "
                                   "its security group admits the internet on 443 (HTTPS, the "
                                   "environment's ACM certificate) and on 80 (a redirect to "
                                   "HTTPS, nothing else)."),
             ("AwsSolutions-ECS2", "The task's environment holds resource names only (bucket, "
                                   "tables), no secrets; keys are looked up in DynamoDB."),
             ("AwsSolutions-IAM5[Resource::*]", "The execution role's ecr:GetAuthorizationToken "
                                                "has no resource-level permissions."))
    deployment = "BucketDeployment: the CDK-provided Lambda that copies the site to its bucket"
    _ack(stacks.frontend,
         (BASIC_EXECUTION_ROLE, f"{deployment} only writes its own logs with it."),
         ("AwsSolutions-IAM5[Resource::*]", f"{deployment}: CloudFront CreateInvalidation has "
                                            "no resource-level permissions."),
         ("AwsSolutions-IAM5[Action::s3:GetObject*]", f"{deployment} reads the site asset."),
         ("AwsSolutions-IAM5[Action::s3:GetBucket*]", f"{deployment} reads the site asset."),
         ("AwsSolutions-IAM5[Action::s3:List*]", f"{deployment} lists what to replace."),
         ("AwsSolutions-IAM5[Action::s3:DeleteObject*]", f"{deployment} prunes stale files."),
         ("AwsSolutions-IAM5[Action::s3:Abort*]", f"{deployment} aborts failed uploads."),
         ("AwsSolutions-IAM5[Resource::<SiteE53D7754.Arn>/*]",
          f"{deployment} writes any file of the site bucket, and only there."),
         (f"AwsSolutions-IAM5[Resource::arn:{partition}:s3:::cdk-hnb659fds-assets-"
          f"{account}-{region}/*]",
          f"{deployment} reads the site asset from the CDK bootstrap bucket."),
         ("AwsSolutions-L1", f"{deployment}: its runtime is chosen by aws-cdk-lib."),
         ("AwsSolutions-CFR1", "A public catalog: no country is to be refused."),
         ("AwsSolutions-CFR2", "The distribution serves static files only; the API behind "
                               "API Gateway is throttled. Attach a WAF web ACL per account."),
         ("AwsSolutions-CFR4", "The default *.cloudfront.net certificate; a custom domain "
                               "with an ACM certificate (TLSv1.2_2021) is set per account."))

    prefix_reason = "objects are created at run time under this prefix, so they cannot be " \
                    "listed one by one in the policy"
    _ack(stacks.pipeline,
         (BASIC_EXECUTION_ROLE, "The pipeline steps' Lambda only writes its own logs with it."),
         (f"AwsSolutions-IAM5[Resource::{ml}/data/*]", f"Training data: {prefix_reason}."),
         (f"AwsSolutions-IAM5[Resource::{ml}/sagemaker/code/*]",
          f"Training code tarballs: {prefix_reason}."),
         (f"AwsSolutions-IAM5[Resource::{ml}/sagemaker/output/*]",
          f"Training job output: {prefix_reason}."),
         (f"AwsSolutions-IAM5[Resource::{ml}/sagemaker/input/*]",
          f"Training data with feedback, one folder per job: {prefix_reason}."),
         (f"AwsSolutions-IAM5[Resource::{ml.replace('<AWS::Partition>', partition)}"
          "/sagemaker/output*]",
          "Added by the SageMakerCreateTrainingJob task: the job writes its output there."),
         ("AwsSolutions-IAM5[Action::s3:Abort*]",
          "Added by the SageMakerCreateTrainingJob task for multipart uploads of job output."),
         ("AwsSolutions-IAM5[Action::s3:DeleteObject*]",
          "Added by the SageMakerCreateTrainingJob task on the job output prefix only."),
         (f"AwsSolutions-IAM5[Resource::{registry}/models/*]",
          f"Publish and promote write new versions and aliases: {prefix_reason}."),
         (f"AwsSolutions-IAM5[Resource::arn:{partition}:logs:{region}:{account}"
          ":log-group:/aws/sagemaker/TrainingJobs:*]",
          "SageMaker creates one log stream per training job in this group."),
         ("AwsSolutions-IAM5[Resource::*]",
          "ecr:GetAuthorizationToken, X-Ray writes, and cloudwatch:PutMetricData (limited by a "
          "namespace condition) have no resource-level permissions; the state machine's "
          "events:PutTargets/PutRule for the .sync SageMaker integration are on AWS's managed "
          "rule."),
         ("AwsSolutions-IAM5[Resource::<Steps623F8541.Arn>:*]",
          "Invoking the steps function's versions and aliases."),
         (f"AwsSolutions-IAM5[Resource::arn:{partition}:sagemaker:{region}:{account}:"
          "training-job/*]",
          "The state machine starts, watches and stops jobs it names at run time."))
