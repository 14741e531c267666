// Grants: to the service (its task role), and the ones the construct makes for the execution role (secrets,
// their KMS keys, registry credentials, ECR pulls), each in place before the service starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Annotations, Match, Template, cdk, construct, EXPRESS, newStack, only, require } from './support.mjs';

const ecr = require('aws-cdk-lib/aws-ecr');
const ecs = require('aws-cdk-lib/aws-ecs');
const iam = require('aws-cdk-lib/aws-iam');
const kms = require('aws-cdk-lib/aws-kms');
const s3 = require('aws-cdk-lib/aws-s3');
const sm = require('aws-cdk-lib/aws-secretsmanager');
const { ExpressService, ExpressImage } = construct;

const id = (stack, c) => stack.resolve((c.node.defaultChild ?? c).logicalId);

/** The IAM policies of `template` whose role list resolves to something mentioning `roleId`. */
function policiesOf(template, roleId) {
  return Object.entries(template.findResources('AWS::IAM::Policy')).filter(([, p]) =>
    JSON.stringify(p.Properties.Roles).includes(roleId),
  );
}

test('bucket.grantRead(service) gives the service its own task role, scoped to the bucket', () => {
  const { stack } = newStack();
  const web = new ExpressService(stack, 'Web', { image: ExpressImage.fromRegistry('nginx:1.27') });
  const other = new ExpressService(stack, 'Other', { image: ExpressImage.fromRegistry('nginx:1.27') });
  const bucket = new s3.Bucket(stack, 'Bucket');
  bucket.grantRead(web);
  const template = Template.fromStack(stack);
  const taskRole = stack.resolve(web.node.findChild('TaskRole').logicalId);
  const policies = policiesOf(template, taskRole);
  assert.equal(policies.length, 1);
  const statements = policies[0][1].Properties.PolicyDocument.Statement;
  const resources = JSON.stringify(statements.map((s) => s.Resource));
  assert.ok(resources.includes(id(stack, bucket)), resources);
  assert.ok(!JSON.stringify(statements).includes('"*"'), 'no statement on every resource');
  // The other service was granted nothing: it has no task role at all, and its service names none.
  assert.equal(other.node.tryFindChild('TaskRole'), undefined);
  const [, otherSvc] = Object.entries(template.findResources(EXPRESS)).find(([k]) => k.startsWith('Other'));
  assert.equal(otherSvc.Properties.TaskRoleArn, undefined);
  assert.ok(Object.entries(template.findResources(EXPRESS)).find(([k]) => k.startsWith('Web'))[1].Properties.TaskRoleArn);
  assert.equal(web.grantPrincipal, web.taskRole);
  // The grant is in place before the service starts tasks; the role itself is ordered by its GetAtt already.
  const [, svc] = Object.entries(template.findResources(EXPRESS)).find(([k]) => k.startsWith('Web'));
  assert.ok(svc.DependsOn.includes(policies[0][0]), JSON.stringify(svc.DependsOn));
  assert.ok(!svc.DependsOn.includes(taskRole));
});

test('secrets from other constructs are granted to the shared execution role, with their KMS key, before the service', () => {
  const { stack } = newStack();
  const key = new kms.Key(stack, 'Key');
  const secret = new sm.Secret(stack, 'Db', { encryptionKey: key });
  const web = new ExpressService(stack, 'Web', {
    image: ExpressImage.fromRegistry('nginx:1.27'),
    secrets: { DB: ecs.Secret.fromSecretsManager(secret) },
  });
  const template = Template.fromStack(stack);
  const executionRole = template.findResources('AWS::IAM::Role');
  const execId = Object.keys(executionRole).find((k) => k.startsWith('ExpressServiceSharedExecutionRole'));
  const policies = policiesOf(template, execId);
  assert.equal(policies.length, 1);
  const [policyId, policy] = policies[0];
  const doc = JSON.stringify(policy.Properties.PolicyDocument);
  assert.ok(doc.includes('secretsmanager:GetSecretValue') && doc.includes(id(stack, secret)), doc);
  // The key's own policy lets the role decrypt through Secrets Manager.
  const [, keyResource] = only(template, 'AWS::KMS::Key');
  const decrypt = keyResource.Properties.KeyPolicy.Statement.find((s) => s.Action === 'kms:Decrypt');
  // The role's ARN is built from the stack's account and the role's name (see the cross-stack tests below).
  assert.deepEqual(decrypt.Principal, {
    AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:role/', { Ref: execId }]] },
  });
  const [, svc] = only(template, EXPRESS);
  assert.ok(svc.DependsOn.includes(policyId), `service DependsOn ${JSON.stringify(svc.DependsOn)}`);
  // web.executionRole is the role the service runs with: its name and ARN resolve to that role resource, and
  // the grant's policy is attached to it.
  assert.deepEqual(svc.Properties.ExecutionRoleArn, { 'Fn::GetAtt': [execId, 'Arn'] });
  assert.deepEqual(stack.resolve(web.executionRole.roleName), { Ref: execId });
  assert.deepEqual(stack.resolve(web.executionRole.roleArn), decrypt.Principal.AWS);
  assert.deepEqual(policy.Properties.Roles, [{ Ref: execId }]);
});

