// What ECS creates and manages for a service (its ECSManagedResourceArns), as references on the construct: each
// the service's attribute CloudFormation knows (cfn-lint checks the names), typed where aws-cdk-lib imports the
// kind, made only when asked (a stack nobody asks about is unchanged), and read-only (no rule is added to a
// security group Express manages).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Template, cdk, construct, newStack, require, root } from './support.mjs';

const ec2 = require('aws-cdk-lib/aws-ec2');
const { ExpressService, ExpressImage } = construct;
const nginx = ExpressImage.fromRegistry('nginx:1.27');

const SINGLE = ['loadBalancerArn', 'listenerArn', 'listenerRuleArn', 'certificateArn', 'scalableTargetArn'];
const LISTS = ['targetGroupArns', 'loadBalancerSecurityGroupArns', 'serviceSecurityGroupArns', 'scalingPolicyArns', 'logGroupArns', 'metricAlarmArns'];

function web() {
  const { app, stack } = newStack();
  const service = new ExpressService(stack, 'Web', { image: nginx });
  return { app, stack, service, id: stack.resolve(service.node.defaultChild.logicalId) };
}

/** The service attribute a value reads, as [logical ID, attribute name], through any Fn::Select / Fn::Split. */
function getAtts(value, out = []) {
  if (Array.isArray(value)) value.forEach((v) => getAtts(v, out));
  else if (value !== null && typeof value === 'object') {
    if (Array.isArray(value['Fn::GetAtt'])) out.push(value['Fn::GetAtt']);
    Object.values(value).forEach((v) => getAtts(v, out));
  }
  return out;
}

test('every managed resource is an attribute of the service that cfn-lint knows (outputs of each pass with no finding)', (t) => {
  const { stack, service, id } = web();
  for (const key of SINGLE) new cdk.CfnOutput(stack, `Out${key}`, { value: service[key] });
  for (const key of LISTS) new cdk.CfnOutput(stack, `Out${key}`, { value: cdk.Fn.join(',', service[key]) });
  const template = Template.fromStack(stack).toJSON();
  const names = new Set();
  for (const key of [...SINGLE, ...LISTS]) {
    const atts = getAtts(template.Outputs[`Out${key}`].Value);
    assert.equal(atts.length, 1, key);
    assert.equal(atts[0][0], id, `${key} reads the service`);
    names.add(atts[0][1]);
  }
  assert.equal(names.size, SINGLE.length + LISTS.length, 'each reads its own attribute');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'express-managed-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'template.json');
  fs.writeFileSync(file, JSON.stringify(template, null, 1));
  const cfnLint = path.join(root, '.venv', 'bin', 'cfn-lint');
  assert.ok(fs.existsSync(cfnLint), 'cfn-lint is missing: run `bash scripts/setup.sh --tests`');
  const lint = spawnSync(cfnLint, ['--format', 'parseable', file], { encoding: 'utf8' });
  assert.equal(lint.stdout + lint.stderr, '', 'cfn-lint findings');
  // cfn-lint does fail a wrong name: the check above can fail.
  const wrong = JSON.parse(JSON.stringify(template));
  wrong.Outputs.OutlistenerArn.Value = { 'Fn::GetAtt': [id, 'ECSManagedResourceArns.IngressPath.Listener'] };
  fs.writeFileSync(file, JSON.stringify(wrong, null, 1));
  assert.notEqual(spawnSync(cfnLint, [file], { encoding: 'utf8' }).status, 0);
});

