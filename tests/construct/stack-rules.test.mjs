// The core's rules across the services of a stack: each construct synthesizes its service alone, and the
// services of one stack are validated together at synthesis (clashing names, one load balancer's web ACL, the
// shared execution role's policy quota).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Annotations, Match, cdk, construct, newStack, require } from './support.mjs';

const ecs = require('aws-cdk-lib/aws-ecs');
const sm = require('aws-cdk-lib/aws-secretsmanager');
const { Construct } = require('constructs');
const { ExpressService, ExpressImage, ExpressWaf } = construct;
const nginx = ExpressImage.fromRegistry('nginx:1.27');

const warnings = (stack) =>
  Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => `${w.id}: ${w.entry.data}`);

test('two services of a stack with the same serviceName in the same cluster fail synthesis, naming both', () => {
  const { app, stack } = newStack();
  new ExpressService(stack, 'A', { image: nginx, serviceName: 'shop' });
  new ExpressService(stack, 'B', { image: nginx, serviceName: 'shop' });
  assert.throws(() => app.synth(), (e) => {
    assert.match(
      e.message,
      /\[Test\/ExpressServiceShared\] ExpressService Test\/B: serviceName: "shop" is also the name of service A in the same cluster; names are unique in a cluster \(A is ExpressService Test\/A\) \[service-name\]/,
    );
    return true;
  });
});

test('the same serviceName in different clusters, or unnamed services, synthesize', () => {
  const { app, stack } = newStack();
  const one = ecs.Cluster.fromClusterAttributes(stack, 'One', { clusterName: 'one' });
  const two = ecs.Cluster.fromClusterAttributes(stack, 'Two', { clusterName: 'two' });
  new ExpressService(stack, 'A', { image: nginx, serviceName: 'shop', cluster: one });
  new ExpressService(stack, 'B', { image: nginx, serviceName: 'shop', cluster: two });
  new ExpressService(stack, 'C', { image: nginx });
  new ExpressService(stack, 'D', { image: nginx });
  app.synth();
  assert.deepEqual(warnings(stack), []);
});

test('construct IDs that reduce to one spec name in a stack are still told apart', () => {
  const { app, stack } = newStack();
  new ExpressService(new Construct(stack, 'X'), 'Web', { image: nginx, serviceName: 'shop' });
  new ExpressService(new Construct(stack, 'Y'), 'Web', { image: nginx, serviceName: 'shop' });
  assert.throws(() => app.synth(), /ExpressService Test\/Y\/Web: serviceName: "shop" is also the name of service Web in the same cluster; .*\(Web is ExpressService Test\/X\/Web\)/);
});

test('services associating the same web ACL pass; one without WAF beside one with fails synthesis (an error now)', () => {
  const arn = 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shared/0123abcd-0123-4567-89ab-0123456789ab';
  const { app, stack } = newStack();
  new ExpressService(stack, 'A', { image: nginx, waf: ExpressWaf.fromWebAclArn(arn) });
  new ExpressService(stack, 'B', { image: nginx, waf: ExpressWaf.fromWebAclArn(arn) });
  app.synth();
  assert.deepEqual(warnings(stack), []);
  const other = newStack();
  new ExpressService(other.stack, 'A', { image: nginx, waf: ExpressWaf.fromWebAclArn(arn) });
  new ExpressService(other.stack, 'B', { image: nginx });
  assert.throws(() => other.app.synth(), /ExpressService Test\/B: waf: B has no web ACL but A has web ACL arn:[^]*\[waf-shared-load-balancer\]/);
});

test('ten services with literal secret ARNs warn about the shared execution role policy quota; CDK secrets do not', () => {
  const { stack } = newStack();
  for (let i = 0; i < 10; i++) {
    const arn = `arn:aws:secretsmanager:eu-west-1:123456789012:secret:db${i}-AbCdEf`;
    new ExpressService(stack, `S${i}`, {
      image: nginx,
      secrets: { DB: ecs.Secret.fromSecretsManager(sm.Secret.fromSecretCompleteArn(stack, `Db${i}`, arn)) },
    });
  }
  const found = warnings(stack);
  assert.equal(found.length, 1, found.join('\n'));
  assert.match(found[0], /^\/Test\/ExpressServiceShared: 10 services with secrets attach 11 managed policies to the shared execution role; .*\[ack: cdk-express-service:execution-role-policies\]$/);
  // Secrets of other constructs are granted through one CDK policy, not a policy per service.
  const { stack: cdkSecrets } = newStack();
  for (let i = 0; i < 10; i++) {
    new ExpressService(cdkSecrets, `S${i}`, { image: nginx, secrets: { DB: ecs.Secret.fromSecretsManager(new sm.Secret(cdkSecrets, `Db${i}`)) } });
  }
  assert.deepEqual(warnings(cdkSecrets), []);
});

test('env-agnostic stacks (they may go to different accounts or Regions) are checked apart: one name in two synthesizes', () => {
  const app = new cdk.App();
  for (const name of ['One', 'Two']) new ExpressService(new cdk.Stack(app, name), 'A', { image: nginx, serviceName: 'shop' });
  app.synth();
});

test('stacks of one account and Region are checked together: one name in two of them fails, naming both', () => {
  const app = new cdk.App();
  const env = { account: '123456789012', region: 'eu-west-1' };
  for (const name of ['One', 'Two']) new ExpressService(new cdk.Stack(app, name, { env }), 'A', { image: nginx, serviceName: 'shop' });
  // Another Region is another account's worth of names.
  new ExpressService(new cdk.Stack(app, 'Three', { env: { ...env, region: 'us-east-1' } }), 'A', { image: nginx, serviceName: 'shop' });
  assert.throws(() => app.synth(), (e) => {
    assert.match(e.message, /ExpressService Two\/A: serviceName: "shop" is also the name of service A in the same cluster[^]*\(A is ExpressService One\/A\)/);
    assert.doesNotMatch(e.message, /Three/);
    return true;
  });
});

test("the standalone template's size is not reported for a stack (CDK deploys templates from its bucket)", () => {
  const { app, stack } = newStack();
  // 60 services make the core's standalone template too big to pass inline.
  for (let i = 0; i < 60; i++) new ExpressService(stack, `S${i}`, { image: nginx });
  app.synth();
  assert.deepEqual(warnings(stack), []);
});
