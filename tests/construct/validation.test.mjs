// Every validation rule reachable from the props, asserted by its message; all problems in one error that
// names the construct path and each prop; checks on tokens deferred, never wrongly failed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cdk, construct, newStack, require, throwsAtSynth } from './support.mjs';

const ec2 = require('aws-cdk-lib/aws-ec2');
const ecs = require('aws-cdk-lib/aws-ecs');
const logs = require('aws-cdk-lib/aws-logs');
const { ExpressService, ExpressImage, ExpressWaf, ScalingMetric } = construct;

const nginx = ExpressImage.fromRegistry('nginx:1.27');

/** The message synthesis fails with for a construct of `props` (the construct itself does not throw). */
function problems(props) {
  const { app, stack } = newStack();
  new ExpressService(stack, 'Web', typeof props === 'function' ? props(stack) : props);
  try {
    app.synth();
  } catch (e) {
    return e.message;
  }
  assert.fail('expected an error');
}

/** How CDK opens the message of a construct's problems at synthesis. */
const AT_WEB = 'Validation failed with the following errors:\n  [Test/Web] ';

const rules = [
  ['image', { image: ExpressImage.fromRegistry('Bad Image!') }, 'image: "Bad Image!" is not an image reference'],
  ['missing image (JavaScript)', {}, 'image: is required: an ExpressImage, e.g. ExpressImage.fromRegistry("nginx:1.27")'],
  ['serviceName', { image: nginx, serviceName: 'bad name' }, 'serviceName: "bad name" is not a service name: use 1–255 letters, digits, hyphens and underscores'],
  ['containerPort 0', { image: nginx, containerPort: 0 }, 'containerPort: 0 is not a port; use 1–65535'],
  ['containerPort 70000', { image: nginx, containerPort: 70000 }, 'containerPort: 70000 is not a port; use 1–65535'],
  ['command', { image: nginx, command: [] }, "command: is empty; leave it out to use the image's command"],
  ['environment name', { image: nginx, environment: { '1X': 'a' } }, 'environment.1X: "1X" is not a valid variable name'],
  ['cpu', { image: nginx, cpu: 300 }, 'cpu: 300 is not a Fargate CPU size; valid: 256, 512, 1024, 2048, 4096, 8192, 16384'],
  ['memory pair', { image: nginx, cpu: 256, memory: 256 }, 'memory: 256 MiB is not valid with cpu 256; valid: 512, 1024, 2048'],
  ['memory pair (range)', { image: nginx, cpu: 1024, memory: 1024 }, 'memory: 1024 MiB is not valid with cpu 1024; valid: 2048 to 8192 in steps of 1024'],
  ['healthCheckPath', { image: nginx, healthCheckPath: 'health' }, 'healthCheckPath: "health" must start with / (e.g. /health)'],
  ['scaling range', { image: nginx, scaling: { minTasks: 3, maxTasks: 2 } }, 'scaling.maxTasks: 2 is less than minTasks 3; maxTasks must be ≥ minTasks'],
  ['scaling target', { image: nginx, scaling: { metric: ScalingMetric.MEMORY, targetValue: 200 } }, 'scaling.targetValue: 200 is not a percentage; use 1–100 for the memory metric'],
  ['log group with retention', { image: nginx, logGroup: { logGroupName: 'app' }, logRetention: logs.RetentionDays.ONE_WEEK }, 'logRetention: applies only to a log group the template creates'],
  ['infinite retention', { image: nginx, logRetention: logs.RetentionDays.INFINITE }, 'logRetention: RetentionDays.INFINITE: leave logRetention out to keep logs forever'],
  ['waf rate limit', { image: nginx, waf: ExpressWaf.managedRules({ rateLimit: 5 }) }, 'waf.rateLimit: 5 is out of range; WAF allows 10 to 2000000000 requests per IP in 5 minutes'],
  ['waf rule group', { image: nginx, waf: ExpressWaf.managedRules({ ruleGroups: ['AWSManagedRulesCommonRuleSett'] }) }, 'waf.ruleGroups[0]: "AWSManagedRulesCommonRuleSett" is not an AWS managed rule group usable without settings; did you mean "AWSManagedRulesCommonRuleSet"?'],
  ['global web ACL', { image: nginx, waf: ExpressWaf.fromWebAclArn('arn:aws:wafv2:us-east-1:123456789012:global/webacl/x/abc') }, 'is a CloudFront (global) web ACL; a load balancer needs a REGIONAL one'],
  ['tag value', { image: nginx, tags: { team: 'x'.repeat(300) } }, 'tags.team: the tag value must be at most 256 characters'],
  ['role ARN', { image: nginx, taskRole: { roleArn: 'not-an-arn' } }, 'taskRole: "not-an-arn" is not an ARN'],
  ['security groups', { image: nginx, securityGroups: [1, 2, 3, 4, 5, 6].map((i) => ({ securityGroupId: `sg-0123456${i}` })) }, 'securityGroups: has 6 entries; give 1–5, or leave it out'],
  ['vpcSubnets without a VPC', { image: nginx, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }, 'vpcSubnets: needs a vpc to select from'],
  ['output', { image: nginx, output: 'yes' }, 'output: expected true or false, got the string "yes"'],
  ['requests target', { image: nginx, scaling: { metric: ScalingMetric.REQUESTS, targetValue: 0 } }, 'scaling.targetValue: 0 requests per target cannot be held; use 1 or more'],
  ['tag count', { image: nginx, tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }, 'tags: has 51 tags; an Express service takes at most 50'],
  ['tag key', { image: nginx, tags: { 'bad key!': 'v' } }, `tags.bad key!: the tag key "bad key!" contains '!'`],
  ['secret source', { image: nginx, secrets: { X: { arn: 'arn:aws:s3:::bucket', grantRead() {} } } }, 'secrets.X: "arn:aws:s3:::bucket" is an ARN of s3; expected a Secrets Manager secret ARN or an SSM parameter ARN or name'],
  ['cluster name', (stack) => ({ image: nginx, cluster: ecs.Cluster.fromClusterAttributes(stack, 'C', { clusterName: 'bad name', vpc: ec2.Vpc.fromVpcAttributes(stack, 'V', { vpcId: 'vpc-12345678', availabilityZones: ['a'], publicSubnetIds: ['subnet-0123456789abcdef0'] }) }) }), 'cluster: "bad name" is not a cluster name'],
  ['subnet ID', (stack) => ({ image: nginx, vpc: ec2.Vpc.fromVpcAttributes(stack, 'V', { vpcId: 'vpc-12345678', availabilityZones: ['a'], publicSubnetIds: ['subnet-bad'] }) }), 'vpcSubnets[0]: "subnet-bad" is not a subnet ID; expected subnet- followed by 8 or 17 hex digits'],
  ['security group ID', (stack) => ({ image: nginx, securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-bad')] }), 'securityGroups[0]: "sg-bad" is not a security group ID'],
  ['log group name', (stack) => ({ image: nginx, logGroup: logs.LogGroup.fromLogGroupName(stack, 'L', 'bad name!') }), 'logGroup: "bad name!" is not a log group name'],
];

for (const [name, props, message] of rules) {
  test(`rule: ${name}`, () => {
    const text = problems(props);
    assert.ok(text.includes(message), `expected ${JSON.stringify(message)} in:\n${text}`);
    assert.ok(text.startsWith(`${AT_WEB}ExpressService Test/Web: 1 problem in its props:\n  `), text);
  });
}

test('every problem at once, one per line, each naming its prop', () => {
  const text = problems({
    image: nginx,
    cpu: 256,
    memory: 256,
    containerPort: 0,
    scaling: { minTasks: 3, maxTasks: 2 },
    vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
  });
  const lines = text.split('\n');
  assert.equal(lines[1], '  [Test/Web] ExpressService Test/Web: 4 problems in its props:');
  assert.deepEqual(
    lines.slice(2).map((l) => l.trim().split(':')[0]).sort(),
    ['containerPort', 'memory', 'scaling.maxTasks', 'vpcSubnets'],
  );
});

test('a subnet selection the VPC cannot satisfy is a props problem, not a crash', () => {
  const { stack } = newStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }] });
  throwsAtSynth(
    () => new ExpressService(stack, 'Web', { image: nginx, vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } }),
    /ExpressService Test\/Web: 1 problem in its props:\n {2}vpcSubnets: There are no 'Isolated' subnet groups in this VPC/,
  );
});

