// The core's warnings become annotations on the construct; tags that reach the service from outside its
// `tags` prop (Tags.of, stack tags) get the core's replacement warning too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Annotations, Match, Template, cdk, construct, EXPRESS, newStack, only, require } from './support.mjs';

const { ExpressService, ExpressImage } = construct;
const nginx = ExpressImage.fromRegistry('nginx:1.27');

const warnings = (stack) => Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => w.entry.data);

test('a core warning is an annotation naming the prop', () => {
  const { stack } = newStack();
  new ExpressService(stack, 'Web', { image: ExpressImage.fromRegistry('nginx:latest') });
  const found = warnings(stack);
  assert.equal(found.length, 1);
  assert.match(found[0], /^image: "nginx:latest" uses :latest: .* \[ack: cdk-express-service:image-not-pinned\]$/);
});

test('secret-looking plain environment values and unverified sizes are warned about, the service still made', () => {
  const { stack } = newStack();
  new ExpressService(stack, 'Web', { image: nginx, environment: { DB_PASSWORD: 'hunter2' }, cpu: 16384, memory: 32768 });
  const found = warnings(stack).join('\n');
  assert.match(found, /environment\.DB_PASSWORD: "DB_PASSWORD" looks like a secret but is plain text.* \[ack: cdk-express-service:plain-secret\]/);
  assert.match(found, /cpu: cpu 16384 is a Fargate size that Express Mode has not been seen to accept/);
  Template.fromStack(stack).resourceCountIs(EXPRESS, 1);
});

test('no tags anywhere, no tag warning', () => {
  const { stack } = newStack();
  new ExpressService(stack, 'Web', { image: nginx });
  assert.deepEqual(warnings(stack), []);
});

test('Tags.of(app) reaches the service: warned, with the tags named', () => {
  const { app, stack } = newStack();
  const web = new ExpressService(stack, 'Web', { image: nginx });
  cdk.Tags.of(app).add('team', 'shop');
  const [, svc] = only(Template.fromStack(stack), EXPRESS);
  assert.deepEqual(svc.Properties.Tags, [{ Key: 'team', Value: 'shop' }]);
  const found = warnings(stack);
  assert.equal(found.length, 1);
  assert.match(found[0], /^tags from Tags\.of\(\.\.\.\) or the stack's tags \(team=shop\) apply to this Express service: .*replaces the service/);
  assert.ok(web);
});

test("a stack's own tags are warned about", () => {
  const { stack } = newStack({ tags: { env: 'prod' } });
  new ExpressService(stack, 'Web', { image: nginx });
  Template.fromStack(stack);
  assert.match(warnings(stack).join('\n'), /\(env=prod\) apply to this Express service/);
});

test('the tags prop gets the core warning once, and is not reported again as added', () => {
  const { stack } = newStack();
  new ExpressService(stack, 'Web', { image: nginx, tags: { team: 'shop' } });
  Template.fromStack(stack);
  const found = warnings(stack);
  assert.equal(found.length, 1);
  assert.match(found[0], /^tags: an Express service takes its tags at creation only/);
});

test("a warning is acknowledged by its ID, as CDK's own warnings are", () => {
  const { stack } = newStack();
  const web = new ExpressService(stack, 'Web', { image: ExpressImage.fromRegistry('nginx:latest') });
  cdk.Annotations.of(web).acknowledgeWarning('cdk-express-service:image-not-pinned', 'we deploy by digest elsewhere');
  assert.deepEqual(warnings(stack), []);
});

test('the tags warning speaks of Tags.of(...) here (the construct\'s hint), not in the core\'s words for a spec', () => {
  const { stack } = newStack();
  new ExpressService(stack, 'Web', { image: nginx, tags: { team: 'shop' } });
  const found = warnings(stack).join('\n');
  assert.match(found, /tags: an Express service takes its tags at creation only: changing them later replaces the service, and its URL changes; a stack-wide Tags\.of\(\.\.\.\) reaches it too/);
  const core = require('cdk-express-service-core');
  const spec = core.validate({ services: { Web: { image: 'nginx:1.27', tags: { team: 'shop' } } } });
  assert.doesNotMatch(spec.warnings[0].message, /Tags\.of/);
});

test('a log key of the app gets the key policy statement and no warning; an imported key keeps the core\'s warning', () => {
  const kms = require('aws-cdk-lib/aws-kms');
  const { stack } = newStack();
  const own = new kms.Key(stack, 'Own', { enableKeyRotation: true });
  new ExpressService(stack, 'Web', { image: nginx, logEncryptionKey: own });
  assert.deepEqual(warnings(stack), []);
  const policy = JSON.stringify(Template.fromStack(stack).findResources('AWS::KMS::Key'));
  assert.match(policy, /logs\.\$\{AWS::Region\}\.amazonaws\.com/);
  const other = newStack();
  const imported = kms.Key.fromKeyArn(other.stack, 'Imported', 'arn:aws:kms:eu-west-1:123456789012:key/0123abcd-0123-0123-0123-0123456789ab');
  new ExpressService(other.stack, 'Web', { image: nginx, logEncryptionKey: imported });
  const found = warnings(other.stack);
  assert.equal(found.length, 1);
  assert.match(found[0], /^logEncryptionKey: the key's policy must let CloudWatch Logs .* \[ack: cdk-express-service:log-key-policy\]$/);
});
