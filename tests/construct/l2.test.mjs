// What a CDK user expects of an L2: metrics for alarms, an imported service, a reference for APIs that take
// one, connections, and a first deploy that waits for the VPC's routes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Template, construct, EXPRESS, newStack, only, require } from './support.mjs';

const cloudwatch = require('aws-cdk-lib/aws-cloudwatch');
const ec2 = require('aws-cdk-lib/aws-ec2');
const elbv2 = require('aws-cdk-lib/aws-elasticloadbalancingv2');
const { ExpressService, ExpressImage } = construct;
const nginx = ExpressImage.fromRegistry('nginx:1.27');

test('alarms on CPU and request count: AWS/ECS by cluster and service name, AWS/ApplicationELB by load balancer and target group', () => {
  const { stack } = newStack();
  const web = new ExpressService(stack, 'Web', { image: nginx });
  new cloudwatch.Alarm(stack, 'Cpu', { metric: web.metricCpuUtilization(), threshold: 80, evaluationPeriods: 3 });
  new cloudwatch.Alarm(stack, 'Requests', { metric: web.metricRequestCount({ period: require('aws-cdk-lib').Duration.minutes(1) }), threshold: 1000, evaluationPeriods: 1 });
  new cloudwatch.Alarm(stack, 'Errors', { metric: web.metricHttpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT), threshold: 5, evaluationPeriods: 1 });
  const template = Template.fromStack(stack);
  const service = stack.resolve(web.node.defaultChild.logicalId);
  const alarms = Object.entries(template.findResources('AWS::CloudWatch::Alarm'));
  const alarm = (prefix) => alarms.find(([id]) => id.startsWith(prefix))[1].Properties;
  const dims = (a) => Object.fromEntries(a.Dimensions.map((d) => [d.Name, d.Value]));
  const cpu = alarm('Cpu');
  assert.deepEqual([cpu.Namespace, cpu.MetricName, cpu.Statistic], ['AWS/ECS', 'CPUUtilization', 'Average']);
  assert.deepEqual(dims(cpu), {
    ClusterName: { 'Fn::Select': [1, { 'Fn::Split': ['/', { Ref: service }] }] },
    ServiceName: { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: service }] }] },
  });
  const requests = alarm('Requests');
  assert.deepEqual([requests.Namespace, requests.MetricName, requests.Statistic, requests.Period], ['AWS/ApplicationELB', 'RequestCount', 'Sum', 60]);
  assert.deepEqual(dims(requests), {
    LoadBalancer: { 'Fn::Select': [1, { 'Fn::Split': ['loadbalancer/', { 'Fn::GetAtt': [service, 'ECSManagedResourceArns.IngressPath.LoadBalancerArn'] }] }] },
    TargetGroup: { 'Fn::Select': [5, { 'Fn::Split': [':', { 'Fn::Select': [0, { 'Fn::GetAtt': [service, 'ECSManagedResourceArns.IngressPath.TargetGroupArns'] }] }] }] },
  });
  assert.equal(alarm('Errors').MetricName, 'HTTPCode_Target_5XX_Count');
  assert.equal(web.metricMemoryUtilization().metricName, 'MemoryUtilization');
  assert.equal(web.metricTargetResponseTime().metricName, 'TargetResponseTime');
  assert.equal(web.metric('CPUUtilization', { statistic: 'Maximum' }).statistic, 'Maximum');
});

test('an imported service: its ECS metrics from the ARN, its reference; a bad ARN is an error that says what one looks like', () => {
  const { stack } = newStack();
  const arn = 'arn:aws:ecs:eu-west-1:123456789012:service/apps/shop';
  const shop = ExpressService.fromServiceArn(stack, 'Shop', arn);
  assert.equal(shop.serviceArn, arn);
  assert.deepEqual(shop.expressGatewayServiceRef, { serviceArn: arn });
  const m = shop.metricCpuUtilization();
  assert.deepEqual([m.namespace, m.metricName, m.dimensions], ['AWS/ECS', 'CPUUtilization', { ClusterName: 'apps', ServiceName: 'shop' }]);
  assert.equal(shop.metricMemoryUtilization().metricName, 'MemoryUtilization');
  assert.throws(() => ExpressService.fromServiceArn(stack, 'Bad', 'arn:aws:ecs:eu-west-1:123456789012:cluster/apps'), /is not an ECS service ARN; expected arn:aws:ecs:<region>:<account>:service\/<cluster>\/<name>/);
  // A made service is a reference too.
  const web = new ExpressService(stack, 'Web', { image: nginx });
  assert.deepEqual(stack.resolve(web.expressGatewayServiceRef.serviceArn), stack.resolve(web.serviceArn));
});

