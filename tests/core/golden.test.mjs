// Same input, same bytes: both WASM builds must reproduce the native golden templates exactly.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { builds, cases } from './builds.mjs';

const all = cases();

test('there are golden cases to compare with', () => {
  assert.ok(all.length >= 1, 'no tests/cases/*/template.json');
});

for (const [build, core] of builds) {
  describe(build, () => {
    for (const c of all) {
      test(`${c.name}: synthTemplate(spec object).json is the golden template, byte for byte`, () => {
        const out = core.synthTemplate(JSON.parse(c.specText));
        assert.equal(out.json, c.template);
        assert.deepEqual(out.template, JSON.parse(c.template));
        assert.deepEqual(out.warnings, c.warnings);
      });

      test(`${c.name}: the spec as JSON text gives the same bytes`, () => {
        assert.equal(core.synthTemplate(c.specText).json, c.template);
      });

      test(`${c.name}: validate finds no errors and the golden warnings`, () => {
        assert.deepEqual(core.validate(c.specText), { valid: true, errors: [], warnings: c.warnings });
      });
    }
  });
}
