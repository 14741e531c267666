// The fragment -> L1 path drops nothing: for every golden case of the core (tests/cases/), each service's
// fragment made into constructs synthesizes to the same resources, properties and attributes as the core's
// standalone template (logical IDs aside), with the installed (floor) aws-cdk-lib.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Template, cdk, newStack, require, root } from './support.mjs';

const core = require('cdk-express-service-core');
const { Materialized } = require(path.join(root, 'lib', 'private', 'fragment.js'));
const { Construct } = require('constructs');
const casesDir = path.join(root, 'tests', 'cases');

/** `value` with every Ref / Fn::GetAtt target renamed by `rename` and Tags sorted by key. */
function canonical(value, rename) {
  if (Array.isArray(value)) return value.map((v) => canonical(v, rename));
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'Ref' && typeof v === 'string') out[k] = rename(v);
    else if (k === 'Fn::GetAtt') out[k] = [rename(v[0]), v[1]];
    else if (k === 'DependsOn') out[k] = [v].flat().map(rename).sort();
    else if (k === 'Tags' && Array.isArray(v)) out[k] = [...v].sort((a, b) => a.Key.localeCompare(b.Key));
    else out[k] = canonical(v, rename);
  }
  return out;
}

const all = fs.existsSync(casesDir) ? fs.readdirSync(casesDir).filter((c) => fs.existsSync(path.join(casesDir, c, 'spec.json'))) : [];
// A case whose web ACLs are composed (rules scoped to hosts, on the Host header) is not one service's fragment
// after another: the construct composes them once the stack is known (tests/construct/waf.test.mjs).
const composed = (c) => fs.readFileSync(path.join(casesDir, c, 'template.json'), 'utf8').includes('"SingleHeader"');
const cases = all.filter((c) => !composed(c));

test('the cases with composed web ACLs are the WAF ones', () => assert.deepEqual(all.filter(composed), ['waf-per-service', 'waf-two-networks']));

test('there are golden cases to compare with', () => assert.ok(cases.length >= 5, `${cases.length} cases`));

for (const name of cases) {
  test(`golden case ${name}: the L1 resources equal the standalone template`, () => {
    const spec = JSON.parse(fs.readFileSync(path.join(casesDir, name, 'spec.json'), 'utf8'));
    const standalone = core.synthTemplate(spec).template;
    const { stack } = newStack();
    // standalone logical ID -> canonical name; CDK logical ID -> the same canonical name
    const fromStandalone = {};
    const fromCdk = {};
    for (const service of Object.keys(spec.services)) {
      const fragment = core.synthService(spec, service);
      const scope = new Construct(stack, service);
      const m = new Materialized(scope, fragment);
      // What the construct makes on first use (a task role once granted to) is all made here.
      for (const id of fragment.optional) m.materialize(id);
      m.outputs(scope);
      for (const [local, resource] of m.resources) {
        const shared = fragment.shared.includes(local);
        const canon = shared ? local : `${service}/${local}`;
        fromStandalone[shared ? local : `${service}${local}`] = canon;
        fromCdk[stack.resolve(resource.logicalId)] = canon;
      }
    }
    const renameS = (id) => fromStandalone[id] ?? id;
    const renameC = (id) => fromCdk[id] ?? id;
    const synthesized = Template.fromStack(stack).toJSON();
    const mine = Object.fromEntries(Object.entries(synthesized.Resources).map(([id, r]) => [renameC(id), canonical(r, renameC)]));
    const theirs = Object.fromEntries(Object.entries(standalone.Resources).map(([id, r]) => [renameS(id), canonical(r, renameS)]));
    assert.deepEqual(Object.keys(mine).sort(), Object.keys(theirs).sort());
    for (const id of Object.keys(theirs)) assert.deepStrictEqual(mine[id], theirs[id], `resource ${id}`);
    const outputs = (t, rename) => Object.values(t.Outputs ?? {}).map((o) => canonical(o.Value, rename));
    assert.deepStrictEqual(outputs(synthesized, renameC), outputs(standalone, renameS));
  });
}

test('a created web ACL reports metrics under a name of its own service (two services in one stack)', () => {
  const spec = JSON.parse(fs.readFileSync(path.join(casesDir, 'waf-created', 'spec.json'), 'utf8'));
  const [service] = Object.keys(spec.services);
  const acl = Object.values(core.synthService(spec, service).resources).find((r) => r.Type === 'AWS::WAFv2::WebACL');
  assert.equal(acl.Properties.VisibilityConfig.MetricName, `${service}WebAcl`);
});
