"""The static site: a private bucket behind CloudFront (origin access control), HTTPS only."""

from __future__ import annotations

from pathlib import Path

from aws_cdk import CfnOutput, RemovalPolicy, Stack
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as deploy
from constructs import Construct

from infra.config import EnvironmentConfig
from infra.constructs.buckets import private_bucket

SITE_DIR = Path(__file__).resolve().parents[2] / "frontend"


def config_js(api_url: str) -> str:
    """The one file that differs per deployment: where the API is."""
    return f'export const API_URL = "{api_url}";\n'


class FrontendStack(Stack):
    def __init__(self, scope: Construct, id: str, *, config: EnvironmentConfig, api_url: str,
                 access_logs: s3.IBucket, **kwargs):
        super().__init__(scope, id, **kwargs)
        self.bucket = private_bucket(
            self, "Site", access_logs=access_logs,
            removal_policy=RemovalPolicy.DESTROY,  # rebuilt from the repository at each deploy
            auto_delete_objects=True,
        )
        self.distribution = cloudfront.Distribution(
            self, "Cdn",
            default_root_object="index.html",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(self.bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                response_headers_policy=cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
            ),
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            enable_logging=True,
            log_bucket=access_logs,
            log_file_prefix="cdn/",
        )
        deploy.BucketDeployment(
            self, "Deploy",
            destination_bucket=self.bucket,
            sources=[
                deploy.Source.asset(str(SITE_DIR), exclude=["config.js"]),
                deploy.Source.data("config.js", config_js(api_url)),
            ],
            distribution=self.distribution,
            distribution_paths=["/*"],
        )
        self.url = f"https://{self.distribution.distribution_domain_name}"
        CfnOutput(self, "SiteUrl", value=self.url)
