// The execution and infrastructure roles are made once per stack and shared; logical IDs are stable; the
// escape hatch reaches the service resource.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Template, cdk, construct, EXPRESS, newStack, only, require } from './support.mjs';

const iam = require('aws-cdk-lib/aws-iam');
const { Construct } = require('constructs');
const { ExpressService, ExpressImage } = construct;
const nginx = ExpressImage.fromRegistry('nginx:1.27');

test('two services of a stack share one execution role and one infrastructure role', () => {
  const { stack } = newStack();
  const a = new ExpressService(stack, 'A', { image: nginx });
  const b = new ExpressService(stack, 'B', { image: nginx });
  // Their task roles exist once used.
  a.taskRole.roleArn;
  b.taskRole.roleArn;
  const template = Template.fromStack(stack);
  const roles = Object.keys(template.findResources('AWS::IAM::Role')).sort();
  assert.deepEqual(roles.map((r) => r.replace(/[0-9A-F]{8}$/, '')), [
    'ATaskRole',
    'BTaskRole',
    'ExpressServiceSharedExecutionRole',
    'ExpressServiceSharedInfrastructureRole',
  ]);
  const services = Object.values(template.findResources(EXPRESS));
  assert.deepEqual(services[0].Properties.ExecutionRoleArn, services[1].Properties.ExecutionRoleArn);
  assert.deepEqual(services[0].Properties.InfrastructureRoleArn, services[1].Properties.InfrastructureRoleArn);
  assert.notDeepEqual(services[0].Properties.TaskRoleArn, services[1].Properties.TaskRoleArn);
  assert.deepEqual(stack.resolve(a.executionRole.roleArn), stack.resolve(b.executionRole.roleArn));
  assert.equal(a.executionRole, b.executionRole, 'one importable role object for grants');
});

test('each stack gets its own shared roles', () => {
  const app = new cdk.App();
  const stacks = ['One', 'Two'].map((name) => {
    const stack = new cdk.Stack(app, name);
    new ExpressService(stack, 'Web', { image: nginx });
    new ExpressService(stack, 'Api', { image: nginx });
    return stack;
  });
  for (const stack of stacks) Template.fromStack(stack).resourceCountIs('AWS::IAM::Role', 2);
});

test('a service with its own roles leaves the shared ones to the services without', () => {
  const { stack } = newStack();
  const principal = new iam.ServicePrincipal('ecs.amazonaws.com');
  new ExpressService(stack, 'Own', { image: nginx, infrastructureRole: new iam.Role(stack, 'Infra', { assumedBy: principal }) }).taskRole.roleName;
  const template = Template.fromStack(stack);
  assert.deepEqual(
    Object.keys(template.findResources('AWS::IAM::Role')).map((r) => r.replace(/[0-9A-F]{8}$/, '')).sort(),
    ['ExpressServiceSharedExecutionRole', 'Infra', 'OwnTaskRole'],
  );
});

test('logical IDs are fixed: service, task role (made on first use) and output under the construct ID', () => {
  const { stack } = newStack();
  new ExpressService(stack, 'Web', { image: nginx }).taskRole.roleArn;
  const template = Template.fromStack(stack).toJSON();
  assert.deepEqual(Object.keys(template.Resources).sort(), [
    'ExpressServiceSharedExecutionRole1DE42980',
    'ExpressServiceSharedInfrastructureRole01450E61',
    'WebServiceDF29B54C',
    'WebTaskRole83CD2216',
  ]);
  assert.deepEqual(Object.keys(template.Outputs), ['WebUrl8C5ED83B']);
});

test('node.defaultChild is the service resource: overrides reach the template', () => {
  const { stack } = newStack();
  const web = new ExpressService(stack, 'Web', { image: nginx });
  const resource = web.node.defaultChild;
  assert.ok(resource instanceof cdk.CfnResource);
  assert.equal(resource.cfnResourceType, EXPRESS);
  resource.addPropertyOverride('PrimaryContainer.Environment', [{ Name: 'FROM', Value: 'override' }]);
  const [, svc] = only(Template.fromStack(stack), EXPRESS);
  assert.deepEqual(svc.Properties.PrimaryContainer.Environment, [{ Name: 'FROM', Value: 'override' }]);
});

test('output: false leaves the URL output out; the url attribute stays', () => {
  const { stack } = newStack();
  const web = new ExpressService(stack, 'Web', { image: nginx, output: false });
  assert.deepEqual(Template.fromStack(stack).findOutputs('*'), {});
  assert.ok(cdk.Token.isUnresolved(web.url));
});

test('a name clash with the shared scope is reported, not silently merged', () => {
  const { stack } = newStack();
  const shared = new Construct(stack, 'ExpressServiceShared');
  new cdk.CfnResource(shared, 'ExecutionRole', { type: 'AWS::SNS::Topic' });
  assert.throws(
    () => new ExpressService(stack, 'Web', { image: nginx }),
    /Test\/ExpressServiceShared already has a child named ExecutionRole/,
  );
});
