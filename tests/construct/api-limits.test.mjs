// What the construct's props hand to an AWS API that the API would refuse, and options it would drop: each an
// error at synthesis naming the prop the user gave (docs/limits.md, "API limits").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cdk, construct, newStack, require, throwsAtSynth } from './support.mjs';

const acm = require('aws-cdk-lib/aws-certificatemanager');
const ecs = require('aws-cdk-lib/aws-ecs');
const kms = require('aws-cdk-lib/aws-kms');
const sm = require('aws-cdk-lib/aws-secretsmanager');
const { ExpressService, ExpressImage, ExpressWaf } = construct;
const nginx = () => ExpressImage.fromRegistry('nginx:1.27');

/** The lines of the props error of a construct that failed synthesis, without the heading. */
function problems(make) {
  let lines;
  throwsAtSynth(make, (e) => {
    lines = e.message.split('\n').slice(2).map((l) => l.trim());
    return true;
  });
  return lines;
}

/** A Fargate task definition whose container Main has one named TCP port. */
function mainTask(stack, id = 'Td') {
  const td = new ecs.FargateTaskDefinition(stack, id);
  td.addContainer('Main', { image: ecs.ContainerImage.fromRegistry('nginx:1.27'), portMappings: [{ name: 'http', containerPort: 80 }] });
  return td;
}

test('an option ExpressWaf.managedRules does not know is an error at waf, with the nearest option', () => {
  const { stack } = newStack();
  assert.deepEqual(
    problems(() => new ExpressService(stack, 'Web', { image: nginx(), waf: ExpressWaf.managedRules({ rate_limit: 100 }) })),
    ['waf.rate_limit: is not an option of ExpressWafManagedRulesOptions; did you mean rateLimit?'],
  );
  // Known options, and none, are fine.
  for (const waf of [ExpressWaf.managedRules({ rateLimit: 100, ruleGroups: ['AWSManagedRulesCommonRuleSet'] }), ExpressWaf.managedRules()]) {
    const ok = newStack();
    new ExpressService(ok.stack, 'Web', { image: nginx(), waf });
    ok.app.synth();
  }
});

test('an option ExpressImage.fromRegistry does not know is an error at image, a sidecar\'s too', () => {
  const { stack } = newStack();
  const secret = sm.Secret.fromSecretCompleteArn(stack, 'S', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:hub-AbCdEf');
  const lines = problems(
    () =>
      new ExpressService(stack, 'Web', {
        image: ExpressImage.fromRegistry('ghcr.io/example/app:1.0', { credential: secret }),
        sidecars: [{ name: 'otel', image: ExpressImage.fromRegistry('otel/opentelemetry-collector:0.111.0', { credentails: secret }) }],
      }),
  );
  assert.deepEqual(lines, [
    'image.credential: is not an option of ExpressRegistryImageOptions; did you mean credentials?',
    'sidecars[0].image.credentails: is not an option of ExpressRegistryImageOptions; did you mean credentials?',
  ]);
});

test('an imported task definition is said once, in the construct\'s words, without the spec file\'s', () => {
  const { stack } = newStack();
  const td = ecs.FargateTaskDefinition.fromFargateTaskDefinitionArn(stack, 'Td', 'arn:aws:ecs:eu-west-1:123456789012:task-definition/x:1');
  assert.deepEqual(problems(() => new ExpressService(stack, 'Web', { taskDefinition: td })), [
    'taskDefinition: must be an ecs.FargateTaskDefinition of this app, whose containers can be checked',
  ]);
});

test('a task definition ECS registers for EC2 alone is refused: Express Mode runs on Fargate', () => {
  const { stack } = newStack();
  const td = new ecs.Ec2TaskDefinition(stack, 'Td');
  td.addContainer('Main', { image: ecs.ContainerImage.fromRegistry('nginx:1.27'), memoryLimitMiB: 512, portMappings: [{ name: 'http', containerPort: 80 }] });
  const lines = problems(() => new ExpressService(stack, 'Web', { taskDefinition: td }));
  assert.equal(lines.length, 1);
  assert.match(lines[0], /^taskDefinition: has compatibility EC2, without Fargate; Express Mode runs its tasks on Fargate/);
  const both = newStack();
  const td2 = new ecs.TaskDefinition(both.stack, 'Td', { compatibility: ecs.Compatibility.EC2_AND_FARGATE, networkMode: ecs.NetworkMode.AWS_VPC, cpu: '256', memoryMiB: '512' });
  td2.addContainer('Main', { image: ecs.ContainerImage.fromRegistry('nginx:1.27'), portMappings: [{ name: 'http', containerPort: 80 }] });
  new ExpressService(both.stack, 'Web', { taskDefinition: td2 });
  both.app.synth();
});

test('logEncryptionKey beside a task definition names logEncryptionKey, not logGroup', () => {
  const { stack } = newStack();
  assert.deepEqual(problems(() => new ExpressService(stack, 'Web', { taskDefinition: mainTask(stack), logEncryptionKey: new kms.Key(stack, 'K') })), [
    'logEncryptionKey: cannot be combined with taskDefinition: Express Mode takes the logs of its container Main from the task definition',
  ]);
});

test('a certificate of another Region than the stack\'s is an error at domain.certificate; unknown Regions are not guessed', () => {
  const arn = 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123';
  const { stack } = newStack();
  const certificate = acm.Certificate.fromCertificateArn(stack, 'C', arn);
  assert.deepEqual(problems(() => new ExpressService(stack, 'Web', { image: nginx(), domain: { names: ['api.example.com'], certificate } })), [
    'domain.certificate: is in us-east-1; the stack deploys to eu-west-1, and a load balancer takes a certificate of its own Region: request or import it in eu-west-1',
  ]);
  // An environment-agnostic stack's Region is a token: nothing to hold the certificate to.
  const app = new cdk.App();
  const agnostic = new cdk.Stack(app, 'Agnostic');
  new ExpressService(agnostic, 'Web', { image: nginx(), domain: { names: ['api.example.com'], certificate: acm.Certificate.fromCertificateArn(agnostic, 'C', arn) } });
  app.synth();
  // In the stack's Region: fine.
  const same = newStack({ env: { account: '123456789012', region: 'us-east-1' } });
  new ExpressService(same.stack, 'Web', { image: nginx(), domain: { names: ['api.example.com'], certificate: acm.Certificate.fromCertificateArn(same.stack, 'C', arn) } });
  same.app.synth();
});

test('a host name longer than a load balancer rule takes is an error at domain.names', () => {
  const { stack } = newStack();
  const long = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(9)}.example.com`;
  assert.equal(long.length, 149);
  const certificate = acm.Certificate.fromCertificateArn(stack, 'C', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc-123');
  const lines = problems(() => new ExpressService(stack, 'Web', { image: nginx(), domain: { names: [long], certificate } }));
  assert.equal(lines.length, 1);
  assert.match(lines[0], /^domain\.names\[0\]: ".*" \(149 characters\) is longer than a load balancer's host-header condition takes \(128 characters\): use a shorter name$/);
});
