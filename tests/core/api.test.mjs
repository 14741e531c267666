// version(), schema() and the shapes of the other functions' answers.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { builds, cases, pkgDir, root } from './builds.mjs';

const cargoVersion = fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8').match(/^version\s*=\s*"([^"]+)"/m)[1];
const spec = JSON.parse(cases().find((c) => c.name === 'minimal-nginx')?.specText ?? cases()[0].specText);

for (const [build, core] of builds) {
  describe(build, () => {
    test('version() is the crate version, which is also the package version', () => {
      assert.equal(core.version(), cargoVersion);
      assert.equal(JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version, cargoVersion);
    });

    test('schema() is a JSON Schema 2020-12 for an object with services, closed to unknown keys', () => {
      const schema = core.schema();
      assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
      assert.equal(schema.type, 'object');
      assert.ok(schema.properties.services, 'schema has no "services" property');
      assert.equal(schema.additionalProperties, false);
      assert.deepEqual(core.schema(), schema, 'schema() changes between calls');
    });

    test('synthExplain is synthTemplate and explain of one reading of the spec; its rejection is theirs', () => {
      for (const c of cases()) {
        const one = JSON.parse(c.specText);
        const both = core.synthExplain(one);
        assert.deepEqual(both, { explanation: core.explain(one), synth: core.synthTemplate(one) }, c.name);
      }
      const bad = { services: { Web: { image: 'nginx:1', cpu: 3 } } };
      const codes = (call) => {
        try {
          call();
        } catch (e) {
          return e.diagnostics.map((d) => d.code);
        }
        assert.fail('no error');
      };
      assert.deepEqual(codes(() => core.synthExplain(bad)), codes(() => core.synthTemplate(bad)));
    });

    test('synthService returns a fragment whose references name its own resources', () => {
      const name = Object.keys(spec.services)[0];
      const fragment = core.synthService(spec, name);
      for (const key of ['resources', 'outputs', 'attributes', 'warnings', 'shared']) {
        assert.ok(key in fragment, `fragment has no "${key}"`);
      }
      const ids = new Set(Object.keys(fragment.resources));
      const text = JSON.stringify(fragment.resources);
      for (const [, id] of text.matchAll(/"Ref":"([^"]+)"/g)) {
        if (!id.startsWith('AWS::')) assert.ok(ids.has(id), `Ref to unknown ${id}`);
      }
      for (const [, id] of text.matchAll(/"Fn::GetAtt":\["([^"]+)"/g)) assert.ok(ids.has(id), `GetAtt of unknown ${id}`);
      for (const id of fragment.shared) assert.ok(ids.has(id), `shared ${id} is not a resource`);
    });

    test('synthService of a service the spec lacks throws a SpecError naming it', () => {
      assert.throws(() => core.synthService(spec, 'Nope'), (e) => {
        assert.ok(e instanceof Error);
        assert.ok(e.diagnostics.length >= 1);
        assert.match(e.message, /Nope/);
        return true;
      });
    });

    test('explain lists the services and the stack resources', () => {
      const out = core.explain(spec);
      assert.deepEqual(out.services.map((s) => s.name), Object.keys(spec.services));
      assert.ok(out.stack.length >= 1);
      for (const item of out.services.flatMap((s) => s.items)) {
        assert.ok(['ecs', 'stack'].includes(item.managedBy), `managedBy ${item.managedBy}`);
      }
    });

    test('diffTemplates of a template with itself changes nothing; with an empty one it removes the service', () => {
      const template = core.synthTemplate(spec).template;
      assert.deepEqual(core.diffTemplates(template, template), { services: [], replacements: 0, removals: 0 });
      const gone = core.diffTemplates(template, { Resources: {} });
      assert.ok(gone.services.length >= 1);
      assert.ok(gone.services.every((s) => s.change === 'removed'));
      assert.equal(gone.removals, gone.services.length);
    });
  });
}
