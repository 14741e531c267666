// The hostile corpus (tests/hostile/) through both WASM builds in node: JSON cases as the text the core reads,
// YAML cases as the values a YAML reader makes of them. Each gets its diagnostic at its path; synthesis
// throws the core's Error with diagnostics (never a trap); the module keeps working afterwards.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDocument } from 'yaml';
import { leak, mismatch, specCases } from '../hostile/corpus.mjs';
import { builds } from './builds.mjs';

const cases = specCases().filter(([, want]) => !want.reader && want.wasm?.skip === undefined);

/** What the core is given: JSON text as it is, YAML as the value it holds. */
function input(file, text) {
  if (file.endsWith('.json')) return text;
  return parseDocument(text, { version: '1.2', merge: true }).toJS({ maxAliasCount: 1000 });
}

for (const [name, core] of builds) {
  describe(`hostile corpus, ${name}`, () => {
    test('has the cases', () => assert.ok(cases.length >= 150, `${cases.length} cases`));
    const failures = [];
    for (const [file, want, text] of cases) {
      test(file, () => {
        const value = input(file, text);
        const report = core.validate(value);
        const why = mismatch(want, report.errors, report.warnings, 'wasm');
        assert.equal(why, undefined, why);
        for (const d of [...report.errors, ...report.warnings]) assert.equal(leak(d.message), undefined, d.message);
        try {
          core.synthTemplate(value);
          assert.ok(report.valid, 'synthTemplate accepted what validate rejected');
        } catch (e) {
          assert.ok(!(e instanceof WebAssembly.RuntimeError), `trap: ${e.message}`);
          assert.ok(Array.isArray(e.diagnostics) && e.diagnostics.length > 0, `an Error without diagnostics: ${e.message}`);
        }
      });
    }
    test('the module still works after the corpus', () => {
      assert.equal(failures.length, 0);
      assert.ok(core.validate({ services: { Web: { image: 'nginx:1.27' } } }).valid);
    });
  });
}