test('a given execution role gets the secret, credentials and ECR pull grants itself', () => {
  const { stack } = newStack();
  const role = new iam.Role(stack, 'Exec', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  const secret = new sm.Secret(stack, 'Db');
  const repo = new ecr.Repository(stack, 'Repo');
  new ExpressService(stack, 'Web', {
    image: ExpressImage.fromEcrRepository(repo, 'v1'),
    executionRole: role,
    secrets: { DB: ecs.Secret.fromSecretsManager(secret) },
  });
  const template = Template.fromStack(stack);
  const [, svc] = only(template, EXPRESS);
  assert.deepEqual(svc.Properties.PrimaryContainer.Image, {
    'Fn::Join': ['', [
      { 'Fn::Select': [4, { 'Fn::Split': [':', { 'Fn::GetAtt': [id(stack, repo), 'Arn'] }] }] },
      '.dkr.ecr.',
      { 'Fn::Select': [3, { 'Fn::Split': [':', { 'Fn::GetAtt': [id(stack, repo), 'Arn'] }] }] },
      '.',
      { Ref: 'AWS::URLSuffix' },
      '/',
      { Ref: id(stack, repo) },
      ':v1',
    ]],
  });
  const [policyId, policy] = only(template, 'AWS::IAM::Policy');
  assert.deepEqual(policy.Properties.Roles, [{ Ref: id(stack, role) }]);
  const doc = JSON.stringify(policy.Properties.PolicyDocument);
  assert.ok(doc.includes('ecr:BatchGetImage') && doc.includes(id(stack, repo)), doc);
  assert.ok(doc.includes('secretsmanager:GetSecretValue') && doc.includes(id(stack, secret)), doc);
  assert.ok(svc.DependsOn.includes(policyId));
  // No shared execution role, no core grant policy: the role was given.
  assert.equal(Object.keys(template.findResources('AWS::IAM::Role')).filter((k) => k.includes('Shared')).length, 1);
  template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
});

test('a secret given by literal ARN: the core grants it on its execution role, that secret alone', () => {
  const { stack } = newStack();
  const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf';
  const secret = sm.Secret.fromSecretCompleteArn(stack, 'Db', arn);
  new ExpressService(stack, 'Web', {
    image: ExpressImage.fromRegistry('nginx:1.27'),
    secrets: { DB: ecs.Secret.fromSecretsManager(secret) },
  });
  const template = Template.fromStack(stack);
  const [managedId, managed] = only(template, 'AWS::IAM::ManagedPolicy');
  assert.deepEqual(managed.Properties.PolicyDocument.Statement, [
    // The name may end in a random suffix or not (db-AbCdEf could be a partial ARN): both forms of that one secret.
    { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: [arn, `${arn}-??????`] },
  ]);
  const [, svc] = only(template, EXPRESS);
  assert.ok(svc.DependsOn.includes(managedId));
});

test('private registry credentials: the secret ARN on the container and a read grant', () => {
  const { stack } = newStack();
  const credentials = new sm.Secret(stack, 'Creds');
  new ExpressService(stack, 'Web', { image: ExpressImage.fromRegistry('ghcr.io/acme/app:2.0', { credentials }) });
  const template = Template.fromStack(stack);
  const [, svc] = only(template, EXPRESS);
  assert.deepEqual(svc.Properties.PrimaryContainer.RepositoryCredentials, { CredentialsParameter: { Ref: id(stack, credentials) } });
  const [, policy] = only(template, 'AWS::IAM::Policy');
  assert.ok(JSON.stringify(policy.Properties.PolicyDocument).includes(id(stack, credentials)));
});

test('fromAsset builds a Docker image asset and runs its URI', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'express-asset-'));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM nginx:1.27\n');
  const { stack } = newStack();
  const web = new ExpressService(stack, 'Web', { image: ExpressImage.fromAsset(dir) });
  const [, svc] = only(Template.fromStack(stack), EXPRESS);
  const image = JSON.stringify(svc.Properties.PrimaryContainer.Image);
  assert.match(image, /cdk-hnb659fds-container-assets/);
  const asset = web.node.tryFindChild('ImageAsset');
  assert.ok(asset, 'the asset lives under the service');
  // Built for the platform Express Mode runs (x86_64 Fargate), whatever machine builds it.
  const assembly = stack.node.root.synth();
  const manifest = assembly.artifacts.find((a) => a.constructor.name === 'AssetManifestArtifact').contents;
  const sources = Object.values(manifest.dockerImages ?? {}).map((d) => d.source);
  assert.deepEqual(sources.map((s) => s.platform), ['linux/amd64']);
  fs.rmSync(dir, { recursive: true });
});

