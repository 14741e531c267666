// The example app (examples/), synthesized by the real cdk CLI offline, passes cfn-lint with no finding, and
// cdk-nag's AwsSolutions pack finds nothing unacknowledged in what the construct made in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from './support.mjs';

const examples = path.join(root, 'examples');
const env = { ...process.env, CDK_DISABLE_CLI_TELEMETRY: '1', CDK_DISABLE_VERSION_CHECK: '1' };

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, ...opts });
  if (r.error) throw r.error;
  return r;
}

test('cdk synth of the example app, then cfn-lint: no errors, no warnings', (t) => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'express-example-'));
  t.after(() => fs.rmSync(out, { recursive: true, force: true }));
  const synth = run(path.join(root, 'node_modules', '.bin', 'cdk'), ['synth', '--quiet', '--no-notices', '--output', out], { cwd: examples });
  assert.equal(synth.status, 0, synth.stderr);
  const template = path.join(out, 'ExpressDemo.template.json');
  const resources = JSON.parse(fs.readFileSync(template, 'utf8')).Resources;
  const types = Object.values(resources).map((r) => r.Type);
  assert.equal(types.filter((t) => t === 'AWS::ECS::ExpressGatewayService').length, 2);
  // The web ACL is associated by the stack's one custom resource, not per service.
  assert.equal(types.filter((t) => t === 'Custom::ExpressWafAssociations').length, 1);
  assert.equal(types.filter((t) => t === 'AWS::WAFv2::WebACLAssociation').length, 0);

  const cfnLint = path.join(root, '.venv', 'bin', 'cfn-lint');
  assert.ok(fs.existsSync(cfnLint), 'cfn-lint is missing: run `bash scripts/setup.sh --tests`');
  const lint = run(cfnLint, ['--format', 'parseable', template]);
  assert.equal(lint.stdout + lint.stderr, '', 'cfn-lint findings');
  assert.equal(lint.status, 0);
});

test('cdk-nag on the example stack: nothing unacknowledged in what the construct made', () => {
  // The example is TypeScript: run the check in a child with tsx.
  const script = `
    const { App } = require('aws-cdk-lib');
    const { AwsSolutionsChecks } = require('cdk-nag');
    const { ExpressDemoStack } = require(${JSON.stringify(path.join(examples, 'stack.ts'))});
    const app = new App();
    new ExpressDemoStack(app, 'ExpressDemo');
    const report = new AwsSolutionsChecks().validateScope(app);
    const out = [];
    for (const v of report.violations) for (const r of v.violatingResources) out.push(v.ruleName + ' at ' + r.constructPath);
    console.log(JSON.stringify(out));
  `;
  const r = run(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root });
  assert.equal(r.status, 0, r.stderr);
  const found = JSON.parse(r.stdout.trim().split('\n').pop());
  const mine = found.filter((f) => /at ExpressDemo\/(Web|Api|ExpressServiceShared)(\/|$)/.test(f));
  assert.deepEqual(mine, []);
  // What the example itself made (its VPC and cluster) is the example's business; listed here so a change shows.
  const others = found.filter((f) => !mine.includes(f)).map((f) => f.split(' at ')[0]).sort();
  assert.deepEqual([...new Set(others)], ['AwsSolutions-VPC7']);
});
