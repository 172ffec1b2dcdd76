#!/usr/bin/env python3
"""The CDK app: every stack of one environment, from one configuration.

    npx cdk synth -c env=dev          (make synth)
    npx cdk deploy --all -c env=prod  (make deploy; needs AWS credentials and cdk bootstrap)
"""

import aws_cdk as cdk

from infra.app_builder import build
from infra.environments import ENVIRONMENTS

app = cdk.App()
env_name = app.node.try_get_context("env") or "dev"
if env_name not in ENVIRONMENTS:
    raise SystemExit(f"unknown env '{env_name}' (known: {', '.join(ENVIRONMENTS)})")
build(app, ENVIRONMENTS[env_name])
app.synth()