test('grants in an env-bound stack go to the roles only: no bucket policy, no secret resource policy', () => {
  const { stack } = newStack();
  const bucket = new s3.Bucket(stack, 'Bucket');
  const secret = new sm.Secret(stack, 'Db');
  const credentials = new sm.Secret(stack, 'Creds');
  const web = new ExpressService(stack, 'Web', {
    image: ExpressImage.fromRegistry('ghcr.io/acme/app:2.0', { credentials }),
    secrets: { DB: ecs.Secret.fromSecretsManager(secret) },
  });
  bucket.grantRead(web);
  secret.grantRead(web.taskRole);
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::S3::BucketPolicy', 0);
  template.resourceCountIs('AWS::SecretsManager::ResourcePolicy', 0);
  // The stack's own account, not a token taken apart from the role's ARN.
  assert.equal(stack.resolve(web.taskRole.principalAccount), '123456789012');
  assert.equal(stack.resolve(web.executionRole.principalAccount), '123456789012');
  const taskRole = stack.resolve(web.node.findChild('TaskRole').logicalId);
  const doc = JSON.stringify(policiesOf(template, taskRole).map(([, p]) => p.Properties.PolicyDocument));
  assert.ok(doc.includes(id(stack, bucket)) && doc.includes(id(stack, secret)), doc);
});

test('a bucket and secrets in another stack of the app: grants synthesize without a cyclic reference', () => {
  const { app, stack: data } = newStack({ stackName: 'Data' });
  const web = new cdk.Stack(app, 'Web', { env: { account: '123456789012', region: 'eu-west-1' } });
  const bucket = new s3.Bucket(data, 'Bucket');
  const secret = new sm.Secret(data, 'Db');
  const credentials = new sm.Secret(data, 'Creds');
  const service = new ExpressService(web, 'Web', {
    image: ExpressImage.fromRegistry('ghcr.io/acme/app:2.0', { credentials }),
    secrets: { DB: ecs.Secret.fromSecretsManager(secret) },
  });
  bucket.grantRead(service);
  app.synth();
  const dataTemplate = Template.fromStack(data);
  dataTemplate.resourceCountIs('AWS::S3::BucketPolicy', 0);
  dataTemplate.resourceCountIs('AWS::SecretsManager::ResourcePolicy', 0);
  // The service's stack reads the other stack's names through exports, and not the other way round.
  assert.ok(!JSON.stringify(dataTemplate.toJSON()).includes('Fn::ImportValue'));
  assert.ok(JSON.stringify(Template.fromStack(web).toJSON()).includes('Fn::ImportValue'));
});

