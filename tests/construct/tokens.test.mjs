// CDK objects and tokens flow through to the template: a real Vpc, Cluster, Role, Secret, security group,
// log group, and numbers and lists known only at deploy time (parameters).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Template, cdk, construct, EXPRESS, newStack, only, require, throwsAtSynth } from './support.mjs';

const ec2 = require('aws-cdk-lib/aws-ec2');
const ecs = require('aws-cdk-lib/aws-ecs');
const iam = require('aws-cdk-lib/aws-iam');
const logs = require('aws-cdk-lib/aws-logs');
const sm = require('aws-cdk-lib/aws-secretsmanager');
const ssm = require('aws-cdk-lib/aws-ssm');
const { ExpressService, ExpressImage } = construct;

const id = (stack, c) => stack.resolve((c.node.defaultChild ?? c).logicalId);

test('a Vpc, Cluster, security group, roles, log group and secrets become refs to those resources', () => {
  const { stack } = newStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc });
  const principal = new iam.ServicePrincipal('ecs-tasks.amazonaws.com');
  const taskRole = new iam.Role(stack, 'AppRole', { assumedBy: principal });
  const executionRole = new iam.Role(stack, 'PullRole', { assumedBy: principal });
  const infrastructureRole = new iam.Role(stack, 'InfraRole', { assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com') });
  const logGroup = new logs.LogGroup(stack, 'Logs');
  const secret = new sm.Secret(stack, 'Db');
  const param = new ssm.StringParameter(stack, 'Param', { stringValue: 'v' });
  const service = new ExpressService(stack, 'Web', {
    image: ExpressImage.fromRegistry('nginx:1.27'),
    cluster,
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    securityGroups: [sg],
    taskRole,
    executionRole,
    infrastructureRole,
    logGroup,
    secrets: { DB: ecs.Secret.fromSecretsManager(secret, 'password'), P: ecs.Secret.fromSsmParameter(param) },
  });
  const template = Template.fromStack(stack);
  const [, svc] = only(template, EXPRESS);
  const p = svc.Properties;
  assert.deepEqual(p.Cluster, { Ref: id(stack, cluster) });
  assert.deepEqual(p.TaskRoleArn, { 'Fn::GetAtt': [id(stack, taskRole), 'Arn'] });
  assert.deepEqual(p.ExecutionRoleArn, { 'Fn::GetAtt': [id(stack, executionRole), 'Arn'] });
  assert.deepEqual(p.InfrastructureRoleArn, { 'Fn::GetAtt': [id(stack, infrastructureRole), 'Arn'] });
  assert.deepEqual(p.NetworkConfiguration.SecurityGroups, [{ 'Fn::GetAtt': [id(stack, sg), 'GroupId'] }]);
  assert.deepEqual(
    p.NetworkConfiguration.Subnets.map((s) => s.Ref).sort(),
    vpc.privateSubnets.map((s) => id(stack, s)).sort(),
  );
  assert.deepEqual(p.PrimaryContainer.AwsLogsConfiguration.LogGroup, { Ref: id(stack, logGroup) });
  const byName = Object.fromEntries(p.PrimaryContainer.Secrets.map((s) => [s.Name, s.ValueFrom]));
  assert.deepEqual(byName.DB, { 'Fn::Join': ['', [{ Ref: id(stack, secret) }, ':password::']] });
  assert.ok(JSON.stringify(byName.P).includes(id(stack, param)), JSON.stringify(byName.P));
  // Given roles: nothing shared is created, the props' roles are the construct's.
  template.resourceCountIs('AWS::IAM::Role', 3);
  assert.equal(service.taskRole, taskRole);
  assert.equal(service.executionRole, executionRole);
  assert.equal(service.infrastructureRole, infrastructureRole);
  assert.equal(service.grantPrincipal, taskRole);
});

test('numbers and lists known only at deploy time pass through as their tokens', () => {
  const { stack } = newStack();
  const cpu = new cdk.CfnParameter(stack, 'Cpu', { type: 'Number', default: 512 });
  const memory = new cdk.CfnParameter(stack, 'Memory', { type: 'Number', default: 1024 });
  const port = new cdk.CfnParameter(stack, 'Port', { type: 'Number', default: 8080 });
  const max = new cdk.CfnParameter(stack, 'Max', { type: 'Number', default: 4 });
  const command = new cdk.CfnParameter(stack, 'Command', { type: 'CommaDelimitedList' });
  const subnets = new cdk.CfnParameter(stack, 'Subnets', { type: 'List<AWS::EC2::Subnet::Id>' });
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-12345678',
    availabilityZones: ['eu-west-1a'],
    publicSubnetIds: ['subnet-0123456789abcdef0'],
  });
  new ExpressService(stack, 'Web', {
    image: ExpressImage.fromRegistry('nginx:1.27'),
    cpu: cpu.valueAsNumber,
    memory: memory.valueAsNumber,
    containerPort: port.valueAsNumber,
    command: command.valueAsList,
    scaling: { maxTasks: max.valueAsNumber },
    vpc,
    vpcSubnets: { subnets: [ec2.Subnet.fromSubnetId(stack, 'S', cdk.Fn.select(0, subnets.valueAsList))] },
    environment: { REGION: cdk.Aws.REGION },
  });
  const [, svc] = only(Template.fromStack(stack), EXPRESS);
  const p = svc.Properties;
  assert.deepEqual(p.Cpu, { Ref: 'Cpu' });
  assert.deepEqual(p.Memory, { Ref: 'Memory' });
  assert.deepEqual(p.PrimaryContainer.ContainerPort, { Ref: 'Port' });
  assert.deepEqual(p.PrimaryContainer.Command, { Ref: 'Command' });
  assert.deepEqual(p.PrimaryContainer.Environment, [{ Name: 'REGION', Value: { Ref: 'AWS::Region' } }]);
  assert.deepEqual(p.ScalingTarget.MaxTaskCount, { Ref: 'Max' });
  assert.deepEqual(p.NetworkConfiguration.Subnets, [{ 'Fn::Select': [0, { Ref: 'Subnets' }] }]);
});

