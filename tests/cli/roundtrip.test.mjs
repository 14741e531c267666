// One service, two front doors: the installed CLI's template for a spec equals the CDK construct's
// (lib/index.js, the CONSTRUCT helper's ExpressService) for the same service, resource by resource and
// output by output, once CDK's own additions are set aside: the hash suffixes of its logical IDs, the
// bootstrap parameter and rule, and CDK's construct-path metadata. Both templates also pass cfn-lint.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, test } from 'node:test';
import YAML from 'yaml';
import { install, root, specs } from './installed.mjs';

const requireRoot = createRequire(path.join(root, 'package.json'));
const cdk = requireRoot('aws-cdk-lib');
const ecs = requireRoot('aws-cdk-lib/aws-ecs');
const { Template } = requireRoot('aws-cdk-lib/assertions');
const construct = requireRoot(path.join(root, 'lib/index.js'));

let cli;
before(() => {
  cli = install();
});
after(() => cli?.cleanup());

/** The CLI's template for a spec (written to a YAML file, as a user would). */
function cliTemplate(name, spec) {
  const file = cli.write(`${name}.yaml`, YAML.stringify(spec));
  const r = cli.run(['synth', file]);
  assert.equal(r.status, 0, r.stderr);
  return { file, template: JSON.parse(r.stdout) };
}

/** The construct's template for the services `build(stack)` adds. */
function constructTemplate(build) {
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'RoundTrip');
  build(stack);
  return Template.fromStack(stack).toJSON();
}

// CDK appends an 8-hex-digit hash of the construct path to each logical ID.
const unhash = (id) => id.replace(/[0-9A-F]{8}$/, '');

/**
 * Maps each of CDK's logical IDs to the CLI's: the CLI's ID that CDK's (without its hash) ends with — CDK
 * prefixes the construct path (`ExpressServiceSharedInfrastructureRole…` for the CLI's `InfrastructureRole`).
 * Every ID must find exactly one partner, both ways.
 */
function idMap(cdkIds, cliIds) {
  const map = new Map();
  for (const id of cdkIds) {
    const base = unhash(id);
    const matches = cliIds.filter((c) => base.endsWith(c));
    const best = matches.sort((a, b) => b.length - a.length)[0];
    assert.ok(best !== undefined, `CDK's ${id} has no counterpart in the CLI's template (${cliIds.join(', ')})`);
    map.set(id, best);
  }
  assert.deepEqual([...map.values()].sort(), [...cliIds].sort(), 'the IDs do not pair one to one');
  return map;
}

/** Rewrites every Ref / Fn::GetAtt / DependsOn naming a CDK logical ID to the CLI's ID. */
function rename(value, ids) {
  if (Array.isArray(value)) return value.map((v) => rename(v, ids));
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'Ref' && typeof v === 'string') out[k] = ids.get(v) ?? v;
    else if (k === 'Fn::GetAtt' && Array.isArray(v)) out[k] = [ids.get(v[0]) ?? v[0], ...v.slice(1)];
    else if (k === 'DependsOn') out[k] = [v].flat().map((d) => ids.get(d) ?? d);
    else out[k] = rename(v, ids);
  }
  return out;
}

/** The construct's template in the CLI's terms: its resources and outputs, under the CLI's IDs. */
function normalise(cdkTemplate, cliTemplate) {
  const resources = cdkTemplate.Resources ?? {};
  const outputs = cdkTemplate.Outputs ?? {};
  const ids = idMap(Object.keys(resources), Object.keys(cliTemplate.Resources));
  const outputIds = idMap(Object.keys(outputs), Object.keys(cliTemplate.Outputs ?? {}));
  // CDK's own metadata (the construct path) is not the service's; the core's (cdk-nag notes) is compared.
  const strip = ({ Metadata, ...rest }) => {
    const { 'aws:cdk:path': _path, ...kept } = Metadata ?? {};
    return Object.keys(kept).length > 0 ? { ...rest, Metadata: kept } : rest;
  };
  return {
    Resources: Object.fromEntries(Object.entries(resources).map(([id, r]) => [ids.get(id), rename(strip(r), ids)])),
    Outputs: Object.fromEntries(Object.entries(outputs).map(([id, o]) => [outputIds.get(id), rename(o, ids)])),
  };
}

function assertSameServices(name, spec, build) {
  const { template: fromCli } = cliTemplate(name, spec);
  const fromCdk = constructTemplate(build);
  const normalised = normalise(fromCdk, fromCli);
  for (const [id, resource] of Object.entries(fromCli.Resources)) {
    assert.deepEqual(normalised.Resources[id], resource, `resource ${id}`);
  }
  assert.deepEqual(normalised.Outputs, fromCli.Outputs ?? {});
  const cdkFile = cli.write(`${name}.cdk.json`, JSON.stringify(fromCdk, null, 1));
  return cdkFile;
}

// The construct makes a service's task role only once something is granted to it, and nothing is here: the
// spec equivalent of a construct with no taskRole has no roles.task either.
const lintable = [];

test('minimal nginx: examples/specs/minimal-nginx.yaml and new ExpressService(stack, "Web", { image })', () => {
  const spec = YAML.parse(fs.readFileSync(path.join(specs, 'minimal-nginx.yaml'), 'utf8'));
  lintable.push(
    assertSameServices('minimal', spec, (stack) => {
      new construct.ExpressService(stack, 'Web', {
        image: construct.ExpressImage.fromRegistry(spec.services.Web.image),
      });
    }),
  );
});

test('the second service: an existing cluster, health check on /, 512/1024, scaling 1-3 on CPU at 70', () => {
  const spec = {
    services: {
      Api: {
        image: 'public.ecr.aws/nginx/nginx:1.27',
        cluster: 'express-apps',
        healthCheckPath: '/',
        cpu: 512,
        memory: 1024,
        scaling: { minTasks: 1, maxTasks: 3, metric: 'cpu', targetValue: 70 },
      },
    },
  };
  lintable.push(
    assertSameServices('second', spec, (stack) => {
      new construct.ExpressService(stack, 'Api', {
        image: construct.ExpressImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27'),
        cluster: ecs.Cluster.fromClusterArn(stack, 'Cluster', 'arn:aws:ecs:us-east-1:123456789012:cluster/express-apps'),
        healthCheckPath: '/',
        cpu: 512,
        memory: 1024,
        scaling: { minTasks: 1, maxTasks: 3, metric: construct.ScalingMetric.CPU, targetValue: 70 },
      });
    }),
  );
});

test('three services in one stack share the roles the same way', () => {
  const services = {
    Web: { image: 'public.ecr.aws/nginx/nginx:1.27', healthCheckPath: '/' },
    Api: { image: 'ghcr.io/example/api:2.0.1', containerPort: 3000, cpu: 1024, environment: { MODE: 'api' } },
    Admin: { image: 'ghcr.io/example/admin:3.1.0', cpu: 256, memory: 1024, output: false },
  };
  const spec = { services };
  lintable.push(
    assertSameServices('three', spec, (stack) => {
      for (const [name, { image, ...rest }] of Object.entries(services)) {
        new construct.ExpressService(stack, name, { image: construct.ExpressImage.fromRegistry(image), ...rest });
      }
    }),
  );
});

test('the construct\'s templates pass cfn-lint too', () => {
  assert.equal(lintable.length, 3, 'the round trips above must run first');
  const lint = spawnSync(path.join(root, '.venv/bin/cfn-lint'), lintable, { encoding: 'utf8' });
  assert.equal(lint.status & ~8, 0, `cfn-lint exited ${lint.status}:\n${lint.stdout}${lint.stderr}`);
});
