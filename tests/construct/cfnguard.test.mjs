// AWS's own policy suite, as CDK runs it: @cdklabs/cdk-validator-cfnguard (cfn-guard with the AWS Control Tower
// proactive controls) through `policyValidationBeta1`, over what the construct makes with every feature. Each
// rule left out is the user's choice, named with its reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cdk, construct, guardFindings, require } from './support.mjs';

const ec2 = require('aws-cdk-lib/aws-ec2');
const ecs = require('aws-cdk-lib/aws-ecs');
const kms = require('aws-cdk-lib/aws-kms');
const logs = require('aws-cdk-lib/aws-logs');
const route53 = require('aws-cdk-lib/aws-route53');
const sm = require('aws-cdk-lib/aws-secretsmanager');
const { ExpressService, ExpressImage, ExpressWaf, ExpressHelpers } = construct;

/** The validator's findings on the stack `build` makes, as `rule at construct path`, sorted. */
function findings(build) {
  return guardFindings('Guard', build).findings.sort();
}

function everything(stack, { key, helpers } = {}) {
  helpers?.(stack);
  const db = sm.Secret.fromSecretCompleteArn(stack, 'Db', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, restrictDefaultSecurityGroup: false });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
  const web = new ExpressService(stack, 'Web', {
    image: ExpressImage.fromRegistry('nginx:1.27'),
    vpc,
    secrets: { DB: ecs.Secret.fromSecretsManager(db, 'password') },
    logRetention: logs.RetentionDays.ONE_YEAR,
    logEncryptionKey: key?.(stack),
    waf: ExpressWaf.managedRules({ allowOnlyFrom: ['203.0.113.0/24'] }),
    domain: { names: ['api.example.com'], hostedZone: zone },
    sidecars: [{ name: 'otel', image: ExpressImage.fromRegistry('otel/opentelemetry-collector:0.111.0') }],
  });
  web.connections.allowToAnyIpv4(ec2.Port.tcp(443));
}

const ours = (out) => out.filter((f) => / at Guard\/(Web|ExpressServiceShared)\b/.test(f));

/**
 * What the rules find on the library's functions when ExpressHelpers.configure is not called: the user's choice,
 * which its settings satisfy (see the test with them).
 */
const HELPERS_UNSET = {
  // The functions only call AWS APIs (WAF, ELB); ExpressHelpers' vpc puts them in the app's subnets.
  'lambda_inside_vpc_check at Guard/ExpressServiceShared/DomainNamesFunction': 'ExpressHelpers vpc',
  'lambda_inside_vpc_check at Guard/ExpressServiceShared/WafAssociationsFunction': 'ExpressHelpers vpc',
  // The functions' own lines (ARNs, errors), no application data; ExpressHelpers' logEncryptionKey encrypts them.
  'cloudwatch_log_group_encrypted_check at Guard/ExpressServiceShared/DomainNamesLogs': 'ExpressHelpers logEncryptionKey',
  'cloudwatch_log_group_encrypted_check at Guard/ExpressServiceShared/WafAssociationsLogs': 'ExpressHelpers logEncryptionKey',
};

/** What the rules find that is the user's to decide, each with why the construct does not decide it. */
const ACCEPTED = {
  // The image decides whether it can run read-only, as a non-root user, within a per-container memory limit.
  'ecs_containers_readonly_access_check at Guard/Web/TaskDefinition': "the image's choice",
  'ecs_task_definition_memory_hard_limit_check at Guard/Web/TaskDefinition': "the image's choice",
  'ecs_task_definition_nonroot_user_check at Guard/Web/TaskDefinition': "the image's choice",
};

const appKey = (s) => new kms.Key(s, 'LogsKey', { enableKeyRotation: true });

test('cfn-guard (Control Tower rules) with the helpers in the app\'s VPC and every log group encrypted: nothing on the library\'s own resources, only the image\'s choices', () => {
  const helpers = (stack) => {
    const vpc = new ec2.Vpc(stack, 'HelpersVpc', { maxAzs: 2, natGateways: 1, restrictDefaultSecurityGroup: false });
    ExpressHelpers.configure(stack, { vpc, logEncryptionKey: new kms.Key(stack, 'HelpersLogsKey', { enableKeyRotation: true }) });
  };
  const out = ours(findings((stack) => everything(stack, { key: appKey, helpers })));
  assert.deepEqual(out, Object.keys(ACCEPTED).sort());
});

test('cfn-guard (Control Tower rules) on everything the construct makes, with a KMS key for its log group and no helper settings: the image\'s choices and the helpers\' two settings', () => {
  const out = ours(findings((stack) => everything(stack, { key: appKey })));
  assert.deepEqual(out, [...Object.keys(ACCEPTED), ...Object.keys(HELPERS_UNSET)].sort());
});

test('without a KMS key the created log group is flagged too (CT.CLOUDWATCH.PR.3), and nothing else', () => {
  const out = ours(findings((stack) => everything(stack)));
  assert.deepEqual(out, [...Object.keys(ACCEPTED), ...Object.keys(HELPERS_UNSET), 'cloudwatch_log_group_encrypted_check at Guard/Web/LogGroup'].sort());
});

test('the permissions boundary of a stack reaches every role the library makes', () => {
  const iam = require('aws-cdk-lib/aws-iam');
  const s3 = require('aws-cdk-lib/aws-s3');
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'Bounded');
  const boundary = iam.ManagedPolicy.fromManagedPolicyName(stack, 'Boundary', 'team-boundary');
  iam.PermissionsBoundary.of(stack).apply(boundary);
  everything(stack);
  new s3.Bucket(stack, 'Uploads').grantRead(stack.node.findChild('Web'));
  const { Template } = require('aws-cdk-lib/assertions');
  const roles = Object.entries(Template.fromStack(stack).findResources('AWS::IAM::Role'));
  const ids = roles.map(([id]) => id);
  for (const made of ['ExecutionRole', 'InfrastructureRole', 'WafAssociationsRole', 'DomainNamesRole', 'WebTaskRole']) {
    assert.ok(ids.some((id) => id.includes(made)), `${made} in ${ids.join(', ')}`);
  }
  for (const [id, role] of roles) {
    assert.ok(JSON.stringify(role.Properties.PermissionsBoundary ?? '').includes('team-boundary'), `${id} has the boundary`);
  }
});
