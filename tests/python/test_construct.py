"""The construct from Python, as a Python CDK app gets it: the wheel of `npm run package` installed with
aws-cdk-lib and constructs from PyPI (scripts/test-python.sh), asserted with aws_cdk.assertions."""

import re
from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk import assertions
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3

from cdk_express_service import (
    ExpressHelpers,
    ExpressImage,
    ExpressScaling,
    ExpressService,
    ExpressSidecar,
    ExpressSidecarPort,
    ExpressWaf,
    ScalingMetric,
)

EXPRESS = "AWS::ECS::ExpressGatewayService"


def new_stack():
    app = cdk.App()
    return cdk.Stack(app, "Test", env=cdk.Environment(account="123456789012", region="eu-west-1"))


def seed_stack():
    """The seed's second service: its own VPC and cluster, a size, scaling and WAF (examples/stack.ts)."""
    stack = new_stack()
    vpc = ec2.Vpc(
        stack,
        "Vpc",
        max_azs=2,
        nat_gateways=0,
        subnet_configuration=[ec2.SubnetConfiguration(name="Public", subnet_type=ec2.SubnetType.PUBLIC)],
    )
    cluster = ecs.Cluster(stack, "Cluster", vpc=vpc, container_insights_v2=ecs.ContainerInsights.ENABLED)
    api = ExpressService(
        stack,
        "Api",
        image=ExpressImage.from_registry("nginx:1.27"),
        cluster=cluster,
        health_check_path="/",
        cpu=512,
        memory=1024,
        scaling=ExpressScaling(min_tasks=1, max_tasks=3, metric=ScalingMetric.CPU, target_value=60),
        waf=ExpressWaf.managed_rules(rate_limit=1000),
    )
    return stack, cluster, vpc, api


def logical_id(stack, construct):
    return stack.resolve(construct.node.default_child.logical_id)


def test_own_cluster_size_scaling_and_waf():
    stack, cluster, vpc, api = seed_stack()
    template = assertions.Template.from_stack(stack)
    template.resource_count_is(EXPRESS, 1)
    template.has_resource_properties(
        EXPRESS,
        {
            "Cluster": {"Ref": logical_id(stack, cluster)},
            "Cpu": "512",
            "Memory": "1024",
            "HealthCheckPath": "/",
            "PrimaryContainer": assertions.Match.object_like({"Image": "nginx:1.27", "ContainerPort": 80}),
            "ScalingTarget": {
                "MinTaskCount": 1,
                "MaxTaskCount": 3,
                "AutoScalingMetric": "AVERAGE_CPU",
                "AutoScalingTargetValue": 60,
            },
            # The cluster's VPC, its public subnets.
            "NetworkConfiguration": {
                "Subnets": assertions.Match.array_with([{"Ref": stack.resolve(vpc.public_subnets[0].node.default_child.logical_id)}])
            },
        },
    )
    # The web ACL: REGIONAL, the rate limit first, then the managed rule groups.
    acls = template.find_resources("AWS::WAFv2::WebACL")
    assert len(acls) == 1
    (acl,) = acls.values()
    props = acl["Properties"]
    assert props["Scope"] == "REGIONAL"
    assert props["Rules"][0]["Statement"]["RateBasedStatement"]["Limit"] == 1000
    groups = [r["Statement"]["ManagedRuleGroupStatement"]["Name"] for r in props["Rules"][1:]]
    assert "AWSManagedRulesCommonRuleSet" in groups
    template.resource_count_is("Custom::ExpressWafAssociations", 1)
    # The URL is an output, and a Python str token on the construct.
    assert any(k.startswith("ApiUrl") for k in template.find_outputs("*"))
    assert cdk.Token.is_unresolved(api.url)


def test_sidecar_makes_a_task_definition_with_main_first():
    stack = new_stack()
    ExpressService(
        stack,
        "Web",
        image=ExpressImage.from_registry("ghcr.io/example/api:3.1.0"),
        cpu=512,
        memory=1024,
        sidecars=[
            ExpressSidecar(
                name="otel-collector",
                image=ExpressImage.from_registry("public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1"),
                essential=False,
                port_mappings=[ExpressSidecarPort(container_port=4317)],
                cpu=128,
                memory=256,
            )
        ],
    )
    template = assertions.Template.from_stack(stack)
    defs = template.find_resources("AWS::ECS::TaskDefinition")
    assert len(defs) == 1
    (td,) = defs.values()
    containers = td["Properties"]["ContainerDefinitions"]
    assert [c["Name"] for c in containers] == ["Main", "otel-collector"]
    assert containers[1]["Essential"] is False
    assert containers[1]["PortMappings"][0]["ContainerPort"] == 4317
    (td_id,) = defs.keys()
    template.has_resource_properties(EXPRESS, {"TaskDefinitionArn": {"Ref": td_id}})


