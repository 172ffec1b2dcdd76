"""The container variant: the same app on ECS Fargate behind an ALB, for heavier models.

HTTPS only: the ALB's listener takes the environment's ACM certificate
(``container_certificate_arn``) and answers port 80 with a redirect. Without a certificate
the stack is not built at all (infra/app_builder.py says so at synth time): keys never cross
the internet in clear text.
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import CfnOutput, Duration, Stack
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_ecs_patterns as patterns
from aws_cdk import aws_elasticloadbalancingv2 as elbv2
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.config import EnvironmentConfig
from infra.constructs.usecase_function import grant_serving, retention, serving_environment
from infra.stacks.stateful import StatefulStack

ROOT = Path(__file__).resolve().parents[2]
CONTAINER_PORT = 8080


class ContainerStack(Stack):
    def __init__(self, scope: Construct, id: str, *, config: EnvironmentConfig,
                 state: StatefulStack, **kwargs):
        super().__init__(scope, id, **kwargs)
        if not config.container_certificate_arn:
            raise ValueError("the container variant needs container_certificate_arn (HTTPS)")
        self.vpc = ec2.Vpc(
            self, "Vpc", max_azs=2,
            nat_gateways=1,  # tasks in private subnets reach S3/DynamoDB; one NAT to save cost
            flow_logs={"All": ec2.FlowLogOptions(traffic_type=ec2.FlowLogTrafficType.ALL)},
        )
        # Gateway endpoints: registry and table traffic stays off the NAT (and its bill).
        self.vpc.add_gateway_endpoint("S3", service=ec2.GatewayVpcEndpointAwsService.S3)
        self.vpc.add_gateway_endpoint("DynamoDb",
                                      service=ec2.GatewayVpcEndpointAwsService.DYNAMODB)
        cluster = ecs.Cluster(self, "Cluster", vpc=self.vpc,
                              container_insights_v2=ecs.ContainerInsights.ENABLED)
        usecases = list(config.usecases)
        self.service = patterns.ApplicationLoadBalancedFargateService(
            self, "Service",
            cluster=cluster,
            cpu=config.container_cpu,
            memory_limit_mib=config.container_memory_mb,
            desired_count=config.container_desired_count,
            public_load_balancer=True,
            protocol=elbv2.ApplicationProtocol.HTTPS,
            certificate=acm.Certificate.from_certificate_arn(
                self, "Certificate", config.container_certificate_arn),
            ssl_policy=elbv2.SslPolicy.RECOMMENDED_TLS,  # TLS 1.2 and 1.3, forward secrecy
            redirect_http=True,  # port 80 answers 301 to https://, nothing else
            circuit_breaker=ecs.DeploymentCircuitBreaker(rollback=True),
            task_image_options=patterns.ApplicationLoadBalancedTaskImageOptions(
                image=ecs.ContainerImage.from_asset(str(ROOT), file="Dockerfile",
                                                    target="serve"),
                container_port=CONTAINER_PORT,
                environment=serving_environment(usecases, state, config),
                log_driver=ecs.LogDrivers.aws_logs(
                    stream_prefix="vitrine",
                    log_group=logs.LogGroup(self, "Logs", retention=retention(config))),
            ),
        )
        self.service.target_group.configure_health_check(
            path="/health", healthy_http_codes="200", interval=Duration.seconds(30))
        if config.region:  # ELB's log-delivery account depends on the region
            self.service.load_balancer.log_access_logs(state.access_logs, prefix="alb")
        grant_serving(self.service.task_definition.task_role, usecases, state, config)
        # The certificate names a domain of the account's: a DNS record (CNAME or alias) for
        # it points at this name; browsers refuse the bare ELB name with that certificate.
        CfnOutput(self, "ServiceUrl",
                  value=f"https://{self.service.load_balancer.load_balancer_dns_name}")
