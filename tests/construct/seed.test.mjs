// The seed's two services: a minimal nginx, and one with its own cluster, a health check, scaling, a size
// and WAF. What the construct makes for them, resource by resource.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Match, Template, construct, EXPRESS, newStack, only, require } from './support.mjs';

const ecs = require('aws-cdk-lib/aws-ecs');
const ec2 = require('aws-cdk-lib/aws-ec2');
const { ExpressService, ExpressImage, ExpressWaf, ScalingMetric } = construct;

function seed() {
  const { stack } = newStack();
  const web = new ExpressService(stack, 'Web', { image: ExpressImage.fromRegistry('nginx:1.27') });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }] });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const api = new ExpressService(stack, 'Api', {
    image: ExpressImage.fromRegistry('nginx:1.27'),
    cluster,
    healthCheckPath: '/',
    cpu: 512,
    memory: 1024,
    scaling: { minTasks: 1, maxTasks: 3, metric: ScalingMetric.CPU },
    waf: ExpressWaf.managedRules(),
  });
  return { stack, web, api, cluster, template: Template.fromStack(stack) };
}

test('the minimal service: image, the shared roles, no task role until granted, the URL output', () => {
  const { stack, web, template } = seed();
  const service = stack.resolve(web.node.defaultChild.logicalId);
  template.hasResource(EXPRESS, {
    Properties: {
      PrimaryContainer: { Image: 'nginx:1.27', ContainerPort: 80 },
      Cpu: '256',
      Memory: '512',
      InfrastructureRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ExpressServiceSharedInfrastructureRole'), 'Arn'] },
      ExecutionRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ExpressServiceSharedExecutionRole'), 'Arn'] },
      TaskRoleArn: Match.absent(),
    },
  });
  assert.match(service, /^WebService[0-9A-F]{8}$/);
  const outputs = template.findOutputs('*');
  const url = Object.entries(outputs).find(([id]) => id.startsWith('WebUrl'));
  assert.ok(url, 'a WebUrl output');
  assert.deepEqual(url[1].Value, { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [service, 'Endpoint'] }]] });
  assert.deepEqual(stack.resolve(web.url), url[1].Value);
  assert.deepEqual(stack.resolve(web.serviceArn), { Ref: service });
  assert.deepEqual(stack.resolve(web.loadBalancerArn), {
    'Fn::GetAtt': [service, 'ECSManagedResourceArns.IngressPath.LoadBalancerArn'],
  });
});

test('the second service: cluster by name, its VPC public subnets, size, health check, scaling, WAF', () => {
  const { stack, api, cluster, template } = seed();
  const services = template.findResources(EXPRESS);
  assert.equal(Object.keys(services).length, 2);
  const props = services[stack.resolve(api.node.defaultChild.logicalId)].Properties;
  assert.deepEqual(props.Cluster, { Ref: stack.resolve(cluster.node.defaultChild.logicalId) });
  assert.equal(props.Cpu, '512');
  assert.equal(props.Memory, '1024');
  assert.equal(props.HealthCheckPath, '/');
  assert.deepEqual(props.ScalingTarget, { MinTaskCount: 1, MaxTaskCount: 3, AutoScalingMetric: 'AVERAGE_CPU', AutoScalingTargetValue: 60 });
  assert.equal(props.NetworkConfiguration.Subnets.length, 2);
  for (const s of props.NetworkConfiguration.Subnets) assert.match(s.Ref, /^VpcPublicSubnet/);
  template.resourceCountIs('AWS::WAFv2::WebACL', 1);
  // Associated by the stack's one custom resource, with the service's load balancer.
  template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
  const [associations] = Object.values(template.findResources('Custom::ExpressWafAssociations'));
  assert.deepEqual(associations.Properties.WebAcls[0].LoadBalancerArns, [stack.resolve(api.loadBalancerArn)]);
});

test('the stack holds exactly the seed resources the construct is responsible for', () => {
  const { template } = seed();
  template.resourceCountIs(EXPRESS, 2);
  // infrastructure + execution (shared) + the WAF association function's; no task role: nothing was granted
  template.resourceCountIs('AWS::IAM::Role', 3);
  template.resourceCountIs('AWS::IAM::Policy', 0);
  template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
  assert.equal(Object.keys(template.findOutputs('*')).length, 2);
});