def test_a_grant_lands_in_the_services_own_task_role():
    stack = new_stack()
    web = ExpressService(stack, "Web", image=ExpressImage.from_registry("nginx:1.27"))
    bucket = s3.Bucket(stack, "Uploads")
    bucket.grant_read(web)
    template = assertions.Template.from_stack(stack)
    # The role made on the first grant, for this service alone.
    (role_id,) = [k for k in template.find_resources("AWS::IAM::Role") if k.startswith("WebTaskRole")]
    template.has_resource_properties(
        "AWS::IAM::Policy",
        {
            "Roles": [{"Ref": role_id}],
            "PolicyDocument": {
                "Statement": assertions.Match.array_with(
                    [assertions.Match.object_like({"Action": assertions.Match.array_with(["s3:GetObject*"]), "Effect": "Allow"})]
                )
            },
        },
    )
    template.has_resource_properties(EXPRESS, {"TaskRoleArn": {"Fn::GetAtt": [role_id, "Arn"]}})
    # Same-account grant: no bucket policy.
    template.resource_count_is("AWS::S3::BucketPolicy", 0)


def test_an_invalid_prop_raises_an_error_naming_the_prop_and_what_is_valid():
    stack = new_stack()
    # Reported at synthesis, the CDK way (with every other construct's problems), not by the constructor.
    ExpressService(stack, "Web", image=ExpressImage.from_registry("nginx:1.27"), cpu=256, memory=256)
    with pytest.raises(Exception) as raised:
        cdk.Stage.of(stack).synth()
    message = str(raised.value)
    assert "ExpressService Test/Web" in message
    assert re.search(r"memory: 256 MiB is not valid with cpu 256; valid: 512, 1024, 2048", message), message


def test_every_problem_at_once():
    stack = new_stack()
    ExpressService(
        stack,
        "Web",
        image=ExpressImage.from_registry("nginx:1.27"),
        cpu=300,
        scaling=ExpressScaling(min_tasks=3, max_tasks=2),
    )
    with pytest.raises(Exception) as raised:
        cdk.Stage.of(stack).synth()
    message = str(raised.value)
    assert "2 problems" in message, message
    assert "cpu: 300 is not a Fargate CPU size" in message
    assert "scaling.maxTasks: 2 is less than minTasks 3" in message


def doc_pages():
    """The pages of the documentation, as tests/docs reads them (pages() in tests/docs/blocks.mjs)."""
    root = Path(__file__).resolve().parents[2]
    return [root / "README.md", root / "CONTRIBUTING.md", *sorted((root / "docs").glob("*.md"))]


def docs_python_blocks():
    """Each ```python block of the documentation, as (page, code)."""
    return [
        (page.name, code)
        for page in doc_pages()
        for code in re.findall(r"^```python\n(.*?)^```$", page.read_text(), flags=re.S | re.M)
    ]


def test_the_helpers_in_a_vpc_with_a_key_of_the_app():
    stack = new_stack()
    vpc = ec2.Vpc(stack, "Vpc", max_azs=2, nat_gateways=1)
    key = kms.Key(stack, "LogsKey", enable_key_rotation=True)
    ExpressHelpers.configure(stack, vpc=vpc, log_encryption_key=key)
    ExpressService(stack, "Web", image=ExpressImage.from_registry("nginx:1.27"), waf=ExpressWaf.managed_rules())
    template = assertions.Template.from_stack(stack)
    template.has_resource_properties(
        "AWS::Lambda::Function",
        {"VpcConfig": {"SubnetIds": assertions.Match.any_value(), "SecurityGroupIds": assertions.Match.any_value()}},
    )
    template.has_resource_properties("AWS::Logs::LogGroup", {"RetentionInDays": 365, "KmsKeyId": assertions.Match.any_value()})


def test_the_docs_python_snippets_run():
    """Each ```python block of the documentation, run as the body of a Stack (`self`), synthesizes a service."""
    blocks = docs_python_blocks()
    assert blocks, "no ```python block in the documentation"
    for page, code in blocks:
        stack = new_stack()
        exec(compile(code, f"{page} (python block)", "exec"), {"self": stack})
        template = assertions.Template.from_stack(stack)
        assert template.find_resources(EXPRESS), f"a python block of {page} makes no service"
