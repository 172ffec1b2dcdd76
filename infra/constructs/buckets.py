"""Every Vitrine bucket is private, encrypted and SSL-only: said once, here."""

from __future__ import annotations

from typing import Any

from aws_cdk import RemovalPolicy
from aws_cdk import aws_s3 as s3
from constructs import Construct


def private_bucket(scope: Construct, id: str, *, access_logs: s3.IBucket | None,
                   log_prefix: str | None = None, **props: Any) -> s3.Bucket:
    """A bucket with public access blocked, SSE, SSL enforced and (unless it is the log
    bucket itself) server access logs; ``props`` adds or overrides the rest."""
    defaults: dict[str, Any] = {
        "encryption": s3.BucketEncryption.S3_MANAGED,
        "block_public_access": s3.BlockPublicAccess.BLOCK_ALL,
        "enforce_ssl": True,
        "removal_policy": RemovalPolicy.RETAIN,
    }
    if access_logs is not None:
        defaults |= {"server_access_logs_bucket": access_logs,
                     "server_access_logs_prefix": log_prefix or f"{id.lower()}/"}
    return s3.Bucket(scope, id, **(defaults | props))
