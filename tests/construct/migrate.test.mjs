// Moving the seed's L1 app (aws_ecs.CfnExpressGatewayService with two hand-made roles and a CfnOutput, as
// bench/compare/cdk-app.cjs `seed` writes it) onto ExpressService without replacing the deployed service, as
// docs/migrate.md tells it: the service's logical ID kept with overrideLogicalId on node.defaultChild, the same
// Role constructs given as infrastructureRole and executionRole, the same cluster name and tags, no serviceName.
// The project's own diff (the CLI's node API and `express-service diff`) of the two synthesized templates says
// nothing is replaced and the URL output is the same; the naive move (a new logical ID) is reported as the
// service removed and a new one added, exit code 3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cdk, construct, require, root } from './support.mjs';

const ecs = require('aws-cdk-lib/aws-ecs');
const iam = require('aws-cdk-lib/aws-iam');
const api = require(path.join(root, 'lib', 'cli', 'api.js'));
const { ExpressService, ExpressImage } = construct;
const EXPRESS = 'AWS::ECS::ExpressGatewayService';
const image = 'nginx:1.27';

/** The seed's two roles, as its app makes them (the same constructs at the same paths in both apps). */
function roles(stack, id) {
  return {
    infrastructureRole: new iam.Role(stack, `${id}InfrastructureRole`, {
      assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonECSInfrastructureRoleforExpressGatewayServices')],
    }),
    executionRole: new iam.Role(stack, `${id}ExecutionRole`, {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonECSTaskExecutionRolePolicy')],
    }),
  };
}

/**
 * One app of the seed: `variant.l1` the L1 way, else on ExpressService (`keepId` keeps the L1's logical ID);
 * `variant.cluster` a cluster name, `variant.tags` the service's tags, `variant.appTags` tags on the whole app.
 */
function synth(variant) {
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'Seed');
  const id = 'Svc0';
  const made = roles(stack, id);
  let endpoint;
  if (variant.l1) {
    const service = new ecs.CfnExpressGatewayService(stack, id, {
      infrastructureRoleArn: made.infrastructureRole.roleArn,
      executionRoleArn: made.executionRole.roleArn,
      primaryContainer: { image },
      cluster: variant.cluster,
      tags: Object.entries(variant.tags ?? {}).map(([key, value]) => ({ key, value })),
    });
    endpoint = service.attrEndpoint;
  } else {
    const service = new ExpressService(stack, id, {
      image: ExpressImage.fromRegistry(image),
      ...made,
      cluster:
        variant.cluster === undefined
          ? undefined
          : ecs.Cluster.fromClusterArn(stack, 'Cluster', stack.formatArn({ service: 'ecs', resource: 'cluster', resourceName: variant.cluster })),
      tags: variant.migratedTags ?? variant.tags,
      output: false,
    });
    if (variant.keepId) service.node.defaultChild.overrideLogicalId(id);
    endpoint = service.endpoint;
  }
  new cdk.CfnOutput(stack, `${id}Url`, { value: cdk.Fn.join('', ['https://', endpoint]) });
  for (const [k, v] of Object.entries(variant.appTags ?? {})) cdk.Tags.of(app).add(k, v);
  return app.synth().getStackByName('Seed').template;
}

/** `express-service diff` of two templates: its exit code and output. */
function cliDiff(t, before, after) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'express-migrate-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const [a, b] = ['before.json', 'after.json'].map((f) => path.join(dir, f));
  fs.writeFileSync(a, JSON.stringify(before));
  fs.writeFileSync(b, JSON.stringify(after));
  return spawnSync(process.execPath, [path.join(root, 'lib', 'cli', 'express-service.js'), 'diff', a, b], { encoding: 'utf8' });
}

function services(template) {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === EXPRESS);
}

const VARIANTS = {
  'one service, default cluster, no tags': {},
  'a cluster name, tags, and app-wide Tags.of()': { cluster: 'shop', tags: { team: 'web', Cost: 'shop' }, appTags: { env: 'prod' } },
};

