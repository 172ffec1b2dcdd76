"""Every cdk-nag AwsSolutions acknowledgment, with its reason, in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING

import aws_cdk as cdk

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
    registry = (f"arn:<AWS::Partition>:s3:::vitrine-{config.name}-registry-<AWS::AccountId>-"
                f"<AWS::Region>")
    _ack(stacks.stateful.access_logs,
         ("AwsSolutions-S1", "This is the access-log bucket itself; logging it to itself "
                             "would loop."))
    _ack(stacks.api,
         (BASIC_EXECUTION_ROLE,
          "The AWS managed basic execution role only allows writing the function's own logs."),
         ("AwsSolutions-IAM5[Resource::*]",
          "X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level "
          "permissions."),
         ("AwsSolutions-APIG4", "Routes authorize in the application with per-key roles "
                                "(X-API-Key, salted hashes in DynamoDB); /health is public by "
                                "design."),
         ("AwsSolutions-L1", "python3.12 is pinned on purpose: the bundle's wheels and "
                             "byte-code are built for it (infra/bundle.py)."))
    for stack in (stacks.api, stacks.container):
        for uc in config.usecases:
            _ack(stack,
                 (f"AwsSolutions-IAM5[Resource::{registry}/models/{uc}/*]",
                  f"s3:GetObject on {uc}'s own registry prefix only: versions are created at "
                  "run time, so their keys cannot be listed in the policy."))
    if not config.region:
        _ack(stacks.container,
             ("AwsSolutions-ELB2", "Region-agnostic synth (no region in the configuration): "
                                   "ALB access logs are enabled when the region is set, as "
                                   "in prod."))
    _ack(stacks.container,
         ("AwsSolutions-EC23", "The load balancer is the service's public entry point; put "
                               "an HTTPS listener with the account's ACM certificate in front "
                               "per deployment."),
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
         ("AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-"
          f"{config.account or '<AWS::AccountId>'}-{config.region or '<AWS::Region>'}/*]",
          f"{deployment} reads the site asset from the CDK bootstrap bucket."),
         ("AwsSolutions-L1", f"{deployment}: its runtime is chosen by aws-cdk-lib."),
         ("AwsSolutions-CFR1", "A public catalog: no country is to be refused."),
         ("AwsSolutions-CFR2", "The distribution serves static files only; the API behind "
                               "API Gateway is throttled. Attach a WAF web ACL per account."),
         ("AwsSolutions-CFR4", "The default *.cloudfront.net certificate; a custom domain "
                               "with an ACM certificate (TLSv1.2_2021) is set per account."))
