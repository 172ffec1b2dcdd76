"""The static site: a private bucket behind CloudFront (origin access control), HTTPS only,
with the site's Content-Security-Policy and the other security headers on every answer."""

from __future__ import annotations

from pathlib import Path

from aws_cdk import CfnOutput, Duration, RemovalPolicy, Stack
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as deploy
from constructs import Construct

from infra.config import EnvironmentConfig
from infra.constructs.buckets import private_bucket

SITE_DIR = Path(__file__).resolve().parents[2] / "frontend"
# The policy lives beside the pages it allows, as data: whoever adds a script or calls another
# origin edits it there, and the browser tests read the same file without importing CDK.
CSP_FILE = SITE_DIR / "csp.txt"
HSTS_MAX_AGE = 730  # days: two years, what hstspreload.org asks for


def content_security_policy(api_origin: str, source: Path = CSP_FILE) -> str:
    """The header's value: csp.txt's directives (comments dropped) with the API's origin."""
    lines = (line.strip() for line in source.read_text().splitlines())
    directives = [line for line in lines if line and not line.startswith("#")]
    return "; ".join(directives).replace("{api_origin}", api_origin)


def url_origin(url: str) -> str:
    """scheme://host of a URL, also when parts of it are CDK tokens (they hold no "/")."""
    scheme, sep, rest = url.partition("://")
    if not sep or not rest:
        raise ValueError(f"not an absolute URL: {url!r}")
    return f"{scheme}://{rest.split('/', 1)[0]}"


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
        referrer = cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN
        self.headers = cloudfront.ResponseHeadersPolicy(
            self, "Headers",
            comment="Vitrine site: CSP (frontend/csp.txt), HSTS, nosniff, no framing",
            security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
                content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                    content_security_policy=content_security_policy(url_origin(api_url)),
                    override=True),
                strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                    access_control_max_age=Duration.days(HSTS_MAX_AGE), include_subdomains=True,
                    override=True),
                content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
                frame_options=cloudfront.ResponseHeadersFrameOptions(
                    frame_option=cloudfront.HeadersFrameOption.DENY, override=True),
                # The API sees the site's origin, never a page's path or query.
                referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                    referrer_policy=referrer, override=True),
            ),
        )
        self.distribution = cloudfront.Distribution(
            self, "Cdn",
            default_root_object="index.html",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(self.bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                response_headers_policy=self.headers,
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
                deploy.Source.asset(str(SITE_DIR), exclude=["config.js", CSP_FILE.name]),
                deploy.Source.data("config.js", config_js(api_url)),
            ],
            distribution=self.distribution,
            distribution_paths=["/*"],
        )
        self.url = f"https://{self.distribution.distribution_domain_name}"
        CfnOutput(self, "SiteUrl", value=self.url)
