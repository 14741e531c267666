// cdk-nag's AwsSolutions pack finds nothing unacknowledged in what the construct makes, and the construct's own
// acknowledgements (the two AWS managed policies) carry a reason. The resources are aws-cdk-lib L1 classes, so
// the pack really inspects them (a control role shows the same rule firing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cdk, construct, newStack, require } from './support.mjs';

const { AwsSolutionsChecks } = require('cdk-nag');
const ecr = require('aws-cdk-lib/aws-ecr');
const ecs = require('aws-cdk-lib/aws-ecs');
const iam = require('aws-cdk-lib/aws-iam');
const logs = require('aws-cdk-lib/aws-logs');
const sm = require('aws-cdk-lib/aws-secretsmanager');
const { ExpressService, ExpressImage, ExpressWaf, ScalingMetric } = construct;

/** Findings of the pack on the constructs under `paths` (construct paths without the leading slash). */
function findings(app, paths) {
  const report = new AwsSolutionsChecks().validateScope(app);
  const out = [];
  for (const v of report.violations) {
    for (const r of v.violatingResources) {
      if (paths.some((p) => r.constructPath === p || r.constructPath.startsWith(p + '/'))) out.push(`${v.ruleName} at ${r.constructPath}`);
    }
  }
  return { out, report };
}

test('every feature of the construct: no unacknowledged finding on what it made', () => {
  const { app, stack } = newStack();
  const secret = sm.Secret.fromSecretCompleteArn(stack, 'Db', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf');
  const param = 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/token';
  new ExpressService(stack, 'Web', {
    image: ExpressImage.fromRegistry('nginx:1.27'),
    cpu: 512,
    memory: 1024,
    scaling: { minTasks: 2, maxTasks: 6, metric: ScalingMetric.REQUESTS, targetValue: 500 },
    secrets: {
      DB: ecs.Secret.fromSecretsManager(secret, 'password'),
      TOKEN: ecs.Secret.fromSsmParameter(require('aws-cdk-lib/aws-ssm').StringParameter.fromStringParameterArn(stack, 'P', param)),
    },
    logRetention: logs.RetentionDays.ONE_MONTH,
    waf: ExpressWaf.managedRules({ rateLimit: 1000, allowOnlyFrom: ['203.0.113.0/24'] }),
  });
  new ExpressService(stack, 'Api', {
    image: ExpressImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'Repo', 'api'), 'v1'),
    cluster: ecs.Cluster.fromClusterArn(stack, 'C', 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod'),
    waf: ExpressWaf.fromWebAclArn('arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shop/0123abcd-0123-0123-0123-0123456789ab'),
  });
  const ec2 = require('aws-cdk-lib/aws-ec2');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const internal = new ExpressService(stack, 'Internal', { image: ExpressImage.fromRegistry('nginx:1.27'), vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
  internal.connections.allowToAnyIpv4(ec2.Port.tcp(443));
  const route53 = require('aws-cdk-lib/aws-route53');
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
  new ExpressService(stack, 'Shop', { image: ExpressImage.fromRegistry('nginx:1.27'), domain: { names: ['example.com', 'www.example.com'], hostedZone: zone } });
  const { out } = findings(app, ['Test/Web', 'Test/Api', 'Test/Internal', 'Test/Shop', 'Test/ExpressServiceShared']);
  assert.deepEqual(out, []);
  assert.ok(internal.node.tryFindChild('SecurityGroup'), 'the group of connections is inspected too');
});

test('the pack does inspect the roles: the same rule fires on a plain role with a managed policy', () => {
  const { app, stack } = newStack();
  new ExpressService(stack, 'Web', { image: ExpressImage.fromRegistry('nginx:1.27') });
  new iam.Role(stack, 'Control', {
    assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonECSTaskExecutionRolePolicy')],
  });
  const { out } = findings(app, ['Test/Control', 'Test/Web', 'Test/ExpressServiceShared']);
  assert.deepEqual(out, ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy] at Test/Control/Resource']);
  const role = stack.node.findChild('ExpressServiceShared').node.findChild('ExecutionRole');
  assert.ok(role instanceof iam.CfnRole, 'the shared role is an L1 CfnRole');
});

test('the acknowledgements carry their reason, in the template (cdk-nag 2) and in construct metadata (cdk-nag 3)', () => {
  const { stack } = newStack();
  new ExpressService(stack, 'Web', { image: ExpressImage.fromRegistry('nginx:1.27') });
  const shared = stack.node.findChild('ExpressServiceShared');
  for (const id of ['ExecutionRole', 'InfrastructureRole']) {
    const role = shared.node.findChild(id);
    const rules = role.getMetadata('cdk_nag').rules_to_suppress;
    assert.equal(rules.length, 1);
    assert.equal(rules[0].id, 'AwsSolutions-IAM4');
    assert.ok(rules[0].reason.length > 40, rules[0].reason);
    const acknowledged = role.node.metadata.find((m) => m.type === cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY).data;
    assert.deepEqual(Object.keys(acknowledged), rules[0].applies_to.map((a) => `AwsSolutions-IAM4[${a}]`));
  }
});
