// Bad specs: every problem comes back at once, each with path, code and message; throwing functions throw
// Errors carrying the same diagnostics.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { builds, thrown } from './builds.mjs';

// Three independent mistakes in one spec.
const bad = {
  services: {
    Web: { image: 'nginx:1.27', memroy: 512, cpu: 300 },
    Api: { cpu: '512' },
  },
};

function isDiagnostic(d) {
  return (
    typeof d.path === 'string' &&
    typeof d.code === 'string' &&
    d.code.length > 0 &&
    typeof d.message === 'string' &&
    d.message.length > 0
  );
}

for (const [build, core] of builds) {
  describe(build, () => {
    test('validate returns every error of a bad spec, each with path, code and message', () => {
      const report = core.validate(bad);
      assert.equal(report.valid, false);
      assert.ok(report.errors.every(isDiagnostic), JSON.stringify(report.errors));
      const paths = report.errors.map((d) => d.path);
      for (const p of ['services.Web.memroy', 'services.Web.cpu', 'services.Api.cpu', 'services.Api']) {
        assert.ok(paths.some((q) => q === p || q.startsWith(`${p}.`)), `no diagnostic for ${p}: ${paths}`);
      }
      const unknown = report.errors.find((d) => d.path === 'services.Web.memroy');
      assert.equal(unknown.code, 'unknown-key');
      assert.match(unknown.message, /memory/);
    });

    for (const fn of ['synthTemplate', 'explain']) {
      test(`${fn} throws an Error with the same diagnostics as validate, all named in its message`, () => {
        const e = thrown(() => core[fn](bad));
        assert.ok(e instanceof Error, `not an Error: ${e}`);
        assert.equal(e.name, 'SpecError');
        assert.deepEqual(e.diagnostics, core.validate(bad).errors);
        assert.ok(Array.isArray(e.warnings));
        for (const d of e.diagnostics) assert.ok(e.message.includes(d.path), `message lacks ${d.path}`);
      });
    }

    test('synthService throws the spec errors too', () => {
      const e = thrown(() => core.synthService(bad, 'Web'));
      assert.ok(e instanceof Error);
      assert.ok(e.diagnostics.length >= 1 && e.diagnostics.every(isDiagnostic));
    });

    test('diffTemplates names old/new when a template is not an object', () => {
      const e = thrown(() => core.diffTemplates(42, {}));
      assert.ok(e instanceof Error);
      assert.equal(e.diagnostics[0].path, 'old');
      const f = thrown(() => core.diffTemplates({}, 'not json'));
      assert.equal(f.diagnostics[0].path, 'new');
    });
  });
}