test('connections: with security groups, a database lets the service in on its port', () => {
  const { stack } = newStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const sg = new ec2.SecurityGroup(stack, 'ServiceSg', { vpc });
  const web = new ExpressService(stack, 'Web', { image: nginx, vpc, securityGroups: [sg], containerPort: 8080 });
  // A database's connections, as rds.DatabaseCluster and friends expose them.
  const db = { connections: new ec2.Connections({ securityGroups: [new ec2.SecurityGroup(stack, 'DbSg', { vpc })], defaultPort: ec2.Port.tcp(5432) }) };
  db.connections.allowDefaultPortFrom(web);
  web.connections.allowToAnyIpv4(ec2.Port.tcp(443));
  const rules = Object.values(Template.fromStack(stack).findResources('AWS::EC2::SecurityGroupIngress'));
  const rule = rules.find((r) => JSON.stringify(r.Properties.SourceSecurityGroupId).includes(stack.resolve(sg.node.defaultChild.logicalId)));
  assert.ok(rule, JSON.stringify(rules));
  assert.equal(rule.Properties.FromPort, 5432);
  assert.equal(web.connections.defaultPort.toString(), '8080');
});

test('connections with a vpc and no security groups: a group made on first use, letting the VPC reach the container port', () => {
  const { stack } = newStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const web = new ExpressService(stack, 'Web', { image: nginx, vpc, containerPort: 8080 });
  const quiet = new ExpressService(stack, 'Quiet', { image: nginx, vpc });
  const db = { connections: new ec2.Connections({ securityGroups: [new ec2.SecurityGroup(stack, 'DbSg', { vpc })], defaultPort: ec2.Port.tcp(5432) }) };
  db.connections.allowDefaultPortFrom(web);
  web.connections.allowToAnyIpv4(ec2.Port.tcp(443));
  assert.equal(web.connections.defaultPort.toString(), '8080');
  const template = Template.fromStack(stack);
  const groups = Object.entries(template.findResources('AWS::EC2::SecurityGroup')).filter(([id]) => id.startsWith('Web'));
  assert.equal(groups.length, 1, 'one group for the service that used connections');
  const [groupId, group] = groups[0];
  assert.deepEqual(group.Properties.SecurityGroupIngress, [
    { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, CidrIp: { 'Fn::GetAtt': [stack.resolve(vpc.node.defaultChild.logicalId), 'CidrBlock'] }, Description: 'The load balancer, from within the VPC, to the container port' },
  ]);
  assert.deepEqual(group.Properties.VpcId, stack.resolve(vpc.vpcId));
  const services = template.findResources(EXPRESS);
  const of = (prefix) => Object.entries(services).find(([id]) => id.startsWith(prefix))[1].Properties.NetworkConfiguration;
  assert.deepEqual(of('Web').SecurityGroups, [{ 'Fn::GetAtt': [groupId, 'GroupId'] }]);
  // A service whose connections nobody used keeps Express Mode's own group: no resource, no property.
  assert.equal(of('Quiet').SecurityGroups, undefined);
  assert.ok(of('Quiet').Subnets.length >= 2);
  assert.ok(!Object.keys(template.findResources('AWS::EC2::SecurityGroup')).some((id) => id.startsWith('Quiet')));
  const rules = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'));
  const rule = rules.find((r) => JSON.stringify(r.Properties.SourceSecurityGroupId).includes(groupId));
  assert.ok(rule, JSON.stringify(rules));
  assert.equal(rule.Properties.FromPort, 5432);
  // All outbound already: allowTo adds no egress rule.
  assert.equal(Object.keys(template.findResources('AWS::EC2::SecurityGroupEgress')).length, 0);
});

test('connections without a group CDK can name is an error that explains (not a silent no-op)', () => {
  const { stack } = newStack();
  const web = new ExpressService(stack, 'Web', { image: nginx });
  assert.throws(() => web.connections, /ExpressService Test\/Web: connections needs a security group CDK can name\. Without a vpc the service runs in the account's default VPC, where Express Mode makes the tasks' security group at deploy time/);
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['eu-west-1a', 'eu-west-1b'], publicSubnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'] });
  const imported = new ExpressService(stack, 'Imported2', { image: nginx, vpc });
  assert.throws(() => imported.connections, /The vpc was imported without its IPv4 range, which the group made for the tasks lets in; give vpcCidrBlock to ec2\.Vpc\.fromVpcAttributes/);
  Template.fromStack(stack);
});

test('a first deploy in a VPC of this app waits for its routes to the internet (public subnets only)', () => {
  const { stack } = newStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  new ExpressService(stack, 'Public', { image: nginx, vpc });
  new ExpressService(stack, 'Private', { image: nginx, vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } });
  const template = Template.fromStack(stack);
  const services = template.findResources(EXPRESS);
  const [, pub] = Object.entries(services).find(([id]) => id.startsWith('Public'));
  const [, priv] = Object.entries(services).find(([id]) => id.startsWith('Private'));
  const routes = Object.keys(template.findResources('AWS::EC2::Route')).filter((id) => id.includes('Public') && id.includes('DefaultRoute'));
  assert.ok(routes.length >= 2);
  for (const r of routes) assert.ok((pub.DependsOn ?? []).includes(r), `${r} in ${JSON.stringify(pub.DependsOn)}`);
  assert.ok(!(priv.DependsOn ?? []).some((d) => routes.includes(d)));
});