test('taskRole.addManagedPolicy attaches the policy to the core-made task role; grants and addToPrincipalPolicy work', () => {
  const { stack } = newStack();
  const web = new ExpressService(stack, 'Web', { image: ExpressImage.fromRegistry('nginx:1.27') });
  const readOnly = iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3ReadOnlyAccess');
  web.taskRole.addManagedPolicy(readOnly);
  web.taskRole.addManagedPolicy(readOnly);
  web.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['*'] }));
  web.executionRole.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('CloudWatchLogsFullAccess'));
  const template = Template.fromStack(stack);
  const roles = template.findResources('AWS::IAM::Role');
  const taskRoleId = stack.resolve(web.node.findChild('TaskRole').logicalId);
  assert.deepEqual(roles[taskRoleId].Properties.ManagedPolicyArns, [
    { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonS3ReadOnlyAccess']] },
  ]);
  // The shared execution role keeps the core's policy and gets the added one after it.
  const [execId] = Object.keys(roles).filter((k) => k.startsWith('ExpressServiceSharedExecutionRole'));
  const execPolicies = JSON.stringify(roles[execId].Properties.ManagedPolicyArns);
  assert.match(execPolicies, /AmazonECSTaskExecutionRolePolicy.*CloudWatchLogsFullAccess/);
  const doc = JSON.stringify(policiesOf(template, taskRoleId).map(([, p]) => p.Properties.PolicyDocument));
  assert.ok(doc.includes('sqs:SendMessage'), doc);
  // No "can't combine imported managed policy" warning: the policy was really attached.
  const warnings = Annotations.fromStack(stack).findWarning('*', Match.anyValue());
  assert.ok(!JSON.stringify(warnings).includes('IRoleCantBeUsedWithIManagedPolicy'), JSON.stringify(warnings));
});

test('a given execution role may write to the log group the service logs to, given or created, before the service', () => {
  const logs = require('aws-cdk-lib/aws-logs');
  for (const kind of ['created', 'given']) {
    const { stack } = newStack();
    const role = new iam.Role(stack, 'Exec', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    const given = kind === 'given' ? new logs.LogGroup(stack, 'Logs') : undefined;
    new ExpressService(stack, 'Web', {
      image: ExpressImage.fromRegistry('nginx:1.27'),
      executionRole: role,
      ...(given ? { logGroup: given } : { logRetention: logs.RetentionDays.ONE_MONTH }),
    });
    const template = Template.fromStack(stack);
    const [groupId] = only(template, 'AWS::Logs::LogGroup');
    const [, svc] = only(template, EXPRESS);
    assert.deepEqual(svc.Properties.PrimaryContainer.AwsLogsConfiguration.LogGroup, { Ref: groupId });
    const [policyId, policy] = only(template, 'AWS::IAM::Policy');
    assert.deepEqual(policy.Properties.Roles, [{ Ref: id(stack, role) }]);
    const statement = policy.Properties.PolicyDocument.Statement.find((s) => [s.Action].flat().includes('logs:PutLogEvents'));
    assert.ok(statement, `${kind}: ${JSON.stringify(policy.Properties.PolicyDocument)}`);
    assert.ok([statement.Action].flat().includes('logs:CreateLogStream'));
    assert.ok(JSON.stringify(statement.Resource).includes(groupId), JSON.stringify(statement.Resource));
    assert.ok(svc.DependsOn.includes(policyId), `${kind}: service DependsOn ${JSON.stringify(svc.DependsOn)}`);
  }
});

test('a given execution role without a log group of the construct gets no log grant (Express Mode names that group)', () => {
  const { stack } = newStack();
  const role = new iam.Role(stack, 'Exec', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  new ExpressService(stack, 'Web', { image: ExpressImage.fromRegistry('nginx:1.27'), executionRole: role });
  Template.fromStack(stack).resourceCountIs('AWS::IAM::Policy', 0);
});

test('the policies that grants add to the core-made roles keep their logical IDs (a new ID replaces the policy)', () => {
  const { stack } = newStack();
  const web = new ExpressService(stack, 'Web', {
    image: ExpressImage.fromRegistry('nginx:1.27'),
    secrets: { DB: ecs.Secret.fromSecretsManager(new sm.Secret(stack, 'Db')) },
  });
  new s3.Bucket(stack, 'Bucket').grantRead(web);
  const ids = Object.keys(Template.fromStack(stack).findResources('AWS::IAM::Policy')).sort();
  // As they were when the import of the role was itself the <role>Grants construct.
  assert.deepEqual(ids, ['ExpressServiceSharedExecutionRoleGrantsPolicy8F300203', 'WebTaskRoleGrantsPolicyAA8F9DDB']);
});
