// Hundreds of services in one stack: 450 with default props synthesize with no warning, within CloudFormation's
// 500 resources and 200 outputs, pass cfn-lint, and every URL stays easy to find; a grant made after all of
// them were constructed still gives one service its role. Past one stack's limit the core's own check says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Annotations, Match, Template, construct, newStack, require, root } from './support.mjs';

const s3 = require('aws-cdk-lib/aws-s3');
const { ExpressService, ExpressImage, ExpressWaf } = construct;
const nginx = ExpressImage.fromRegistry('nginx:1.27');
const EXPRESS = 'AWS::ECS::ExpressGatewayService';

function services(stack, n, props = {}) {
  return Array.from({ length: n }, (_, i) => new ExpressService(stack, `Web${i + 1}`, { image: nginx, ...props }));
}

/** The URL of the service at construct path `label`, found as a user would: in the output that lists it. */
function urlOf(template, label) {
  for (const [id, output] of Object.entries(template.Outputs)) {
    if (!id.startsWith('ExpressServiceUrls')) continue;
    const parts = output.Value['Fn::Join'][1];
    const i = parts.findIndex((p) => typeof p === 'string' && p.trim() === `${label}=`);
    if (i >= 0) return { id, value: parts[i + 1] };
  }
  return undefined;
}

test('450 services with default props: no warning, 452 resources, URLs grouped under a fixed prefix, cfn-lint clean', (t) => {
  const { app, stack } = newStack();
  const all = services(stack, 450);
  const assembly = app.synth();
  const template = Template.fromStack(stack).toJSON();
  assert.equal(Object.keys(template.Resources).length, 452, 'a service each and the two shared roles');
  // Deployed from CDK's bucket, where CloudFormation takes templates of up to 1 MB.
  assert.ok(JSON.stringify(template, null, 1).length < 1_000_000);
  const outputs = Object.keys(template.Outputs);
  assert.ok(outputs.length <= 20 && outputs.every((id) => /^ExpressServiceUrls\d+$/.test(id)), outputs.join());
  // Service 312's URL: in one of those outputs, as `Web312=https://…`.
  const found = urlOf(template, 'Web312');
  assert.ok(found, 'Web312 is listed');
  assert.deepEqual(found.value, stack.resolve(all[311].url));
  const messages = Annotations.fromStack(stack).findWarning('*', Match.anyValue());
  assert.deepEqual(messages, []);
  assert.equal(assembly.getStackByName('Test').messages.filter((m) => m.level === 'error').length, 0);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'express-scale-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'template.json');
  fs.writeFileSync(file, JSON.stringify(template, null, 1));
  const lint = spawnSync(path.join(root, '.venv/bin/cfn-lint'), [file], { encoding: 'utf8' });
  assert.equal(lint.status, 0, `cfn-lint exited ${lint.status}:\n${lint.stdout}${lint.stderr}`);
});

test('a grant made after all 450 were constructed gives service 400 (and only it) a task role', () => {
  const { stack } = newStack();
  const all = services(stack, 450);
  const bucket = new s3.Bucket(stack, 'Assets');
  bucket.grantRead(all[399]);
  const template = Template.fromStack(stack).toJSON();
  const roles = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::IAM::Role').map(([id]) => id);
  assert.equal(roles.filter((id) => id.startsWith('Web')).length, 1, roles.join());
  const role = stack.resolve(all[399].node.findChild('TaskRole').logicalId);
  const svc = template.Resources[stack.resolve(all[399].node.defaultChild.logicalId)];
  assert.deepEqual(svc.Properties.TaskRoleArn, { 'Fn::GetAtt': [role, 'Arn'] });
  // Its grant policy is in place before the service starts tasks.
  const policy = Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::IAM::Policy')[0];
  assert.ok([svc.DependsOn].flat().includes(policy), JSON.stringify(svc.DependsOn));
  // The 449 others run without one.
  const others = Object.values(template.Resources).filter((r) => r.Type === EXPRESS && r !== svc);
  assert.equal(others.length, 449);
  assert.ok(others.every((r) => r.Properties.TaskRoleArn === undefined));
});

test('450 services behind one ExpressWaf: one web ACL and one custom resource listing 450 load balancers', () => {
  const { stack } = newStack();
  const waf = ExpressWaf.managedRules();
  services(stack, 450, { waf });
  const template = Template.fromStack(stack).toJSON();
  const count = (type) => Object.values(template.Resources).filter((r) => r.Type === type).length;
  assert.equal(count('AWS::WAFv2::WebACL'), 1);
  assert.equal(count('Custom::ExpressWafAssociations'), 1);
  // 450 services, 2 shared roles, the web ACL, and the custom resource with its function, role and log group.
  assert.equal(Object.keys(template.Resources).length, 450 + 2 + 1 + 4);
  const [associations] = Object.values(template.Resources).filter((r) => r.Type === 'Custom::ExpressWafAssociations');
  assert.equal(associations.Properties.WebAcls[0].LoadBalancerArns.length, 450);
});

test('past 500 resources the core\'s own limit check fails synthesis and says what to do', () => {
  const { app, stack } = newStack();
  const all = services(stack, 497);
  // Two grants: two task roles, 501 resources.
  const bucket = new s3.Bucket(stack, 'Assets');
  bucket.grantRead(all[0]);
  bucket.grantRead(all[1]);
  assert.throws(() => app.synth(), /the template would hold 501 resources; CloudFormation allows 500 in one template: split the 497 services across specs \(stacks\)/);
});

test('with few services each has its own output, as before', () => {
  const { stack } = newStack();
  services(stack, 3);
  const outputs = Object.keys(Template.fromStack(stack).toJSON().Outputs);
  assert.equal(outputs.length, 3);
  assert.ok(outputs.every((id) => /^Web\dUrl[0-9A-F]{8}$/.test(id)), outputs.join());
});
