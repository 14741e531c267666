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

test('the helpers in a VPC with a key of the app: nothing unacknowledged either, their group lets only HTTPS out, their runtime is the newest this aws-cdk-lib knows', () => {
  const { app, stack } = newStack();
  const ec2 = require('aws-cdk-lib/aws-ec2');
  const kms = require('aws-cdk-lib/aws-kms');
  const lambda = require('aws-cdk-lib/aws-lambda');
  const route53 = require('aws-cdk-lib/aws-route53');
  const { Template } = require('aws-cdk-lib/assertions');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const key = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true });
  construct.ExpressHelpers.configure(stack, { vpc, logEncryptionKey: key });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
  new ExpressService(stack, 'Web', { image: ExpressImage.fromRegistry('nginx:1.27'), waf: ExpressWaf.managedRules(), domain: { names: ['web.example.com'], hostedZone: zone } });
  const { out } = findings(app, ['Test/Web', 'Test/ExpressServiceShared']);
  assert.deepEqual(out, []);
  const t = Template.fromStack(stack);
  const functions = Object.values(t.findResources('AWS::Lambda::Function'));
  assert.equal(functions.length, 2);
  const known = lambda.Runtime.ALL.filter((r) => r.family === lambda.RuntimeFamily.NODEJS).map((r) => r.name);
  const newest = known.filter((n) => ['nodejs22.x', 'nodejs24.x', 'nodejs26.x'].includes(n)).sort((a, b) => parseInt(a.slice(6)) - parseInt(b.slice(6))).pop();
  for (const f of functions) {
    assert.equal(f.Properties.Runtime, newest);
    assert.equal(f.Properties.VpcConfig.SubnetIds.length, 2);
    assert.equal(f.Properties.VpcConfig.SecurityGroupIds.length, 1);
  }
  for (const g of Object.values(t.findResources('AWS::Logs::LogGroup'))) {
    if (g.Properties.RetentionInDays === 365) assert.ok(g.Properties.KmsKeyId, 'the helpers\' log group is encrypted');
  }
  const group = Object.values(t.findResources('AWS::EC2::SecurityGroup')).find((g) => /cdk-express-service/.test(g.Properties.GroupDescription));
  assert.deepEqual(group.Properties.SecurityGroupEgress.map((e) => [e.IpProtocol, e.FromPort, e.ToPort, e.CidrIp]), [['tcp', 443, 443, '0.0.0.0/0']]);
  const policy = JSON.stringify(t.findResources('AWS::KMS::Key'));
  assert.match(policy, /logs\./, 'the key lets CloudWatch Logs use it');
  const annotations = JSON.stringify(app.synth().getStackArtifact(stack.artifactId).messages);
  assert.doesNotMatch(annotations, /log-key-policy/, 'no warning once the key allows CloudWatch Logs');
});

test('ExpressHelpers.configure: before the stack\'s first service, once, with what Lambda takes — else an error naming the prop', () => {
  const lambda = require('aws-cdk-lib/aws-lambda');
  const { stack } = newStack();
  assert.throws(
    () => construct.ExpressHelpers.configure(stack, { runtime: lambda.Runtime.NODEJS_20_X }),
    /ExpressHelpers\.configure\(Test\): 1 problem:\n {2}runtime: "nodejs20\.x" is not a Node\.js runtime Lambda takes for a new function; valid: nodejs22\.x, nodejs24\.x, nodejs26\.x/,
  );
  assert.throws(() => construct.ExpressHelpers.configure(stack, { runtim: 'nodejs24.x' }), /runtim: is not a prop of ExpressHelpersProps; did you mean runtime\?/);
  assert.throws(() => construct.ExpressHelpers.configure(stack, { securityGroups: [] }), /securityGroups: applies to a vpc; give vpc too/);
  construct.ExpressHelpers.configure(stack, { runtime: lambda.Runtime.NODEJS_22_X });
  assert.throws(() => construct.ExpressHelpers.configure(stack, {}), /configured already; configure them once/);
  new ExpressService(stack, 'Web', { image: ExpressImage.fromRegistry('nginx:1.27'), waf: ExpressWaf.managedRules() });
  const { Template } = require('aws-cdk-lib/assertions');
  Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs22.x' });
  const other = newStack().stack;
  new ExpressService(other, 'Web', { image: ExpressImage.fromRegistry('nginx:1.27') });
  assert.throws(() => construct.ExpressHelpers.configure(other, {}), /has an ExpressService already; configure its helpers before its first ExpressService/);
});