test('an imported VPC without public subnets gives its private ones (an internal load balancer)', () => {
  const { stack } = newStack();
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-12345678',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
  });
  new ExpressService(stack, 'Web', { image: ExpressImage.fromRegistry('nginx:1.27'), vpc });
  const [, svc] = only(Template.fromStack(stack), EXPRESS);
  assert.deepEqual(svc.Properties.NetworkConfiguration.Subnets, ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1']);
});

test('a cluster imported by ARN (no VPC) is used by name, in the default VPC', () => {
  const { stack } = newStack();
  const cluster = ecs.Cluster.fromClusterArn(stack, 'C', 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod');
  new ExpressService(stack, 'Web', { image: ExpressImage.fromRegistry('nginx:1.27'), cluster });
  const [, svc] = only(Template.fromStack(stack), EXPRESS);
  assert.equal(svc.Properties.Cluster, 'prod');
  assert.equal(svc.Properties.NetworkConfiguration, undefined);
});

test('log retention, rate limit, task counts and target value from parameters pass through as tokens', () => {
  const { stack } = newStack();
  const number = (name, value) => new cdk.CfnParameter(stack, name, { type: 'Number', default: value }).valueAsNumber;
  new ExpressService(stack, 'Web', {
    image: ExpressImage.fromRegistry('nginx:1.27'),
    logRetention: number('Retention', 30),
    waf: construct.ExpressWaf.managedRules({ rateLimit: number('Rate', 500) }),
    scaling: { minTasks: number('Min', 2), maxTasks: number('Max', 4), targetValue: number('Target', 70) },
  });
  const template = Template.fromStack(stack);
  // The service's log group (the other is the WAF association function's).
  const [, group] = Object.entries(template.findResources('AWS::Logs::LogGroup')).find(([id]) => id.startsWith('WebLogGroup'));
  assert.deepEqual(group.Properties.RetentionInDays, { Ref: 'Retention' });
  const [, acl] = only(template, 'AWS::WAFv2::WebACL');
  assert.ok(JSON.stringify(acl.Properties.Rules).includes('{"Ref":"Rate"}'), JSON.stringify(acl.Properties.Rules));
  const [, svc] = only(template, EXPRESS);
  const target = svc.Properties.ScalingTarget;
  assert.deepEqual([target.MinTaskCount, target.MaxTaskCount, target.AutoScalingTargetValue], [
    { Ref: 'Min' },
    { Ref: 'Max' },
    { Ref: 'Target' },
  ]);
});

test('rule groups and the scaling metric must be known at synthesis: a token gets an error saying why', () => {
  const { stack } = newStack();
  const groups = new cdk.CfnParameter(stack, 'Groups', { type: 'CommaDelimitedList' });
  const one = new cdk.CfnParameter(stack, 'One', { type: 'String' });
  const metric = new cdk.CfnParameter(stack, 'Metric', { type: 'String' });
  const make = (id, props) => () => new ExpressService(stack, id, { image: ExpressImage.fromRegistry('nginx:1.27'), ...props });
  const ruleGroups = /waf\.ruleGroups: must be rule group names known at synthesis, not a parameter or another construct's value: each group becomes a rule of the web ACL/;
  throwsAtSynth(make('A', { waf: construct.ExpressWaf.managedRules({ ruleGroups: groups.valueAsList }) }), ruleGroups);
  throwsAtSynth(make('B', { waf: construct.ExpressWaf.managedRules({ ruleGroups: ['AWSManagedRulesCommonRuleSet', one.valueAsString] }) }), ruleGroups);
  throwsAtSynth(
    make('C', { scaling: { maxTasks: 3, metric: metric.valueAsString } }),
    (e) => {
      assert.match(e.message, /^Validation failed with the following errors:\n {2}\[Test\/C\] ExpressService Test\/C: 1 problem in its props:\n  scaling\.metric: must be a ScalingMetric known at synthesis \(CPU, MEMORY or REQUESTS\)/);
      return true;
    },
  );
});