test('tokens are not checked at synthesis: a memory from a parameter with any cpu passes', () => {
  const { stack } = newStack();
  const memory = new cdk.CfnParameter(stack, 'Memory', { type: 'Number' });
  const port = new cdk.CfnParameter(stack, 'Port', { type: 'Number' });
  assert.doesNotThrow(() => new ExpressService(stack, 'Web', { image: nginx, cpu: 256, memory: memory.valueAsNumber, containerPort: port.valueAsNumber }));
});

test('a vpc that is not the cluster\'s is a props problem; the cluster\'s own VPC given again is fine', () => {
  const { stack } = newStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1 });
  const other = new ec2.Vpc(stack, 'Other', { maxAzs: 1 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  throwsAtSynth(
    () => new ExpressService(stack, 'Web', { image: nginx, cluster, vpc: other }),
    /ExpressService Test\/Web: 1 problem in its props:\n {2}vpc: is not the VPC of cluster \(Test\/Vpc\); leave vpc out to use the cluster's, or give a cluster of this VPC$/,
  );
  assert.doesNotThrow(() => new ExpressService(stack, 'Same', { image: nginx, cluster, vpc }));
  // Two imports of one VPC ID are the same VPC.
  const attrs = { vpcId: 'vpc-12345678', availabilityZones: ['eu-west-1a'], publicSubnetIds: ['subnet-0123456789abcdef0'] };
  const importedCluster = new ecs.Cluster(stack, 'Imported', { vpc: ec2.Vpc.fromVpcAttributes(stack, 'V1', attrs) });
  assert.doesNotThrow(() => new ExpressService(stack, 'SameId', { image: nginx, cluster: importedCluster, vpc: ec2.Vpc.fromVpcAttributes(stack, 'V2', attrs) }));
});

