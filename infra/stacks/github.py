"""The role GitHub Actions deploys with: OpenID Connect, no stored AWS keys.

A workflow run of ``config.github_repo`` in the GitHub environment ``config.name`` (the
deploy job declares it; the environment's protection rules then gate every deploy) gets a
token that STS exchanges for this role, for an hour at most. The role itself can do one
thing: assume the roles ``cdk bootstrap`` made in this account and region (deploy, file and
image publishing, lookup), which hold the permissions a ``cdk deploy`` needs. The
CloudFormation execution role behind them is the bootstrap's, narrowed where the account
owner narrows it (``cdk bootstrap --cloudformation-execution-policies``).
"""

from __future__ import annotations

from aws_cdk import CfnOutput, Duration, Stack
from aws_cdk import aws_iam as iam
from constructs import Construct

from infra.config import EnvironmentConfig

GITHUB_OIDC_URL = "https://token.actions.githubusercontent.com"
GITHUB_OIDC_HOST = "token.actions.githubusercontent.com"
BOOTSTRAP_QUALIFIER = "hnb659fds"  # cdk bootstrap's default qualifier
BOOTSTRAP_ROLES = ("deploy", "file-publishing", "image-publishing", "lookup")


def deploy_subject(config: EnvironmentConfig) -> str:
    """The token's ``sub`` claim for a job of the repository in this environment."""
    return f"repo:{config.github_repo}:environment:{config.name}"


class GithubDeployStack(Stack):
    def __init__(self, scope: Construct, id: str, *, config: EnvironmentConfig, **kwargs):
        super().__init__(scope, id, **kwargs)
        if config.github_oidc_provider_arn:  # one provider per account: reuse the existing
            provider_arn = config.github_oidc_provider_arn
        else:
            provider_arn = iam.OidcProviderNative(
                self, "GithubOidc", url=GITHUB_OIDC_URL, client_ids=["sts.amazonaws.com"],
            ).oidc_provider_arn
        self.role = iam.Role(
            self, "DeployRole",
            role_name=f"{config.stack_name('github-deploy')}",
            description=f"cdk deploy of {config.github_repo} from its GitHub environment "
                        f"'{config.name}' (OIDC)",
            max_session_duration=Duration.hours(1),
            assumed_by=iam.WebIdentityPrincipal(provider_arn, conditions={
                "StringEquals": {
                    f"{GITHUB_OIDC_HOST}:aud": "sts.amazonaws.com",
                    f"{GITHUB_OIDC_HOST}:sub": deploy_subject(config),
                },
            }),
        )
        self.role.add_to_policy(iam.PolicyStatement(
            sid="AssumeCdkBootstrapRoles",
            actions=["sts:AssumeRole", "sts:TagSession"],
            resources=[f"arn:{self.partition}:iam::{self.account}:role/"
                       f"cdk-{BOOTSTRAP_QUALIFIER}-{name}-role-{self.account}-{self.region}"
                       for name in BOOTSTRAP_ROLES],
        ))
        CfnOutput(self, "DeployRoleArn", value=self.role.role_arn,
                  description="The repository variable AWS_DEPLOY_ROLE_ARN (deploy.yml)")