for (const [name, variant] of Object.entries(VARIANTS)) {
  test(`${name}: the migrated app keeps the service (same logical ID, roles, cluster, tags, no name): nothing replaced, the same URL`, (t) => {
    const before = synth({ ...variant, l1: true });
    const after = synth({ ...variant, keepId: true });
    const [[id, old]] = services(before);
    const [[newId, now]] = services(after);
    assert.equal(newId, id);
    for (const key of ['InfrastructureRoleArn', 'ExecutionRoleArn', 'Cluster', 'Tags', 'ServiceName']) {
      assert.deepEqual(now.Properties[key], old.Properties[key], key);
    }
    assert.equal(now.Properties.ServiceName, undefined, 'no ServiceName: ECS keeps the generated one');
    assert.deepEqual(after.Outputs.Svc0Url, before.Outputs.Svc0Url, 'the URL output reads the same service');
    // The given roles are the service's: the construct makes no role of its own (its shared roles are absent).
    const roleIds = (t) => Object.keys(t.Resources).filter((k) => t.Resources[k].Type === 'AWS::IAM::Role').sort();
    assert.deepEqual(roleIds(after), roleIds(before));

    const diff = api.diff(before, after);
    assert.equal(diff.replacements, 0);
    assert.equal(diff.removals, 0);
    assert.deepEqual(diff.services.map((s) => [s.logicalId, s.change, s.replaces]), [[id, 'modified', false]]);
    // What changes is said in place: the construct states the size and port the L1 left to their defaults.
    assert.ok(diff.services[0].properties.every((p) => !p.replaces), JSON.stringify(diff.services[0].properties));
    const cli = cliDiff(t, before, after);
    assert.equal(cli.status, 0, cli.stdout + cli.stderr);
  });
}

test("the seed's own app (bench/compare/cdk-app.cjs seed 1), synthesized by its script, moves the same way", (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'express-seed-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const run = spawnSync(process.execPath, [path.join(root, 'bench', 'compare', 'cdk-app.cjs'), 'seed', '1', dir], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const before = JSON.parse(fs.readFileSync(JSON.parse(run.stdout).template, 'utf8'));
  const after = synth({ keepId: true });
  assert.deepEqual(Object.keys(after.Resources).sort(), Object.keys(before.Resources).sort(), 'the same resources: the service and its two roles');
  const diff = api.diff(before, after);
  assert.deepEqual([diff.replacements, diff.removals], [0, 0]);
  assert.deepEqual(after.Outputs.Svc0Url, before.Outputs.Svc0Url);
});

test('the naive move (a new logical ID) is reported: the service removed, a new one with a new URL, exit code 3', (t) => {
  const before = synth({ l1: true });
  const after = synth({});
  const diff = api.diff(before, after);
  assert.equal(diff.removals, 1);
  const changes = Object.fromEntries(diff.services.map((s) => [s.change, s.logicalId]));
  assert.equal(changes.removed, 'Svc0');
  assert.match(changes.added, /^Svc0Service[0-9A-F]{8}$/);
  const cli = cliDiff(t, before, after);
  assert.equal(cli.status, 3, cli.stdout + cli.stderr);
  // The way back is said where the user sees the removal.
  assert.match(cli.stdout, /keep its old ID and its URL stays: overrideLogicalId/);
});

test('tags left out of the migrated service are reported as a replacement (Tags are create-only)', () => {
  const variant = VARIANTS['a cluster name, tags, and app-wide Tags.of()'];
  const before = synth({ ...variant, l1: true });
  const after = synth({ ...variant, keepId: true, migratedTags: {} });
  const diff = api.diff(before, after);
  assert.equal(diff.replacements, 1);
  assert.deepEqual(diff.services[0].properties.filter((p) => p.replaces).map((p) => p.path), ['Tags']);
});

test('every reference the construct makes to the service follows the kept logical ID (URL output, web ACL association, metrics)', () => {
  const { ExpressWaf } = construct;
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'Seed', { env: { account: '123456789012', region: 'eu-west-1' } });
  const web = new ExpressService(stack, 'Web', { image: ExpressImage.fromRegistry(image), waf: ExpressWaf.managedRules() });
  const generated = stack.resolve(web.node.defaultChild.logicalId);
  web.node.defaultChild.overrideLogicalId('Web');
  new cdk.CfnOutput(stack, 'Cpu', { value: cdk.Fn.join(',', Object.values(web.metricCpuUtilization().dimensions)) });
  const template = app.synth().getStackByName('Seed').template;
  const text = JSON.stringify(template);
  assert.ok(!text.includes(generated), `${generated} is still named somewhere`);
  assert.deepEqual(services(template).map(([id]) => id), ['Web']);
  assert.match(text, /"Fn::GetAtt":\["Web","Endpoint"\]/);
  assert.match(text, /"Fn::GetAtt":\["Web","ECSManagedResourceArns\.IngressPath\.LoadBalancerArn"\]/);
  assert.match(text, /"Ref":"Web"/);
});