test('lists are lists: an index method selects one at deploy time, each list its own', () => {
  const { stack, service, id } = web();
  const tg = service.targetGroup(1);
  assert.deepEqual(stack.resolve(tg.targetGroupArn), { 'Fn::Select': [1, stack.resolve(service.targetGroupArns)] });
  assert.equal(getAtts(stack.resolve(service.targetGroupArns))[0][0], id);
  assert.deepEqual(getAtts(stack.resolve(service.logGroup(0).logGroupArn)), getAtts(stack.resolve(service.logGroupArns)));
  assert.deepEqual(getAtts(stack.resolve(service.metricAlarm(2).alarmArn)), getAtts(stack.resolve(service.metricAlarmArns)));
  assert.match(JSON.stringify(stack.resolve(service.metricAlarm(2).alarmArn)), /"Fn::Select":\[2,/);
  // The same object for the same index; another index, another reference.
  assert.equal(service.targetGroup(1), tg);
  assert.notEqual(service.targetGroup(0), tg);
});

test('typed references: load balancer, listener, certificate, target group metrics, log group, alarm', () => {
  const { stack, service } = web();
  assert.deepEqual(stack.resolve(service.loadBalancer.loadBalancerArn), stack.resolve(service.loadBalancerArn));
  assert.deepEqual(stack.resolve(service.listener.listenerArn), stack.resolve(service.listenerArn));
  assert.deepEqual(stack.resolve(service.certificate.certificateArn), stack.resolve(service.certificateArn));
  assert.equal(service.loadBalancer, service.loadBalancer, 'made once');
  // Metrics of the load balancer and a target group name both by the parts of their ARNs, as CloudWatch does.
  const lbDims = stack.resolve(service.loadBalancer.metrics.httpCodeElb(require('aws-cdk-lib/aws-elasticloadbalancingv2').HttpCodeElb.ELB_5XX_COUNT).dimensions);
  assert.deepEqual(getAtts(lbDims.LoadBalancer)[0], getAtts(stack.resolve(service.loadBalancerArn))[0]);
  const tgDims = stack.resolve(service.targetGroup(0).metrics.unhealthyHostCount().dimensions);
  assert.ok(tgDims.TargetGroup && tgDims.LoadBalancer, JSON.stringify(tgDims));
  // A security group's ID is the part of its ARN after `security-group/`.
  const sg = stack.resolve(service.serviceSecurityGroup(0).securityGroupId);
  assert.equal(sg['Fn::Select'][0], 1);
  assert.deepEqual(sg['Fn::Select'][1]['Fn::Split'][0], '/');
  assert.deepEqual(getAtts(sg), getAtts(stack.resolve(service.serviceSecurityGroupArns)));
});

test('read-only: a rule of your own group may name a managed group; none is added to the managed group', () => {
  const { stack, service } = web();
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'Db', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const db = new ec2.SecurityGroup(stack, 'Db', { vpc });
  db.connections.allowFrom(service.serviceSecurityGroup(0), ec2.Port.tcp(5432));
  service.loadBalancerSecurityGroup(0).addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(8080));
  service.serviceSecurityGroup(0).addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(25));
  const template = Template.fromStack(stack).toJSON();
  const managed = [service.serviceSecurityGroup(0), service.loadBalancerSecurityGroup(0)].map((g) => JSON.stringify(stack.resolve(g.securityGroupId)));
  const rules = Object.values(template.Resources).filter((r) => /^AWS::EC2::SecurityGroup(Ingress|Egress)$/.test(r.Type));
  assert.equal(rules.length, 1, JSON.stringify(rules));
  assert.deepEqual(rules[0].Properties.GroupId, stack.resolve(db.securityGroupId), "the rule is on the database's group");
  assert.equal(JSON.stringify(rules[0].Properties.SourceSecurityGroupId), managed[0], 'from the service tasks');
  for (const r of Object.values(template.Resources)) {
    const inline = [...(r.Properties?.SecurityGroupIngress ?? []), ...(r.Properties?.SecurityGroupEgress ?? [])];
    assert.ok(inline.every((rule) => !managed.includes(JSON.stringify(rule.GroupId))));
  }
});

test('bad index: a clear error naming the construct and the method, never a token that fails at deploy', () => {
  const { service } = web();
  for (const bad of [-1, 1.5, Number.NaN]) {
    assert.throws(() => service.targetGroup(bad), { message: `ExpressService Test/Web: targetGroup(${bad}): the index must be a whole number from 0 (the first)` });
  }
  assert.throws(() => service.logGroup(-2), /logGroup\(-2\): the index must be a whole number from 0/);
});

test('made only when asked: an untouched service has no extra construct, and asking adds no resource', () => {
  const untouched = web();
  const template = Template.fromStack(untouched.stack).toJSON();
  assert.deepEqual(untouched.service.node.children.filter((c) => c.node.id.startsWith('Managed')), []);
  const { stack, service } = web();
  const before = service.node.findAll().length;
  for (const key of [...SINGLE, ...LISTS]) void service[key];
  assert.equal(service.node.findAll().length, before, 'ARNs are tokens, no construct');
  void [service.loadBalancer, service.listener, service.certificate, service.targetGroup(0), service.logGroup(0), service.metricAlarm(0), service.loadBalancerSecurityGroup(0)];
  assert.ok(service.node.findAll().length > before);
  assert.deepEqual(Template.fromStack(stack).toJSON(), template, 'imports make no resource');
});

test('from another stack of the app: CDK exports the attribute', () => {
  const app = new cdk.App();
  const env = { account: '123456789012', region: 'eu-west-1' };
  const a = new cdk.Stack(app, 'A', { env });
  const b = new cdk.Stack(app, 'B', { env });
  const service = new ExpressService(a, 'Web', { image: nginx });
  new cdk.CfnOutput(b, 'Listener', { value: service.listener.listenerArn });
  const exported = Template.fromStack(a).toJSON().Outputs;
  assert.ok(Object.values(exported).some((o) => getAtts(o.Value).some(([, name]) => /Listener/.test(name))), JSON.stringify(exported));
  assert.ok(JSON.stringify(Template.fromStack(b).toJSON().Outputs.Listener.Value).includes('Fn::ImportValue'));
});
