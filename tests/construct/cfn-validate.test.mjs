// aws-cdk-lib's own CloudFormation validation (@aws/cloudformation-validate, run at every synthesis by the
// releases that ship it) finds nothing in what the construct makes, in its strictest mode (warnings are errors).
//
// The gate runs the other construct tests with CDK_VALIDATION=false (scripts/test.sh): that validation compiles a
// 9 MB WebAssembly module in every test process and checks every template of every synthesis, which made the
// suite 4 times slower against the newest aws-cdk-lib, while it only printed warnings that no test looked at.
// Here it runs on purpose, over stacks that use every feature, and must be silent. Against an aws-cdk-lib
// without it (the peer floor, 2.257.0) the test is skipped, saying so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cdk, construct, require } from './support.mjs';

// This file's own process: the validation on, whatever the gate set for the others.
delete process.env.CDK_VALIDATION;

const ec2 = require('aws-cdk-lib/aws-ec2');
const ecr = require('aws-cdk-lib/aws-ecr');
const ecs = require('aws-cdk-lib/aws-ecs');
const iam = require('aws-cdk-lib/aws-iam');
const kms = require('aws-cdk-lib/aws-kms');
const logs = require('aws-cdk-lib/aws-logs');
const route53 = require('aws-cdk-lib/aws-route53');
const s3 = require('aws-cdk-lib/aws-s3');
const sm = require('aws-cdk-lib/aws-secretsmanager');
const { ExpressService, ExpressImage, ExpressWaf, ExpressHelpers, ScalingMetric } = construct;

const version = require('aws-cdk-lib/package.json').version;
const builtin = (() => {
  try {
    // The validator aws-cdk-lib depends on, resolved from aws-cdk-lib itself.
    require.resolve('@aws/cloudformation-validate', { paths: [require.resolve('aws-cdk-lib')] });
    return true;
  } catch {
    return false;
  }
})();

const env = { account: '123456789012', region: 'eu-west-1' };

/** The features of lint.test.mjs: own VPC and cluster, private subnets, roles, secrets, both WAF kinds, a domain, grants. */
function everyFeature(app) {
  const stack = new cdk.Stack(app, 'Everything', { env });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const db = new sm.Secret(stack, 'Db', { encryptionKey: key });
  const session = sm.Secret.fromSecretPartialArn(stack, 'Session', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/session');
  const web = new ExpressService(stack, 'Web', {
    image: ExpressImage.fromRegistry('nginx:1.27'),
    serviceName: 'shop-web',
    cluster,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    securityGroups: [new ec2.SecurityGroup(stack, 'Sg', { vpc })],
    cpu: 1024,
    memory: 3072,
    containerPort: 8080,
    command: ['nginx', '-g', 'daemon off;'],
    environment: { MODE: 'production' },
    secrets: { DB: ecs.Secret.fromSecretsManager(db, 'password'), SESSION: ecs.Secret.fromSecretsManager(session) },
    scaling: { minTasks: 2, maxTasks: 8, metric: ScalingMetric.MEMORY, targetValue: 70 },
    logRetention: logs.RetentionDays.TWO_WEEKS,
    waf: ExpressWaf.managedRules({ rateLimit: 500, ruleGroups: ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesSQLiRuleSet'], allowOnlyFrom: ['10.0.0.0/8', '2001:db8::/32'] }),
    tags: { team: 'shop' },
  });
  new s3.Bucket(stack, 'Uploads', { enforceSSL: true }).grantReadWrite(web);
  new ExpressService(stack, 'Api', {
    image: ExpressImage.fromEcrRepository(new ecr.Repository(stack, 'Repo'), 'v1'),
    executionRole: new iam.Role(stack, 'Exec', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') }),
    logGroup: new logs.LogGroup(stack, 'ApiLogs'),
    healthCheckPath: '/health',
    waf: ExpressWaf.fromWebAclArn('arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shop/0123abcd-0123-0123-0123-0123456789ab'),
  });
  const zone = new route53.HostedZone(stack, 'Zone', { zoneName: 'example.com' });
  const internal = new ExpressService(stack, 'Internal', {
    image: ExpressImage.fromRegistry('nginx:1.27'),
    vpc,
    domain: { names: ['example.com', 'api.example.com'], hostedZone: zone },
  });
  internal.connections.allowToAnyIpv4(ec2.Port.tcp(443));
}

/** The library's functions in a VPC with a key of the app, sidecars, and a task definition of the app's own. */
function helpersAndTasks(app) {
  const stack = new cdk.Stack(app, 'Helpers', { env });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  ExpressHelpers.configure(stack, { vpc, logEncryptionKey: new kms.Key(stack, 'LogsKey', { enableKeyRotation: true }) });
  const waf = ExpressWaf.managedRules();
  new ExpressService(stack, 'Web', {
    image: ExpressImage.fromRegistry('nginx:1.27'),
    vpc,
    waf,
    domain: { names: ['web.example.com'], hostedZone: new route53.HostedZone(stack, 'Zone', { zoneName: 'example.com' }) },
    sidecars: [{ name: 'otel', image: ExpressImage.fromRegistry('public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1'), essential: false, portMappings: [{ containerPort: 4317 }], cpu: 128, memory: 256 }],
  });
  const task = new ecs.FargateTaskDefinition(stack, 'Task', { cpu: 512, memoryLimitMiB: 1024 });
  task.addContainer('Main', { image: ecs.ContainerImage.fromRegistry('nginx:1.27'), portMappings: [{ containerPort: 80, name: 'http' }] });
  new ExpressService(stack, 'Own', { taskDefinition: task, vpc, waf });
}

/** An app whose synthesis fails on any finding of the validation, warnings included, the report in the exception. */
function strictApp() {
  return new cdk.App({
    context: {
      '@aws-cdk/core:strictCfnValidateErrors': true,
      '@aws-cdk/core:validateAgainstDefaultRules': true,
      '@aws-cdk/core:appMode': 'inmemory',
    },
  });
}

test(`aws-cdk-lib ${version}'s built-in CloudFormation validation, strict: nothing on every feature at once`, { skip: !builtin && `aws-cdk-lib ${version} has no built-in CloudFormation validation` }, () => {
  // Proof that the validation runs here: a property it must refuse.
  const probe = strictApp();
  new cdk.CfnResource(new cdk.Stack(probe, 'Bad', { env }), 'Bucket', { type: 'AWS::S3::Bucket', properties: { NoSuchProperty: 1 } });
  assert.throws(() => probe.synth(), /NoSuchProperty/, 'the built-in validation did not run');

  const app = strictApp();
  everyFeature(app);
  helpersAndTasks(app);
  app.synth();
});
