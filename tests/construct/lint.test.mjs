// cfn-lint finds nothing in a template that uses every feature of the construct at once (own VPC and cluster,
// private subnets, given and created security groups, a custom domain, given and created roles, secrets with a KMS key and by literal ARN, an ECR
// image, log groups, both WAF kinds, tags, grants).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Template, cdk, construct, require, root } from './support.mjs';

const ec2 = require('aws-cdk-lib/aws-ec2');
const ecr = require('aws-cdk-lib/aws-ecr');
const ecs = require('aws-cdk-lib/aws-ecs');
const iam = require('aws-cdk-lib/aws-iam');
const kms = require('aws-cdk-lib/aws-kms');
const logs = require('aws-cdk-lib/aws-logs');
const s3 = require('aws-cdk-lib/aws-s3');
const sm = require('aws-cdk-lib/aws-secretsmanager');
const { ExpressService, ExpressImage, ExpressWaf, ScalingMetric } = construct;

test('cfn-lint: no error and no warning on every feature at once', (t) => {
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'Lint');
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
  const route53 = require('aws-cdk-lib/aws-route53');
  const zone = new route53.HostedZone(stack, 'Zone', { zoneName: 'example.com' });
  const internal = new ExpressService(stack, 'Internal', {
    image: ExpressImage.fromRegistry('nginx:1.27'),
    vpc,
    domain: { names: ['example.com', 'api.example.com'], hostedZone: zone },
  });
  internal.connections.allowToAnyIpv4(ec2.Port.tcp(443));

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'express-lint-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'template.json');
  fs.writeFileSync(file, JSON.stringify(Template.fromStack(stack).toJSON()));
  const cfnLint = path.join(root, '.venv', 'bin', 'cfn-lint');
  assert.ok(fs.existsSync(cfnLint), 'cfn-lint is missing: run `bash scripts/setup.sh --tests`');
  const r = spawnSync(cfnLint, ['--format', 'parseable', '--regions', 'eu-west-1', '--', file], { encoding: 'utf8' });
  assert.equal(r.stdout + r.stderr, '', 'cfn-lint findings');
  assert.equal(r.status, 0);
});