test('a cpu from a token needs an explicit memory (the template states both)', () => {
  const { stack } = newStack();
  const cpu = new cdk.CfnParameter(stack, 'Cpu', { type: 'Number' });
  throwsAtSynth(
    () => new ExpressService(stack, 'Web', { image: nginx, cpu: cpu.valueAsNumber }),
    /memory: is required when cpu comes from a token/,
  );
});

test('a construct ID that is not a logical-ID prefix still works (the spec name is derived from it)', () => {
  const { stack } = newStack();
  const s = new ExpressService(stack, '9-my web', { image: nginx });
  assert.match(stack.resolve(s.node.defaultChild.logicalId), /^9mywebService/);
});

test('bad props on two services: both reported together at synthesis, message first, and a later use of either does not crash', () => {
  const { app, stack } = newStack();
  const web = new ExpressService(stack, 'Web', { image: nginx, cpu: 300 });
  const api = new ExpressService(stack, 'Api', { image: nginx, containerPort: 0, healthCheckPath: 'health' });
  // Used as a valid one would be: nothing throws before synthesis.
  new cdk.CfnOutput(stack, 'WebUrl', { value: web.url });
  api.taskRole.addToPrincipalPolicy(new (require('aws-cdk-lib/aws-iam').PolicyStatement)({ actions: ['s3:GetObject'], resources: ['*'] }));
  web.metricCpuUtilization();
  assert.throws(() => app.synth(), (e) => {
    assert.doesNotMatch(e.message, /TypeError/);
    assert.match(e.message, /\[Test\/Web\] ExpressService Test\/Web: 1 problem in its props:\n {2}cpu: 300 is not a Fargate CPU size/);
    assert.match(e.message, /\[Test\/Api\] ExpressService Test\/Api: 2 problems in its props:\n {2}containerPort: 0 is not a port[^]*healthCheckPath: "health" must start with \//);
    return true;
  });
});
