"""Create synthesized stacks in moto's CloudFormation: the no-account deployment check.

moto builds S3, DynamoDB, IAM, Lambda, log groups and SNS topics from CDK templates but
lacks the types below; they are removed and references to them replaced by placeholders.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

# What moto's CloudFormation cannot create (moto 5.2), all in one place.
UNSUPPORTED_TYPES = (
    "AWS::ApiGatewayV2::",  # prefix: Api, Route, Integration, Stage
    "AWS::CloudFront::",  # prefix
    "AWS::S3::BucketPolicy",
    "AWS::CloudWatch::Dashboard",
    "Custom::",  # prefix: CDK custom resources (bucket deployment, auto-delete)
    "AWS::CDK::Metadata",
    "AWS::KMS::Key",  # moto reads CloudFormation's Key/Value tags as TagKey: KeyError
    "AWS::SNS::TopicPolicy",
    "AWS::SNS::Subscription",
    "AWS::CloudWatch::Alarm",
    "AWS::EC2::SecurityGroupEgress",
    "AWS::IAM::OIDCProvider",  # GitHub's (infra/stacks/github.py): the role deploys without it
)
BOOTSTRAP_VERSION = "30"


def unsupported(resource_type: str) -> bool:
    return any(resource_type == t or (t.endswith("::") and resource_type.startswith(t))
               for t in UNSUPPORTED_TYPES)


# Published versions and their aliases (SnapStart's "live" alias): moto's CloudFormation
# cannot attach a permission or a target to them, so they are removed and what named an
# alias names its function instead ($LATEST: the same code, without the snapshot).
ALIASED_TYPES = ("AWS::Lambda::Alias", "AWS::Lambda::Version")


def strip_for_moto(template: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    removed = {lid for lid, r in template["Resources"].items()
               if unsupported(r["Type"]) or r["Type"] in ALIASED_TYPES}
    aliases = {lid: r["Properties"]["FunctionName"] for lid, r in template["Resources"].items()
               if r["Type"] == "AWS::Lambda::Alias"}

    def fix(node: Any) -> Any:
        if isinstance(node, dict):
            if set(node) == {"Ref"} and node["Ref"] in aliases:  # an alias's Ref: its ARN
                return {"Fn::GetAtt": [aliases[node["Ref"]]["Ref"], "Arn"]}
            if set(node) == {"Ref"} and node["Ref"] in removed:
                return f"stripped-{node['Ref']}"
            if set(node) == {"Fn::GetAtt"} and node["Fn::GetAtt"][0] in removed:
                return f"stripped-{'-'.join(node['Fn::GetAtt'])}"
            return {k: fix(v) for k, v in node.items()}
        if isinstance(node, list):
            return [fix(v) for v in node]
        return node

    out = {k: v for k, v in template.items() if k != "Rules"}
    resources = {}
    for lid, res in template["Resources"].items():
        if lid in removed:
            continue
        res = fix(res)
        if "DependsOn" in res:
            deps = [d for d in _as_list(res["DependsOn"]) if d not in removed]
            res = {**res, "DependsOn": deps} if deps else {
                k: v for k, v in res.items() if k != "DependsOn"}
        resources[lid] = res
    out["Resources"] = resources
    out["Outputs"] = fix(template.get("Outputs", {}))
    return out, sorted(template["Resources"][lid]["Type"] for lid in removed)


def stand_in_certificates(template: dict[str, Any], acm: Any) -> dict[str, Any]:
    """The template with each listener's certificate (the account's, by ARN: moto's ELBv2
    refuses one its ACM does not hold) replaced by one requested from moto's ACM."""
    arns = {c["CertificateArn"] for r in template["Resources"].values()
            if r["Type"] == "AWS::ElasticLoadBalancingV2::Listener"
            for c in r.get("Properties", {}).get("Certificates", [])
            if isinstance(c.get("CertificateArn"), str)}
    text = json.dumps(template)
    for arn in sorted(arns):
        stand_in = acm.request_certificate(DomainName="vitrine.example.com")["CertificateArn"]
        text = text.replace(json.dumps(arn), json.dumps(stand_in))
    return json.loads(text)


def _as_list(value: Any) -> list[str]:
    return value if isinstance(value, list) else [value]


def upload_assets(assembly_dir: Path, stack_artifact_id: str, s3: Any) -> None:
    """Put each file asset where the template expects it in the bootstrap bucket."""
    manifest = json.loads((assembly_dir / f"{stack_artifact_id}.assets.json").read_text())
    for asset in manifest.get("files", {}).values():
        source = Path(asset["source"]["path"])
        if not source.is_absolute():
            source = assembly_dir / source
        for dest in asset["destinations"].values():
            bucket = dest["bucketName"].replace("${AWS::AccountId}", "123456789012") \
                .replace("${AWS::Region}", s3.meta.region_name)
            _ensure_bucket(s3, bucket)
            if not source.exists():
                # aws-cdk-lib's own handlers (bucket deployment...) live in temporary folders
                # when asset staging is disabled; moto stores the code and never runs it.
                body = _zip_text("index.py", "# stand-in for a CDK-provided handler\n")
            else:
                body = _zip(source) if source.is_dir() else source.read_bytes()
            s3.put_object(Bucket=bucket, Key=dest["objectKey"], Body=body)


def _ensure_bucket(s3: Any, bucket: str) -> None:
    try:
        s3.head_bucket(Bucket=bucket)
    except Exception:
        region = s3.meta.region_name
        kwargs = {} if region == "us-east-1" else {
            "CreateBucketConfiguration": {"LocationConstraint": region}}
        s3.create_bucket(Bucket=bucket, **kwargs)


def _zip_text(name: str, text: str) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(name, text)
    return buf.getvalue()


def _zip(folder: Path) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                z.write(f, f.relative_to(folder).as_posix())
    return buf.getvalue()


def deploy(assembly: Any, stack_ids: list[str], session: Any) -> dict[str, dict[str, Any]]:
    """Create the stacks in order; returns each stack's status, outputs and stripped types."""
    ssm = session.client("ssm")
    ssm.put_parameter(Name="/cdk-bootstrap/hnb659fds/version", Value=BOOTSTRAP_VERSION,
                      Type="String", Overwrite=True)
    s3 = session.client("s3")
    cfn = session.client("cloudformation")
    results = {}
    for artifact in (assembly.get_stack_artifact(sid) for sid in stack_ids):
        upload_assets(Path(assembly.directory), artifact.id, s3)
        template, stripped = strip_for_moto(artifact.template)
        template = stand_in_certificates(template, session.client("acm"))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            cfn.create_stack(StackName=artifact.stack_name, TemplateBody=json.dumps(template),
                             Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"])
        skipped = [str(w.message) for w in caught if "not supported by moto" in str(w.message)]
        if skipped:
            # moto marks such resources CREATE_COMPLETE without creating them: refuse.
            raise RuntimeError(f"{artifact.id}: moto skipped {skipped}; list the type in "
                               "UNSUPPORTED_TYPES")
        stack = cfn.describe_stacks(StackName=artifact.stack_name)["Stacks"][0]
        resources = cfn.describe_stack_resources(StackName=artifact.stack_name)[
            "StackResources"]
        results[artifact.id] = {
            "status": stack["StackStatus"],
            "reason": stack.get("StackStatusReason"),
            "stripped": stripped,
            "resources": {r["LogicalResourceId"]: (r["ResourceType"], r.get("PhysicalResourceId"))
                          for r in resources},
        }
    return results
